"""Shell completion (click's, for bash, zsh and fish) of what only the data knows: case numbers
and outcome codes.  Commands and options complete by click itself.

Completion runs without the group's callback, so the home comes from the root context's
``--home`` (or ``CASEWORK_HOME``, which click reads while parsing).  A completion must never
print an error into the clerk's shell: any failure completes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from click.shell_completion import CompletionItem

if TYPE_CHECKING:
    from casework.bootstrap import App


def _app(ctx: click.Context) -> App:
    from casework.bootstrap import bootstrap
    from casework.settings import resolve_home

    root = ctx.find_root()
    return bootstrap(resolve_home(root.params.get("home")), root.params.get("user"))


def complete_case(
    ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Case numbers starting with ``incomplete``, each with its applicant and state."""
    try:
        from casework.services.ports import CaseFilter
        from casework.services.queries import list_cases

        app = _app(ctx)
        try:
            flow = app.reference_context().flow
            found = list_cases(app.reader(), CaseFilter(agency=ctx.params.get("agency")))
            return [
                CompletionItem(c.number, help=f"{c.applicant.name}，{flow.state_label(c.state)}")
                for c in found
                if c.number.startswith(incomplete)
            ]
        finally:
            app.close()
    except Exception:
        return []


def complete_outcome(
    ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Outcome codes of the catalogue (workflows/outcomes.yaml) with their Chinese labels."""
    try:
        app = _app(ctx)
        try:
            outcomes = app.reference_context().catalogue.outcomes
            return [
                CompletionItem(o.code, help=o.label)
                for o in outcomes
                if o.code.startswith(incomplete)
            ]
        finally:
            app.close()
    except Exception:
        return []
