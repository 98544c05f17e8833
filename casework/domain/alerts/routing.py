"""Who receives which alert, through which channel, and in what words; and when nothing goes.

Each handler (经办人) gets the alerts of their own cases; the head of the disclosure office
(政府信息公开工作机构负责人, role ``head``) gets a daily digest per agency, as do the agency's
group robots (企业微信/钉钉群机器人); agency-level alerts (the annual report) go to both.  A
delivery is one alert for one recipient on one channel: the ledger's unit, sent at most once.
Quiet hours hold every delivery back until a sweep outside them.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import NamedTuple

from casework.domain.agency import UserProfile
from casework.domain.alerts.model import Alert, AlertKind, AlertLevel, same_level_key, sort_alerts
from casework.domain.alerts.notices import PERSONAL_KINDS

# The levels most urgent first (their order in a digest).
LEVELS = sorted(AlertLevel, key=lambda level: level.rank)

LOG, EMAIL, WEBHOOK = "log", "email", "webhook"
WEBHOOK_KINDS = ("wecom", "dingtalk", "generic")
# The channels on which a message sent twice does no harm, so a delivery whose sweep died
# between the send and its record is simply sent again: a log line repeated is noise, a log line
# missing is a lost alert.  E-mail and robots are not among them: neither SMTP nor the robots'
# webhooks take an idempotency key, so a second send reaches a person twice; such a delivery
# becomes ``uncertain`` and is reported instead (issue 14).
IDEMPOTENT_CHANNELS = frozenset({LOG})
# Lines per level in a digest; the rest is counted, so a backlog never floods a group chat.
DIGEST_LINES_PER_LEVEL = 30
# Joins the fields of a ledger key into one string.  No field can hold it: codes and names of
# agencies, users and robots are refused with control characters (``casework.settings``), case
# numbers are generated from them, and the rest are fixed words and ISO dates.
KEY_SEPARATOR = "\x1f"


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


class Delivery(NamedTuple):
    """One alert for one recipient on one channel, with its ledger ``key``: agency, subject,
    kind, level, due date (ISO), recipient and channel joined by ``KEY_SEPARATOR`` (the ledger
    computes the same string from its columns).  Made by ``deliver`` or ``plan_deliveries``."""

    alert: Alert
    recipient: Recipient
    key: str


def alert_key(alert: Alert) -> str:
    """The alert's part of a ledger key."""
    fields = (alert.agency, alert.subject, alert.kind, alert.level, alert.due_on.isoformat())
    return KEY_SEPARATOR.join(fields)


def recipient_key(recipient: Recipient) -> str:
    """The recipient's part of a ledger key (after the alert's)."""
    return f"{KEY_SEPARATOR}{recipient.name}{KEY_SEPARATOR}{recipient.channel}"


def deliver(alert: Alert, recipient: Recipient) -> Delivery:
    """The delivery of ``alert`` to ``recipient``."""
    return Delivery(alert, recipient, alert_key(alert) + recipient_key(recipient))


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
    for alert in alerts:
        # A personal notice (a returned draft, a refused extension) is for its person only.
        if alert.agency == agency and alert.kind not in PERSONAL_KINDS:
            by_level[alert.level].append(alert)
    if not any(by_level.values()):
        return None
    summary = "，".join(f"{level.label} {len(of)} 项" for level, of in by_level.items() if of)
    lines = [f"{agency_name} 政府信息公开期限提醒（{on.isoformat()}）：{summary}"]
    for level, of_level in by_level.items():
        if not of_level:
            continue
        lines.append(f"【{level.label}】")
        # The first lines in ``sort_key`` order, without sorting the rest of a long backlog.
        shown = heapq.nsmallest(DIGEST_LINES_PER_LEVEL, of_level, key=same_level_key)
        lines += [f"- {a.message}" for a in shown]
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


def _route(recipients: Iterable[Recipient]) -> list[tuple[Recipient, str]]:
    return [(r, recipient_key(r)) for r in recipients]


def plan_deliveries(
    alerts: Iterable[Alert], routing: Routing, on: date, agency_names: Mapping[str, str]
) -> list[Delivery]:
    """Every delivery of ``alerts`` and of each agency's digest for ``on``."""
    listed = list(alerts)
    # Each recipient's list and key part worked out once: a sweep plans tens of thousands of
    # deliveries to a few dozen people.
    personal: dict[str, list[tuple[Recipient, str]]] = {}
    office: dict[str, list[tuple[Recipient, str]]] = {}
    days: dict[date, str] = {}
    deliveries = []
    for alert in listed:
        if alert.handler is not None:
            route = personal.get(alert.handler)
            if route is None:
                route = personal[alert.handler] = _route(routing.personal(alert.handler))
        else:
            route = office.get(alert.agency)
            if route is None:
                route = office[alert.agency] = _route(routing.office(alert.agency))
        due = days.get(alert.due_on)
        if due is None:
            due = days[alert.due_on] = alert.due_on.isoformat()
        # ``alert_key``, with each due date written out once.
        prefix = KEY_SEPARATOR.join((alert.agency, alert.subject, alert.kind, alert.level, due))
        for recipient, part in route:
            deliveries.append(Delivery(alert, recipient, prefix + part))
    for agency in sorted({a.agency for a in listed}):
        summary = digest(agency, agency_names.get(agency, agency), on, listed)
        if summary is not None:
            deliveries += [deliver(summary, r) for r in routing.office(agency)]
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
