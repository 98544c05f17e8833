"""Registering and looking up cases: register, show, list (the journal: ``journal.py``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from casework.entrypoints.cli import pass_app
from casework.entrypoints.cli.output import echo_json, fields, progress_bar, table
from casework.entrypoints.cli.params import DATE, agency_option, case_argument, json_option

if TYPE_CHECKING:
    from casework.bootstrap import App
    from casework.domain.case.records import Case
    from casework.domain.workflow.machine import Workflow

APPLICANT_TYPES = [
    "natural",
    "enterprise",
    "research",
    "public-interest",
    "legal-service",
    "other-org",
]
ID_TYPES = ["resident-id", "uscc", "passport", "other"]
CHANNELS = ["in-person", "post", "post-ordinary", "online", "email", "fax"]


@click.command()
@click.option(
    "--applicant", metavar="姓名或名称", help="申请人姓名（公民）或名称（法人或其他组织）。"
)
@click.option(
    "--applicant-type", type=click.Choice(APPLICANT_TYPES), help="申请人类型（年度报告的六列）。"
)
@click.option("--id-type", type=click.Choice(ID_TYPES), help="证件类型。")
@click.option("--id-number", metavar="号码", help="证件号码；身份证和统一社会信用代码校验校验位。")
@click.option("--contact", metavar="联系方式", help="电话、电子邮箱等。")
@click.option("--address", metavar="地址", help="通讯地址。")
@click.option(
    "--channel", type=click.Choice(CHANNELS), help="申请方式，决定收到申请之日（条例第三十一条）。"
)
@click.option("--arrived-on", type=DATE, help="申请实际到达日期（可选）。")
@click.option("--received-on", type=DATE, help="收到申请之日（条例第三十一条），YYYY-MM-DD。")
@click.option(
    "--description", metavar="文字", help="所需政府信息的名称、文号或便于查询的其他特征描述。"
)
@click.option(
    "--form", type=click.Choice(["paper", "electronic", "other"]), help="获取信息的形式。"
)
@click.option(
    "--delivery",
    type=click.Choice(["pick-up", "post", "email", "online", "fax"]),
    help="获取信息的方式。",
)
@click.option(
    "--assistance",
    metavar="文字",
    help="为有阅读、视听障碍等困难的申请人提供协助的记录（条例第四十三条）。",
)
@agency_option
@click.option(
    "--file",
    "file_",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="从 JSON 或 TOML 文件批量登记（每条一份申请）。",
)
@json_option
@pass_app
def register(app: App, file_: Path | None, as_json: bool, **options: Any) -> None:
    """登记一份政府信息公开申请，输出新案件编号（最后一行）。

    \b
    示例：
      casework register --applicant 张三 --applicant-type natural \\
        --id-type resident-id --id-number 11010519491231002X --contact 13800000000 \\
        --channel in-person --received-on 2026-04-01 \\
        --description "2025年度部门预算及说明" --form electronic --delivery email
      casework register --file 申请.json
    """
    from casework.domain.application.validation import ApplicationInput
    from casework.services import registration
    from casework.services.views import case_view

    if file_ is not None:
        given = [name for name, value in options.items() if value is not None]
        if given:
            raise click.UsageError(
                f"--file 不能与 --{given[0].replace('_', '-')} 等登记选项同用："
                "批量登记的每份申请的内容都写在文件中"
            )
        _register_file(app, file_, as_json)
        return
    from casework.entrypoints.cli.search import repeat_view, warn_repeats
    from casework.services.search import earlier_requests

    case = registration.register(app.uow(), app.context(), ApplicationInput(**options))
    # Reg. art. 36 item 6: registered first (seed 003), then the clerk is shown any earlier
    # request of the applicant that is substantially the same, and decides.
    repeated = earlier_requests(app.uow(), case)
    if as_json:
        view = case_view(case, app.context().flow, full_identity=True)
        echo_json({**view, "earlier_requests": [repeat_view(app, e) for e in repeated]})
        return
    if repeated:
        warn_repeats(app, repeated, number=case.number)
    click.echo(
        f"已登记：{case.applicant.name}，收到申请之日 {case.received_on.isoformat()}，"
        f"查询码 {case.query_code}"
    )
    if case.reply_due_on:
        click.echo(f"答复期限：{case.reply_due_on.isoformat()}")
    _warn_late_registration(case, app.today())
    click.echo(case.number)


def _warn_late_registration(case: Case, today: date) -> None:
    """Reg. art. 31: the period runs from the receipt, not from the registration; a case
    entered days later has already used some of it, which the clerk must see (on stderr, so
    the last line of standard output stays the case number)."""
    late = (today - case.received_on).days
    if late > 0:
        click.echo(
            f"注意：本申请 {case.received_on.isoformat()} 收到，{today.isoformat()} 才登记"
            f"（晚 {late} 天）；登记回执落款日期为登记之日 {today.isoformat()}，"
            f"答复期限仍自收到申请之日 {case.received_on.isoformat()} 起算（条例第三十一条）。",
            err=True,
        )


def _register_file(app: App, path: Path, as_json: bool) -> None:
    from casework.adapters.application_files import read_applications
    from casework.services import registration

    entries = read_applications(path)
    with progress_bar(len(entries), "登记", enabled=not as_json) as progress:
        results = registration.register_many(app.uow, app.context(), entries, progress)
    failed = [result for result in results if result.error is not None]
    if as_json:
        echo_json(
            [
                {
                    "index": r.index,
                    "applicant": r.applicant,
                    "number": r.case.number if r.case else None,
                    "error": str(r.error) if r.error else None,
                }
                for r in results
            ]
        )
    else:
        rows = [
            (
                r.index,
                r.applicant,
                r.case.number if r.case else "—",
                "已登记" if r.case else f"未登记：{r.error}",
            )
            for r in results
        ]
        click.echo(table(["序号", "申请人", "案件编号", "结果"], rows))
        click.echo(
            f"共 {len(results)} 份：登记 {len(results) - len(failed)} 份，失败 {len(failed)} 份。"
        )
    if failed:
        raise click.exceptions.Exit(1)


@click.command()
@case_argument
@agency_option
@json_option
@pass_app
def show(app: App, case_ref: str, agency: str | None, as_json: bool) -> None:
    """查看一个案件（案件编号或查询码）的全部登记信息和期限。

    \b
    示例：
      casework show 2026-0001
      casework show 2026-0001 --json
    """
    from casework.entrypoints.cli.attachments import attachment_rows
    from casework.services.queries import show_case
    from casework.services.views import case_detail

    overview = show_case(app.reader(), app.context(), case_ref, agency)
    case = overview.case
    commands = clerk_commands(overview.allowed_actions, case.number)
    view = case_detail(overview, app.context().flow, commands)
    if as_json:
        echo_json(view)
        return
    label = outcome_text(app, case.outcome) or None
    click.echo(_case_text(case, view, app.context().flow, label))
    if overview.attachments:
        click.echo("附件：\n" + attachment_rows(overview.attachments))


# Workflow actions a clerk does not type as a command of that name: a reopening is recorded
# with the remedy that orders it (ARL art. 64); the lapses and the end of a consultation window
# happen on their dates, applied by `casework lapse` or the scheduler's sweep.
_TYPED_AS = {"reopen": "remedy {case} … --reopen"}


def clerk_commands(actions: list[str], number: str) -> list[dict[str, str]]:
    """The allowed workflow actions a clerk can type now, each with its command line."""
    ctx = click.get_current_context()
    root = ctx.find_root().command
    # The names only: the root group loads a command's module when it is asked for one.
    commands = set(root.list_commands(ctx)) if isinstance(root, click.Group) else set()
    found = []
    for action in actions:
        if action in _TYPED_AS:
            typed = _TYPED_AS[action].format(case=number)
            found.append({"action": action, "command": f"casework {typed}"})
        elif action in commands:
            found.append({"action": action, "command": f"casework {action} {number}"})
    return found


def _outcome_label(code: str | None, label: str | None) -> str:
    """The outcome as a clerk reads it: the Chinese label with the code beside it."""
    if not code:
        return "—"
    return f"{label}（{code}）" if label else code


def _case_text(
    case: Case, view: dict[str, Any], flow: Workflow, outcome_label: str | None = None
) -> str:
    from casework.services.views import describe_choice

    applicant = view["applicant"]
    identity = (
        f"{describe_choice('id_type', applicant['id_type'])} {applicant['id_number']}"
        if applicant["id_number"]
        else "未提供"
    )
    pairs: list[tuple[str, Any]] = [
        ("案件编号", f"{case.number}（{case.agency}）"),
        ("查询码", case.query_code),
        ("状态", view["state_label"]),
        ("申请人", f"{applicant['name']}（{applicant['type_label']}）"),
        ("证件", identity),
        ("联系方式", applicant["contact"] or "未提供"),
        ("通讯地址", applicant["address"] or "未提供"),
        ("申请方式", view["channel_label"]),
        ("到达日期", view["arrived_on"] or "未记录"),
        ("收到申请之日", _receipt_text(case, view)),
        ("所需信息", case.description),
        ("获取形式", describe_choice("form", case.form)),
        ("获取方式", describe_choice("delivery", case.delivery)),
        ("经办人", case.handler),
        ("答复期限", _clock_text(case, view)),
        ("办理结果", _outcome_label(case.outcome, outcome_label)),
        ("答复文号", case.reply_number or "—"),
    ]
    if case.assistance:
        pairs.insert(13, ("协助记录", case.assistance))
    pairs += _ending_rows(view)
    if view["pending_extension"]:
        pairs.append(("延期申请", _pending_text(view["pending_extension"])))
    allowed = "、".join(
        f"{flow.action_label(item['action'])}（{item['command']}）"
        for item in view["allowed_commands"]
    )
    pairs.append(("可执行操作", allowed or _nothing_allowed(view)))
    declared = view["declared_identity"]
    if declared["entries"]:
        pairs.append(
            ("身份", DECLARED_NOTE.format(declared["entries"], "、".join(declared["users"])))
        )
    text = fields(pairs)
    derivation = view.get("derivation") or []
    if derivation:
        text += "\n\n期限计算过程：\n" + "\n".join(
            f"  {i}. {step['text']}" for i, step in enumerate(derivation, start=1)
        )
    return text


def _ending_rows(view: dict[str, Any]) -> list[tuple[str, Any]]:
    """作废 or 撤回 with its date and reason; 归档 of an imported case without a bundle."""
    rows: list[tuple[str, Any]] = []
    if view["ending"]:
        rows.append(
            ("作废" if view["ending"]["kind"] == "voided" else "撤回", view["ending"]["text"])
        )
    if view["archive_note"]:
        rows.append(("归档", view["archive_note"]))
    return rows


def _nothing_allowed(view: dict[str, Any]) -> str:
    if view["ending"] and view["ending"]["kind"] == "voided":
        return "无（登记已作废）"
    return "无（案件已办结或只读，或只待期满自动处理）"


def _pending_text(asked: dict[str, Any]) -> str:
    """A clerk's extension request awaiting the head (Reg. art. 33 para. 2)."""
    return (
        f"待负责人批准：{asked['requested_by']} 于 {asked['requested_on']} 申请延长 "
        f"{asked['days']} 个工作日，理由：{asked['reason']}（条例第三十三条第二款；"
        "approve-extension 批准，refuse-extension 不同意）"
    )


