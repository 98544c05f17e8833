"""Letters of a case: ``casework docs`` and ``casework check`` (issue #5)."""

from __future__ import annotations

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
@click.option("--pdf", is_flag=True, help="用 LibreOffice 将现行文书转换为 PDF（供审核阅读）。")
@agency_option
@json_option
@pass_app
def docs(app: App, case_ref: str, pdf: bool, agency: str | None, as_json: bool) -> None:
    """列出案件的全部文书（文书种类、文号、文件、校验值、生成时间）。

    \b
    示例：
      casework docs 2026-0001
      casework docs 2026-0001 --json
      casework docs 2026-0001 --pdf
    """
    from casework.services import letter_checks

    if pdf:
        with tally_bar("转换 PDF", enabled=not as_json) as tally:
            _case, files = letter_checks.export_pdf(
                app.uow(), app.context(), case_ref, agency, tally
            )
        if as_json:
            echo_json([str(path) for path in files])
        else:
            click.echo("\n".join(str(path) for path in files) or "该案件没有文书。")
        return
    case, listed = letter_checks.list_documents_by_round(app.uow(), app.context(), case_ref, agency)
    folder = app.settings.documents_dir
    if as_json:
        echo_json(
            [
                {
                    "kind": item.document.kind,
                    "number": item.document.number,
                    "path": str(folder / item.document.path),
                    "sha256": item.document.sha256,
                    "created_at": item.document.created_at.isoformat(),
                    "round": item.round + 1,  # 1: the first handling; 2: after a reopening
                    "voided": item.voided,  # a draft a withdrawal made void
                }
                for item in listed
            ]
        )
        return
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
            str(folder / item.document.path),
        )
        for item in listed
    ]
    click.echo(table(["文书", "文号", "状态", "办理轮次", "生成时间", "文件"], rows))


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
    from casework.services import letter_checks

    case, checks = letter_checks.check_case(app.uow(), app.context(), case_ref, agency)
    if as_json:
        echo_json(
            [
                {
                    "document": c.document.kind,
                    "number": c.document.number,
                    "round": c.round + 1,
                    "element": item.element,
                    "status": item.status,
                    "detail": item.detail,
                }
                for c in checks
                for item in c.items
            ]
        )
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
