"""Alert channels: the log/console, e-mail over SMTP, and webhooks posting JSON.

Webhook bodies are shaped for the group robots offices use: 企业微信 (WeCom) takes
``{"msgtype": "markdown", "markdown": {"content": …}}`` (content at most 4096 bytes), 钉钉
(DingTalk) ``{"msgtype": "markdown", "markdown": {"title": …, "text": …}}``; both answer HTTP 200
with ``errcode`` != 0 when they refuse, which counts as a failure.  Every library error becomes a
``NotificationError`` so that the sweep keeps the delivery unsent and retries it.
"""

from __future__ import annotations

import json
import logging
import os
import smtplib
import ssl
import urllib.error
import urllib.request
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any, TextIO

from casework.domain.alerts.routing import EMAIL, LOG, WEBHOOK, Notice, Recipient
from casework.errors import ConfigurationError, NotificationError
from casework.services.ports import Notifier
from casework.settings import AlertSettings, SmtpSettings

LOGGER = logging.getLogger("casework.alerts")
WECOM_CONTENT_BYTES = 4096
DINGTALK_TEXT_BYTES = 20000


class LogNotifier:
    """Writes each message to a stream (the console) and to the ``casework.alerts`` logger."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream

    def send(self, recipient: Recipient, notice: Notice) -> None:
        LOGGER.info("提醒 → %s：%s", recipient.name, notice.text)
        if self.stream is not None:
            body = "".join(f"    {line}\n" for line in notice.lines)
            self.stream.write(f"[提醒] → {recipient.name}：{notice.title}\n{body}")
            self.stream.flush()


class SmtpNotifier:
    """Sends one plain-text e-mail per message through the office's mail server."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.password: str | None = None
        if settings.password_env:
            self.password = os.environ.get(settings.password_env)
            if self.password is None:
                raise ConfigurationError(
                    f"环境变量 {settings.password_env} 未设置（邮件服务器密码）",
                    field="alerts.smtp.password_env",
                )

    def send(self, recipient: Recipient, notice: Notice) -> None:
        smtp = self.settings
        message = EmailMessage()
        message["Subject"] = notice.title
        message["From"] = smtp.sender
        message["To"] = recipient.address
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain=smtp.sender.split("@")[-1])
        message.set_content("\n".join(notice.lines) + "\n", charset="utf-8")
        try:
            with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_seconds) as client:
                if smtp.starttls:
                    client.starttls(context=ssl.create_default_context())
                if smtp.user:
                    client.login(smtp.user, self.password or "")
                client.send_message(message)
        except (smtplib.SMTPException, OSError) as exc:
            raise NotificationError(
                f"邮件发送失败（{smtp.host}:{smtp.port} → {recipient.address}）：{exc}",
                field="alerts.smtp",
            ) from exc


def webhook_body(style: str, notice: Notice) -> dict[str, Any]:
    """The JSON a robot of ``style`` (wecom, dingtalk, generic) accepts."""
    markdown = "\n".join((f"**{notice.title}**", *(f"> {line}" for line in notice.lines)))
    if style == "wecom":
        return {
            "msgtype": "markdown",
            "markdown": {"content": _clip(markdown, WECOM_CONTENT_BYTES)},
        }
    if style == "dingtalk":
        text = _clip(markdown, DINGTALK_TEXT_BYTES)
        return {"msgtype": "markdown", "markdown": {"title": notice.title, "text": text}}
    return {"title": notice.title, "lines": list(notice.lines), "text": notice.text}


def _clip(text: str, limit: int) -> str:
    """At most ``limit`` UTF-8 bytes, cut at a line and marked when cut."""
    if len(text.encode("utf-8")) <= limit:
        return text
    marker = "\n……（内容过长，完整内容见 casework alerts）"
    room = limit - len(marker.encode("utf-8"))
    kept: list[str] = []
    used = 0
    for line in text.split("\n"):
        size = len(line.encode("utf-8")) + 1
        if used + size > room:
            break
        kept.append(line)
        used += size
    return "\n".join(kept) + marker


class WebhookNotifier:
    """POSTs the message as JSON to the recipient's URL."""

    def __init__(self, timeout_seconds: float = 10.0) -> None:
        self.timeout = timeout_seconds

    def send(self, recipient: Recipient, notice: Notice) -> None:
        body = json.dumps(webhook_body(recipient.style, notice), ensure_ascii=False)
        request = urllib.request.Request(
            recipient.address,
            data=body.encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        where = f"webhook {recipient.name}"
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = response.read()
        except (urllib.error.URLError, OSError) as exc:
            raise NotificationError(f"推送失败：{exc}", field=where) from exc
        if recipient.style in ("wecom", "dingtalk"):
            _check_robot_answer(answer, where)


def _check_robot_answer(answer: bytes, where: str) -> None:
    try:
        reply = json.loads(answer.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotificationError(
            f"机器人返回了无法识别的应答：{answer[:200]!r}", field=where
        ) from exc
    code = reply.get("errcode", 0) if isinstance(reply, dict) else 0
    if code != 0:
        raise NotificationError(
            f"机器人拒收（errcode {code}）：{reply.get('errmsg', '')}", field=where
        )


def build_notifiers(settings: AlertSettings, stream: TextIO | None) -> dict[str, Notifier]:
    """The configured channels: the log (to ``stream``), e-mail, webhooks."""
    channels: dict[str, Notifier] = {WEBHOOK: WebhookNotifier()}
    if settings.log:
        channels[LOG] = LogNotifier(stream)
    if settings.smtp is not None:
        channels[EMAIL] = SmtpNotifier(settings.smtp)
    return channels