DECLARED_NOTE = "办理日志中 {} 条记录的操作人为声明身份（以 --user 指定，未经登录认证）：{}"


def _receipt_text(case: Case, view: dict[str, Any]) -> str:
    rule = case.receipt.get("rule", "")
    if view["clock_status"] == "unconfirmed":
        return f"待确认（{rule}；用 casework confirm {case.number} 确认）"
    return f"{view['received_on']}（{rule}）"


def outcome_text(app: App, code: str | None) -> str:
    return app.context().catalogue.get(code).label if code else ""


def _clock_text(case: Case, view: dict[str, Any]) -> str:
    from casework.domain.case.waiting import awaited_text

    if view["clock_status"] == "unconfirmed":
        # Reg. art. 31 item 3: received only when both sides confirmed it.
        return "未起算：网上申请待确认收到（确认之日为收到申请之日，条例第三十一条第（三）项）"
    left = view["working_days_left"]
    remaining = f"剩余 {left} 个工作日" if left >= 0 else f"已逾期 {-left} 个工作日"
    provisional = "（暂定：涉及尚未导入节假日安排的年份）" if view["due_provisional"] else ""
    if view["clock_status"] == "stopped":
        # Never 「剩余 0 个工作日」 for a stopped clock: say what is awaited and since when.
        return f"{awaited_text(case.decisions, left)}{provisional}"
    if view["clock_status"] == "ended":
        return f"{view['reply_due_on'] or '—'}（{_ended_word(view)}）"
    return f"{view['reply_due_on']}（{remaining}）{provisional}"


def _ended_word(view: dict[str, Any]) -> str:
    """A voided registration ran no reply period; a withdrawn application was not answered."""
    ending = view.get("ending")
    if ending and ending["kind"] == "voided":
        return "登记已作废，不计算答复期限"
    return "申请已撤回" if ending else "已办结"
