"""Settings: the home directory, config.toml, environment overrides and the agency profiles.

The home directory (``CASEWORK_HOME``, default ``~/.casework``, or ``--home``) holds
``config.toml`` and the embedded SQLite database (which also holds the letters: the document
store).  Environment variables (prefix ``CASEWORK_``, nested with ``__``) override the file
(``casework.settings_sources``).  This module imports pydantic: only command bodies import it.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic import ValidationError as PydanticValidationError

from casework.adapters.error_text import NESTING_RULE, decode_error, pydantic_rule, toml_error
from casework.alert_settings import AlertSettings, SmtpSettings, WebhookSettings
from casework.domain.agency import USER_CODE_MAX, AgencyProfile, IdentitySource, UserProfile
from casework.domain.application.validation import control_character_problem
from casework.errors import ConfigurationError
from casework.settings_sources import environment_values, merged

__all__ = ["AlertSettings", "Settings", "SmtpSettings", "WebhookSettings", "load_settings"]

DEFAULT_HOME = Path("~/.casework")
CONFIG_FILE = "config.toml"


class ClockSettings(BaseModel):
    """The rules the law leaves open (domain.md §1.2, §1.3, §1.6, §2.3), with their defaults."""

    model_config = ConfigDict(extra="forbid")

    # domain.md §1.2: a receipt on a rest day counts from the next working day by default.
    rest_day_receipt: Literal["roll-forward", "as-is"] = "roll-forward"
    # Reg. art. 30 leaves the correction period open; default 15 working days.
    correction_period_days: int = Field(default=15, ge=1, le=60)
    # Reg. art. 35 leaves the period for stating reasons open; default 15 working days.
    reasons_period_days: int = Field(default=15, ge=1, le=60)
    # Reg. art. 30: one correction notice; more rounds only where the agency allows it.
    correction_rounds: int = Field(default=1, ge=1, le=3)
    # Reg. art. 33 para. 3: boundary of stopped time (consultation, fee notice).
    stop_boundary: Literal["day-after-through-end", "send-day-through-day-before-end"] = (
        "day-after-through-end"
    )
    # domain.md §1.6 (configurable, default on): the time from the fee notice (Reg. art. 42;
    # 国办函〔2020〕109号) until payment is not counted in the reply period.
    fee_stops_clock: bool = True


class LetterSettings(BaseModel):
    """Letters (issue #5): how long LibreOffice may take to make reviewers' PDFs."""

    model_config = ConfigDict(extra="forbid")

    # Seconds for one `casework docs --pdf` run (all of a case's letters in one call).
    pdf_timeout: float = Field(default=120, gt=0, le=3600)
    # The LibreOffice program (a name on PATH or a full path).
    soffice: str = Field(default="soffice", min_length=1)


# Column lengths of casework.adapters.orm, checked on both engines (issue 15).
AGENCY_CODE_MAX = 32
DOC_CODE_MAX = 40
CASE_NUMBER_MAX = 48
SEQ_MAX = 99999
SINGLE_AGENCY_NUMBER = "{year}-{seq:04d}"
SEVERAL_AGENCIES_NUMBER = "{agency}-{year}-{seq:04d}"


class HttpSettings(BaseModel):
    """``casework serve`` (issue 19): requests each client address may make per minute."""

    model_config = ConfigDict(extra="forbid")

    status_lookups_per_minute: int = Field(default=20, ge=1, le=10000)
    applications_per_minute: int = Field(default=5, ge=1, le=10000)
    # The review console (issue 20).  The session cookie is ``Secure`` (sent over HTTPS only);
    # turn that off only for a console on 127.0.0.1 without TLS (development, tests).
    console_secure_cookie: bool = True
    console_session_hours: int = Field(default=8, ge=1, le=24)
    # Failed sign-ins in a row that lock an account until ``casework user unlock``.
    console_max_failures: int = Field(default=5, ge=1, le=100)
    # The reverse proxy's authenticated-user header (single sign-on), e.g. "X-Remote-User":
    # trusted only when set here, and then the proxy must overwrite any such header a client
    # sends (docs/deploy.md).  Unset: only the console's own accounts sign in.
    console_user_header: str | None = Field(default=None, pattern=r"^[A-Za-z][A-Za-z0-9-]{0,63}$")


class Settings(BaseModel):
    """Everything casework reads from config.toml and the environment."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    home: Path
    user: str | None = None
    # Where the acting person comes from (issue 15): unset, "database" on PostgreSQL (the
    # login's session_user, mapped by [users.X] db_role) and "os" on SQLite (the OS login,
    # mapped by [users.X] os_user); "declared" trusts --user / CASEWORK_USER and says so.
    identity: IdentitySource | None = None
    database_url: str | None = None
    default_agency: str
    agencies: dict[str, AgencyProfile]
    # Users and roles; none configured: a single-user office may do everything except approve
    # its own draft.
    users: dict[str, UserProfile] = {}
    # The case number: one sequence per agency per year; fields {year}, {seq}, {agency}.
    # None: ``number_format`` chooses (the agency's code in it when several are configured).
    case_number_format: str | None = None
    # The journal's timestamps are Beijing time (design: timestamps in Asia/Shanghai); the key is
    # kept so a config.toml that states it still loads, and any other zone is refused rather
    # than silently ignored.
    timezone: Literal["Asia/Shanghai"] = "Asia/Shanghai"
    workflows_dir: Path | None = None
    templates_dir: Path | None = None
    calendars_dir: Path | None = None
    clock: ClockSettings = ClockSettings()
    letters: LetterSettings = LetterSettings()
    alerts: AlertSettings = AlertSettings()
    http: HttpSettings = HttpSettings()

    @field_validator("case_number_format")
    @classmethod
    def _number_format_has_year_and_seq(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            sample = value.format(year=2026, seq=1, agency="X")
        except (KeyError, ValueError, IndexError) as exc:
            raise ValueError(f"案件编号格式无法使用：{exc}") from exc
        if "{seq" not in value or "{year" not in value or not sample:
            raise ValueError("案件编号格式必须包含 {year} 和 {seq}")
        return value

    @model_validator(mode="after")
    def _codes_without_control_characters(self) -> Settings:
        # Codes become case numbers, file names and the fields of an alert's ledger key, which
        # are joined by a control character (``alert_routing.KEY_SEPARATOR``).
        codes = [("agencies", code) for code in self.agencies]
        codes += [("users", code) for code in self.users]
        for hook in self.alerts.webhooks:
            codes += [("alerts.webhooks.agency", hook.agency), ("alerts.webhooks.name", hook.name)]
        for where, code in codes:
            problem = control_character_problem(code, multiline=False)
            if problem is not None:
                raise ValueError(
                    f"{where} 中的「{code.encode('unicode_escape').decode()}」{problem}"
                )
        return self

    @model_validator(mode="after")
    def _lengths_the_database_keeps(self) -> Settings:
        # The columns PostgreSQL enforces (agency String(32), actor String(64), case number
        # String(48), document number String(64)); SQLite would store anything, so both engines
        # are checked here, before a row is written.
        for code, agency in self.agencies.items():
            if len(code) > AGENCY_CODE_MAX:
                raise ValueError(f"机关代码「{code}」超过 {AGENCY_CODE_MAX} 个字符")
            if len(agency.doc_code) > DOC_CODE_MAX:
                raise ValueError(
                    f"agencies.{code}.doc_code（机关代字）「{agency.doc_code}」超过 {DOC_CODE_MAX} 个字符"
                )
            longest = self.number_format.format(agency=code, year=9999, seq=SEQ_MAX)
            if len(longest) > CASE_NUMBER_MAX:
                raise ValueError(
                    f"案件编号格式生成的编号（如「{longest}」）超过 {CASE_NUMBER_MAX} 个字符"
                )
        for code in self.users:
            if len(code) > USER_CODE_MAX:
                raise ValueError(f"用户代码「{code}」超过 {USER_CODE_MAX} 个字符")
        return self

    @property
    def identity_source(self) -> IdentitySource:
        """The identity setting in force: the configured one, else ``database`` on PostgreSQL
        and ``os`` on SQLite."""
        if self.identity is not None:
            return self.identity
        return "os" if self.effective_database_url.startswith("sqlite") else "database"

    @field_validator("timezone", mode="before")
    @classmethod
    def _journal_timezone(cls, value: Any) -> Any:
        if value != "Asia/Shanghai":
            raise ValueError(
                f"办理日志的时间固定为北京时间（Asia/Shanghai），不能设为「{value}」；"
                "提醒的时区在 [alerts] timezone 中设置"
            )
        return value

    @field_validator("workflows_dir", "templates_dir", "calendars_dir")
    @classmethod
    def _folder_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.expanduser().is_dir():
            raise ValueError(f"目录「{value}」不存在或不是目录")
        return value.expanduser() if value is not None else None

    @model_validator(mode="after")
    def _agencies_named_exist(self) -> Settings:
        # A robot or a user of an agency that is not configured would never be reached: the
        # routing of alerts and the user's cases go by agency code.
        known = "、".join(self.agencies)
        for index, hook in enumerate(self.alerts.webhooks):
            if hook.agency not in self.agencies:
                raise ValueError(
                    f"alerts.webhooks[{index}].agency 的机关「{hook.agency}」未在 [agencies] 中配置"
                    f"（已配置：{known}）"
                )
        for code, user in self.users.items():
            for agency in user.agencies:
                if agency not in self.agencies:
                    raise ValueError(
                        f"users.{code}.agencies 中的机关「{agency}」未在 [agencies] 中配置"
                        f"（已配置：{known}）"
                    )
        return self

    @model_validator(mode="after")
    def _default_agency_exists(self) -> Settings:
        if self.default_agency not in self.agencies:
            raise ValueError(f"默认机关「{self.default_agency}」未在 [agencies] 中配置")
        return self

    @property
    def number_format(self) -> str:
        """The case number format in force: the configured one, else "{year}-{seq:04d}" for
        one agency and "{agency}-{year}-{seq:04d}" for several (numbers run per agency, so
        without the code the same number would name a case of each agency)."""
        if self.case_number_format is not None:
            return self.case_number_format
        return SINGLE_AGENCY_NUMBER if len(self.agencies) == 1 else SEVERAL_AGENCIES_NUMBER

    @property
    def sqlite_path(self) -> Path:
        return self.home / "casework.db"

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.sqlite_path}"

    @property
    def documents_dir(self) -> Path:
        """Where revision 0009 and before wrote letters (``casework db import-documents``)."""
        return self.home / "documents"


def resolve_home(home: str | os.PathLike[str] | None) -> Path:
    """``--home``, else ``CASEWORK_HOME``, else ``~/.casework``; always absolute."""
    raw = home or os.environ.get("CASEWORK_HOME") or DEFAULT_HOME
    return Path(raw).expanduser().resolve()


def load_settings(home: Path, **overrides: Any) -> Settings:
    """Read ``home/config.toml`` with environment overrides; Chinese errors naming the key."""
    config_path = home / CONFIG_FILE
    if not config_path.is_file():
        raise ConfigurationError(
            f"未找到配置文件 {config_path}；请先运行「casework init」，"
            "或用 --home / CASEWORK_HOME 指向已初始化的目录",
            field="config.toml",
        )
    try:
        from_file = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(
            f"配置文件不是有效的 TOML：{toml_error(exc)}", field=str(config_path)
        ) from exc
    except UnicodeDecodeError as exc:
        raise ConfigurationError(decode_error(exc), field=str(config_path)) from exc
    except RecursionError as exc:
        raise ConfigurationError(NESTING_RULE, field=str(config_path)) from exc

    _refuse_readable_password(config_path, from_file)

    # The command's options over the environment over the file, key by key.
    given = {key: value for key, value in overrides.items() if value is not None}
    values = merged(from_file, environment_values(Settings, os.environ), {"home": home, **given})
    try:
        return Settings.model_validate(values)
    except PydanticValidationError as exc:
        raise ConfigurationError(_describe(exc), field=str(config_path)) from exc


def _refuse_readable_password(config_path: Path, raw: dict[str, Any]) -> None:
    """Issue 15: a config.toml holding the database password must not be world-readable."""
    url = raw.get("database_url")
    if not isinstance(url, str) or not config_path.stat().st_mode & 0o004:
        return
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    if password:
        mode = oct(config_path.stat().st_mode & 0o777)[2:]
        raise ConfigurationError(
            f"配置文件含数据库密码，但其他用户可读（权限 {mode}）；请执行 chmod 600 {config_path}，"
            "或把密码移到 ~/.pgpass（见 docs/deploy.md）",
            field="database_url",
        )


def _describe(exc: PydanticValidationError) -> str:
    lines = []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"]) or "(根)"
        lines.append(f"设置项「{key}」：{pydantic_rule(error)}")
    return "配置有误：\n" + "\n".join(lines)
