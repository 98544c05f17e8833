"""Settings: the home directory, config.toml, environment overrides and the agency profiles.

The home directory (``CASEWORK_HOME``, default ``~/.casework``, or ``--home``) holds
``config.toml``, the embedded SQLite database and the generated documents.  Environment
variables (prefix ``CASEWORK_``, nested with ``__``) override the file.  This module imports
pydantic-settings, which is slow to import: only command bodies import it.
"""

from __future__ import annotations

import os
import tomllib
from datetime import time
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic import ValidationError as PydanticValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from casework.adapters.error_text import NESTING_RULE, decode_error, pydantic_rule, toml_error
from casework.domain.agency import AgencyProfile, UserProfile
from casework.domain.application.validation import control_character_problem
from casework.errors import ConfigurationError

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


class SmtpSettings(BaseModel):
    """The office's mail server for alert e-mails; the password is read from an environment
    variable named here, never from config.toml."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    host: str = Field(min_length=1)
    port: int = Field(default=25, ge=1, le=65535)
    sender: str = Field(alias="from", pattern=r"^[^@\s]+@[^@\s]+$")
    starttls: bool = False
    user: str | None = None
    password_env: str | None = None
    timeout_seconds: float = Field(default=10.0, gt=0)


class WebhookSettings(BaseModel):
    """A group robot of one agency (企业微信 wecom, 钉钉 dingtalk, or generic JSON)."""

    model_config = ConfigDict(extra="forbid")

    agency: str
    url: str = Field(pattern=r"^https?://\S+$")
    kind: Literal["wecom", "dingtalk", "generic"] | None = None
    name: str = "群机器人"


class AlertSettings(BaseModel):
    """Deadline alerts and the scheduler daemon (issue #6): lead times, sweep times, quiet
    hours, channels, the lease that keeps a second daemon from sending."""

    model_config = ConfigDict(extra="forbid")

    due_soon_days: int = Field(default=5, ge=0, le=40)
    correction_notice_lead_days: int = Field(default=2, ge=0, le=7)
    not_delivered_days: int = Field(default=5, ge=0, le=60)
    not_archived_days: int = Field(default=20, ge=0, le=250)
    annual_report_lead_days: int = Field(default=20, ge=0, le=60)
    sweep_times: list[time] = Field(default_factory=lambda: [time(8, 30)], min_length=1)
    quiet_start: time | None = None
    quiet_end: time | None = None
    timezone: str = "Asia/Shanghai"
    log: bool = True
    smtp: SmtpSettings | None = None
    webhooks: list[WebhookSettings] = []
    lease_seconds: int = Field(default=900, ge=10)
    misfire_grace_hours: int = Field(default=12, ge=1, le=72)

    @model_validator(mode="after")
    def _quiet_hours_complete(self) -> AlertSettings:
        if (self.quiet_start is None) != (self.quiet_end is None):
            raise ValueError("静默时段须同时设置 quiet_start 和 quiet_end")
        if self.quiet_start is not None and self.quiet_start == self.quiet_end:
            raise ValueError("静默时段的开始和结束不能相同")
        return self

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"未知的时区「{value}」") from exc
        return value


class LetterSettings(BaseModel):
    """Letters (issue #5): how long LibreOffice may take to make reviewers' PDFs."""

    model_config = ConfigDict(extra="forbid")

    # Seconds for one `casework docs --pdf` run (all of a case's letters in one call).
    pdf_timeout: float = Field(default=120, gt=0, le=3600)
    # The LibreOffice program (a name on PATH or a full path).
    soffice: str = Field(default="soffice", min_length=1)


SINGLE_AGENCY_NUMBER = "{year}-{seq:04d}"
SEVERAL_AGENCIES_NUMBER = "{agency}-{year}-{seq:04d}"


class HttpSettings(BaseModel):
    """``casework serve`` (issue 19): requests each client address may make per minute."""

    model_config = ConfigDict(extra="forbid")

    status_lookups_per_minute: int = Field(default=20, ge=1, le=10000)
    applications_per_minute: int = Field(default=5, ge=1, le=10000)


class Settings(BaseSettings):
    """Everything casework reads from config.toml and the environment."""

    model_config = SettingsConfigDict(
        env_prefix="CASEWORK_",
        env_nested_delimiter="__",
        extra="forbid",
    )

    home: Path
    user: str | None = None
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
        tomllib.loads(config_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(
            f"配置文件不是有效的 TOML：{toml_error(exc)}", field=str(config_path)
        ) from exc
    except UnicodeDecodeError as exc:
        raise ConfigurationError(decode_error(exc), field=str(config_path)) from exc
    except RecursionError as exc:
        raise ConfigurationError(NESTING_RULE, field=str(config_path)) from exc

    class _FromHome(Settings):
        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,
            file_secret_settings: PydanticBaseSettingsSource,
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            # The path is passed explicitly: pydantic-settings resolves a relative toml_file
            # against the working directory and silently ignores a missing one.
            toml = TomlConfigSettingsSource(settings_cls, toml_file=config_path)
            return (init_settings, env_settings, toml)

    values = {key: value for key, value in overrides.items() if value is not None}
    try:
        return _FromHome(home=home, **values)
    except PydanticValidationError as exc:
        raise ConfigurationError(_describe(exc), field=str(config_path)) from exc


def _describe(exc: PydanticValidationError) -> str:
    lines = []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"]) or "(根)"
        lines.append(f"设置项「{key}」：{pydantic_rule(error)}")
    return "配置有误：\n" + "\n".join(lines)
