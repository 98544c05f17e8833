"""``casework archive``: the archive action (归档, Reg. art. 45) and its bundle's export and
verification (issue 17).

``casework archive CASE`` stays the action (the group passes anything that is not one of its
subcommands to ``archive case``); ``archive export CASE --out DIR`` writes the latest bundle,
``archive verify DIR`` checks an exported bundle and ``archive verify --case CASE`` the bundles
stored in the database.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import click

from casework.entrypoints.cli import pass_app
from casework.entrypoints.cli.delivery import archive as archive_action
from casework.entrypoints.cli.output import echo_json
from casework.entrypoints.cli.params import agency_option, case_argument, json_option
from casework.errors import DocumentError, ValidationError

if TYPE_CHECKING:
    from casework.bootstrap import App

OUT_FIELD = "--out（输出目录）"
DEFAULT = "case"


class ArchiveGroup(click.Group):
    """A group whose first argument, when not a subcommand, is the case to archive."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [DEFAULT, *args]
        return super().parse_args(ctx, args)


@click.group(name="archive", cls=ArchiveGroup)
def archive_group() -> None:
    """归档：固定案件全部材料，生成归档包（PDF/A 文书、原件、附件、办理日志、期限计算、清单），并导出、校验。

    \b
    示例：
      casework archive 2026-0001 --on 2026-05-08
      casework archive export 2026-0001 --out ~/归档/2026-0001
      casework archive verify ~/归档/2026-0001
      casework archive verify --case 2026-0001
    """


archive_action.name = DEFAULT
archive_group.add_command(archive_action)


@archive_group.command(name="export")
@case_argument
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="写出归档包的目录（须为空目录或尚不存在）。",
)
@agency_option
@json_option
@pass_app
def export(app: App, case_ref: str, out: Path, agency: str | None, as_json: bool) -> None:
    """把案件最近一次归档生成的归档包写到目录（清单 manifest.json、封签 manifest.seal 及全部文件）。

    \b
    示例：
      casework archive export 2026-0001 --out ~/归档/2026-0001
    """
    from casework.services.archive_export import export_bundle

    case, files = export_bundle(app.uow(), app.context(), case_ref, agency)
    written = _write(out, files)
    if as_json:
        echo_json({"case": case.number, "out": str(out), "files": written})
        return
    click.echo(f"案件 {case.number} 的归档包已写出：{out}（{len(written)} 个文件）")


def _write(out: Path, files: list[tuple[str, bytes]]) -> list[str]:
    from casework.adapters.file_output import replacing

    try:
        if out.exists() and any(out.iterdir()):
            raise ValidationError("目录不为空；请指定空目录或新目录", field=f"{OUT_FIELD}{out}")
        for name, data in files:
            target = out.joinpath(*PurePosixPath(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with replacing(target) as temporary:
                temporary.write_bytes(data)
    except OSError as error:
        raise DocumentError(
            f"无法写入归档包：{error.strerror or error}", field=f"{OUT_FIELD}{out}"
        ) from error
    return [name for name, _data in files]


@archive_group.command(name="verify")
@click.argument("folder", required=False, type=click.Path(path_type=Path), metavar="目录")
@click.option("--case", "case_ref", metavar="案件编号", help="校验数据库中该案件的全部归档包。")
@agency_option
@json_option
@pass_app
def verify(
    app: App, folder: Path | None, case_ref: str | None, agency: str | None, as_json: bool
) -> None:
    """校验归档包：导出的目录（文件是否齐全、未改动，清单与封签是否相符），或数据库中案件的归档包
    （另核对归档之前的办理日志未被改动）。有问题时逐条列出，退出码为 1。

    \b
    示例：
      casework archive verify ~/归档/2026-0001
      casework archive verify --case 2026-0001
    """
    if (folder is None) == (case_ref is None):
        raise ValidationError("请给出导出的目录，或用 --case 指定案件（二者选一）", field="目录")
    if folder is not None:
        from casework.services.archive_export import check_exported

        problems = {str(folder): check_exported(_read(folder))}
    else:
        from casework.services.archive_export import verify_case_bundles

        assert case_ref is not None
        case, results = verify_case_bundles(app.uow(), app.context(), case_ref, agency)
        if not results:
            _no_bundle(app, case.number, case.agency, as_json)
            return
        problems = {f"{case.number} 归档包 {b.event_seq}": found for b, found in results}
    _report(problems, as_json)


def _no_bundle(app: App, number: str, agency: str, as_json: bool) -> None:
    """No bundle: a case of an imported 台账 says so and passes (issue 17); any other case
    without a bundle is refused."""
    from casework.services.archive_export import imported_archive_note

    note = imported_archive_note(app.uow(), app.context(), number, agency)
    if note is None:
        raise ValidationError(f"案件 {number} 没有归档包", field="--case（案件编号）")
    if as_json:
        echo_json([{"bundle": None, "case": number, "note": note, "problems": []}])
    else:
        click.echo(f"{number}：{note}，无需校验")


def _read(folder: Path) -> dict[str, bytes | None]:
    if not folder.is_dir():
        raise ValidationError("目录不存在", field=f"目录 {folder}")
    try:
        return {
            path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.is_file()
        }
    except OSError as error:
        raise DocumentError(f"无法读取：{error.strerror or error}", field=str(folder)) from error


def _report(problems: dict[str, list[str]], as_json: bool) -> None:
    if as_json:
        data: Any = [{"bundle": name, "problems": found} for name, found in problems.items()]
        echo_json(data)
    else:
        for name, found in problems.items():
            click.echo(f"{name}：" + ("校验通过" if not found else f"发现 {len(found)} 处问题"))
            for problem in found:
                click.echo(f"  - {problem}")
    if any(problems.values()):
        raise click.exceptions.Exit(1)


COMMANDS = (archive_group,)
