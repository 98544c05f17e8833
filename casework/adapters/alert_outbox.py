"""The alert ledger's outbox on SQLAlchemy Core (issue 18, revision 0022): the messages a sweep
has claimed and not settled (``orm_scheduling.alert_outbox``), split from
``casework.adapters.alert_ledger`` to keep each module short.

A sweep claims all its messages in one transaction (each message's ledger rows written as they
will stand once sent, and one outbox row per message, not yet handed over), then, one message
at a time, commits the message as handed over (``handed_at``) before its channel gets it, and
settles it in the transaction that hands over the next: a sent message's outbox row is deleted
and nothing else is written.  A message still here when the next sweep starts was either
handed over (nobody knows whether it went out) or never handed over (it certainly did not).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from casework.adapters.orm_scheduling import KEY_HASH_BYTES, alert_outbox, alerts

PENDING, SENT = "pending", "sent"
# Keys per statement (SQLite allows 32,766 bound parameters per statement).
_BATCH = 2000


def split(hashes: bytes) -> list[bytes]:
    """The key hashes an outbox row holds, concatenated."""
    return [hashes[i : i + KEY_HASH_BYTES] for i in range(0, len(hashes), KEY_HASH_BYTES)]


def add_messages(
    session: Session, messages: Sequence[tuple[str, str, list[bytes]]], at: datetime
) -> list[int]:
    """One outbox row per (recipient, channel, key hashes), not handed over; their ids."""
    if not messages:
        return []
    rows = [
        {"recipient": name, "channel": channel, "claimed_at": at, "key_hashes": b"".join(keys)}
        for name, channel, keys in messages
    ]
    returning = insert(alert_outbox).returning(alert_outbox.c.id, sort_by_parameter_order=True)
    return [int(row[0]) for row in session.execute(returning, rows)]


def hand_over(session: Session, message: int, at: datetime) -> None:
    """Mark ``message`` as handed to its channel (committed before the channel gets it)."""
    chosen = alert_outbox.c.id == message
    session.execute(update(alert_outbox).where(chosen).values(handed_at=at))


def settle(session: Session, message: int, status: str, error: str | None) -> None:
    """``message`` settled: sent, its outbox row goes and its ledger rows stand as claimed;
    failed or uncertain, its rows take ``status`` and ``error``; pending (never handed over),
    its rows are unsent again and the attempt counted at the claim is taken back."""
    if status != SENT:
        values: dict[str, Any] = {"status": status, "last_error": error, "sent_at": None}
        if status == PENDING:
            values.update(attempts=alerts.c.attempts - 1, last_error=alerts.c.last_error)
        _update(session, message, values)
    session.execute(delete(alert_outbox).where(alert_outbox.c.id == message))


def _update(session: Session, message: int, values: dict[str, Any]) -> None:
    chosen = alert_outbox.c.id == message
    [hashes] = session.execute(select(alert_outbox.c.key_hashes).where(chosen)).one()
    keys = split(hashes)
    for start in range(0, len(keys), _BATCH):
        where = alerts.c.key_hash.in_(keys[start : start + _BATCH])
        session.execute(update(alerts).where(where).values(**values))


def outbox(session: Session) -> list[Any]:
    """Every outbox row (id, recipient, channel, key hashes, handed over at), oldest first."""
    o = alert_outbox.c
    query = select(o.id, o.recipient, o.channel, o.key_hashes, o.handed_at).order_by(o.id)
    return list(session.execute(query).all())
