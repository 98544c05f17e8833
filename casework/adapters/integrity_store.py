"""SQLAlchemy Core implementation of the integrity port: the chain stream, the documents,
the anchors (issue 17).  Streams are read in chunks so that ``verify --all`` runs in bounded
memory over a large journal."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import and_, func, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from casework.adapters.orm import cases, events
from casework.adapters.orm_documents import documents
from casework.adapters.orm_integrity import agency_anchors, anchor_heads
from casework.domain.case.chain import Anchor, ChainLink
from casework.services.integrity_ports import (
    AnchoredHead,
    CaseChainRow,
    DocumentRecord,
    Head,
)

_CHUNK = 5000
# The event columns in the order of ChainLink's fields after agency and case number.
_LINK_COLUMNS = (
    "seq", "action", "actor", "recorded_at", "effective_on", "state_before", "state_after",
    "data", "prev_hash", "event_hash", "identity",
)  # fmt: skip


def _scoped(query: Select[Any], case_id: int | None, agency: str | None) -> Select[Any]:
    if case_id is not None:
        query = query.where(cases.c.id == case_id)
    if agency is not None:
        query = query.where(cases.c.agency == agency)
    return query


class SqlIntegrityStore:
    """The ``IntegrityStore`` port on one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _stream(self, query: Select[Any]) -> Iterator[Any]:
        result = self.session.execute(query, execution_options={"yield_per": _CHUNK})
        yield from result

    def chains(self, case_id: int | None, agency: str | None) -> Iterator[CaseChainRow]:
        columns = (events.c[name] for name in _LINK_COLUMNS)
        query = select(cases.c.id, cases.c.agency, cases.c.number, *columns).outerjoin(
            events, events.c.case_id == cases.c.id
        )
        query = _scoped(query, case_id, agency).order_by(cases.c.id, events.c.seq)
        for row in self._stream(query):
            # Positional: the stream is the hot loop of ``verify --all``.
            identifier, code, number, seq, *rest = row
            link = None if seq is None else ChainLink(code, number, seq, *rest)
            yield CaseChainRow(identifier, code, number, link)

    def documents(self, case_id: int | None, agency: str | None) -> Iterator[DocumentRecord]:
        query: Select[Any] = select(
            cases.c.agency,
            cases.c.number,
            documents.c.id,
            documents.c.kind,
            documents.c.path,
            documents.c.sha256,
        ).join(cases, cases.c.id == documents.c.case_id)
        query = _scoped(query, case_id, agency).order_by(documents.c.id)
        for row in self._stream(query):
            yield DocumentRecord(*row)

    def moved_anchored_heads(self, case_id: int | None, agency: str | None) -> list[AnchoredHead]:
        current = events.alias("current")
        query = (
            select(
                cases.c.agency,
                agency_anchors.c.seq,
                agency_anchors.c.anchored_on,
                cases.c.number,
                anchor_heads.c.seq,
                anchor_heads.c.event_hash,
                current.c.event_hash,
            )
            .join(agency_anchors, agency_anchors.c.id == anchor_heads.c.anchor_id)
            .join(cases, cases.c.id == anchor_heads.c.case_id)
            .outerjoin(
                current,
                and_(
                    current.c.case_id == anchor_heads.c.case_id, current.c.seq == anchor_heads.c.seq
                ),
            )
            .where(
                current.c.event_hash.is_(None) | (current.c.event_hash != anchor_heads.c.event_hash)
            )
        )
        query = _scoped(query, case_id, agency).order_by(cases.c.id, anchor_heads.c.seq)
        return [
            AnchoredHead(r[0], r[1], r[2].isoformat(), r[3], r[4], r[5], r[6])
            for r in self.session.execute(query)
        ]

    def anchors(self, agency: str) -> list[tuple[Anchor, list[tuple[str, int, str]]]]:
        rows = self.session.execute(
            select(agency_anchors)
            .where(agency_anchors.c.agency == agency)
            .order_by(agency_anchors.c.seq)
        ).all()
        heads: dict[int, list[tuple[str, int, str]]] = {row.id: [] for row in rows}
        query = (
            select(
                anchor_heads.c.anchor_id,
                cases.c.number,
                anchor_heads.c.seq,
                anchor_heads.c.event_hash,
            )
            .join(cases, cases.c.id == anchor_heads.c.case_id)
            .where(cases.c.agency == agency)
        )
        for anchor_id, number, seq, digest in self._stream(query):
            heads.setdefault(anchor_id, []).append((number, seq, digest))
        return [(_anchor(row), heads[row.id]) for row in rows]

    def anchored_agencies(self) -> list[str]:
        query = select(agency_anchors.c.agency).distinct().order_by(agency_anchors.c.agency)
        return list(self.session.scalars(query))

    def last_anchor(self, agency: str) -> Anchor | None:
        row = self.session.execute(
            select(agency_anchors)
            .where(agency_anchors.c.agency == agency)
            .order_by(agency_anchors.c.seq.desc())
            .limit(1)
        ).first()
        return None if row is None else _anchor(row)

    def unanchored_heads(self, agency: str) -> list[Head]:
        newest = (
            select(events.c.case_id, func.max(events.c.seq).label("seq"))
            .group_by(events.c.case_id)
            .subquery()
        )
        anchored = (
            select(anchor_heads.c.case_id, func.max(anchor_heads.c.seq).label("seq"))
            .group_by(anchor_heads.c.case_id)
            .subquery()
        )
        query = (
            select(events.c.case_id, cases.c.number, events.c.seq, events.c.event_hash)
            .join(cases, cases.c.id == events.c.case_id)
            .join(newest, and_(newest.c.case_id == events.c.case_id, newest.c.seq == events.c.seq))
            .outerjoin(anchored, anchored.c.case_id == events.c.case_id)
            .where(cases.c.agency == agency, events.c.event_hash.is_not(None))
            .where(anchored.c.seq.is_(None) | (anchored.c.seq < events.c.seq))
            .order_by(events.c.case_id)
        )
        return [Head(*row) for row in self.session.execute(query)]

    def add_anchor(self, anchor: Anchor, heads: Sequence[Head]) -> None:
        values = {
            name: getattr(anchor, name)
            for name in (
                "agency", "seq", "anchored_on", "recorded_at", "actor", "cases",
                "heads_hash", "prev_hash", "anchor_hash",
            )
        }  # fmt: skip
        statement = insert(agency_anchors).values(**values).returning(agency_anchors.c.id)
        anchor_id = self.session.execute(statement).scalar_one()
        if heads:
            self.session.execute(
                insert(anchor_heads),
                [
                    {
                        "anchor_id": anchor_id,
                        "case_id": h.case_id,
                        "seq": h.seq,
                        "event_hash": h.event_hash,
                    }
                    for h in heads
                ],
            )


def _anchor(row: Any) -> Anchor:
    return Anchor(
        agency=row.agency,
        seq=row.seq,
        anchored_on=row.anchored_on,
        recorded_at=row.recorded_at,
        actor=row.actor,
        cases=row.cases,
        heads_hash=row.heads_hash,
        prev_hash=row.prev_hash,
        anchor_hash=row.anchor_hash,
    )
