"""Who gets which alert, the digest of the head of the office, quiet hours, the message words."""

from __future__ import annotations

from datetime import date, time

import pytest

from casework.domain.agency import UserProfile
from casework.domain.alerts.model import Alert, AlertKind, AlertLevel
from casework.domain.alerts.routing import (
    DIGEST_LINES_PER_LEVEL,
    KEY_SEPARATOR,
    QuietHours,
    Recipient,
    Routing,
    Webhook,
    compose,
    deliver,
    digest,
    plan_deliveries,
    webhook_kind,
)

USERS = {
    "zhangsan": UserProfile(name="张三", email="zhangsan@example.gov.cn"),
    "wangwu": UserProfile(name="王五", roles=("head", "reviewer"), email="wangwu@example.gov.cn"),
    "zhaoliu": UserProfile(name="赵六", roles=("head",), agencies=("tj",)),
}
ROBOT = Webhook(
    "demo", "公开办群", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "wecom"
)
ON = date(2026, 11, 20)


def alert(
    level: AlertLevel = AlertLevel.DUE_SOON,
    number: str = "2026-0001",
    agency: str = "demo",
    handler: str | None = "zhangsan",
) -> Alert:
    return Alert(
        agency, number, AlertKind.REPLY, level, ON, f"案件 {number}：答复期限", number, handler
    )


def test_a_handler_gets_their_case_alerts_on_every_channel_they_have() -> None:
    routing = Routing(USERS, (ROBOT,), log=True, email=True)
    assert routing.for_alert(alert()) == [
        Recipient("zhangsan", "log"),
        Recipient("zhangsan", "email", "zhangsan@example.gov.cn"),
    ]
    assert Routing(USERS, log=False, email=False).for_alert(alert()) == []


def test_a_handler_without_a_profile_still_appears_in_the_log() -> None:
    assert Routing({}, log=True).for_alert(alert(handler="老王")) == [Recipient("老王", "log")]


def test_the_heads_of_the_agency_and_its_robots_get_the_digest_once_per_agency() -> None:
    routing = Routing(USERS, (ROBOT,), log=False, email=True)
    planned = plan_deliveries(
        [alert(), alert(AlertLevel.OVERDUE, "2026-0002"), alert(agency="tj", number="2026-0009")],
        routing,
        ON,
        {"demo": "示例市发展和改革委员会", "tj": "示例市统计局"},
    )
    digests = [
        (d.alert.agency, d.recipient.name) for d in planned if d.alert.kind is AlertKind.DIGEST
    ]
    # wangwu heads every agency; zhaoliu only tj (and has no e-mail address); the robot is demo's.
    assert digests == [("demo", "wangwu"), ("demo", "demo/公开办群"), ("tj", "wangwu")]
    keys = [d.key for d in planned]
    assert len(keys) == len(set(keys))
    # Each key is the ledger's seven columns, as ``deliver`` writes them for one delivery.
    assert keys == [deliver(d.alert, d.recipient).key for d in planned]
    first = planned[0]
    assert first.key.split(KEY_SEPARATOR) == [
        "demo", "2026-0001", "reply", "due_soon", first.alert.due_on.isoformat(),
        first.recipient.name, first.recipient.channel,
    ]  # fmt: skip


def test_agency_alerts_without_a_configured_head_go_to_the_log() -> None:
    yearly = alert(handler=None)
    assert Routing({}, log=True).for_alert(yearly) == [Recipient("demo/负责人", "log")]


def test_the_digest_lists_the_most_urgent_first_and_counts_what_it_leaves_out() -> None:
    many = [alert(AlertLevel.DUE_SOON, f"2026-{i:04d}") for i in range(DIGEST_LINES_PER_LEVEL + 4)]
    summary = digest(
        "demo", "示例市发展和改革委员会", ON, [*many, alert(AlertLevel.OVERDUE, "2026-0999")]
    )
    assert summary is not None
    lines = summary.message.split("\n")
    assert lines[0] == (
        f"示例市发展和改革委员会 政府信息公开期限提醒（2026-11-20）：已逾期 1 项，"
        f"即将到期 {DIGEST_LINES_PER_LEVEL + 4} 项"
    )
    assert lines[1] == "【已逾期】" and "2026-0999" in lines[2]
    assert lines[-1] == "- 另有 4 项，见 casework alerts"
    assert (summary.kind, summary.due_on, summary.subject) == (AlertKind.DIGEST, ON, "digest")
    assert digest("tj", "示例市统计局", ON, many) is None


def test_one_message_per_recipient_lists_every_alert_with_its_level() -> None:
    notice = compose([alert(AlertLevel.DUE_SOON), alert(AlertLevel.OVERDUE, "2026-0002")])
    assert notice.title == "政府信息公开期限提醒（2 项）"
    assert notice.lines == (
        "【已逾期】案件 2026-0002：答复期限",
        "【即将到期】案件 2026-0001：答复期限",
    )


@pytest.mark.parametrize(
    ("start", "end", "moment", "quiet"),
    [
        (time(22, 0), time(7, 0), time(23, 30), True),
        (time(22, 0), time(7, 0), time(6, 59), True),
        (time(22, 0), time(7, 0), time(7, 0), False),
        (time(22, 0), time(7, 0), time(12, 0), False),
        (time(12, 0), time(13, 30), time(12, 45), True),
        (time(12, 0), time(13, 30), time(13, 30), False),
    ],
)
def test_quiet_hours_may_wrap_midnight(start: time, end: time, moment: time, quiet: bool) -> None:
    assert QuietHours(start, end).contains(moment) is quiet


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc", "wecom"),
        ("https://oapi.dingtalk.com/robot/send?access_token=abc", "dingtalk"),
        ("http://127.0.0.1:8080/hook", "generic"),
    ],
)
def test_the_robot_is_recognised_from_its_url(url: str, kind: str) -> None:
    assert webhook_kind(url) == kind
