"""Which alerts a case or an agency has on a date: the countdowns (reply, correction notice,
correction period, consultation, fee payment), the notices (late correction notice, reply not
delivered, case not archived, provisional date) and the annual report's publication date.

Pure decisions over a ``CaseSnapshot``; the vocabulary lives in ``casework.domain.alerts.model``.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import NamedTuple

from casework.domain.alerts.model import (
    Alert,
    AlertDay,
    AlertKind,
    AlertLevel,
    AlertRules,
    CaseSnapshot,
    level_on,
)
from casework.domain.calendar.working import WorkingCalendar
from casework.domain.case.decisions import CorrectionRequest
from casework.domain.clock.model import ClockRules

_FEE_RULE = "《政府信息公开信息处理费管理办法》"


class _Deadline(NamedTuple):
    """A countdown before it becomes an alert: its kind, due date, lead time and the words."""

    kind: AlertKind
    due_on: date
    lead_days: int
    what: str  # e.g. 「答复期限」
    consequence: str  # the legal consequence and basis, in brackets
    # Tells apart two countdowns of one kind and date in one case (two consulted parties
    # whose windows end the same day): part of the ledger key, so each is sent once.
    part: str = ""


# Reg. art. 33; Delivery (国办公开办函〔2016〕235号) while an issued reply is not handed over.
_REPLY_WORDS = "（条例第三十三条）"
_REPLIED_WORDS = "（条例第三十三条；答复已签发但尚未送达，以交付或交邮之日为答复作出之日）"


class _Finding(NamedTuple):
    """An alert before it is given its case: what ``_case_alert`` adds is the case's number,
    agency and handler, so findings can be shared between cases with the same dates."""

    kind: AlertKind
    level: AlertLevel
    due_on: date
    text: str
    part: str = ""


def _countdown(deadline: _Deadline, level: AlertLevel, day: AlertDay) -> _Finding:
    due = deadline.due_on.isoformat()
    if level is AlertLevel.DUE_SOON:
        left = day.between(day.on, deadline.due_on)
        text = f"{deadline.what}为 {due}，还剩 {left} 个工作日"
    elif level is AlertLevel.DUE_TODAY:
        text = f"今天（{due}）是{deadline.what}的最后一日"
    else:
        late = day.between(deadline.due_on, day.on)
        text = f"{deadline.what} {due} 已过（逾期 {late} 个工作日）"
    return _Finding(
        deadline.kind, level, deadline.due_on, f"{text}{deadline.consequence}", deadline.part
    )


def _case_alert(case: CaseSnapshot, finding: _Finding) -> Alert:
    number, part = case.number, finding.part
    # Positional (agency, subject, kind, level, due date, message, case, handler): a sweep makes
    # tens of thousands.
    return Alert(
        case.agency,
        f"{number}/{part}" if part else number,
        finding.kind,
        finding.level,
        finding.due_on,
        f"案件 {number}：{finding.text}",
        number,
        case.handler,
    )


def case_alerts(
    case: CaseSnapshot,
    calendar: WorkingCalendar,
    clock_rules: ClockRules,
    rules: AlertRules,
    on: date,
) -> list[Alert]:
    """Every alert ``case`` has on ``on`` (at most one per kind and due date)."""
    return day_alerts(case, AlertDay(calendar, clock_rules, rules, on))


def day_alerts(case: CaseSnapshot, day: AlertDay) -> list[Alert]:
    """``case_alerts`` with the work of the date shared between the cases: a sweep builds one
    ``AlertDay`` per calendar and decides every case with it.  A case whose decisions say nothing
    about its deadlines (most of a sweep: registered and in-review cases) has the findings of
    its state and stored dates, worked out once for every case that shares them."""
    findings: list[_Finding] | None = None
    if case.decisions.moves_alerts:
        findings = _findings(case, day)
    else:
        shape = (
            case.state,
            case.received_on,
            case.reply_due_on,
            case.next_deadline_on,
            case.due_provisional,
        )
        findings = day.shared.get(shape)
        if findings is None:
            findings = day.shared[shape] = _findings(case, day)
    if not findings:  # most candidates of a sweep have no alert today
        return []
    return [_case_alert(case, finding) for finding in findings]


def _findings(case: CaseSnapshot, day: AlertDay) -> list[_Finding]:
    found = []
    for deadline in _countdowns(case, day):
        level = day.level(deadline.due_on, deadline.lead_days)
        # Art. 30 sets a last day to send the notice, not a duty to send one: once the day has
        # passed there is nothing left to remind of (a late notice is flagged below instead).
        if level is None or (
            level is AlertLevel.OVERDUE and deadline.kind is AlertKind.CORRECTION_NOTICE
        ):
            continue
        found.append(_countdown(deadline, level, day))
    found += _notices(case, day)
    return found


def _countdowns(case: CaseSnapshot, day: AlertDay) -> list[_Deadline]:
    rules, state = day.rules, case.state
    is_open = state in rules.open_states
    found: list[_Deadline] = []
    # Delivery (国办公开办函〔2016〕235号): an issued reply counts as made only when handed over
    # or posted, so the reply clock still matters while the case is "replied".
    if case.reply_due_on and (is_open or state == "replied"):
        words = _REPLIED_WORDS if state == "replied" else _REPLY_WORDS
        soon = rules.due_soon_days
        found.append(_Deadline(AlertKind.REPLY, case.reply_due_on, soon, "答复期限", words))
    if state == "registered" and not case.decisions.corrections:
        # Reg. art. 30: 7 working days after receipt (clock.correction_notice_deadline, without
        # the derivation text: a sweep decides this for every new case).
        due = day.add(day.start(case.received_on), day.clock_rules.correction_notice_days)
        words = "（如需补正，须在此前一次性告知全部补正事项，条例第三十条）"
        lead = rules.correction_notice_lead_days
        found.append(
            _Deadline(AlertKind.CORRECTION_NOTICE, due, lead, "补正告知书最迟发出日", words)
        )
    if is_open and case.decisions.moves_alerts:  # the windows are decisions of the case
        found += _windows(case, day)
    return found


def _windows(case: CaseSnapshot, day: AlertDay) -> list[_Deadline]:
    """The open windows other than the reply: correction period, consultations, fee."""
    decisions, clock_rules, soon = case.decisions, day.clock_rules, day.rules.due_soon_days
    found = []
    last = decisions.last_correction
    if last is not None and not last.answered:
        # Reg. art. 30: the period runs from the applicant's receipt of the notice, or from
        # its sending when that is unknown (clock.correction_period_end).
        start = last.notice_received_on or last.requested_on
        days = last.period_days or clock_rules.correction_period_days
        words = "（逾期未补正视为放弃申请，条例第三十条）"
        end = day.add(start, days)
        found.append(_Deadline(AlertKind.CORRECTION_PERIOD, end, soon, "申请人补正期限", words))
    for consultation in decisions.consultations:
        if not consultation.is_open:
            continue
        party = consultation.party
        if consultation.party_kind == "agency":
            words = "（其他机关逾期未提出意见的视为同意公开，条例第三十四条）"
        else:
            words = "（第三方逾期未提出意见的由本机关依法决定，条例第三十二条）"
        end = consultation.window_ends_on
        what = f"「{party}」答复意见期限"
        # A short digest of the party keeps the ledger subject within its column.
        part = hashlib.sha256(party.encode("utf-8")).hexdigest()[:12]
        found.append(_Deadline(AlertKind.CONSULTATION, end, soon, what, words, part))
    fee = decisions.fee
    if fee and not fee.paid_on and not fee.lapsed_on:
        notice = fee.notice_received_on or fee.notified_on
        # Fee: 20 working days from the day after receipt (clock.fee_payment_deadline).
        end = day.add(notice, clock_rules.fee_payment_days)
        words = f"（逾期未缴费视为放弃申请，{_FEE_RULE}）"
        found.append(_Deadline(AlertKind.FEE_PAYMENT, end, soon, "信息处理费缴费期限", words))
    return found


def _notices(case: CaseSnapshot, day: AlertDay) -> list[_Finding]:
    """Facts to act on, each sent once per due date: a late correction notice, an issued reply
    not delivered, a delivered case not archived, a provisional date."""
    reply, state, rules, found = case.decisions.reply, case.state, day.rules, []
    last = case.decisions.last_correction
    if state == "correcting" and last is not None and last.late:
        found.append(_late_notice(last))
    issued = reply.issued_on
    if state == "replied" and issued:
        due = day.add(issued, rules.not_delivered_days)
        if day.on >= due:
            text = (
                f"答复已于 {issued.isoformat()} 签发，{rules.not_delivered_days} 个工作日后仍未"
                "登记送达（答复以交付或交邮之日为作出之日，国办公开办函〔2016〕235号）"
            )
            found.append(_Finding(AlertKind.NOT_DELIVERED, AlertLevel.NOTICE, due, text))
    made = reply.delivery.made_on if reply.delivery else None
    if state == "delivered" and made:
        due = day.add(made, rules.not_archived_days)
        if day.on >= due:
            text = (
                f"答复已于 {made.isoformat()} 送达，{rules.not_archived_days} 个工作日后仍未归档"
                "（条例第四十五条：登记、审核、办理、答复、归档）"
            )
            found.append(_Finding(AlertKind.NOT_ARCHIVED, AlertLevel.NOTICE, due, text))
    if case.due_provisional:
        found += _provisional(case, day.calendar, rules, day.on)
    return found


def _late_notice(last: CorrectionRequest) -> _Finding:
    """A correction notice sent after its art. 30 deadline."""
    missed = last.deadline or last.requested_on
    reason = last.late_reason or "未说明"
    text = (
        f"补正告知书于 {last.requested_on.isoformat()} 发出，已超过 {missed.isoformat()} 的期限"
        f"（条例第三十条：收到申请之日起7个工作日内），逾期理由：{reason}"
    )
    return _Finding(AlertKind.CORRECTION_NOTICE, AlertLevel.NOTICE, missed, text)


def _provisional(
    case: CaseSnapshot, calendar: WorkingCalendar, rules: AlertRules, on: date
) -> list[_Finding]:
    # domain.md §2.1: a date reaching a year without calendar data is provisional and reported.
    if not case.due_provisional or case.state not in rules.open_states:
        return []
    dates = [d for d in (case.reply_due_on, case.next_deadline_on) if d is not None]
    if not dates:
        return []
    due = max(dates)
    years = "、".join(str(year) for year in calendar.missing_years(on, due)) or str(due.year)
    text = (
        f"期限 {due.isoformat()} 为暂定：{years} 年的节假日安排尚未导入，"
        "导入后将重新计算（casework calendar load）"
    )
    return [_Finding(AlertKind.PROVISIONAL, AlertLevel.NOTICE, due, text)]


def annual_report_alert(
    agency: str, agency_kind: str, on: date, calendar: WorkingCalendar, lead_days: int
) -> Alert | None:
    """The annual report's publication date as it approaches (Reg. arts. 49-50: departments
    by 31 January, people's governments by 31 March, for the previous year)."""
    month = 3 if agency_kind == "government" else 1
    due = date(on.year, month, 31)
    if on > due:
        due = date(on.year + 1, month, 31)
    level = level_on(due, on, calendar, lead_days)
    # Nothing records the publication itself, so the alert stops at the day: an "overdue"
    # would repeat for every office that published on time.
    if level not in (AlertLevel.DUE_SOON, AlertLevel.DUE_TODAY):
        return None
    year = due.year - 1
    basis = "条例第五十条" if month == 3 else "条例第四十九条、第五十条"
    left = calendar.working_days_between(on, due)
    when = "今天到期" if level is AlertLevel.DUE_TODAY else f"还剩 {left} 个工作日"
    message = (
        f"{year}年度政府信息公开工作年度报告应于 {due.isoformat()} 前向社会公布（{when}；{basis}）"
    )
    return Alert(
        agency=agency,
        subject=f"annual-report-{year}",
        kind=AlertKind.ANNUAL_REPORT,
        level=level,
        due_on=due,
        message=message,
    )
