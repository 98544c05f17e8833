"""The annual report (AR, Reg. arts. 49-50): tables 三 and 四 for one year, checked, and
written as .xlsx and .docx when asked.

Departments publish by 31 January and governments by 31 March, for the previous year, which is
therefore the default year.  The counts come from SQL (``ReportQueries``); the layout, the
definitions and the checks from :mod:`casework.domain.report.annual`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from casework.domain.report.annual import AnnualReport, build_report
from casework.domain.report.statistics import LedgerRow
from casework.errors import ValidationError
from casework.services.context import ServiceContext
from casework.services.ports import ReportQueries
from casework.services.tally import Tally, told

YEAR_FIELD = "--year（年度）"
FIRST_YEAR = 2008  # the Regulation first took effect on 2008-05-01 (国务院令第492号)


class ReportFiles(Protocol):
    """Writing reports to files (openpyxl, python-docx): the adapter behind the services."""

    def annual_xlsx(self, report: AnnualReport, path: Path) -> None: ...

    def annual_docx(self, report: AnnualReport, path: Path) -> None: ...

    def ledger_xlsx(self, rows: list[LedgerRow], title: str, path: Path) -> None: ...

    def ledger_csv(self, rows: list[LedgerRow], path: Path) -> None: ...


@dataclass(frozen=True)
class Scope:
    """One agency's cases, or every agency's (``agency`` None)."""

    agency: str | None
    label: str


def scope(ctx: ServiceContext, agency: str | None, all_agencies: bool) -> Scope:
    """``--agency A`` or ``--all-agencies`` (default: the configured default agency)."""
    if all_agencies:
        if agency:
            raise ValidationError(
                "--agency 与 --all-agencies 不能同时使用", field="--all-agencies（全部机关）"
            )
        return Scope(None, "全部机关")
    code, profile = ctx.agency(agency)
    return Scope(code, profile.name)


def annual_report(
    queries: ReportQueries,
    files: ReportFiles,
    ctx: ServiceContext,
    *,
    year: int | None = None,
    agency: str | None = None,
    all_agencies: bool = False,
    xlsx: Path | None = None,
    docx: Path | None = None,
    tally: Tally | None = None,
) -> tuple[AnnualReport, Scope]:
    """Tables 三 and 四 of ``year`` (default: last year), checked; files written if asked.
    ``tally`` is told each step done: the two counts, the checked report, each file."""
    chosen = ctx.today.year - 1 if year is None else year
    if not FIRST_YEAR <= chosen <= ctx.today.year:
        raise ValidationError(
            f"应在 {FIRST_YEAR} 年至今年（{ctx.today.year}）之间", field=YEAR_FIELD
        )
    where = scope(ctx, agency, all_agencies)
    steps = 3 + (xlsx is not None) + (docx is not None)
    cases = queries.case_counts(chosen, where.agency)
    told(tally, 1, steps)
    remedies = queries.remedy_counts(chosen, where.agency)
    told(tally, 2, steps)
    report = build_report(chosen, where.agency, cases, remedies, ctx.catalogue)
    told(tally, 3, steps)
    if xlsx is not None:
        files.annual_xlsx(report, xlsx)
        told(tally, 4, steps)
    if docx is not None:
        files.annual_docx(report, docx)
        told(tally, steps, steps)
    return report, where
