"""The case's decisions as typed records: the JSON column takes the serialiser's layout.

Before this revision ``cases.facts`` was a flat dictionary: the decisions of the current reply
round (draft, approval, issued_on, concluded_on, delivery, archive, extension, deferral,
reasons_request) stood beside the application's own (corrections, consultations, fee, reviews,
withdrawal); ``reopening`` repeated the last entry of ``reopenings``, whose entries mixed the
reopening's fields with a ``previous`` dictionary holding the closed round, its outcome and its
reply number.  From this revision the round is one object (``reply``) and each closed round is
``{"reopening": …, "previous": …, "outcome": …, "reply_number": …}``
(``casework.domain.case.storage``); a withdrawal's date is ``withdrawn_on``; ``None`` values
are left out.  Nothing is lost either way: ``downgrade`` writes the old layout back.

The conversion is written out here, not imported, so that it stays what it was when later code
changes.  A key this revision does not know stops the upgrade with the case's id, instead of
being dropped.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_ROUND = (
    "draft",
    "approval",
    "issued_on",
    "concluded_on",
    "delivery",
    "archive",
    "extension",
    "deferral",
    "reasons_request",
)
_APPLICATION = ("corrections", "consultations", "fee", "reviews", "last_action_on")
_OLD_KEYS = {*_ROUND, *_APPLICATION, "withdrawal", "reopening", "reopenings"}


def _cases() -> sa.TableClause:
    return sa.table("cases", sa.column("id", sa.Integer()), sa.column("facts", sa.JSON()))


def _pruned(value: Any) -> Any:
    """``value`` without ``None`` entries (the new layout leaves absent values out)."""
    if isinstance(value, dict):
        return {k: _pruned(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_pruned(item) for item in value]
    return value


def _round(facts: dict[str, Any]) -> dict[str, Any]:
    return {key: facts[key] for key in _ROUND if facts.get(key) is not None}


def to_typed_layout(case_id: int, facts: dict[str, Any]) -> dict[str, Any]:
    """The 0006 layout of one case's facts in the 0007 layout."""
    unknown = set(facts) - _OLD_KEYS
    if unknown:
        raise RuntimeError(f"案件 id={case_id} 的办理记录含未知项 {sorted(unknown)}，迁移中止")
    new: dict[str, Any] = {key: facts[key] for key in _APPLICATION if facts.get(key)}
    if facts.get("withdrawal"):
        old = facts["withdrawal"]
        new["withdrawal"] = {"withdrawn_on": old.get("on"), "reason": old.get("reason")}
    if _round(facts):
        new["reply"] = _round(facts)
    closed = []
    for entry in facts.get("reopenings") or []:
        previous = entry.get("previous") or {}
        closed.append(
            {
                "reopening": {k: v for k, v in entry.items() if k != "previous"},
                "previous": _round(previous),
                "outcome": previous.get("outcome"),
                "reply_number": previous.get("reply_number"),
            }
        )
    if closed:
        new["reopenings"] = closed
    result: dict[str, Any] = _pruned(new)
    return result


def to_flat_layout(facts: dict[str, Any]) -> dict[str, Any]:
    """The 0007 layout of one case's facts back in the 0006 layout."""
    old: dict[str, Any] = {key: facts[key] for key in _APPLICATION if key in facts}
    if "withdrawal" in facts:
        withdrawal = facts["withdrawal"]
        old["withdrawal"] = {
            "on": withdrawal.get("withdrawn_on"),
            "reason": withdrawal.get("reason"),
        }
    old.update(facts.get("reply") or {})
    reopenings = []
    for closed in facts.get("reopenings") or []:
        previous = {
            **closed.get("previous", {}),
            "outcome": closed.get("outcome"),
            "reply_number": closed.get("reply_number"),
        }
        reopenings.append({**closed["reopening"], "previous": previous})
    if reopenings:
        old["reopenings"] = reopenings
        old["reopening"] = {k: v for k, v in reopenings[-1].items() if k != "previous"}
    return old


def _convert(convert: Any) -> None:
    cases = _cases()
    connection = op.get_bind()
    for case_id, facts in connection.execute(sa.select(cases.c.id, cases.c.facts)).all():
        converted = convert(case_id, facts or {})
        if converted != facts:
            connection.execute(
                sa.update(cases).where(cases.c.id == case_id).values(facts=converted)
            )


def upgrade() -> None:
    _convert(to_typed_layout)


def downgrade() -> None:
    _convert(lambda _case_id, facts: to_flat_layout(facts))
