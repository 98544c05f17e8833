"""The real channels against local servers the tests start: e-mail through an aiosmtpd server
on 127.0.0.1, webhooks through an ``http.server`` on a thread, wired from config.toml exactly as
``casework alerts sweep`` wires them."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from email import message_from_bytes
from email.header import decode_header, make_header
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from casework.adapters.notifiers import SmtpNotifier, WebhookNotifier, webhook_body
from casework.bootstrap import App, bootstrap
from casework.domain.alerts.routing import Notice, Recipient
from casework.entrypoints.alerting import sweep_setup
from casework.errors import ConfigurationError, NotificationError
from casework.services.sweep import SweepReport, run_sweep
from casework.settings import SmtpSettings, load_settings
from tests.support.alerts import free_port, ledger, moment, new_case, write_alert_home

NOTICE = Notice(
    "政府信息公开期限提醒（1 项）", ("【今日到期】案件 2026-0002：今天是答复期限的最后一日",)
)


@dataclass
class MailHandler:
    """An SMTP server's handler: keeps every message; refuses recipients while ``refusing``."""

    refusing: bool = False
    messages: list[tuple[list[str], bytes]] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if self.refusing:
            return "451 4.3.0 邮件系统繁忙，请稍后再试"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def mail() -> Iterator[tuple[MailHandler, int]]:
    handler = MailHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


@dataclass
class Hooks:
    """What the local webhook server received, by path."""

    bodies: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


@pytest.fixture
def hooks() -> Iterator[tuple[Hooks, int]]:
    received = Hooks()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            received.bodies.append((self.path, json.loads(self.rfile.read(length))))
            if self.path == "/broken":
                self.send_response(500)
                self.end_headers()
                return
            errcode = 93000 if self.path == "/refuse" else 0
            answer = json.dumps({"errcode": errcode, "errmsg": "ok" if not errcode else "invalid"})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(answer.encode())

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield received, server.server_address[1]
    server.shutdown()
    server.server_close()
    thread.join()


def app_with(tmp_path: Path, extra: str) -> App:
    return bootstrap(write_alert_home(tmp_path / "home", extra=extra), user="zhangsan")


def sweep(app: App, day: date, hour: int = 9) -> SweepReport:
    ctx = app.context(moment(day, hour))
    return run_sweep(app.uow, ctx, sweep_setup(app, None, clock=lambda: ctx.now))


def smtp_config(port: int) -> str:
    return f"""
[alerts.smtp]
host = "127.0.0.1"
port = {port}
from = "xxgk-alerts@example.gov.cn"
starttls = false  # the test server on loopback offers no TLS; no login is made
"""


def test_alerts_arrive_by_e_mail_one_message_per_recipient(
    tmp_path: Path, mail: tuple[MailHandler, int]
) -> None:
    handler, port = mail
    app = app_with(tmp_path, smtp_config(port))
    ctx = app.context(moment(date(2026, 10, 23)))
    number = new_case(app.engine, ctx, date(2026, 10, 23))  # reply due Fri 20 Nov
    report = sweep(app, date(2026, 11, 20))
    assert (report.sent, report.failed) == (4, 0)  # log and e-mail, handler and head
    by_recipient = {tuple(rcpts): message_from_bytes(raw) for rcpts, raw in handler.messages}
    assert set(by_recipient) == {("zhangsan@example.gov.cn",), ("wangwu@example.gov.cn",)}
    personal = by_recipient["zhangsan@example.gov.cn",]
    assert str(make_header(decode_header(personal["Subject"]))) == "政府信息公开期限提醒（1 项）"
    assert personal["From"] == "xxgk-alerts@example.gov.cn"
    body = personal.get_payload(decode=True)
    assert isinstance(body, bytes)
    assert f"案件 {number}：今天（2026-11-20）是答复期限的最后一日" in body.decode("utf-8")
    digest = by_recipient["wangwu@example.gov.cn",]
    assert "示例市发展和改革委员会 政府信息公开期限提醒（2026-11-20）" in str(
        make_header(decode_header(digest["Subject"]))
    )
    app.close()


def test_a_refusing_mail_server_leads_to_a_retry_and_no_false_sent(
    tmp_path: Path, mail: tuple[MailHandler, int]
) -> None:
    handler, port = mail
    handler.refusing = True
    app = app_with(tmp_path, smtp_config(port))
    new_case(app.engine, app.context(moment(date(2026, 10, 23))), date(2026, 10, 23))
    first = sweep(app, date(2026, 11, 20))
    assert (first.sent, first.failed) == (2, 2)
    mailed = [r for r in ledger(app.engine) if r["channel"] == "email"]
    assert {(r["status"], r["sent_at"]) for r in mailed} == {("failed", None)}
    assert all("451" in str(r["last_error"]) for r in mailed)
    assert handler.messages == []
    handler.refusing = False
    retry = sweep(app, date(2026, 11, 20), hour=10)
    assert (retry.sent, retry.failed, retry.skipped) == (2, 0, 2)
    assert len(handler.messages) == 2
    mailed = [r for r in ledger(app.engine) if r["channel"] == "email"]
    assert {(r["status"], r["attempts"]) for r in mailed} == {("sent", 2)}
    app.close()


