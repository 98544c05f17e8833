"""The remedy records of cases on SQLAlchemy Core, inside the unit of work's transaction.

Rows of ``remedies`` become :class:`casework.domain.case.remedy.Remedy` objects and back; the
(case, kind, filing date) key is unique, so recording the same proceeding again updates it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from casework.adapters.orm import remedies
from casework.domain.case.remedy import Remedy

_FIELDS = (
    "case_id",
    "kind",
    "filed_on",
    "organ",
    "result",
    "decided_on",
    "reopened_on",
    "reported_outcome",
    "reported_concluded_on",
    "recorded_at",
    "recorded_by",
)


class SqlRemedyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_case(self, case_id: int) -> list[Remedy]:
        query = (
            select(remedies)
            .where(remedies.c.case_id == case_id)
            .order_by(remedies.c.filed_on, remedies.c.id)
        )
        return [Remedy(**dict(row)) for row in self.session.execute(query).mappings()]

    def save(self, remedy: Remedy) -> None:
        values: dict[str, Any] = {name: getattr(remedy, name) for name in _FIELDS}
        if remedy.id is None:
            statement = insert(remedies).values(**values).returning(remedies.c.id)
            remedy.id = int(self.session.execute(statement).scalar_one())
        else:
            self.session.execute(
                update(remedies).where(remedies.c.id == remedy.id).values(**values)
            )
