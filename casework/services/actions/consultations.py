"""征求意见 (Reg. arts. 32, 34): the written consultation of a third party or another agency, and
the opinion (or silence) that ends its stop of the reply clock (art. 33 para. 3).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from casework.domain.application.validation import control_character_problem
from casework.domain.case.decisions import PARTY_KINDS, Consultation
from casework.domain.case.records import Case
from casework.domain.case.storage import journal_data
from casework.domain.clock.deadlines import consultation_window_end
from casework.domain.clock.model import StopKind
from casework.domain.letters.documents import DocumentKind
from casework.errors import ActionNotAllowedError, ValidationError
from casework.services.attachment_store import AttachmentRequest
from casework.services.context import ServiceContext
from casework.services.ports import UnitOfWork
from casework.services.workflow_support import ActionEnv, ActionResult, run_action

OPINIONS = ("agree", "object", "none")
CONCERN_FIELD = "--concern（涉及第三方的内容及可能造成的损害）"


def _concern(party_kind: str, concern: str | None) -> str | None:
    """Reg. art. 32 (domain.md §1.4): a third party is told which part of the information
    concerns it and why disclosure may harm it; required for a third party, none for an agency."""
    text = (concern or "").strip()
    if party_kind != "third-party":
        return text or None
    if not text:
        raise ValidationError(
            "征求第三方意见的，须写明信息中涉及该第三方的内容及公开可能对其造成的损害"
            "（条例第三十二条）",
            field=CONCERN_FIELD,
        )
    problem = control_character_problem(text, multiline=True)
    if problem:
        raise ValidationError(problem, field=CONCERN_FIELD)
    return text


def consult(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    party: str,
    party_kind: str,
    party_received_on: date | None = None,
    concern: str | None = None,
    on: date | None = None,
    agency: str | None = None,
) -> ActionResult:
    """征求意见: a third party (Reg. art. 32) or another agency (art. 34), in writing; the
    letter to a third party states which part concerns it and why disclosure may harm it."""
    if not party.strip():
        raise ValidationError("必须填写被征求意见的单位或个人", field="--party（征求对象）")
    if party_kind not in PARTY_KINDS:
        raise ValidationError(
            f"可选：{'、'.join(PARTY_KINDS)}", field="--party-kind（征求对象类型）"
        )

    concern = _concern(party_kind, concern)

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        consultations = case.decisions.consultations
        if any(c.party == party and c.is_open for c in consultations):
            raise ActionNotAllowedError(
                f"已向「{party}」征求意见且尚未答复", field="--party（征求对象）"
            )
        if party_received_on and party_received_on < env.on:
            raise ValidationError(
                "对方收到日期不能早于发函日期", field="--party-received-on（对方收到日期）"
            )
        received = party_received_on or env.on
        kind: StopKind = (
            "agency_consultation" if party_kind == "agency" else "third_party_consultation"
        )
        window = consultation_window_end(received, env.calendar, ctx.clock_rules, kind=kind)
        consultation = Consultation(
            party=party.strip(),
            party_kind=party_kind,
            sent_on=env.on,
            party_received_on=party_received_on,
            window_ends_on=window.due_on,
            concern=concern,
        )
        case.decisions = case.decisions.with_consultation(consultation)
        # Reg. arts. 32, 34 (seed 003): every consultation is a written letter.
        letter = (
            DocumentKind.AGENCY_CONSULTATION
            if party_kind == "agency"
            else DocumentKind.THIRD_PARTY_CONSULTATION
        )
        ordinal = sum(1 for c in case.decisions.consultations if c.party_kind == party_kind)
        env.render(case, letter, ordinal=ordinal)
        # Reg. art. 33 para. 3: the applicant is told in writing that the clock stops.
        everyone = len(case.decisions.consultations)
        env.render(case, DocumentKind.CONSULTATION_NOTICE, ordinal=everyone)
        data = journal_data(consultation)
        del data["deemed_consent"]  # decided with the opinion
        return data

    return run_action(uow, ctx, reference, "consult", on, step, agency=agency)


def record_opinion(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    *,
    party: str,
    opinion: str,
    on: date | None = None,
    agency: str | None = None,
    action: str = "record-opinion",
    ended_on: date | None = None,
    attach: AttachmentRequest | None = None,
) -> ActionResult:
    """记录意见: the consulted party's written answer (Reg. arts. 32, 34; seed 003) ends its
    stop of the reply clock (art. 33 para. 3)."""
    if opinion not in OPINIONS:
        raise ValidationError(f"可选：{'、'.join(OPINIONS)}", field="--opinion（意见）")

    def step(case: Case, env: ActionEnv) -> dict[str, Any]:
        consultations = case.decisions.consultations
        index = next(
            (i for i, c in enumerate(consultations) if c.party == party and c.is_open), None
        )
        if index is None:
            raise ActionNotAllowedError(
                f"没有向「{party}」征求意见的未结记录", field="--party（征求对象）"
            )
        # Reg. art. 34: another agency's silence counts as consent.
        deemed = opinion == "none" and consultations[index].party_kind == "agency"
        case.decisions = case.decisions.with_consultation_at(
            index, ended_on=ended_on or env.on, opinion=opinion, deemed_consent=deemed
        )
        return {"party": party, "opinion": opinion, "deemed_consent": deemed}

    return run_action(uow, ctx, reference, action, on, step, agency=agency, attach=attach)
