"""The cases a sweep looks at (issue #6): the few columns of each case that may have an alert.

Read with Core, not the ORM: a sweep over many open cases only needs a few columns.  The ids
come from a UNION of indexed range scans (the ``(state, due_on)`` indexes), one per kind of
clock, so the sweep never scans every case.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select, union

from casework.adapters.orm import cases
from casework.services.alert_ports import AlertQuery

_SNAPSHOT_COLUMNS = (
    cases.c.agency,
    cases.c.number,
    cases.c.handler,
    cases.c.state,
    cases.c.received_on,
    cases.c.reply_due_on,
    cases.c.next_deadline_on,
    cases.c.due_provisional,
    cases.c.facts,
)


def candidate_ids(query: AlertQuery) -> Select[Any]:
    """The ids of the cases that may have an alert: a UNION of indexed range scans."""
    c = cases.c
    parts = [
        select(c.id).where(c.state.in_(query.reply_states), c.reply_due_on <= query.horizon_on),
        select(c.id).where(
            c.state.in_(query.window_states), c.next_deadline_on <= query.horizon_on
        ),
        select(c.id).where(c.state == "registered", c.received_on >= query.received_since),
        select(c.id).where(c.state.in_(query.notice_states)),
    ]
    if query.provisional_from is not None:
        parts += [
            select(c.id).where(
                c.state.in_(query.open_states), c.reply_due_on >= query.provisional_from
            ),
            select(c.id).where(
                c.state.in_(query.open_states), c.next_deadline_on >= query.provisional_from
            ),
        ]
    chosen = union(*parts).subquery()
    return select(chosen.c.id)


def candidate_statement(query: AlertQuery) -> Select[Any]:
    """The snapshot columns of every candidate case of the configured agencies."""
    return (
        select(*_SNAPSHOT_COLUMNS)
        .where(cases.c.id.in_(candidate_ids(query)), cases.c.agency.in_(query.agencies))
        .order_by(cases.c.agency, cases.c.number)
    )
