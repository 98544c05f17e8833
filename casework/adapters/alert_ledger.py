"""The alert ledger and its outbox on SQLAlchemy Core (issue #6; the lease and the sweep log:
``casework.adapters.alert_lease``).

The ledger's unique key (agency, subject, kind, level, due date, recipient, channel), held as
one 16-byte hash (``orm_scheduling.ledger_key_hash``, revision 0022), makes a re-run harmless:
rows are added with ``INSERT … ON CONFLICT DO NOTHING``.  A message is claimed by writing its
rows as sent together with an outbox row, and settled by deleting that row (or, when it failed,
by marking its rows ``failed``): ``orm_scheduling.alert_outbox``.  Case candidates are read with
Core by ``casework.adapters.alert_candidates``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, String, exists, func, select, text, type_coerce, update
from sqlalchemy.engine import Connection

from casework.adapters import alert_outbox as outbox
from casework.adapters.alert_candidates import candidate_statement
from casework.adapters.alert_lease import SqlSweepLease
from casework.adapters.orm import cases
from casework.adapters.orm_scheduling import UNSENT_CONDITION, alerts, ledger_key_hash
from casework.domain.alerts.model import CaseSnapshot, LedgerStatus
from casework.domain.alerts.routing import KEY_SEPARATOR, Delivery
from casework.services.alert_ports import AlertQuery, Claim, InFlight, LedgerKey, LedgerRow

PENDING, SENT, FAILED, EXPIRED, SENDING, UNCERTAIN = (status.value for status in LedgerStatus)
# The columns ``SqlAlertLedger.add`` writes, in the table's order (``orm.alerts``), which
# ``_rows`` and ``_PG_TYPES`` follow; the id is left to the database.
_INSERT_COLUMNS = tuple(column.name for column in alerts.c if column.name != "id")
# Their PostgreSQL types, for a binary COPY.
_PG_TYPES = (
    *("text",) * 4,
    "date",
    *("text",) * 3,
    "int4",
    *("text",) * 2,
    *("timestamptz",) * 2,
    "bytea",
)
# PostgreSQL's SQLSTATE for a broken unique constraint.
_UNIQUE_VIOLATION = "23505"
# Keys or ids per statement (SQLite allows 32,766 bound parameters per statement).
_BATCH = 2000


class SqlAlertLedger(SqlSweepLease):
    def candidates(self, query: AlertQuery) -> list[CaseSnapshot]:
        # Fetched in one call (``all``), as the benchmark's bare query does, not row by row.
        rows = self.session.connection().execute(candidate_statement(query)).all()
        return list(map(CaseSnapshot._make, rows))

    def lapses_possible(self, states: Sequence[str], on: date) -> bool:
        c = cases.c
        due = c.next_deadline_on.is_(None) | (c.next_deadline_on < on)
        return bool(self.session.scalar(select(exists().where(c.state.in_(states), due))))

    def _key(self) -> Any:
        """The ledger key as one string computed by the database (``Delivery.key``): a daily
        sweep compares tens of thousands of rows, one string each instead of seven columns."""
        a = alerts.c
        due: ColumnElement[Any]
        if self.dialect == "postgresql":
            due = func.to_char(a.due_on, "YYYY-MM-DD")
        else:
            due = type_coerce(a.due_on, String)  # stored as ISO text
        joined: ColumnElement[Any] = a.agency
        for part in (a.subject, a.kind, a.level, due, a.recipient, a.channel):
            joined = joined.concat(KEY_SEPARATOR).concat(part)
        return type_coerce(joined, String)

    def lookup(self, deliveries: Sequence[Delivery]) -> dict[LedgerKey, LedgerRow]:
        # By due date (indexed): a daily sweep asks about a few dates and many rows, a range of
        # the index each (one probe of the key hash's index per delivery costs several times
        # as much); a row of a message in flight reads ``sending``.
        keys = {ledger_key_hash(d.key): d.key for d in deliveries}
        claimed = self._claimed()
        found: dict[LedgerKey, LedgerRow] = {}
        for row_id, digest, stored, attempts in self._of_due_dates(deliveries):
            key = keys.get(digest)
            if key is not None:
                found[key] = LedgerRow(row_id, key, claimed.get(digest, stored), attempts)
        return found

    def _of_due_dates(self, deliveries: Sequence[Delivery]) -> list[Any]:
        """(id, key hash, status, attempts) of the ledger rows due on the deliveries' dates."""
        due_dates = sorted({d.alert.due_on for d in deliveries})
        a = alerts.c
        found: list[Any] = []
        for start in range(0, len(due_dates), _BATCH):
            chosen = a.due_on.in_(due_dates[start : start + _BATCH])
            query = select(a.id, a.key_hash, a.status, a.attempts).where(chosen)
            found += self.session.connection().execute(query).all()
        return found

    def _claimed(self) -> dict[bytes, str]:
        """The status of each row of a message claimed and not settled: ``sending`` once
        handed over, ``pending`` before (it certainly has not gone out)."""
        return {
            digest: PENDING if row.handed_at is None else SENDING
            for row in outbox.outbox(self.session)
            for digest in outbox.split(row.key_hashes)
        }

    def add(
        self, deliveries: Sequence[Delivery], status: str, at: datetime, error: str | None
    ) -> None:
        self._add(deliveries, [ledger_key_hash(d.key) for d in deliveries], status, at, error)

    def _add(
        self,
        deliveries: Sequence[Delivery],
        hashes: Sequence[bytes],
        status: str,
        at: datetime,
        error: str | None,
    ) -> None:
        # The unique key stays the guard should two sweepers ever race past the lease.
        rows = self._rows(deliveries, hashes, status, at, error)
        if not rows:
            return
        # Straight to the driver: a daily sweep records tens of thousands of rows, whose values
        # ``_rows`` has already converted as the columns would.
        connection = self.session.connection()
        if self.dialect == "postgresql" and self._copied(connection, rows):
            return
        marks = ", ".join(("%s" if self.dialect == "postgresql" else "?") for _ in _INSERT_COLUMNS)
        statement = (
            f"INSERT INTO alerts ({', '.join(_INSERT_COLUMNS)}) VALUES ({marks}) "
            "ON CONFLICT DO NOTHING"
        )
        # One executemany (SQLite's runs in C).
        connection.exec_driver_sql(statement, rows)

    @staticmethod
    def _copied(connection: Connection, rows: list[tuple[Any, ...]]) -> bool:
        """PostgreSQL: the rows written with COPY, inside a savepoint; False (nothing written)
        when one of them is already in the ledger, for the caller to skip it row by row.

        A binary COPY takes about a third of the time of psycopg's executemany on a daily
        sweep's rows (measured against executemany, a multi-row VALUES, unnest of arrays, a
        text COPY and COPY through a temporary table), but cannot skip a row that breaks the
        unique key: the ledger's guard should two sweepers ever race past the lease."""
        savepoint = connection.begin_nested()
        try:
            cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
            with (
                cursor,
                cursor.copy(
                    f"COPY alerts ({', '.join(_INSERT_COLUMNS)}) FROM STDIN (FORMAT BINARY)"
                ) as copy,
            ):
                copy.set_types(_PG_TYPES)
                for row in rows:
                    copy.write_row(row)
        except Exception as error:
            # psycopg's UniqueViolation, told by its SQLSTATE (psycopg is not imported here:
            # SQLite installations never load it).
            if getattr(error, "sqlstate", None) != _UNIQUE_VIOLATION:
                raise
            savepoint.rollback()
            return False
        savepoint.commit()
        return True

    def _rows(
        self,
        deliveries: Sequence[Delivery],
        hashes: Sequence[bytes],
        status: str,
        at: datetime,
        error: str | None,
    ) -> list[tuple[Any, ...]]:
        """The ledger rows of ``deliveries`` in the order of ``_INSERT_COLUMNS``, their values
        converted as the columns would (the values shared by every row converted once)."""
        attempts = 1 if status in (SENT, FAILED) else 0
        seen_at = self._stored("first_seen_at", at)
        sent_at = self._stored("sent_at", at if status == SENT else None)
        due_ons: dict[date, Any] = {}
        rows = []
        for d, digest in zip(deliveries, hashes, strict=True):
            alert, recipient = d.alert, d.recipient
            due = due_ons.get(alert.due_on)
            if due is None:
                due = due_ons[alert.due_on] = self._stored("due_on", alert.due_on)
            rows.append(
                (
                    alert.agency,
                    alert.subject,
                    alert.kind.value,
                    alert.level.value,
                    due,
                    recipient.name,
                    recipient.channel,
                    status,
                    attempts,
                    alert.message,
                    error,
                    seen_at,
                    sent_at,
                    digest,
                )
            )
        return rows

    def _stored(self, name: str, value: Any) -> Any:
        """``value`` as the column ``name`` hands it to the driver."""
        dialect = self.session.get_bind().dialect
        process = alerts.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        return value if process is None or value is None else process(value)

    def unsent(self) -> list[LedgerRow]:
        a = alerts.c
        # The partial index's own condition, literally (``orm.UNSENT_CONDITION``).
        query = select(a.id, a.status, a.attempts, self._key()).where(text(UNSENT_CONDITION))
        rows = [
            LedgerRow(id=row[0], key=row[3], status=row[1], attempts=row[2])
            for row in self.session.execute(query)
        ]
        for message in self.in_flight():
            rows += message.rows
        return sorted(rows, key=lambda row: row.id)

    def _rows_of(self, hashes: Sequence[bytes]) -> list[LedgerRow]:
        a = alerts.c
        found = []
        for start in range(0, len(hashes), _BATCH):
            batch = list(hashes[start : start + _BATCH])
            query = select(a.id, self._key(), a.status, a.attempts).where(a.key_hash.in_(batch))
            found += [LedgerRow._make(row) for row in self.session.execute(query)]
        return found

    def mark(self, ids: Sequence[int], status: str, at: datetime, error: str | None) -> None:
        values: dict[str, Any] = {"status": status}
        if status in (SENT, FAILED):
            values["attempts"] = alerts.c.attempts + 1
            values["last_error"] = error
        if status == SENT:
            values["sent_at"] = at
        chosen = list(ids)
        for start in range(0, len(chosen), _BATCH):
            batch = chosen[start : start + _BATCH]
            self.session.execute(update(alerts).where(alerts.c.id.in_(batch)).values(**values))

    def claim(self, claims: Sequence[Claim], at: datetime) -> list[int]:
        """Claim messages before they are sent: their new rows written and their retried rows
        updated as they will stand once sent (``sent`` at ``at``, the attempt counted), and an
        outbox row each, while the rows read ``sending``; the messages' ids, in order."""
        new = [d for claim in claims for d in claim.new]
        new_hashes = [ledger_key_hash(d.key) for d in new]
        self._add(new, new_hashes, SENT, at, None)
        retried = [ledger_key_hash(d.key) for claim in claims for d in claim.retried]
        a = alerts.c
        values = {"status": SENT, "attempts": a.attempts + 1, "sent_at": at, "last_error": None}
        for start in range(0, len(retried), _BATCH):
            chosen = a.key_hash.in_(retried[start : start + _BATCH])
            self.session.execute(update(alerts).where(chosen).values(**values))
        messages, taken_new, taken_retried = [], 0, 0
        for claim in claims:
            keys = new_hashes[taken_new : taken_new + len(claim.new)]
            keys += retried[taken_retried : taken_retried + len(claim.retried)]
            taken_new, taken_retried = (
                taken_new + len(claim.new),
                taken_retried + len(claim.retried),
            )
            messages.append((claim.recipient.name, claim.recipient.channel, keys))
        return outbox.add_messages(self.session, messages, at)

    def hand_over(self, message: int, at: datetime) -> None:
        outbox.hand_over(self.session, message, at)

    def settle(self, message: int, status: str, error: str | None) -> None:
        outbox.settle(self.session, message, status, error)

    def in_flight(self) -> list[InFlight]:
        """The messages claimed and not settled (by an interrupted sweep, when no sweep runs)."""
        found = []
        for row in outbox.outbox(self.session):
            status = PENDING if row.handed_at is None else SENDING
            claimed = self._rows_of(outbox.split(row.key_hashes))
            rows = [ledger_row._replace(status=status) for ledger_row in claimed]
            found.append(InFlight(row.id, row.recipient, row.channel, rows, row.handed_at))
        return found
