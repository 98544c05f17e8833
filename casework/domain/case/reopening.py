"""重新答复: the reopening of a replied case by a remedy's decision, which starts a new reply
round (ARL art. 64; ALL art. 70).  ``casework.domain.case.decisions`` keeps the closed rounds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Reopening:
    """重新答复 ordered by a reconsideration decision (ARL art. 64) or a judgment (ALL art. 70):
    the new reply period runs from ``decision_received_on`` — ``reply_days`` working days, or
    until ``reply_due_on`` when the decision fixed a date, else the art. 33 period.

    The 重新答复 names the decision: ``organ``, its document number ``decision_number`` and
    ``decided_on`` (None on reopenings recorded before they were asked)."""

    reopened_on: date
    decision_received_on: date
    basis: str
    remedy: str = ""
    reply_days: int | None = None
    reply_due_on: date | None = None
    organ: str | None = None
    decision_number: str | None = None
    decided_on: date | None = None
