"""Wiring: settings → engine → unit of work → service context.  Nothing happens at import.

The CLI calls :func:`bootstrap` inside a command body, so ``casework --help`` never pays for
SQLAlchemy or pydantic-settings.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from zoneinfo import ZoneInfo

from casework.errors import ConfigurationError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from casework.adapters.account_store import SqlAccountStore
    from casework.adapters.case_import import SqlCaseImporter
    from casework.adapters.case_reader import SqlCaseReader
    from casework.adapters.letters import DocxLetterRenderer
    from casework.adapters.page_images import PdftoppmPages
    from casework.adapters.passwords import Argon2Passwords
    from casework.adapters.report_queries import SqlReportQueries
    from casework.adapters.repository import SqlUnitOfWork
    from casework.adapters.spreadsheets import ReportFileWriter
    from casework.adapters.status_queries import SqlStatusQueries
    from casework.domain.agency import ActingUser
    from casework.domain.workflow.catalogue import OutcomeCatalogue
    from casework.services.context import ServiceContext
    from casework.services.ports import LetterRenderer
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
    # What --user / CASEWORK_USER / the ``user`` setting named; the acting user is resolved
    # from the identity setting on first use (the database login needs a connection).
    declared_user: str | None
    _engine: Engine | None = field(default=None, repr=False)
    _base: ServiceContext | None = field(default=None, repr=False)
    _acting: ActingUser | None = field(default=None, repr=False)

    @property
    def acting(self) -> ActingUser:
        """Who acts and how that is known (issue 15; domain.md §7)."""
        if self._acting is None:
            from casework.domain.agency import resolve_acting_user

            source = self.settings.identity_source
            login = None
            if source == "database":
                from casework.adapters.database import session_login

                login = session_login(self.engine)
            elif source == "os":
                login = _login_name()
            self._acting = resolve_acting_user(
                source, self.settings.users, login=login, declared=self.declared_user
            )
        return self._acting

    @property
    def user(self) -> str:
        return self.acting.code

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from casework.adapters.database import ensure_schema, make_engine
            from casework.start_up import resume_collection

            self._engine = make_engine(self.settings.effective_database_url)
            ensure_schema(self._engine)  # migrations run on first use
            resume_collection()  # start-up is over: the command's own work collects (#18)
        return self._engine

    def uow(self, agencies: tuple[str, ...] | None = None) -> SqlUnitOfWork:
        """A unit of work; ``agencies`` limits it to those agencies' cases (the staff API)."""
        from casework.adapters.repository import SqlUnitOfWork

        return SqlUnitOfWork(self.engine, agencies)

    def reader(self) -> SqlCaseReader:
        """The read-only unit of work of ``show``, ``history`` and ``list``: SQLAlchemy Core,
        no ORM import or mapper start (issue #18)."""
        from casework.adapters.case_reader import SqlCaseReader

        return SqlCaseReader(self.engine)

    def case_importer(self) -> SqlCaseImporter:
        """The bulk writer of ``casework import`` (issue 17)."""
        from casework.adapters.case_import import SqlCaseImporter
        from casework.services.importing import fresh_query_codes

        context = self.context()
        return SqlCaseImporter(
            self.engine,
            context.case_number,
            lambda count: fresh_query_codes(context.new_query_code, count),
        )

    def report_queries(self) -> SqlReportQueries:
        """The read-only report queries (issue #7)."""
        from casework.adapters.report_queries import SqlReportQueries

        return SqlReportQueries(self.engine)

    def status_queries(self) -> SqlStatusQueries:
        """The public status lookup's read-only query (issue 19)."""
        from casework.adapters.status_queries import SqlStatusQueries

        return SqlStatusQueries(self.engine)

    def accounts(self) -> SqlAccountStore:
        """The review console's accounts and sessions (issue 20)."""
        from casework.adapters.account_store import SqlAccountStore

        return SqlAccountStore(self.engine)

    def passwords(self) -> Argon2Passwords:
        """The console's password hashes (argon2id, issue 20)."""
        from casework.adapters.passwords import Argon2Passwords

        return Argon2Passwords()

    def page_images(self) -> PdftoppmPages:
        """Letters' PDF pages as PNG images for the review console (issue 20)."""
        from casework.adapters.page_images import PdftoppmPages

        return PdftoppmPages()

    def report_files(self) -> ReportFileWriter:
        """The .xlsx/.docx writers of reports and registers (issue #7)."""
        from casework.adapters.spreadsheets import ReportFileWriter

        return ReportFileWriter()

    def context(self, now: datetime | None = None) -> ServiceContext:
        """The service context at ``now`` (default: the current moment)."""
        base = self.reference_context()
        acting = self.acting
        return replace(base, now=now or current_time(), actor=acting.code, identity=acting.source)

    def request_context(
        self, actor: str, identity: str, now: datetime | None = None
    ) -> ServiceContext:
        """The context of one HTTP request (issue 19): ``actor`` is the person the request
        authenticated (a staff token's user, ``identity = "token"``) or the public website
        (``"online"``), never the login the server process runs under."""
        return replace(
            self.reference_context(), now=now or current_time(), actor=actor, identity=identity
        )

    def system_context(self, now: datetime | None = None) -> ServiceContext:
        """The context of the alert sweep and the scheduler daemon: no person acts (the
        sweep journals its lapses as the system), so no login needs a [users] entry."""
        return replace(
            self.reference_context(), now=now or current_time(), actor="system", identity="system"
        )

    def reference_context(self) -> ServiceContext:
        """The configuration, workflow and catalogue without an acting user (shell completion
        reads these before anyone is identified); never for an action."""
        if self._base is None:
            self._base = self._build_context()
        return self._base

    def _build_context(self) -> ServiceContext:
        # Read the workflow, the outcome catalogue and the calendar once per command: a list
        # of many cases asks for the context once per row.
        from casework.adapters.calendar_data import package_years
        from casework.adapters.workflow_file import load_workflow
        from casework.domain.clock.model import ClockRules
        from casework.resources import data_path
        from casework.services.context import ServiceContext

        settings = self.settings
        clock = settings.clock
        workflows = settings.workflows_dir or data_path("workflows")
        return ServiceContext(
            actor="",
            identity="none",
            now=current_time(),
            agencies=settings.agencies,
            default_agency=settings.default_agency,
            case_number_format=settings.number_format,
            builtin_calendar=package_years(),
            users=settings.users,
            machine=load_workflow(workflows / "disclosure.yaml"),
            # The outcome catalogue is read on first use: `show` and `list` of open cases
            # never need it (issue #18).
            outcomes=cast("OutcomeCatalogue", _OnFirstUse(lambda: _outcomes(workflows))),
            correction_rounds=clock.correction_rounds,
            clock_rules=ClockRules(
                rest_day_receipt=clock.rest_day_receipt,
                correction_period_days=clock.correction_period_days,
                reasons_period_days=clock.reasons_period_days,
                stop_boundary=clock.stop_boundary,
                fee_stops_clock=clock.fee_stops_clock,
            ),
            # docxtpl, python-docx and jinja2 load on the first letter, not for `show` (#18).
            letters=cast("LetterRenderer", _OnFirstUse(self._letters)),
        )

    def _letters(self) -> DocxLetterRenderer:
        """Letters (issue #5): the replies folder of the shipped or configured templates."""
        from casework.resources import data_path
        from casework.start_up import loading_more

        with loading_more():  # docxtpl, python-docx and jinja2: the first letter's start-up (#18)
            from casework.adapters.letters import DocxLetterRenderer

        templates = data_path("templates", self.settings.templates_dir) / "replies"
        letters = self.settings.letters
        return DocxLetterRenderer(templates, letters.pdf_timeout, letters.soffice)

    def today(self) -> date:
        return current_time().date()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def _outcomes(workflows: Path) -> OutcomeCatalogue:
    """The outcome catalogue of ``workflows``; its reader and models load here, on first use."""
    from casework.adapters.outcome_file import load_outcomes

    return load_outcomes(workflows / "outcomes.yaml")


