"""Helpers for the alert and scheduler tests: a context at any moment, recording channels, a
sweep setup from a test home, and a few ways to make cases due."""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Column, MetaData, Table, select
from sqlalchemy.engine import Engine

from casework.adapters.calendar_data import package_years
from casework.adapters.orm_scheduling import alert_outbox, alerts
from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.adapters.repository import SqlUnitOfWork
from casework.adapters.workflow_file import default_workflow_path, load_workflow
from casework.domain.alerts.model import AlertRules
from casework.domain.alerts.routing import Delivery, Notice, Recipient
from casework.domain.application.validation import ApplicationInput
from casework.domain.case.decisions import CaseDecisions
from casework.domain.case.storage import decisions_from_json
from casework.entrypoints.alerting import alert_rules, routing
from casework.errors import NotificationError
from casework.services.context import ServiceContext
from casework.services.ports import Notifier
from casework.services.registration import register
from casework.services.sweep import SweepSetup
from casework.settings import Settings
from tests.conftest import write_home

SHANGHAI = ZoneInfo("Asia/Shanghai")


def write_alert_home(
    home: Path,
    database_url: str | None = None,
    extra: str = "",
    *,
    alerts: dict[str, str] | None = None,
    users: dict[str, str] | None = None,
) -> Path:
    """The test home of ``tests.conftest.write_home`` with e-mail addresses for the handler
    (zhangsan) and the head of the office (wangwu); ``alerts`` sets keys of the [alerts] table
    (TOML values), ``users`` adds lines to a user's table."""
    write_home(home, database_url, extra)
    config = home / "config.toml"
    text = config.read_text(encoding="utf-8")
    for key, value in (alerts or {}).items():
        line = f"{key} = {value}"
        text, found = re.subn(rf"(?m)^#? ?{key} = .*$", line, text, count=1)
        if not found:
            text = text.replace("\n[alerts]\n", f"\n[alerts]\n{line}\n", 1)
    for user, lines in (users or {}).items():
        header = f"\n[users.{user}]\n"
        text = text.replace(header, f"{header}{lines}\n")
    for user in ("zhangsan", "wangwu"):
        header = f"\n[users.{user}]\n"  # the table itself, not the commented example
        text = text.replace(header, f'{header}email = "{user}@example.gov.cn"\n')
    config.write_text(text, encoding="utf-8")
    return home


