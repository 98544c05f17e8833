"""What a 拟稿 form offers (issue 20, the console's re-draft): the outcomes of the catalogue
with their Chinese labels, the facts the chosen outcome requires and allows (domain.md §1.7,
``workflows/outcomes.yaml``), prefilled from the case's current draft — after a 退回修改 the
returned draft, so the drafter edits rather than retypes — and the reviewer's last return
comment.  Reads only; the draft itself is ``review.draft``, which checks the facts again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from casework.domain.case.decisions import Review
from casework.domain.case.records import Case
from casework.domain.workflow.catalogue import OutcomeCatalogue
from casework.domain.workflow.outcomes import FACT_LABELS, Outcome

# The facts a draft may carry: the names of ``draft``'s options (FACT_LABELS' keys).
DRAFT_FACT_NAMES: tuple[str, ...] = tuple(FACT_LABELS)


@dataclass(frozen=True)
class FactField:
    """One fact of the form: its name (as ``draft``'s option), label, and whether required."""

    name: str
    label: str
    required: bool
    value: str = ""


@dataclass(frozen=True)
class DraftForm:
    outcomes: list[tuple[str, str]]  # (code, Chinese label), in the catalogue's order
    chosen: Outcome | None
    fields: list[FactField] = field(default_factory=list)
    grounds: list[tuple[str, str]] = field(default_factory=list)  # for ``partial`` (art. 37)
    returned: Review | None = None  # the reviewer's return of the current draft, if any


def fact_label(name: str) -> str:
    """The fact's label without the CLI option: 「检索过程」, not 「检索过程（--search-process）」."""
    return FACT_LABELS[name].split("（--")[0]


def returned_review(case: Case) -> Review | None:
    """The last 退回修改 of the case's current draft (Reg. art. 45; seed 002), if it was returned
    after it was drafted (a re-draft after the return answers it)."""
    decisions = case.decisions
    draft = decisions.draft
    if draft is None or not decisions.reviews:
        return None
    last = decisions.reviews[-1]
    return last if last.returned_on >= draft.drafted_on else None


def _names(outcome: Outcome, catalogue: OutcomeCatalogue) -> list[tuple[str, bool]]:
    """The outcome's facts, required first; a partial disclosure (Reg. art. 37) also offers the
    facts its ground may require (the prohibiting law of art. 14 …), which ``draft`` checks."""
    names = [(name, True) for name in outcome.required_facts]
    extra = list(outcome.optional_facts)
    if outcome.follows_ground:
        for ground in catalogue.outcomes:
            if ground.can_be_ground:
                extra += ground.required_facts
    seen = {name for name, _ in names}
    for name in extra:
        if name not in seen:
            names.append((name, False))
            seen.add(name)
    return names


def draft_form(
    catalogue: OutcomeCatalogue,
    case: Case,
    outcome: str | None = None,
    typed: dict[str, str] | None = None,
) -> DraftForm:
    """The form for ``case`` with ``outcome`` chosen (by default the current draft's), its
    facts filled with ``typed`` (what the person posted) or else the current draft's facts.
    An unknown ``outcome`` raises the catalogue's ``ValidationError``."""
    current = case.decisions.draft
    code = outcome or (current.outcome if current else None)
    outcomes = [(o.code, o.label) for o in catalogue.outcomes]
    returned = returned_review(case)
    if not code:
        return DraftForm(outcomes, None, returned=returned)
    chosen = catalogue.get(code)
    given = typed if typed is not None else dict(current.facts) if current else {}
    fields = [
        FactField(name, fact_label(name), required, given.get(name) or "")
        for name, required in _names(chosen, catalogue)
    ]
    grounds = [(o.code, o.label) for o in catalogue.outcomes if o.can_be_ground]
    return DraftForm(outcomes, chosen, fields, grounds, returned)
