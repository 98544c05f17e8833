"""Who receives which alert, through which channel, and in what words; and when nothing goes.

Each handler (经办人) gets the alerts of their own cases; the head of the disclosure office
(政府信息公开工作机构负责人, role ``head``) gets a daily digest per agency, as do the agency's
group robots (企业微信/钉钉群机器人); agency-level alerts (the annual report) go to both.  A
delivery is one alert for one recipient on one channel: the ledger's unit, sent at most once.
Quiet hours hold every delivery back until a sweep outside them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from functools import cached_property

from casework.domain.agency import UserProfile
from casework.domain.alerts import Alert, AlertKind, AlertLevel, sort_alerts

# The levels most urgent first (their order in a digest).
LEVELS = sorted(AlertLevel, key=lambda level: level.rank)

LOG, EMAIL, WEBHOOK = "log", "email", "webhook"
WEBHOOK_KINDS = ("wecom", "dingtalk", "generic")
# Lines per level in a digest; the rest is counted, so a backlog never floods a group chat.
DIGEST_LINES_PER_LEVEL = 30


def webhook_kind(url: str) -> str:
    """The robot behind a webhook URL: 企业微信 (wecom), 钉钉 (dingtalk) or generic JSON."""
    if "qyapi.weixin.qq.com" in url:
        return "wecom"
    if "oapi.dingtalk.com" in url:
        return "dingtalk"
    return "generic"


@dataclass(frozen=True)
class Recipient:
    """Where a delivery goes: ``name`` is what the ledger records (a user, or an agency's
    robot as ``agency/name``), ``address`` the e-mail address or URL, ``style`` the robot."""

    name: str
    channel: str
    address: str = ""
    style: str = ""


@dataclass(frozen=True)
class Webhook:
    """A group robot of one agency."""

    agency: str
    name: str
    url: str
    kind: str = "generic"


@dataclass(frozen=True)
class Delivery:
    alert: Alert
    recipient: Recipient

    @cached_property
    def key(self) -> tuple[str, str, str, str, date, str, str]:
        # Computed once: a sweep looks each delivery up in the ledger and in its own sets.
        alert, recipient = self.alert, self.recipient
        return (
            alert.agency,
            alert.subject,
            alert.kind,
            alert.level,
            alert.due_on,
            recipient.name,
            recipient.channel,
        )


@dataclass(frozen=True)
class Routing:
    """The configured recipients: users with their e-mail or robot, the agencies' robots, and
    whether the log and e-mail channels are on."""

    users: Mapping[str, UserProfile]
    webhooks: tuple[Webhook, ...] = ()
    log: bool = True
    email: bool = False

    def personal(self, user: str) -> list[Recipient]:
        found = [Recipient(user, LOG)] if self.log else []
        profile = self.users.get(user)
        if profile is None:
            return found
        if self.email and profile.email:
            found.append(Recipient(user, EMAIL, profile.email))
        if profile.webhook:
            found.append(Recipient(user, WEBHOOK, profile.webhook, webhook_kind(profile.webhook)))
        return found

    def heads(self, agency: str) -> list[str]:
        return sorted(
            name
            for name, profile in self.users.items()
            if "head" in profile.roles and (not profile.agencies or agency in profile.agencies)
        )

    def office(self, agency: str) -> list[Recipient]:
        """The heads of ``agency`` and its robots; the log alone when no head is configured."""
        heads = self.heads(agency)
        found = [r for head in heads for r in self.personal(head)]
        if not heads and self.log:
            found.append(Recipient(f"{agency}/负责人", LOG))
        robots = [
            Recipient(f"{hook.agency}/{hook.name}", WEBHOOK, hook.url, hook.kind)
            for hook in self.webhooks
            if hook.agency == agency
        ]
        return found + robots

    def for_alert(self, alert: Alert) -> list[Recipient]:
        if alert.handler is not None:
            return self.personal(alert.handler)
        return self.office(alert.agency)


@dataclass(frozen=True)
class QuietHours:
    """A daily window in which nothing is sent (it may wrap midnight, e.g. 22:00-07:00)."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.start == self.end:
            raise ValueError("quiet hours need a start different from their end")

    def contains(self, moment: time) -> bool:
        moment = moment.replace(tzinfo=None)
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


def digest(agency: str, agency_name: str, on: date, alerts: Sequence[Alert]) -> Alert | None:
    """The head's daily digest of ``agency`` (None when there is nothing to report)."""
    by_level: dict[AlertLevel, list[Alert]] = {level: [] for level in LEVELS}
    for alert in sort_alerts(a for a in alerts if a.agency == agency):
        by_level[alert.level].append(alert)
    if not any(by_level.values()):
        return None
    summary = "，".join(f"{level.label} {len(of)} 项" for level, of in by_level.items() if of)
    lines = [f"{agency_name} 政府信息公开期限提醒（{on.isoformat()}）：{summary}"]
    for level, of_level in by_level.items():
        if not of_level:
            continue
        lines.append(f"【{level.label}】")
        lines += [f"- {a.message}" for a in of_level[:DIGEST_LINES_PER_LEVEL]]
        if len(of_level) > DIGEST_LINES_PER_LEVEL:
            lines.append(f"- 另有 {len(of_level) - DIGEST_LINES_PER_LEVEL} 项，见 casework alerts")
    return Alert(
        agency=agency,
        subject="digest",
        kind=AlertKind.DIGEST,
        level=AlertLevel.NOTICE,
        due_on=on,
        message="\n".join(lines),
    )


def plan_deliveries(
    alerts: Iterable[Alert], routing: Routing, on: date, agency_names: Mapping[str, str]
) -> list[Delivery]:
    """Every delivery of ``alerts`` and of each agency's digest for ``on``."""
    listed = list(alerts)
    handlers = {a.handler for a in listed if a.handler is not None}
    personal = {handler: routing.personal(handler) for handler in handlers}
    deliveries = [
        Delivery(a, r)
        for a in listed
        for r in (personal[a.handler] if a.handler is not None else routing.office(a.agency))
    ]
    for agency in sorted({a.agency for a in listed}):
        summary = digest(agency, agency_names.get(agency, agency), on, listed)
        if summary is not None:
            deliveries += [Delivery(summary, r) for r in routing.office(agency)]
    return deliveries


@dataclass(frozen=True)
class Notice:
    """One message as sent: a title and its lines (rendered by each channel)."""

    title: str
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join((self.title, *self.lines))


def compose(alerts: Sequence[Alert]) -> Notice:
    """The message for one recipient: a digest as it is, or the list of their alerts."""
    if len(alerts) == 1 and alerts[0].kind is AlertKind.DIGEST:
        title, *rest = alerts[0].message.split("\n")
        return Notice(title, tuple(rest))
    ordered = sort_alerts(alerts)
    lines = tuple(f"【{a.level.label}】{a.message}" for a in ordered)
    return Notice(f"政府信息公开期限提醒（{len(ordered)} 项）", lines)