class _OnFirstUse:
    """An adapter built the first time one of its attributes is read (start-up, issue #18)."""

    def __init__(self, build: Callable[[], object]) -> None:
        self._build = build
        self._built: object | None = None

    def __getattr__(self, name: str) -> Any:
        if self._built is None:
            self._built = self._build()
        return getattr(self._built, name)


def bootstrap(home: Path, user: str | None = None) -> App:
    """Load the settings of ``home`` and wire the application."""
    from casework.domain.agency import USER_CODE_MAX
    from casework.domain.application.validation import control_character_problem
    from casework.settings import load_settings

    settings = load_settings(home, user=user)
    declared = settings.user
    if declared is not None:
        # The acting user is written into every journal entry and letter record.
        problem = control_character_problem(declared, multiline=False)
        if not declared.strip():
            problem = "不能为空"
        elif len(declared) > USER_CODE_MAX:
            problem = f"不能超过 {USER_CODE_MAX} 个字符"
        if problem is not None:
            raise ConfigurationError(problem, field="--user（经办人）")
    return App(settings=settings, declared_user=declared)


def _login_name() -> str:
    """The operating-system login of this process, from its user id: not ``$USER`` or
    ``$LOGNAME``, which anyone may set (getpass reads those first)."""
    import pwd

    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError as exc:
        raise ConfigurationError(
            f"无法确定当前操作系统用户（uid {os.geteuid()} 没有用户名）", field="--user（经办人）"
        ) from exc