def test_a_closed_mail_port_is_a_notification_error_in_chinese() -> None:
    closed = SmtpSettings.model_validate(
        {"host": "127.0.0.1", "port": free_port(), "from": "a@b.cn"}
    )
    with pytest.raises(NotificationError, match="邮件发送失败"):
        SmtpNotifier(closed).send(Recipient("zhangsan", "email", "zhangsan@example.gov.cn"), NOTICE)


def test_a_missing_password_variable_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CASEWORK_TEST_SMTP_PASSWORD", raising=False)
    settings = SmtpSettings.model_validate(
        {
            "host": "smtp.example.gov.cn",
            "from": "a@b.cn",
            "user": "u",
            "password_env": "CASEWORK_TEST_SMTP_PASSWORD",
        }
    )
    with pytest.raises(ConfigurationError, match="CASEWORK_TEST_SMTP_PASSWORD"):
        SmtpNotifier(settings)


def test_the_agency_robots_get_the_digest_in_their_own_json_shape(
    tmp_path: Path, hooks: tuple[Hooks, int]
) -> None:
    received, port = hooks
    robots = f"""
[[alerts.webhooks]]
agency = "demo"
name = "企业微信群"
kind = "wecom"
url = "http://127.0.0.1:{port}/wecom"

[[alerts.webhooks]]
agency = "demo"
name = "钉钉群"
kind = "dingtalk"
url = "http://127.0.0.1:{port}/dingtalk"
"""
    app = app_with(tmp_path, robots)
    new_case(app.engine, app.context(moment(date(2026, 10, 23))), date(2026, 10, 23))
    report = sweep(app, date(2026, 11, 20))
    assert report.failed == 0
    bodies = dict(received.bodies)
    wecom, dingtalk = bodies["/wecom"], bodies["/dingtalk"]
    assert wecom["msgtype"] == "markdown" and set(wecom["markdown"]) == {"content"}
    assert wecom["markdown"]["content"].startswith("**示例市发展和改革委员会 政府信息公开期限提醒")
    assert dingtalk["msgtype"] == "markdown" and set(dingtalk["markdown"]) == {"title", "text"}
    assert "今日到期" in dingtalk["markdown"]["text"]
    assert sweep(app, date(2026, 11, 20), hour=11).sent == 0
    assert len(received.bodies) == 2
    app.close()


@pytest.mark.parametrize(
    ("path", "style", "words"),
    [("/refuse", "wecom", "errcode 93000"), ("/broken", "generic", "500")],
)
def test_a_robot_that_refuses_or_fails_is_a_failed_send(
    hooks: tuple[Hooks, int], path: str, style: str, words: str
) -> None:
    _received, port = hooks
    robot = Recipient("demo/群", "webhook", f"http://127.0.0.1:{port}{path}", style)
    with pytest.raises(NotificationError, match=words):
        WebhookNotifier(timeout_seconds=5).send(robot, NOTICE)


def test_a_long_digest_is_cut_to_what_a_wecom_robot_accepts() -> None:
    long = Notice(
        "提醒", tuple(f"案件 2026-{i:04d}：答复期限将至，还剩 3 个工作日" for i in range(400))
    )
    content = webhook_body("wecom", long)["markdown"]["content"]
    assert len(content.encode("utf-8")) <= 4096
    assert content.endswith("（内容过长，完整内容见 casework alerts）")
    generic = webhook_body("generic", NOTICE)
    assert generic == {"title": NOTICE.title, "lines": list(NOTICE.lines), "text": NOTICE.text}


@pytest.mark.parametrize(
    ("extra", "where"),
    [
        ('[users."li\\u001fsi"]\nname = "李四"\n', "users"),
        ('[[alerts.webhooks]]\nagency = "demo"\nname = "群\\t机器人"\nurl = "http://x.cn/h"\n',
         "alerts.webhooks.name"),
    ],
)  # fmt: skip
def test_a_code_with_a_control_character_is_refused_at_configuration(
    tmp_path: Path, extra: str, where: str
) -> None:
    # Codes are fields of the alert ledger's key, joined by U+001F (alert_routing.KEY_SEPARATOR).
    home = write_alert_home(tmp_path / "home", extra=extra)
    with pytest.raises(ConfigurationError, match=f"{where} 中的「.*」含有不可见的控制字符"):
        load_settings(home)
