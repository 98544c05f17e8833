"""Wiring: settings → engine → unit of work → service context.  Nothing happens at import.

The CLI calls :func:`bootstrap` inside a command body, so ``casework --help`` never pays for
SQLAlchemy or pydantic-settings.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from casework.errors import ConfigurationError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from casework.adapters.letters import DocxLetterRenderer
    from casework.adapters.report_queries import SqlReportQueries
    from casework.adapters.repository import SqlUnitOfWork
    from casework.adapters.spreadsheets import ReportFileWriter
    from casework.adapters.status_queries import SqlStatusQueries
    from casework.services.context import ServiceContext
    from casework.settings import Settings

SHANGHAI = ZoneInfo("Asia/Shanghai")
# For demos and tests only: pretend "now" is this ISO date or timestamp (Asia/Shanghai).
NOW_OVERRIDE = "CASEWORK_NOW"


def current_time() -> datetime:
    raw = os.environ.get(NOW_OVERRIDE)
    if not raw:
        return datetime.now(SHANGHAI)
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise ConfigurationError("应为 ISO 日期或时间，如 2026-04-01", field=NOW_OVERRIDE) from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=SHANGHAI)


@dataclass
class App:
    """The wired application for one command."""

    settings: Settings
    user: str
    _engine: Engine | None = field(default=None, repr=False)
    _base: ServiceContext | None = field(default=None, repr=False)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from casework.adapters.database import ensure_schema, make_engine

            self._engine = make_engine(self.settings.effective_database_url)
            ensure_schema(self._engine)  # migrations run on first use
        return self._engine

    def uow(self) -> SqlUnitOfWork:
        from casework.adapters.repository import SqlUnitOfWork

        return SqlUnitOfWork(self.engine)

    def report_queries(self) -> SqlReportQueries:
        """The read-only report queries (issue #7)."""
        from casework.adapters.report_queries import SqlReportQueries

        return SqlReportQueries(self.engine)

    def status_queries(self) -> SqlStatusQueries:
        """The public status lookup's read-only query (issue 19)."""
        from casework.adapters.status_queries import SqlStatusQueries

        return SqlStatusQueries(self.engine)

    def report_files(self) -> ReportFileWriter:
        """The .xlsx/.docx writers of reports and registers (issue #7)."""
        from casework.adapters.spreadsheets import ReportFileWriter

        return ReportFileWriter()

    def context(self, now: datetime | None = None) -> ServiceContext:
        """The service context at ``now`` (default: the current moment)."""
        if self._base is None:
            self._base = self._build_context()
        return replace(self._base, now=now or current_time())

    def _build_context(self) -> ServiceContext:
        # Read the workflow, the outcome catalogue and the calendar once per command: a list
        # of many cases asks for the context once per row.
        from casework.adapters.calendar_data import package_years
        from casework.adapters.outcome_file import load_outcomes
        from casework.adapters.workflow_file import load_workflow
        from casework.domain.clock.model import ClockRules
        from casework.resources import data_path
        from casework.services.context import ServiceContext

        settings = self.settings
        clock = settings.clock
        workflows = settings.workflows_dir or data_path("workflows")
        return ServiceContext(
            actor=self.user,
            now=current_time(),
            agencies=settings.agencies,
            default_agency=settings.default_agency,
            case_number_format=settings.number_format,
            builtin_calendar=package_years(),
            users=settings.users,
            machine=load_workflow(workflows / "disclosure.yaml"),
            outcomes=load_outcomes(workflows / "outcomes.yaml"),
            correction_rounds=clock.correction_rounds,
            clock_rules=ClockRules(
                rest_day_receipt=clock.rest_day_receipt,
                correction_period_days=clock.correction_period_days,
                reasons_period_days=clock.reasons_period_days,
                stop_boundary=clock.stop_boundary,
                fee_stops_clock=clock.fee_stops_clock,
            ),
            letters=self._letters(),
        )

    def _letters(self) -> DocxLetterRenderer:
        """Letters (issue #5): the replies folder of the shipped or configured templates."""
        from casework.adapters.letters import DocxLetterRenderer
        from casework.resources import data_path

        templates = data_path("templates", self.settings.templates_dir) / "replies"
        letters = self.settings.letters
        return DocxLetterRenderer(
            templates, self.settings.documents_dir, letters.pdf_timeout, letters.soffice
        )

    def today(self) -> date:
        return current_time().date()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def bootstrap(home: Path, user: str | None = None) -> App:
    """Load the settings of ``home`` and wire the application."""
    from casework.domain.application.validation import control_character_problem
    from casework.settings import load_settings

    settings = load_settings(home, user=user)
    acting = settings.user if settings.user is not None else _login_name()
    # The acting user is written into every journal entry and letter record.
    problem = control_character_problem(acting, multiline=False)
    if not acting.strip():
        problem = "不能为空"
    if problem is not None:
        raise ConfigurationError(problem, field="--user（经办人）")
    return App(settings=settings, user=acting)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError) as exc:
        raise ConfigurationError(
            "无法确定当前用户，请用 --user 或 CASEWORK_USER 指定", field="--user（经办人）"
        ) from exc
