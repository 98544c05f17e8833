"""The letters of a case (文书): their kinds, titles, numbers, dates and standard wording.

Every document a case produces (domain.md §5) has a kind code used everywhere (the documents
table, ``casework docs --json``, the template file name), a title printed verbatim, and — for
letters that go out — a 发文字号 of its own sequence per agency, kind and year (GB/T 9704-2012:
机关代字〔year〕seq号, no leading zeros, no 「第」).  The remedy paragraph follows domain.md §3
(ARL arts. 20, 23; ALL arts. 45, 46).  Pure: no files, no clock, no template engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from casework.domain.agency import AgencyProfile
from casework.domain.case.records import Case
from casework.domain.workflow.outcomes import PLACEHOLDER_TAG, Remedy


class DocumentKind(StrEnum):
    """The documents of a case (LETTER_API.md; domain.md §5).

    acknowledgement: 登记回执, given at registration (Reg. arts. 31, 45).
    correction_notice: 补正告知书 (Reg. art. 30).
    extension_notice: 延期答复告知书 (Reg. art. 33 para. 2).
    third_party_consultation: 第三方意见征询函 (Reg. art. 32).
    agency_consultation: 征求意见函 to another agency (Reg. art. 34).
    disclosure_notice: 公开告知书 to a third party whose objection the public interest
        overrides (Reg. art. 32).
    fee_notice: 收费通知书 (Reg. art. 42; 国办函〔2020〕109号).
    reasons_request: 说明理由通知 (Reg. art. 35): the agency asks for the reasons of an
        excessive request, with a period and the consequence.
    deferral_notice: 延迟答复告知书 (Reg. art. 35): the reasons were found reasonable and the
        agency fixes a later reply date (distinct from the art. 33 延期答复告知书).
    termination: 终止办理告知书, the reply of a lapsed correction or fee (Reg. arts. 30, 42).
    delivery_record: 送达回证 (国办公开办函〔2016〕235号).
    reply: 政府信息公开申请答复书 (Reg. arts. 36-39).
    consultation_notice: 征求意见告知书 to the applicant: the information is being consulted on
        and that time is not counted in the reply period (Reg. art. 33 para. 3).
    withdrawal_notice: 撤回申请确认书, the written end of a withdrawn application (seed 003).
    re_reply: 政府信息公开申请重新答复书, the reply a reconsideration decision or judgment
        ordered (ARL art. 64; ALL art. 70), naming that decision and the reply it replaces.
    """

    ACKNOWLEDGEMENT = "acknowledgement"
    CORRECTION_NOTICE = "correction_notice"
    EXTENSION_NOTICE = "extension_notice"
    THIRD_PARTY_CONSULTATION = "third_party_consultation"
    AGENCY_CONSULTATION = "agency_consultation"
    DISCLOSURE_NOTICE = "disclosure_notice"
    FEE_NOTICE = "fee_notice"
    REASONS_REQUEST = "reasons_request"
    DEFERRAL_NOTICE = "deferral_notice"
    TERMINATION = "termination"
    DELIVERY_RECORD = "delivery_record"
    REPLY = "reply"
    CONSULTATION_NOTICE = "consultation_notice"
    WITHDRAWAL_NOTICE = "withdrawal_notice"
    RE_REPLY = "re_reply"

    @property
    def heading(self) -> str:
        """The document name printed as the title, exactly."""
        return _TITLES[self]

    @property
    def is_decision(self) -> bool:
        """The reply and the termination letter: drafted, reviewed, then numbered at issue."""
        return self in (DocumentKind.REPLY, DocumentKind.TERMINATION, DocumentKind.RE_REPLY)


_TITLES = {
    DocumentKind.ACKNOWLEDGEMENT: "登记回执",
    DocumentKind.CORRECTION_NOTICE: "补正告知书",
    DocumentKind.EXTENSION_NOTICE: "延期答复告知书",
    DocumentKind.THIRD_PARTY_CONSULTATION: "第三方意见征询函",
    DocumentKind.AGENCY_CONSULTATION: "征求意见函",
    DocumentKind.DISCLOSURE_NOTICE: "公开告知书",
    DocumentKind.FEE_NOTICE: "收费通知书",
    DocumentKind.REASONS_REQUEST: "说明理由通知",
    DocumentKind.DEFERRAL_NOTICE: "延迟答复告知书",
    DocumentKind.TERMINATION: "终止办理告知书",
    DocumentKind.DELIVERY_RECORD: "送达回证",
    DocumentKind.REPLY: "政府信息公开申请答复书",
    DocumentKind.CONSULTATION_NOTICE: "征求意见告知书",
    DocumentKind.WITHDRAWAL_NOTICE: "撤回申请确认书",
    DocumentKind.RE_REPLY: "政府信息公开申请重新答复书",
}

# GB/T 9704-2012 and domain.md §5: one sequence per agency, kind and year.  The reply and the
# termination letter share the reply sequence (信复), allocated by ``issue``; the delivery
# record carries no number of its own (it records the reply's).
NUMBER_MARKERS: dict[DocumentKind, str] = {
    DocumentKind.ACKNOWLEDGEMENT: "登",
    DocumentKind.CORRECTION_NOTICE: "补",
    DocumentKind.EXTENSION_NOTICE: "延",
    DocumentKind.THIRD_PARTY_CONSULTATION: "征",
    DocumentKind.AGENCY_CONSULTATION: "商",
    DocumentKind.DISCLOSURE_NOTICE: "告",
    DocumentKind.FEE_NOTICE: "费",
    DocumentKind.REASONS_REQUEST: "询",
    DocumentKind.DEFERRAL_NOTICE: "迟",
    DocumentKind.CONSULTATION_NOTICE: "知",
    DocumentKind.WITHDRAWAL_NOTICE: "撤",
}
# Seed 003: an abandoned application still gets a written notice, the termination letter.
LAPSE_OUTCOMES = frozenset({"correction_lapsed", "fee_lapsed"})
DRAFT_NUMBER = "〔签发时编号〕"  # a draft's 字号 paragraph, replaced by the number at issue
SEAL_MARK = "（印章）"  # where the seal is stamped by hand when no seal image is configured
STATUS_DRAFT = "draft"
STATUS_FINAL = "final"
# Reg. arts. 32, 34: the consulted party has 15 working days from its receipt of the letter.
CONSULTATION_WINDOW_DAYS = 15
# Fee (国办函〔2020〕109号; domain.md §1.6): payment within 20 working days from the day after receipt.
FEE_PAYMENT_DAYS = 20
# Reg. art. 33 para. 1: reply within 20 working days of receipt.
REPLY_DAYS = 20


def decision_kind(outcome: str, *, reopened: bool = False) -> DocumentKind:
    """The letter that carries the decision: the termination letter for a lapse, else the
    reply — a 重新答复 once a remedy's decision reopened the case (ARL art. 64; ALL art. 70)."""
    if outcome in LAPSE_OUTCOMES:
        return DocumentKind.TERMINATION
    return DocumentKind.RE_REPLY if reopened else DocumentKind.REPLY


