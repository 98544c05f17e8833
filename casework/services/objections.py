"""The decision to disclose over a third party's objection (Reg. art. 32), taken at ``draft``.

A third party that objects with reasonable grounds keeps its part undisclosed — unless the
agency decides that non-disclosure would seriously harm the public interest.  That override is
a decision of its own, given explicitly (``--override-objection`` with ``--public-interest``
reasons and the day the information will be provided), never inferred from the outcome; it
alone makes ``issue`` send the 公开告知书 to the objecting party.  A reply that withholds the
objector's part (``withhold_third_party``, or ``partial`` on that ground) is no override.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casework.domain.application.validation import control_character_problem
from casework.domain.case.endings import ObjectionOverride
from casework.domain.case.records import Case
from casework.domain.letters.particulars import objecting_parties
from casework.errors import ActionNotAllowedError, ValidationError

OVERRIDE_FIELD = "--override-objection（不顾第三方反对决定公开）"
INTEREST_FIELD = "--public-interest（公共利益理由）"
PROVIDE_FIELD = "--provide-on（提供信息日期）"
DISCLOSING = frozenset({"disclose", "partial"})
THIRD_PARTY_GROUND = "withhold_third_party"


@dataclass(frozen=True)
class OverrideInput:
    """What the clerk gave at ``draft`` about an objection: the explicit decision or not."""

    override: bool = False
    public_interest: str | None = None
    provide_on: date | None = None


def check_override_input(given: OverrideInput) -> None:
    """Reg. art. 32: the override needs its own public-interest reasons and a date; the
    reasons and date mean nothing without the decision (refused, not silently dropped)."""
    interest = (given.public_interest or "").strip()
    if not given.override:
        if interest or given.provide_on:
            raise ValidationError(
                "公共利益理由和提供日期仅用于不顾第三方反对决定公开的情形，须同时给出 "
                "--override-objection（条例第三十二条）",
                field=OVERRIDE_FIELD,
            )
        return
    if not interest:
        raise ValidationError(
            "决定不顾第三方反对予以公开的，须写明不公开会对公共利益造成重大影响的理由"
            "（条例第三十二条）",
            field=INTEREST_FIELD,
        )
    problem = control_character_problem(interest, multiline=True)
    if problem:
        raise ValidationError(problem, field=INTEREST_FIELD)
    if given.provide_on is None:
        raise ValidationError(
            "须写明向申请人提供该政府信息的日期，公开告知书应告知第三方（条例第三十二条）",
            field=PROVIDE_FIELD,
        )


def override_decision(
    case: Case, outcome: str, ground: str | None, given: OverrideInput, on: date
) -> ObjectionOverride | None:
    """The round's override decision, or None; refused where it contradicts the record."""
    objectors = objecting_parties(case)
    withholds_objector = outcome == THIRD_PARTY_GROUND or (
        outcome == "partial" and ground == THIRD_PARTY_GROUND
    )
    if not given.override:
        if objectors and outcome in DISCLOSING and not withholds_objector:
            raise ActionNotAllowedError(
                f"第三方（{'、'.join(objectors)}）不同意公开：不公开该部分的，请以"
                "「保护第三方合法权益」为不予公开的依据；认为不公开会对公共利益造成重大影响而"
                "决定公开的，须用 --override-objection 和 --public-interest 作出决定并书面告知"
                "第三方（条例第三十二条）",
                field=OVERRIDE_FIELD,
            )
        return None
    if not objectors:
        raise ActionNotAllowedError(
            "没有第三方书面表示不同意公开，无须作出不顾反对公开的决定（条例第三十二条）",
            field=OVERRIDE_FIELD,
        )
    if outcome not in DISCLOSING or withholds_objector:
        raise ActionNotAllowedError(
            "答复不公开第三方反对公开的内容，不存在不顾反对公开的决定，不发公开告知书"
            "（条例第三十二条）",
            field=OVERRIDE_FIELD,
        )
    assert given.provide_on is not None and given.public_interest is not None
    if given.provide_on < on:
        raise ValidationError(f"不能早于拟稿日期（{on.isoformat()}）", field=PROVIDE_FIELD)
    return ObjectionOverride(
        decided_on=on, public_interest=given.public_interest.strip(), provide_on=given.provide_on
    )
