"""The candidates of the personal notices (``casework.domain.alerts.notices``), in one query:
the open cases of the given agencies whose decisions hold a returned draft (reviews and a draft,
outside the review states) or a refused extension request.

Both facts live in the case's decisions (the JSON column), read with the dialect's JSON path
operator; the states narrow the scan to open cases (index ``ix_cases_agency_state``), whose
few matching rows are then decided by the domain.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, or_, select

from casework.adapters.orm import cases
from casework.adapters.review_listing import facts_path
from casework.domain.alerts.notices import REVIEW_STATES

# The columns of ``CaseSnapshot``, in its order.
SNAPSHOT_COLUMNS = (
    cases.c.agency,
    cases.c.number,
    cases.c.handler,
    cases.c.state,
    cases.c.received_on,
    cases.c.reply_due_on,
    cases.c.next_deadline_on,
    cases.c.due_provisional,
    cases.c.facts,
)


def notice_candidates_statement(agencies: tuple[str, ...], states: tuple[str, ...]) -> Select[Any]:
    """The snapshot columns of the cases that may hold a personal notice."""
    returned = and_(
        cases.c.state.not_in(sorted(REVIEW_STATES)),
        facts_path("reviews").is_not(None),
        facts_path("reply", "draft").is_not(None),
    )
    refused = facts_path("reply", "extension_refusals").is_not(None)
    return (
        select(*SNAPSHOT_COLUMNS)
        .where(cases.c.agency.in_(agencies), cases.c.state.in_(states), or_(returned, refused))
        .order_by(cases.c.agency, cases.c.number)
    )