def document_number(doc_code: str, kind: DocumentKind, year: int, seq: int) -> str:
    """发文字号 of a letter with its own sequence: 机关代字信{marker}〔year〕seq号."""
    if seq < 1:
        raise ValueError(f"document sequence must start at 1, not {seq}")
    return f"{doc_code}信{NUMBER_MARKERS[kind]}〔{year}〕{seq}号"


def chinese_date(day: date) -> str:
    """A date as letters print it: 2026年4月1日 (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def optional_date(value: str | None) -> str:
    """An ISO date from the case facts as letters print it; empty when absent."""
    return chinese_date(date.fromisoformat(value)) if value else ""


def remedy_text(remedy: Remedy, profile: AgencyProfile) -> str:
    """The remedy paragraph (domain.md §3; LETTER_API.md gives the exact wording).

    ARL art. 20: 60 days for reconsideration; ALL art. 46: 6 months for a direct lawsuit;
    ARL art. 23 (复议前置): refusals under Reg. arts. 14-16 state that reconsideration must
    come first, then a lawsuit within 15 days of the decision (ALL art. 45) or of the organ's
    refusal, dismissal or silence (ARL art. 34), never a direct lawsuit.
    """
    organ, court = profile.reconsideration_organ, profile.litigation_wording
    if remedy is Remedy.RECONSIDERATION_FIRST:
        # ARL art. 23 para. 2: the agency must TELL the applicant reconsideration comes first;
        # ARL art. 34: the route to court when the organ refuses, dismisses or stays silent.
        return (
            "根据《中华人民共和国行政复议法》第二十三条第一款第（四）项、第二款和第三十四条的"
            f"规定，如对本答复不服，应当先自收到本答复之日起60日内向{organ}申请行政复议；"
            f"对行政复议决定不服的，可以自收到行政复议决定书之日起15日内{court}；"
            f"{organ}决定不予受理、驳回申请或者受理后超过行政复议期限不作答复的，可以自收到"
            f"决定书之日起或者行政复议期限届满之日起15日内{court}。"
        )
    if remedy is Remedy.EITHER:
        return (
            f"如对本答复不服，可以自收到本答复之日起60日内向{organ}申请行政复议，"
            f"或者自收到本答复之日起6个月内{court}。"
        )
    raise ValueError("follows_ground is resolved to the ground's remedy before printing")


_TRAILING_STOPS = "。．.；; \n"


def clean_fact(text: str | None) -> str:
    """A clerk's fact as a paragraph uses it: trimmed, without the closing full stop.

    The catalogue's paragraphs supply the stop after a placeholder (outcomes.yaml header).
    """
    return (text or "").strip().rstrip(_TRAILING_STOPS)


# A request longer than this is quoted in full once per letter, then summarised (issue 13).
LONG_REQUEST_CHARS = 50
SUMMARY_CHARS = 20


def request_summary(request: str) -> str:
    """The request as a letter refers to it after quoting it once: a long one shortened."""
    if len(request) <= LONG_REQUEST_CHARS:
        return request
    return f"{request[:SUMMARY_CHARS]}……"


def fill_paragraph(template: str, values: Mapping[str, str]) -> str:
    """The catalogue paragraph with its placeholders filled (a tiny, pure substitution).

    Only what ``workflows/outcomes.yaml`` allows and the catalogue check has verified:
    ``{{ name }}`` and ``{% if name %}`` / ``{% elif name %}`` / ``{% else %}`` /
    ``{% endif %}``.  A missing or empty name is false and prints nothing.
    """
    out: list[str] = []
    stack: list[tuple[bool, bool]] = []  # (enclosing block prints, a branch was taken)
    printing, position = True, 0
    for match in PLACEHOLDER_TAG.finditer(template):
        if printing:
            out.append(template[position : match.start()])
        position = match.end()
        expression, statement = match.group(1), match.group(2)
        if expression is not None:
            out.append(values.get(expression.strip(), "") if printing else "")
            continue
        words = statement.split()
        if words[0] == "if":
            chosen = bool(values.get(words[1]))
            stack.append((printing, chosen))
            printing = printing and chosen
        elif words[0] == "elif":
            outer, taken = stack[-1]
            chosen = not taken and bool(values.get(words[1]))
            stack[-1] = (outer, taken or chosen)
            printing = outer and chosen
        elif words[0] == "else":
            outer, taken = stack[-1]
            stack[-1] = (outer, True)
            printing = outer and not taken
        else:  # endif
            printing, _taken = stack.pop()
    if printing:
        out.append(template[position:])
    return "".join(out)


@dataclass(frozen=True)
class LetterSubject:
    """Which letter of a case: its kind, the ordinal among the case's letters of that kind
    (the n-th correction notice answers the n-th correction record), draft or final, its
    number and its date."""

    kind: DocumentKind
    ordinal: int
    final: bool
    number: str | None
    dated_on: date


@dataclass(frozen=True)
class StoredDocument:
    """A rendered letter as the documents table keeps it (issue #5)."""

    case_id: int
    kind: str
    number: str | None
    status: str
    path: str  # its name, <agency>/<year>/<case>/<kind>-<n>.docx; the bytes are in the store
    sha256: str
    created_at: datetime
    created_by: str
    id: int | None = None

    @property
    def final(self) -> bool:
        return self.status == STATUS_FINAL

    def journal_entry(self) -> dict[str, str | None]:
        """What the action's journal entry repeats about the letter."""
        return {"kind": self.kind, "number": self.number, "path": self.path, "sha256": self.sha256}


def current_documents(
    documents: list[StoredDocument], voided: frozenset[str] = frozenset()
) -> list[StoredDocument]:
    """The letters that stand: every final letter, and a draft only while no later letter of
    its kind (a new draft after a return, or the issued letter) replaces it and no withdrawal
    voided it (``voided``: paths; seed 003)."""
    standing = []
    for index, document in enumerate(documents):
        later = documents[index + 1 :]
        if document.path in voided:
            continue
        if document.final or not any(other.kind == document.kind for other in later):
            standing.append(document)
    return standing


def voided_paths(case: Case) -> frozenset[str]:
    """The drafts a withdrawal made void: kept on file, shown as void, never checked."""
    withdrawal = case.decisions.withdrawal
    return frozenset(withdrawal.voided) if withdrawal else frozenset()


def ordinal_of(documents: list[StoredDocument], target: StoredDocument) -> int:
    """1 for the first letter of its kind in the case, 2 for the second …"""
    same = [d for d in documents if d.kind == target.kind]
    return next(i for i, d in enumerate(same, start=1) if d is target)
