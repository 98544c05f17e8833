"""Attachments (附件, issue 17): ``casework attach`` and the ``--attach`` option of the actions
that receive a paper (record-opinion, record-payment, deliver, remedy)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from casework.entrypoints.cli import pass_app
from casework.entrypoints.cli.output import echo_json, table
from casework.entrypoints.cli.params import NOTE, agency_option, case_argument, json_option
from casework.errors import ValidationError

if TYPE_CHECKING:
    from casework.bootstrap import App
    from casework.domain.case.attachments import Attachment
    from casework.services.attachment_store import AttachmentRequest

KIND_CODES = (
    "application_scan",
    "identity_proof",
    "power_of_attorney",
    "correction_material",
    "third_party_opinion",
    "agency_opinion",
    "payment_receipt",
    "delivery_proof",
    "remedy_decision",
    "other",
)
KIND_HELP = (
    "application_scan 申请材料扫描件；identity_proof 身份证明；power_of_attorney 授权委托书；"
    "correction_material 补正材料；third_party_opinion 第三方意见；agency_opinion 有关机关意见；"
    "payment_receipt 缴费凭证；delivery_proof 送达凭证；remedy_decision 复议决定书或裁判文书；"
    "other 其他材料。"
)
F = Callable[..., Any]


def read_files(paths: Sequence[Path]) -> list[Any]:
    """The files as ``IncomingFile`` (a missing or unreadable file: a Chinese refusal)."""
    from casework.domain.case.attachments import IncomingFile

    files = []
    for path in paths:
        field = f"FILE（附件文件）「{path}」"
        if not path.is_file():
            raise ValidationError("文件不存在或不是普通文件", field=field)
        try:
            files.append(IncomingFile(path.name, path.read_bytes()))
        except OSError as error:
            raise ValidationError(f"无法读取：{error.strerror or error}", field=field) from error
    return files


def request(paths: Sequence[Path], kind: str, note: str | None) -> AttachmentRequest | None:
    """The checked request for ``--attach`` files (None: none given)."""
    if not paths:
        return None
    from casework.services.attachment_store import AttachmentRequest

    return AttachmentRequest.checked(read_files(paths), kind, note)


def attach_options(default_kind: str) -> Callable[[F], F]:
    """``--attach FILE`` (repeatable) and ``--attach-kind`` for an action that receives papers."""

    def decorate(function: F) -> F:
        function = click.option(
            "--attach-kind",
            type=click.Choice(KIND_CODES),
            default=default_kind,
            show_default=True,
            help="--attach 所附文件的种类。" + KIND_HELP,
        )(function)
        return click.option(
            "--attach",
            "attach",
            multiple=True,
            type=click.Path(dir_okay=False, path_type=Path),
            metavar="文件",
            help="同时附上收到的书面材料（可重复；与本次办理一同保存，任一文件不合格则整体不办理）。",
        )(function)

    return decorate


@click.command(name="attach")
@case_argument
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="文件…")
@click.option("--kind", type=click.Choice(KIND_CODES), required=True, help=KIND_HELP)
@click.option("--note", type=NOTE, metavar="文字", help="说明（可选，最多 500 字）。")
@agency_option
@json_option
@pass_app
def attach(
    app: App,
    case_ref: str,
    files: tuple[Path, ...],
    kind: str,
    note: str | None,
    agency: str | None,
    as_json: bool,
) -> None:
    """把文件附入案卷（扫描件、身份证明、意见、凭证、决定书等），存入文书库并记入办理日志。

    接受 PDF、OFD、JPEG、PNG、TIFF、.docx 和 UTF-8 纯文本，按文件内容识别类型，单个文件不超过 20 MB。

    \b
    示例：
      casework attach 2026-0001 申请表.pdf --kind application_scan
      casework attach 2026-0001 身份证正面.jpg 身份证反面.jpg --kind identity_proof --note "复印件"
    """
    from casework.services import attachments

    checked = request(files, kind, note)
    assert checked is not None
    case, event = attachments.attach(app.uow(), app.context(), case_ref, checked, agency)
    entries = event.data["attachments"]
    if as_json:
        echo_json({"case": case.number, "seq": event.seq, "attachments": entries})
        return
    for entry in entries:
        click.echo(f"案件 {case.number}：已附入 {entry['name']}（SHA-256 {entry['sha256']}）")


def attachment_rows(items: Sequence[Attachment]) -> str:
    """The attachments as a table for ``show`` and ``docs``."""
    from casework.domain.case.attachments import AttachmentKind

    rows = [
        (
            AttachmentKind(a.kind).label,
            a.name,
            _size(a.size),
            a.created_at.strftime("%Y-%m-%d %H:%M"),
            a.note or "",
            a.sha256[:16],
        )
        for a in items
    ]
    return table(["附件种类", "文件名", "大小", "附入时间", "说明", "SHA-256（前 16 位）"], rows)


def _size(size: int) -> str:
    return f"{size / 1048576:.1f} MB" if size >= 1048576 else f"{max(1, size // 1024)} KB"


COMMANDS = (attach,)
