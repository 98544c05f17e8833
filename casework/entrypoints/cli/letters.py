"""Letters of a case: ``casework docs`` and ``casework check`` (issue #5)."""

from __future__ import annotations

from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING

import click

from casework.entrypoints.cli import pass_app
from casework.entrypoints.cli.output import echo_json, table, tally_bar
from casework.entrypoints.cli.params import agency_option, case_argument, json_option

if TYPE_CHECKING:
    from casework.bootstrap import App
    from casework.services.letter_checks import DocumentCheck

STATUS_LABELS = {"pass": "通过", "fail": "不通过", "pending": "待定", "warning": "提示"}
DOCUMENT_STATUS = {"draft": "草稿", "final": "正式"}


def kind_label(kind: str) -> str:
    from casework.domain.letters.documents import DocumentKind

    return DocumentKind(kind).heading


@click.command(name="docs")
@case_argument
@click.option(
    "--pdf", is_flag=True, help="用 LibreOffice 将现行文书转换为 PDF 并存入文书库（供审核阅读）。"
)
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    help="把文书副本写到该目录（.docx 供 Word 编辑、打印；与 --pdf 同用时写 PDF）。",
)
@agency_option
@json_option
@pass_app
def docs(
    app: App, case_ref: str, pdf: bool, out: Path | None, agency: str | None, as_json: bool
) -> None:
    """列出案件的全部文书（文书种类、文号、名称、校验值、生成时间）。

    文书保存在数据库的文书库中，同一数据库的每位经办人都能查看；--out 写出副本。

    \b
    示例：
      casework docs 2026-0001
      casework docs 2026-0001 --json
      casework docs 2026-0001 --out ~/打印
      casework docs 2026-0001 --pdf --out ~/审核
    """
    from casework.entrypoints.cli.attachments import attachment_rows
    from casework.entrypoints.json_views import documents_json
    from casework.services import attachments, letter_checks

    if pdf or out is not None:
        _copies(app, case_ref, agency, pdf=pdf, out=out, as_json=as_json)
        return
    case, listed = letter_checks.list_documents_by_round(app.uow(), app.context(), case_ref, agency)
    _case, attached = attachments.case_attachments(app.uow(), app.context(), case_ref, agency)
    if as_json:
        echo_json(documents_json(listed, attached))
        return
    if attached:
        click.echo("附件：\n" + attachment_rows(attached))
    if not listed:
        click.echo(f"案件 {case.number} 没有文书。")
        return
    rows = [
        (
            kind_label(item.document.kind),
            item.document.number or "",
            "已作废"
            if item.voided
            else DOCUMENT_STATUS.get(item.document.status, item.document.status),
            item.round_label,
            item.document.created_at.strftime("%Y-%m-%d %H:%M"),
            item.document.path,
        )
        for item in listed
    ]
    click.echo(table(["文书", "文号", "状态", "办理轮次", "生成时间", "名称"], rows))


def _copies(
    app: App, case_ref: str, agency: str | None, *, pdf: bool, out: Path | None, as_json: bool
) -> None:
    """``docs --pdf`` and ``docs --out``: PDFs stored, copies written."""
    from casework.services import attachments, document_copies

    if pdf:  # a progress bar on a terminal while LibreOffice converts, never with --json
        with tally_bar("转换 PDF", enabled=not as_json) as tally:
            case, copies = document_copies.pdf_copies(
                app.uow(), app.context(), case_ref, agency, tally
            )
    else:
        case, copies = document_copies.letter_copies(app.uow(), app.context(), case_ref, agency)
    written = _write(out, [(c.name, c.data) for c in copies]) if out is not None else []
    if out is not None:  # issue 17: the attachments go with the letters
        attached = attachments.attachment_copies(app.uow(), app.context(), case_ref, agency)
        files = _write(out, [(name, data) for _a, name, data in attached])
        written_attachments = [
            {"kind": "attachment", "attachment_kind": a.kind, "number": None, "name": name}
            | {"sha256": a.sha256, "file": str(file)}
            for (a, name, _data), file in zip(attached, files, strict=True)
        ]
    else:
        written_attachments = []
    if as_json:
        echo_json(
            [
                {
                    "kind": copy.document.kind,
                    "number": copy.document.number,
                    "name": copy.name,
                    "sha256": sha256(copy.data).hexdigest(),
                    "file": str(written[index]) if written else None,
                }
                for index, copy in enumerate(copies)
            ]
            + written_attachments
        )
    elif not copies:
        click.echo(f"案件 {case.number} 没有文书。")
    elif written or written_attachments:
        click.echo("\n".join([*map(str, written), *(str(a["file"]) for a in written_attachments)]))
    else:
        names = "、".join(copy.name for copy in copies)
        click.echo(f"已存入文书库的 PDF：{names}（用 --out 目录 写出副本）")


def _write(folder: Path, files: list[tuple[str, bytes]]) -> list[Path]:
    from casework.adapters.file_output import write_copies
    from casework.errors import DocumentError

    try:
        return write_copies(folder, files)
    except OSError as error:
        raise DocumentError(
            f"无法写入文书副本：{error.strerror or error}", field=f"--out（输出目录）{folder}"
        ) from error


@click.command(name="check")
@case_argument
@agency_option
@json_option
@pass_app
def check(app: App, case_ref: str, agency: str | None, as_json: bool) -> None:
    """检查案件现行文书的必备要素（从生成的 .docx 读回核对），有不通过项时退出码为1。

    \b
    示例：
      casework check 2026-0001
      casework check 2026-0001 --json
    """
    from casework.entrypoints.json_views import checks_json
    from casework.services import letter_checks

    case, checks = letter_checks.check_case(app.uow(), app.context(), case_ref, agency)
    if as_json:
        echo_json(checks_json(checks))
    else:
        reopened = bool(case.decisions.reopenings)  # name the rounds once reopened
        for document_check in checks:
            echo_check(document_check, with_round=reopened)
    if any(c.failed for c in checks):
        raise click.exceptions.Exit(1)


def echo_check(document_check: DocumentCheck, *, with_round: bool = False) -> None:
    """One letter's elements as a table: element, status, detail."""
    document = document_check.document
    status = DOCUMENT_STATUS.get(document.status, document.status)
    round_text = f"【{document_check.round_label}】" if with_round else ""
    click.echo(f"{kind_label(document.kind)}（{document.number or status}）{round_text}")
    rows = [(i.element, STATUS_LABELS[i.status], i.detail) for i in document_check.items]
    click.echo(table(["要素", "结果", "说明"], rows))
    failed = len(document_check.failed)
    click.echo(f"不通过 {failed} 项。" if failed else "全部必备要素通过。")


COMMANDS: list[click.Command] = [docs, check]
