"""The imperative mapping of the domain records onto the tables, for the actions.

The tables themselves are Core (``casework.adapters.tables``) and are re-exported here, so
``from casework.adapters.orm import cases`` keeps working; importing this module loads
``sqlalchemy.orm``, which the read-only commands avoid (issue #18).  The case row carries a
version counter that turns a lost update into an error instead of silently overwriting a
colleague's work.
"""

from __future__ import annotations

import threading

from sqlalchemy import event
from sqlalchemy.orm import registry, relationship

from casework.adapters.tables import (
    SEARCH_INDEX_OBJECTS,
    agency_grants,
    api_tokens,
    applicants,
    calendar_year_history,
    calendar_years,
    cases,
    events,
    idempotency_keys,
    metadata,
    number_sequences,
    remedies,
)
from casework.domain.case.records import Applicant, Case, CaseEvent
from casework.domain.case.search import case_search_text

__all__ = [
    "SEARCH_INDEX_OBJECTS",
    "agency_grants",
    "api_tokens",
    "applicants",
    "calendar_year_history",
    "calendar_years",
    "cases",
    "events",
    "idempotency_keys",
    "mapper_registry",
    "metadata",
    "number_sequences",
    "remedies",
    "start_mappers",
]

mapper_registry = registry(metadata=metadata)
_mapped = False
_mapping = threading.Lock()


def start_mappers() -> None:
    """Map the domain records onto the tables, once per process.  Under a lock: the HTTP
    service's first requests arrive on several threads at once (issue 19)."""
    global _mapped  # noqa: PLW0603 - mapping is process-wide by nature in SQLAlchemy
    if _mapped:
        return
    with _mapping:
        if _mapped:
            return
        mapper_registry.map_imperatively(Applicant, applicants)
        mapper_registry.map_imperatively(
            Case,
            cases,
            properties={
                "applicant": relationship(Applicant, lazy="joined", innerjoin=True),
                "decisions": cases.c.facts,
            },
            version_id_col=cases.c.version,
        )
        mapper_registry.map_imperatively(CaseEvent, events)
        event.listen(Case, "before_insert", _keep_search_text)
        event.listen(Case, "before_update", _keep_search_text)
        _mapped = True


def _keep_search_text(_mapper: object, _connection: object, case: Case) -> None:
    # A column of the row being flushed may be set here (SQLAlchemy mapper flush events).
    case.search_text = case_search_text(case)
