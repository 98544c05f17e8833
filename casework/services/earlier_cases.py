"""The earlier case a 重复申请 reply cites, read from the register (Reg. art. 36 item 6).

A repeat reply points to the earlier reply to the SAME applicant: the earlier case must exist
in the register of the same agency, belong to the same applicant (the one rule of
``casework.domain.case.applicants``), and have been answered; the
letter prints that reply's 发文字号 and date as the register keeps them (domain.md §1.7, §7).
``draft`` refuses a citation that fails; the checker reads the register again, so a letter
whose earlier case was mistyped, or whose printed number or date differ from the register,
fails its check.
"""

from __future__ import annotations

from datetime import date

from casework.domain.case.applicants import same_applicant
from casework.domain.case.records import Case
from casework.domain.letters.documents import chinese_date
from casework.errors import CaseworkError, ValidationError
from casework.services.lookup import find_case
from casework.services.ports import UnitOfWork

REPEAT = "repeat"
EARLIER_FIELD = "--earlier-case（此前的案件）"


def earlier_register(uow: UnitOfWork, case: Case) -> dict[str, str]:
    """What the register says about the earlier case a repeat reply of ``case`` cites:
    ``earlier_status`` (``ok``, ``missing``, ``same_case``, ``other_applicant``,
    ``not_replied``), and when answered its number and date (details of the checker)."""
    draft = case.decisions.draft
    if draft is None or draft.outcome != REPEAT:
        return {}
    return earlier_register_for(uow, case, draft.fact("earlier_case") or "")


def _register_facts(case: Case, earlier: Case) -> dict[str, str]:
    if earlier.id == case.id:
        return {"earlier_status": "same_case"}
    if not same_applicant(case.applicant, earlier.applicant):
        return {"earlier_status": "other_applicant", "earlier_applicant": earlier.applicant.name}
    issued_on = earlier.decisions.reply.issued_on
    if earlier.reply_number is None or issued_on is None:
        return {"earlier_status": "not_replied"}
    return {
        "earlier_status": "ok",
        "earlier_reply_number": earlier.reply_number,
        "earlier_replied_on": issued_on.isoformat(),
    }


def repeat_facts(uow: UnitOfWork, case: Case, facts: dict[str, str]) -> dict[str, str]:
    """The draft facts of a repeat reply with the earlier reply's number and date from the
    register; refused when the register does not bear the citation out."""
    register = earlier_register_for(uow, case, facts.get("earlier_case", ""))
    problem = REGISTER_PROBLEMS.get(register["earlier_status"])
    if problem:
        raise ValidationError(problem.format(**register), field=EARLIER_FIELD)
    return {
        **facts,
        "earlier_case": register["earlier_reference"],
        "earlier_reply_number": register["earlier_reply_number"],
        "earlier_replied_on": chinese_date_text(register["earlier_replied_on"]),
    }


def earlier_register_for(uow: UnitOfWork, case: Case, reference: str) -> dict[str, str]:
    """The register's answer for ``reference`` (a case number or query code of the agency)."""
    try:
        earlier = find_case(uow, reference.strip(), case.agency)
    except CaseworkError:
        return {"earlier_status": "missing", "earlier_reference": reference.strip()}
    return {"earlier_reference": earlier.number, **_register_facts(case, earlier)}


def chinese_date_text(iso: str) -> str:
    return chinese_date(date.fromisoformat(iso))


# Reg. art. 36 item 6: the refusals, in Chinese, by register status.
REGISTER_PROBLEMS = {
    "missing": "登记簿中没有案件「{earlier_reference}」，重复申请须引用本机关此前办理的案件",
    "same_case": "重复申请不能引用本案自身",
    "other_applicant": "案件「{earlier_reference}」的申请人为「{earlier_applicant}」，"
    "不是本案申请人；重复申请须为同一申请人此前的申请（条例第三十六条第（六）项）",
    "not_replied": "案件「{earlier_reference}」尚未答复，不能作为重复申请的依据",
}
