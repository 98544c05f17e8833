"""Deadline alerts and the scheduler daemon: ``casework alerts`` and ``casework scheduler`` (issue #6)."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
