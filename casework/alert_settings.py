"""The ``[alerts]`` section of config.toml: deadline alerts, their channels (SMTP, group
robots) and the scheduler daemon (issue #6).  ``casework.settings`` re-exports these models."""

from __future__ import annotations

from datetime import time
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class SmtpSettings(BaseModel):
    """The office's mail server for alert e-mails; the password is read from an environment
    variable named here, never from config.toml."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    host: str = Field(min_length=1)
    port: int = Field(default=25, ge=1, le=65535)
    sender: str = Field(alias="from", pattern=r"^[^@\s]+@[^@\s]+$")
    # Issue 15: the connection is encrypted (STARTTLS) unless turned off, and a login (whose
    # password would cross the network in clear) needs it unless explicitly allowed.
    starttls: bool = True
    user: str | None = None
    password_env: str | None = None
    allow_plain_login: bool = False
    timeout_seconds: float = Field(default=10.0, gt=0)

    @model_validator(mode="after")
    def _no_login_in_clear(self) -> SmtpSettings:
        if self.user and not self.starttls and not self.allow_plain_login:
            raise ValueError(
                "未加密的连接（starttls = false）上不能登录邮件服务器（密码会明文传输）；"
                "请开启 starttls，确需时设置 allow_plain_login = true"
            )
        return self


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
