"""The agency's anchor journal: the daily anchors of the case chains' heads (issue 17).

``agency_anchors`` is one agency's own append-only journal: each row anchors, on one day, the
heads of the case journals that moved since the previous anchor, chained to that anchor by
its hash (``casework.domain.case.chain``).  ``anchor_heads`` holds the heads each anchor
sealed.  Both are append-only like the case journal (triggers of revision 0017).  The tables
share ``casework.adapters.tables.metadata``, which imports this module.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table, UniqueConstraint

from casework.adapters.column_types import AwareDateTime
from casework.adapters.tables import metadata

agency_anchors = Table(
    "agency_anchors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("agency", String(32), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("anchored_on", Date, nullable=False),
    Column("recorded_at", AwareDateTime, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("cases", Integer, nullable=False),
    Column("heads_hash", String(64), nullable=False),
    Column("prev_hash", String(64)),
    Column("anchor_hash", String(64), nullable=False),
    UniqueConstraint("agency", "seq", name="uq_agency_anchors_agency_seq"),
    # One anchor per agency and day: a second daemon or a re-run finds it done.
    UniqueConstraint("agency", "anchored_on", name="uq_agency_anchors_agency_anchored_on"),
)

anchor_heads = Table(
    "anchor_heads",
    metadata,
    Column("anchor_id", ForeignKey("agency_anchors.id"), primary_key=True),
    Column("case_id", ForeignKey("cases.id"), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("event_hash", String(64), nullable=False),
    # The newest anchored head of a case: what the next anchor compares with.
    Index("ix_anchor_heads_case_id_seq", "case_id", "seq"),
)
