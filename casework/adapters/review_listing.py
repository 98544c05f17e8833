"""The statement behind the reviewer's queue (issue 20): the cases awaiting a reviewer or the
head of the office, in one query.

A draft awaits 审核/审签 while its case is in the review state; an extension request awaits
the head while the reply round holds a request and no granted extension (Reg. art. 33 para. 2).
The request lives in the case's decisions (the JSON column), so it is read with the dialect's
JSON path operator (SQLite ``JSON_EXTRACT``, PostgreSQL ``#>>``) inside the same statement: the
queue reads its few candidates, never every open case one by one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ColumnElement, Select, and_, false, or_, select, type_coerce

from casework.adapters.orm import cases
from casework.domain.case.records import Case


def _reply_field(name: str) -> Any:
    """The text of ``facts.reply.<name>`` (NULL when absent): the storage layout of
    ``casework.domain.case.storage`` (absent records are left out)."""
    return type_coerce(cases.c.facts, JSON)[("reply", name)].as_string()


def awaiting_review_statement(
    agencies: tuple[str, ...], draft_states: tuple[str, ...], extension_states: tuple[str, ...]
) -> Select[Any]:
    """The cases of ``agencies`` with a draft awaiting review (in ``draft_states``) or a
    pending extension request (in ``extension_states``), ordered by due date and number."""
    clauses: list[ColumnElement[bool]] = []
    if draft_states:
        clauses.append(cases.c.state.in_(draft_states))
    if extension_states:
        clauses.append(
            and_(
                cases.c.state.in_(extension_states),
                _reply_field("extension_request").is_not(None),
                _reply_field("extension").is_(None),
            )
        )
    statement = select(Case).where(cases.c.agency.in_(agencies))
    statement = statement.where(or_(*clauses)) if clauses else statement.where(false())
    due = cases.c.reply_due_on
    return statement.order_by(due.is_(None), due, cases.c.number, cases.c.agency)
