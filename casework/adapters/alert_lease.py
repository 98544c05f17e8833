"""The sweep lease and the sweep log on SQLAlchemy Core (issue #6), split from
``casework.adapters.alert_ledger`` (whose ``SqlAlertLedger`` inherits them) to keep each module
short.

The lease is one row per name: on PostgreSQL the row is locked (``SELECT … FOR UPDATE``) while
its holder is decided; on SQLite the whole transaction already holds the write lock (``BEGIN
IMMEDIATE``, see ``casework.adapters.database``), which serialises two daemons the same way.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import Session

from casework.adapters.orm_scheduling import leases, sweeps
from casework.adapters.upserts import dialect_insert
from casework.errors import StorageError
from casework.services.alert_ports import SweepRecord


class SqlSweepLease:
    """The lease that lets one process sweep at a time, and the log of the sweeps that ran."""

    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def dialect(self) -> str:
        name = self.session.get_bind().dialect.name
        if name not in ("postgresql", "sqlite"):
            raise StorageError(f"不支持的数据库类型：{name}", field="database_url")
        return name

    def lease(self, name: str) -> tuple[str, datetime] | None:
        """The holder of the lease ``name`` and when it expires (None: never taken)."""
        row = self.session.execute(
            select(leases.c.holder, leases.c.expires_at).where(leases.c.name == name)
        ).first()
        return None if row is None else (row.holder, row.expires_at)

    def acquire_lease(self, name: str, holder: str, now: datetime, seconds: int) -> bool:
        """Take or renew the lease ``name`` for ``seconds``; False while another holds it."""
        # Only the dialect in use loads, not at every command's start (#18).
        created = dialect_insert(self.dialect, leases).values(
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
