"""The database's own chores: ``casework db import-documents`` and ``db export-documents``
(issue 15: letters move from each clerk's home into the document store)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from casework.entrypoints.cli import pass_app
from casework.entrypoints.cli.output import echo_json
from casework.entrypoints.cli.params import json_option

if TYPE_CHECKING:
    from casework.bootstrap import App
    from casework.services.document_import import ImportOutcome


@click.group(name="db")
def db_group() -> None:
    """数据库维护：把旧版本写在工作目录中的文书导入文书库，或在回退前写回。

    \b
    示例：
      casework db import-documents
      casework db export-documents
    """


@db_group.command(name="import-documents")
@json_option
@pass_app
def import_documents(app: App, as_json: bool) -> None:
    """把旧版本写在本工作目录 documents 文件夹中的文书导入数据库的文书库（一次性，可重复运行）。

    只导入校验值（sha256）与办理时记录一致的文件；找不到的文书列出，退出码为1
    （可能在其他经办人的工作目录中：请在那里也运行本命令）。原文件保留不动。

    \b
    示例：
      casework db import-documents
    """
    from casework.adapters.document_files import DocumentFolder
    from casework.services.document_import import import_documents as run

    outcome = run(app.uow(), DocumentFolder(app.settings.documents_dir))
    _report(outcome, as_json, "已导入文书库", "未找到校验值相符的文件")


@db_group.command(name="export-documents")
@json_option
@pass_app
def export_documents(app: App, as_json: bool) -> None:
    """把文书库中的全部文书写回本工作目录的 documents 文件夹（回退到旧版本数据库结构之前运行）。

    \b
    示例：
      casework db export-documents
    """
    from casework.adapters.document_files import DocumentFolder
    from casework.services.document_import import export_documents as run

    outcome = run(app.uow(), DocumentFolder(app.settings.documents_dir))
    _report(outcome, as_json, "已写回", "文书库中没有内容")


def _report(outcome: ImportOutcome, as_json: bool, done: str, lacking: str) -> None:
    if as_json:
        echo_json({"done": list(outcome.imported), "missing": list(outcome.missing)})
    else:
        click.echo(f"{done} {len(outcome.imported)} 份文书。")
        for path in outcome.missing:
            click.echo(f"{lacking}：{path}")
    if outcome.missing:
        raise click.exceptions.Exit(1)


COMMANDS: list[click.Command] = [db_group]
