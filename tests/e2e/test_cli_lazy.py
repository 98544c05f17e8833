"""The root command loads each command's module on first use (issue 18); the table it loads
from names every top-level command the CLI modules define."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import click

import casework.entrypoints.cli as cli_package
from casework.entrypoints.cli import cli
from casework.entrypoints.cli.command_table import COMMANDS


def _defined_commands() -> dict[int, click.Command]:
    """Every click command at the top level of a CLI module that no group holds as its
    subcommand: the commands of the root."""
    found: dict[int, click.Command] = {}
    for info in pkgutil.iter_modules(cli_package.__path__):
        module = importlib.import_module(f"{cli_package.__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, click.Command) and value is not cli:
                found[id(value)] = value
    for command in list(found.values()):
        if isinstance(command, click.Group):
            for sub in command.commands.values():
                found.pop(id(sub), None)
    return found


def test_the_table_names_every_command_the_modules_define() -> None:
    defined = _defined_commands()
    listed = {}
    for name, (module, attribute) in COMMANDS.items():
        command = getattr(importlib.import_module(f"{cli_package.__name__}.{module}"), attribute)
        assert command.name == name, f"{module}.{attribute} is {command.name!r}, not {name!r}"
        listed[id(command)] = command
    assert sorted(c.name or "" for c in defined.values()) == sorted(COMMANDS)
    assert listed.keys() == defined.keys()


def test_every_command_resolves_through_the_root() -> None:
    ctx = click.Context(cli)
    assert cli.list_commands(ctx) == sorted(COMMANDS)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None and command.name == name
    assert cli.get_command(ctx, "no-such-command") is None


def test_show_imports_only_its_own_command_module() -> None:
    probe = (
        "import sys\n"
        "from casework.entrypoints.cli import cli\n"
        "import click\n"
        "cli.get_command(click.Context(cli), 'show')\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('casework.entrypoints'))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    loaded = set(done.stdout.split())
    assert "casework.entrypoints.cli.cases" in loaded
    for other in ("imports", "online", "alerts", "reports", "archive", "integrity"):
        assert f"casework.entrypoints.cli.{other}" not in loaded
