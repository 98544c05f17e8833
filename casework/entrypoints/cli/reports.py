"""The annual report, remedies, registers and statistics (issue #7)."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