def moment(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def context(settings: Settings, now: datetime, actor: str = "zhangsan") -> ServiceContext:
    return ServiceContext(
        actor=actor,
        now=now,
        agencies=settings.agencies,
        default_agency=settings.default_agency,
        builtin_calendar=package_years(),
        users=settings.users,
        machine=load_workflow(default_workflow_path()),
        outcomes=load_outcomes(default_outcomes_path()),
    )


def at(ctx: ServiceContext, day: date, hour: int = 9, actor: str | None = None) -> ServiceContext:
    return replace(ctx, now=moment(day, hour), actor=actor or ctx.actor)


@dataclass
class RecordingNotifier:
    """A channel that keeps what it was given."""

    sent: list[tuple[Recipient, Notice]] = field(default_factory=list)

    def send(self, recipient: Recipient, notice: Notice) -> None:
        self.sent.append((recipient, notice))

    def lines_for(self, name: str) -> list[str]:
        return [line for r, n in self.sent if r.name == name for line in n.lines]


@dataclass
class FailingNotifier:
    """A channel whose server refuses everything (counts the attempts)."""

    attempts: int = 0

    def send(self, recipient: Recipient, notice: Notice) -> None:
        self.attempts += 1
        raise NotificationError("451 请稍后再试", field="alerts.smtp")


def sweep_setup(
    settings: Settings,
    notifiers: dict[str, Notifier],
    *,
    holder: str = "test-sweeper",
    rules: AlertRules | None = None,
    **options: object,
) -> SweepSetup:
    base = SweepSetup(
        rules=rules or alert_rules(settings.alerts),
        routing=replace(routing(settings), email="email" in notifiers),
        notifiers=notifiers,
        holder=holder,
    )
    return replace(base, **options)  # type: ignore[arg-type]


def new_case(engine: Engine, ctx: ServiceContext, received_on: date, name: str = "张三") -> str:
    raw = ApplicationInput(
        applicant=name,
        applicant_type="natural",
        channel="in-person",
        received_on=received_on,
        description=f"{name}申请的预算信息",
    )
    return register(SqlUnitOfWork(engine), at(ctx, received_on), raw).number


def ledger(engine: Engine) -> list[dict[str, object]]:
    """Every alert ledger row, oldest first, with the status it has while its message is in
    the outbox (claimed, not settled: revision 0022): ``sending`` once handed over to its
    channel, ``pending`` before."""
    o = alert_outbox.c
    with engine.connect() as connection:
        rows = connection.execute(select(alerts).order_by(alerts.c.id)).all()
        claimed = connection.execute(select(o.key_hashes, o.handed_at)).all()
    status = {
        bytes(hashes[i : i + 16]): "pending" if handed_at is None else "sending"
        for hashes, handed_at in claimed
        for i in range(0, len(hashes), 16)
    }
    found = [dict(row._mapping) for row in rows]
    for row in found:
        row["status"] = status.get(row["key_hash"], row["status"])
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# The alert tests write a case's decisions tersely, by the few fields an alert reads; the
# fields an alert never reads get these stand-ins.
_STAND_INS: dict[str, dict[str, Any]] = {
    "corrections": {"period_days": 15},
    "consultations": {"party": "", "party_kind": "third-party"},
    "fee": {"amount": "0"},
    "draft": {"outcome": "disclose", "drafter": "zhangsan", "drafted_on": "2026-01-05"},
    "extension": {"reason": "…", "approved_by": "wangwu", "approved_on": "2026-01-05"},
    "delivery": {"method": "post", "on_time": True},
    "withdrawal": {"withdrawn_on": "2026-01-05"},
}
_REPLY = ("draft", "issued_on", "delivery", "extension")


def decisions_of(terse: dict[str, Any]) -> CaseDecisions:
    """The typed decisions behind a terse description such as ``{"issued_on": "2026-09-30"}``
    or ``{"corrections": [{"requested_on": …}]}`` (the round's fields at the top level)."""

    def filled(key: str, record: dict[str, Any]) -> dict[str, Any]:
        stand_ins = dict(_STAND_INS.get(key, {}))
        if key == "consultations":
            stand_ins["sent_on"] = record.get("sent_on") or record["window_ends_on"]
        return {**stand_ins, **record}

    layout: dict[str, Any] = {"reply": {}}
    for key, given in terse.items():
        value = given
        if isinstance(given, list):
            value = [filled(key, item) for item in given]
        elif isinstance(given, dict):
            value = filled(key, given)
        if key in _REPLY:
            layout["reply"][key] = value
        else:
            layout[key] = value
    return decisions_from_json(layout)


def add_before_0022(
    engine: Engine, deliveries: list[Delivery], status: str, at: datetime, error: str | None
) -> None:
    """Ledger rows as a sweep before revision 0022 wrote them (no key hash): for tests that
    carry a ledger of an older revision through the migrations."""
    columns = [column.name for column in alerts.c if column.name not in ("id", "key_hash")]
    table = Table("alerts", MetaData(), *(Column(name, alerts.c[name].type) for name in columns))
    rows = [
        {"agency": d.alert.agency, "subject": d.alert.subject, "kind": d.alert.kind.value,
         "level": d.alert.level.value, "due_on": d.alert.due_on, "recipient": d.recipient.name,
         "channel": d.recipient.channel, "status": status,
         "attempts": 1 if status in ("sent", "failed") else 0, "message": d.alert.message,
         "last_error": error, "first_seen_at": at, "sent_at": at if status == "sent" else None}
        for d in deliveries
    ]  # fmt: skip
    with engine.begin() as connection:
        connection.execute(table.insert(), rows)
