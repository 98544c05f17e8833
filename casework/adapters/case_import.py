"""Writing imported cases in bulk (``casework import``): Core inserts (COPY on PostgreSQL, see
``pg_copy``) in one transaction.

The numbers of each (agency, receipt year) are reserved in one step (the sequence row moves by
the count, under the same lock as ``register``'s allocation), then applicants, cases and their
journal entries go in as executemany inserts that return the new ids in order.  The search
text is set here, as the mapper event does for the ORM.  Any failure rolls everything back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from casework.adapters.orm import applicants, cases, events, number_sequences
from casework.adapters.pg_copy import copy_rows, next_ids
from casework.adapters.repository import translate_errors
from casework.adapters.upserts import dialect_insert
from casework.domain.case.chain import ChainLink, plain_json, seal
from casework.domain.case.records import Case
from casework.domain.case.search import case_search_text

CASE_SEQUENCE = "case"
IMPORTED = "import"
_APPLICANT_FIELDS = ("name", "applicant_type", "id_type", "id_number", "contact", "address")
_CASE_FIELDS = (
    "agency", "number", "year", "seq", "query_code", "state", "workflow", "workflow_version",
    "channel", "arrived_on", "received_on", "description", "form", "delivery", "assistance",
    "receipt", "outcome", "reply_number", "reply_due_on", "concluded_on", "next_deadline_on",
    "next_deadline_kind", "clock_status", "due_provisional", "handler", "created_at",
    "updated_at",
)  # fmt: skip


class SqlCaseImporter:
    """``casework.services.importing.CaseImporter`` on SQLAlchemy Core."""

    def __init__(
        self,
        engine: Engine,
        numbering: Callable[[str, int, int], str],
        query_codes: Callable[[int], list[str]],
    ) -> None:
        self.engine = engine
        self.numbering = numbering
        self.query_codes = query_codes

    def reply_numbers_in_use(self, numbers: Sequence[str]) -> set[str]:
        found: set[str] = set()
        with self.engine.connect() as connection:
            for start in range(0, len(numbers), 500):
                chunk = list(numbers[start : start + 500])
                query = select(cases.c.reply_number).where(cases.c.reply_number.in_(chunk))
                found |= {str(number) for number in connection.scalars(query)}
        return found

    def import_cases(
        self,
        imported: Sequence[Case],
        journal: Sequence[dict[str, Any]],
        actor: str,
        identity: str | None = None,
    ) -> None:
        with translate_errors():
            try:
                with self.engine.begin() as connection:
                    self._number(connection, imported)
                    owner_ids = self._applicants(connection, imported)
                    case_ids = self._cases(connection, imported, owner_ids)
                    self._journal(connection, imported, case_ids, journal, (actor, identity))
            except SQLAlchemyError:
                for case in imported:  # nothing was stored: the numbers were not given
                    case.id = None
                raise

    def _number(self, connection: Connection, imported: Sequence[Case]) -> None:
        counts = Counter((case.agency, case.year) for case in imported)
        first = {key: self._reserve(connection, *key, count) for key, count in counts.items()}
        codes = iter(self.query_codes(len(imported)))
        for case in imported:
            key = (case.agency, case.year)
            case.seq, first[key] = first[key], first[key] + 1
            case.number = self.numbering(case.agency, case.year, case.seq)
            case.query_code = next(codes)

    def _reserve(self, connection: Connection, agency: str, year: int, count: int) -> int:
        """Move the (agency, case, year) sequence by ``count``; the first number reserved."""
        upsert = dialect_insert(connection.dialect.name, number_sequences).values(
            agency=agency, kind=CASE_SEQUENCE, year=year, last_value=count
        )
        statement = upsert.on_conflict_do_update(
            index_elements=["agency", "kind", "year"],
            set_={"last_value": number_sequences.c.last_value + count},
        ).returning(number_sequences.c.last_value)
        last = int(connection.execute(statement).scalar_one())
        return last - count + 1

    def _applicants(self, connection: Connection, imported: Sequence[Case]) -> list[int]:
        rows = [
            {name: getattr(case.applicant, name) for name in _APPLICANT_FIELDS} for case in imported
        ]
        return self._insert(connection, applicants, rows)

    def _insert(
        self, connection: Connection, table: Table, rows: list[dict[str, Any]]
    ) -> list[int]:
        """Insert ``rows`` into ``table``; their new ids in order (COPY on PostgreSQL)."""
        if connection.dialect.name == "postgresql":
            ids = next_ids(connection, table, len(rows))
            copy_rows(
                connection, table, [{"id": i, **row} for i, row in zip(ids, rows, strict=True)]
            )
            return ids
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return [int(row[0]) for row in connection.execute(statement, rows)]

    def _cases(
        self, connection: Connection, imported: Sequence[Case], owner_ids: list[int]
    ) -> list[int]:
        rows = []
        for case, owner in zip(imported, owner_ids, strict=True):
            row = {name: getattr(case, name) for name in _CASE_FIELDS}
            row.update(
                applicant_id=owner,
                facts=case.decisions,
                version=1,
                search_text=case_search_text(case),
            )
            rows.append(row)
        ids = self._insert(connection, cases, rows)
        for case, case_id, owner in zip(imported, ids, owner_ids, strict=True):
            case.id, case.applicant.id, case.version = case_id, owner, 1
        return ids

    def _journal(
        self,
        connection: Connection,
        imported: Sequence[Case],
        case_ids: list[int],
        journal: Sequence[dict[str, Any]],
        who: tuple[str, str | None],
    ) -> None:
        actor, identity = who
        rows = []
        for case, case_id, data in zip(imported, case_ids, journal, strict=True):
            row = {
                "case_id": case_id,
                "seq": 1,
                "action": IMPORTED,
                "actor": actor,
                "recorded_at": case.created_at,
                "effective_on": case.created_at.date(),
                "state_before": None,
                "state_after": case.state,
                "data": plain_json(data),
                "identity": identity,
                "prev_hash": None,
            }
            # The first link of the case's hash chain, sealed as the journal port seals one.
            link = ChainLink(
                case.agency, case.number, 1, IMPORTED, actor, row["recorded_at"],
                row["effective_on"], None, case.state, row["data"], None, None, identity,
            )  # fmt: skip
            row["event_hash"] = seal(link)
            rows.append(row)
        if connection.dialect.name == "postgresql":
            copy_rows(connection, events, rows)
        else:
            connection.execute(insert(events), rows)
