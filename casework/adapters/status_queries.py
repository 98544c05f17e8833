"""The public status lookup's one query (issue 19): a case's status columns by query code.

Read-only and on a plain connection, like the report queries: one row through the unique
index on ``query_code`` and its applicant, no ORM session (a session costs more than the
query itself, and the lookup is the busiest public request).
"""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Engine

from casework.adapters.orm import applicants, cases
from casework.adapters.repository import translate_errors
from casework.domain.case.public_status import PublicCaseFacts

_PUBLIC_FACTS = (
    select(
        applicants.c.name,
        applicants.c.contact,
        cases.c.state,
        cases.c.received_on,
        cases.c.reply_due_on,
        cases.c.clock_status,
        cases.c.due_provisional,
        cases.c.reply_number,
        cases.c.concluded_on,
    )
    .join(applicants, applicants.c.id == cases.c.applicant_id)
    .where(cases.c.query_code == bindparam("code"))
)


class SqlStatusQueries:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def public_facts(self, code: str) -> PublicCaseFacts | None:
        """The status page's columns of the case of a query code (查询码), never of a case
        number."""
        with translate_errors(), self.engine.connect() as connection:
            row = connection.execute(_PUBLIC_FACTS, {"code": code}).first()
        return None if row is None else PublicCaseFacts(*row)
