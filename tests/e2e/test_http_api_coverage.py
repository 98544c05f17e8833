"""The staff API cannot drift from the command line (issue 19: "Every clerk command has an
endpoint … calling the same service function"): each action takes exactly its command's
options, and every command is either served or named as an administrator's."""

from __future__ import annotations

import click
import pytest

from casework.entrypoints.cli import cli
from casework.entrypoints.http.actions import ACTIONS
from casework.entrypoints.http.case_file import REMEDY
from casework.entrypoints.http.endpoint import Endpoint

# Each served command (a group's subcommand as "group sub") and its route.
SERVED = {
    "register": "POST /api/v1/cases",
    "list": "GET /api/v1/cases",
    "show": "GET /api/v1/cases/{case}",
    "history": "GET /api/v1/cases/{case}/history",
    "docs": "GET /api/v1/cases/{case}/documents",
    "check": "GET /api/v1/cases/{case}/check",
    "repeats": "GET /api/v1/cases/{case}/repeats",
    "remedy": "POST /api/v1/cases/{case}/remedies",
    "attach": "POST /api/v1/cases/{case}/attachments",
    "archive case": "POST /api/v1/cases/{case}/archive",
    "alerts": "GET /api/v1/alerts",
    "todo": "GET /api/v1/todo",
    "queue": "GET /api/v1/queue",
    "search": "GET /api/v1/search",
    "calendar show": "GET /api/v1/calendar/{year}",
    "report annual": "GET /api/v1/report/{year}",
    "export": "GET /api/v1/export",
    "stats": "GET /api/v1/stats",
    "candidates": "GET /api/v1/candidates",
    "lapse": "POST /api/v1/lapses",
    **{name: f"POST /api/v1/cases/{{case}}/{name}" for name in ACTIONS if name != "archive"},
}
# The administrator's commands (README, "The staff API"): set-up, the schema and grants,
# tokens, the server and scheduler, calendar data, bulk import, integrity and the workflow
# definition — run on the server from the owner's home, not by a clerk's system.
ADMINISTRATION = {
    "init", "db upgrade", "db grant", "db import-documents", "db export-documents",
    "token create", "token list", "token revoke", "serve", "scheduler run", "alerts sweep",
    "calendar load", "calendar import-notice", "calendar recompute", "calendar check",
    "import", "verify", "journal anchor", "workflow show", "archive export", "archive verify",
    "user add", "user passwd", "user unlock", "user list",
}  # fmt: skip


def commands() -> dict[str, click.Command]:
    """Every runnable command by its full name (``alerts`` itself lists, so it counts)."""
    context = click.Context(cli)
    found: dict[str, click.Command] = {}
    for name in cli.list_commands(context):
        command = cli.get_command(context, name)
        assert command is not None
        if isinstance(command, click.Group):
            found |= {f"{name} {sub}": c for sub, c in command.commands.items()}
            if not command.invoke_without_command:
                continue
        found[name] = command
    return found


def option_names(command: click.Command) -> frozenset[str]:
    """``--party-kind`` → ``party_kind``: the JSON names of the command's options."""
    names = set()
    for parameter in command.params:
        if isinstance(parameter, click.Option):
            long = next(o for o in parameter.opts if o.startswith("--"))
            names.add(long.removeprefix("--").replace("-", "_"))
    return frozenset(names - {"json", "help"})


def test_every_command_is_served_or_an_administrators() -> None:
    names = set(commands())
    assert names - set(SERVED) - ADMINISTRATION == set()
    assert (set(SERVED) | ADMINISTRATION) - names == set()
    assert not set(SERVED) & ADMINISTRATION


def test_every_served_route_exists() -> None:
    from starlette.routing import Route

    from casework.entrypoints.http import case_file, cases, office

    routes = {
        (method, route.path.replace(":int}", "}"))
        for module in (cases, case_file, office)
        for route in module.routes
        if isinstance(route, Route)
        for method in route.methods or ()
    }
    for command, served in SERVED.items():
        method, path = served.split(" ")
        action = path.rsplit("/", 1)[-1]
        known = (method, path) in routes or (
            path.startswith("/api/v1/cases/{case}/") and action in ACTIONS
        )
        assert known, command


@pytest.mark.parametrize(
    ("command", "endpoint"),
    [*((name, e) for name, e in ACTIONS.items()), ("remedy", REMEDY)],
    ids=[*ACTIONS, "remedy"],
)
def test_each_action_takes_exactly_its_commands_options(command: str, endpoint: Endpoint) -> None:
    found = commands()
    click_command = found.get(command) or found[f"{command} case"]  # archive → archive case
    assert endpoint.fields == option_names(click_command)
