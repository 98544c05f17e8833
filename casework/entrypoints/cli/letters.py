"""Letters of a case: ``casework docs`` and ``casework check`` (issue #5)."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
