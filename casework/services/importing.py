"""Bringing an agency's history in from its Excel 台账 (``casework import``, issue 17).

Every row is checked with the rules of ``register`` and those of a finished case
(``casework.domain.application.ledger``); by default one refused row refuses the file and
nothing is written (all or nothing), ``partial`` imports the rows that pass.  The cases are
written in one transaction through Core bulk inserts (``CaseImporter``): numbers from the
agency's sequence of the receipt year, the stored dates from the working calendar, one journal
entry each (action ``import``, with the file's sha256 and the row number), so that the annual
report counts them in their years like any other case (domain.md §4: new by receipt date,
results by reply date).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol

from casework.domain.application.ledger import (
    HistoricalCase,
    Refusal,
    duplicate_numbers,
    read_row,
)
from casework.domain.case.decisions import CaseDecisions, Delivery, Draft, ReplyRound
from casework.domain.case.records import Applicant, Case
from casework.domain.clock.batch import derive_dates_many
from casework.services.clocks import working_calendar
from casework.services.context import ServiceContext
from casework.services.ports import UnitOfWork
from casework.services.registration import receipt_facts

IMPORTED = "import"
# A finished case of the old register was answered, delivered and filed under it: it arrives
# 已归档 (final), so that no sweep sends delivery, archiving or reply-period alerts about
# years-old cases (every replied or delivered case is a sweep candidate).  One still open
# arrives 已登记 with its clocks and is handled from here on.
REGISTERED, ARCHIVED = "registered", "archived"


class CaseImporter(Protocol):
    """Writes imported cases in one transaction (numbers, applicants, cases, journal)."""

    def reply_numbers_in_use(self, numbers: Sequence[str]) -> set[str]:
        """Which of ``numbers`` a case in the register already has as its reply number."""
        ...

    def import_cases(
        self,
        cases: Sequence[Case],
        journal: Sequence[dict[str, Any]],
        actor: str,
        identity: str | None = None,
    ) -> None:
        """Give each case the next number of its agency and receipt year (``number`` is
        formatted by the importer's numbering) and store it with its journal entry, sealed as
        the first link of the case's hash chain (issue 17) with how the actor was known."""
        ...


@dataclass
class ImportReport:
    """What an import found and did."""

    rows: int
    refused: list[Refusal] = field(default_factory=list)
    imported: list[Case] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    dry_run: bool = False
    partial: bool = False

    @property
    def refused_rows(self) -> int:
        return len({refusal.row for refusal in self.refused})

    @property
    def written(self) -> bool:
        return bool(self.imported) and not self.dry_run


def check_rows(
    ctx: ServiceContext, rows: Sequence[tuple[int, Mapping[str, str]]]
) -> tuple[list[HistoricalCase], list[Refusal]]:
    """Every row checked; the rows that pass and every refusal, in row order."""
    catalogue = ctx.catalogue
    codes = set(catalogue.codes)
    by_label = {catalogue.get(code).label: code for code in codes}
    # 「部分公开（区分处理）」 is written 「部分公开」 in most registers: a label without its
    # bracket is taken when no other label shares it.
    short = Counter(label.split("（")[0] for label in by_label)
    by_label |= {
        label.split("（")[0]: code
        for label, code in list(by_label.items())
        if short[label.split("（")[0]] == 1
    }

    def outcome_code(text: str) -> str | None:
        return text if text in codes else by_label.get(text)

    passed: list[HistoricalCase] = []
    refused: list[Refusal] = []
    for row, values in rows:
        result = read_row(row, values, ctx.today, outcome_code)
        if isinstance(result, HistoricalCase):
            passed.append(result)
        else:
            refused += result
    duplicates = duplicate_numbers(
        [(row, values["reply_number"]) for row, values in rows if values.get("reply_number")]
    )
    bad_rows = {refusal.row for refusal in duplicates}
    passed = [case for case in passed if case.row not in bad_rows]
    return passed, sorted(refused + duplicates, key=lambda r: r.row)


def import_ledger(
    uow: UnitOfWork,
    importer: CaseImporter,
    ctx: ServiceContext,
    rows: Sequence[tuple[int, Mapping[str, str]]],
    *,
    source: Mapping[str, str],
    dry_run: bool = False,
    partial: bool = False,
) -> ImportReport:
    """Check and (unless refused or ``dry_run``) import ``rows``; ``source`` names the file
    (``file``, ``sha256``) in each journal entry."""
    passed, refused = check_rows(ctx, rows)
    refused = _numbers_in_use(importer, passed, refused)
    passed = [case for case in passed if case.row not in {r.row for r in refused}]
    report = ImportReport(len(rows), refused, dry_run=dry_run, partial=partial)
    if (refused and not partial) or not passed:
        return report
    agency, _profile = ctx.agency(None)
    with uow:
        calendar = working_calendar(uow, ctx, agency)
    cases = [_case(ctx, agency, historical) for historical in passed]
    derived = derive_dates_many(cases, calendar, ctx.clock_rules, ctx.today)
    for historical, case, dates in zip(passed, cases, derived, strict=True):
        case.reply_due_on, case.clock_status = dates.reply_due_on, dates.clock_status
        case.due_provisional = dates.due_provisional
        case.next_deadline_on = dates.next_deadline_on
        case.next_deadline_kind = dates.next_deadline_kind
        case.receipt = receipt_facts(historical.application, calendar, ctx)
        if historical.ledger_number:
            case.receipt["ledger_number"] = historical.ledger_number
        _deliver(case, historical)
    report.imported = cases
    if not dry_run:
        journal = [_journal(h, source) for h in passed]
        importer.import_cases(cases, journal, ctx.actor, ctx.identity)
    return report


def _numbers_in_use(
    importer: CaseImporter, passed: list[HistoricalCase], refused: list[Refusal]
) -> list[Refusal]:
    # GB/T 9704, domain.md §5: a 发文字号 is never used twice, neither in the file nor in the
    # register the file joins.
    numbers = [case.reply_number for case in passed if case.reply_number]
    in_use = importer.reply_numbers_in_use(numbers) if numbers else set()
    more = [
        Refusal(case.row, "答复文号", f"答复文号「{case.reply_number}」已是登记簿中案件的答复文号")
        for case in passed
        if case.reply_number in in_use
    ]
    return sorted(refused + more, key=lambda refusal: refusal.row)


def fresh_query_codes(make: Callable[[], str], count: int) -> list[str]:
    """``count`` query codes, none twice: at 100,000 codes of 31^8 the chance of a repeat
    within one import is about 0.6 %, which would refuse the whole file at the unique index."""
    codes: dict[str, None] = {}
    while len(codes) < count:
        codes[make()] = None
    return list(codes)


def _case(ctx: ServiceContext, agency: str, historical: HistoricalCase) -> Case:
    application = historical.application
    applicant = Applicant(
        name=application.applicant,
        applicant_type=application.applicant_type.value,
        id_type=application.id_type.value if application.id_type else None,
        id_number=application.id_number,
        contact=application.contact,
        address=application.address,
    )
    replied_on = historical.replied_on
    return Case(
        agency=agency,
        number="",  # given by the importer, from the sequence of the receipt year
        year=application.received_on.year,
        seq=0,
        query_code="",
        state=_state(historical),
        workflow=ctx.machine.name if ctx.machine else ctx.workflow,
        workflow_version=ctx.machine.version if ctx.machine else ctx.workflow_version,
        applicant=applicant,
        channel=application.channel.value,
        arrived_on=application.arrived_on,
        received_on=application.received_on,
        description=application.description,
        form=application.form.value if application.form else None,
        delivery=application.delivery.value if application.delivery else None,
        handler=ctx.actor,
        created_at=ctx.now,
        updated_at=ctx.now,
        decisions=_decisions(ctx, historical),
        outcome=historical.outcome,
        reply_number=historical.reply_number,
        # AR (domain.md §4): a result counts in the year the reply was issued.
        concluded_on=replied_on,
    )


def _state(historical: HistoricalCase) -> str:
    return REGISTERED if historical.outcome is None else ARCHIVED


def _decisions(ctx: ServiceContext, historical: HistoricalCase) -> CaseDecisions:
    replied_on = historical.replied_on
    if historical.outcome is None or replied_on is None:
        return CaseDecisions()
    draft = Draft(outcome=historical.outcome, drafter=ctx.actor, drafted_on=replied_on)
    reply = ReplyRound(draft=draft, issued_on=replied_on, concluded_on=replied_on)
    return CaseDecisions(reply=reply, last_action_on=historical.delivered_on or replied_on)


def _deliver(case: Case, historical: HistoricalCase) -> None:
    """The delivery of the reply, judged against the due date just derived (domain.md §2.4:
    the reply is made the day it is handed over or posted)."""
    made_on, method = historical.delivered_on, historical.delivery_method
    if made_on is None or method is None:
        return
    due_on = case.reply_due_on
    delivery = Delivery(
        method=method, made_on=made_on, on_time=due_on is None or made_on <= due_on, due_on=due_on
    )
    reply = replace(case.decisions.reply, delivery=delivery)
    case.decisions = replace(case.decisions, reply=reply)


def _journal(historical: HistoricalCase, source: Mapping[str, str]) -> dict[str, Any]:
    """The journal entry's data: where the case came from.  The identity number stays in the
    applicant record only."""
    return {
        "file": source.get("file"),
        "sha256": source.get("sha256"),
        "row": historical.row,
        "ledger_number": historical.ledger_number,
        "outcome": historical.outcome,
        "reply_number": historical.reply_number,
        "replied_on": _iso(historical.replied_on),
        "delivery_method": historical.delivery_method,
        "delivered_on": _iso(historical.delivered_on),
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
