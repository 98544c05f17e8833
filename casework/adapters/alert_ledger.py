"""The alert ledger, the sweep lease and the sweep log on SQLAlchemy Core (issue #6).

The ledger's unique key (agency, subject, kind, level, due date, recipient, channel) makes a
re-run harmless: rows are added with ``INSERT … ON CONFLICT DO NOTHING``.  The lease is one row
per name: on PostgreSQL the row is locked (``SELECT … FOR UPDATE``) while its holder is
decided; on SQLite the whole transaction already holds the write lock (``BEGIN IMMEDIATE``, see
``casework.adapters.database``), which serialises two daemons the same way.  Case candidates
are read with Core by ``casework.adapters.alert_candidates``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    exists,
    func,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from casework.adapters.alert_candidates import candidate_statement
from casework.adapters.orm import cases
from casework.adapters.orm_scheduling import UNSENT_CONDITION, alerts, leases, sweeps
from casework.adapters.upserts import dialect_insert
from casework.domain.alerts.model import CaseSnapshot, LedgerStatus
from casework.domain.alerts.routing import KEY_SEPARATOR, Delivery
from casework.errors import StorageError
from casework.services.alert_ports import AlertQuery, LedgerKey, LedgerRow, SweepRecord

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
)
# PostgreSQL's SQLSTATE for a broken unique constraint.
_UNIQUE_VIOLATION = "23505"
# Due dates per lookup query (SQLite allows 32,766 bound parameters per statement).
_BATCH = 2000


class SqlAlertLedger:
    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def dialect(self) -> str:
        name = self.session.get_bind().dialect.name
        if name not in ("postgresql", "sqlite"):
            raise StorageError(f"不支持的数据库类型：{name}", field="database_url")
        return name

    def _insert(self, table: Any) -> Any:
        # Only the dialect in use loads, not at every command's start (#18).
        return dialect_insert(self.dialect, table)

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
        # By due date (indexed): a daily sweep asks about a few dates and many rows.
        current = {d.key for d in deliveries}
        due_dates = sorted({d.alert.due_on for d in deliveries})
        a = alerts.c
        found: dict[LedgerKey, LedgerRow] = {}
        key = self._key()
        for start in range(0, len(due_dates), _BATCH):
            # The columns in the order of ``LedgerRow``.
            query = select(a.id, key, a.status, a.attempts).where(
                a.due_on.in_(due_dates[start : start + _BATCH])
            )
            for row in self.session.connection().execute(query).all():
                if row[1] in current:
                    found[row[1]] = LedgerRow._make(row)
        return found

    def add(
        self, deliveries: Sequence[Delivery], status: str, at: datetime, error: str | None
    ) -> None:
        # The unique key stays the guard should two sweepers ever race past the lease.
        rows = self._rows(deliveries, status, at, error)
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
        self, deliveries: Sequence[Delivery], status: str, at: datetime, error: str | None
    ) -> list[tuple[Any, ...]]:
        """The ledger rows of ``deliveries`` in the order of ``_INSERT_COLUMNS``, their values
        converted as the columns would (the values shared by every row converted once)."""
        attempts = 1 if status in (SENT, FAILED) else 0
        seen_at = self._stored("first_seen_at", at)
        sent_at = self._stored("sent_at", at if status == SENT else None)
        due_ons: dict[date, Any] = {}
        rows = []
        for d in deliveries:
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
        return [
            LedgerRow(id=row[0], key=row[3], status=row[1], attempts=row[2])
            for row in self.session.execute(query.order_by(a.id))
        ]

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

    def settle(
        self, recipient: str, channel: str, status: str, at: datetime, error: str | None
    ) -> int:
        """Settle the ``sending`` rows of one recipient on one channel (one message): one UPDATE
        for the whole group, through the partial index (its condition repeated literally)."""
        a = alerts.c
        values: dict[str, Any] = {
            "status": status,
            "attempts": a.attempts + 1,
            "last_error": error,
        }
        if status == SENT:
            values["sent_at"] = at
        statement = (
            update(alerts)
            .where(text(UNSENT_CONDITION), a.status == SENDING)
            .where(a.recipient == recipient, a.channel == channel)
            .values(**values)
        )
        result = self.session.execute(statement)
        return int(getattr(result, "rowcount", 0) or 0)

    def lease(self, name: str) -> tuple[str, datetime] | None:
        """The holder of the lease ``name`` and when it expires (None: never taken)."""
        row = self.session.execute(
            select(leases.c.holder, leases.c.expires_at).where(leases.c.name == name)
        ).first()
        return None if row is None else (row.holder, row.expires_at)

    def acquire_lease(self, name: str, holder: str, now: datetime, seconds: int) -> bool:
        """Take or renew the lease ``name`` for ``seconds``; False while another holds it."""
        created = self._insert(leases).values(
            name=name, holder=holder, acquired_at=now, expires_at=now + timedelta(seconds=seconds)
        )
        # RETURNING tells whether the row was created (psycopg reports no rowcount here).
        inserted = created.on_conflict_do_nothing().returning(leases.c.name)
        if self.session.execute(inserted).first() is not None:
            return True
        current = self.session.execute(
            select(leases.c.holder, leases.c.expires_at)
            .where(leases.c.name == name)
            .with_for_update()
        ).one()
        if current.holder != holder and current.expires_at > now:
            return False
        renewed = update(leases).where(leases.c.name == name)
        values: dict[str, Any] = {"holder": holder, "expires_at": now + timedelta(seconds=seconds)}
        if current.holder != holder:
            values["acquired_at"] = now
        self.session.execute(renewed.values(**values))
        return True

    def release_lease(self, name: str, holder: str | None, now: datetime) -> None:
        """End the lease now; ``holder`` None ends it whoever holds it (an operator's
        ``--force-release``)."""
        chosen = leases.c.name == name
        if holder is not None:
            chosen = and_(chosen, leases.c.holder == holder)
        self.session.execute(update(leases).where(chosen).values(expires_at=now))

    def last_sweep_on(self) -> date | None:
        value = self.session.scalar(select(func.max(sweeps.c.swept_on)))
        return value if isinstance(value, date) else None

    def add_sweep(self, record: SweepRecord) -> None:
        self.session.execute(
            sweeps.insert(),
            [
                {
                    "swept_on": record.swept_on,
                    "holder": record.holder,
                    "started_at": record.started_at,
                    "finished_at": record.finished_at,
                    "sent": record.sent,
                    "skipped": record.skipped,
                    "failed": record.failed,
                    "lapsed": record.lapsed,
                }
            ],
        )
