"""Letters through the CLI: rendered on each action into the document store, listed by ``docs``,
copied out by ``docs --out``, checked by ``check``, ``draft`` and ``approve``, converted to PDF
for reviewers (stored too)."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from casework.resources import data_path
from tests.conftest import CliInvoke, dump

NOW = "2026-06-30T10:00:00+08:00"


@pytest.fixture
def run(cli: CliInvoke, monkeypatch: pytest.MonkeyPatch) -> CliInvoke:
    monkeypatch.setenv("CASEWORK_NOW", NOW)

    def invoke(*args: str, user: str = "zhangsan", ok: bool = True) -> Any:
        result = cli(*args, user=user)
        if ok:
            assert result.exit_code == 0, result.output + result.stderr
        return result

    return invoke


def new_case(run: CliInvoke, applicant: str = "王五 & <李四>") -> str:
    result = run(
        "register",
        "--applicant",
        applicant,
        "--applicant-type",
        "natural",
        "--channel",
        "in-person",
        "--received-on",
        "2026-04-01",
        "--description",
        "2025年度部门预算 & 决算",
    )
    return str(result.output.strip().splitlines()[-1])


def documents(run: CliInvoke, number: str) -> list[dict[str, Any]]:
    return list(json.loads(run("docs", number, "--json").output))


def letter_copy(run: CliInvoke, number: str, document: dict[str, Any], out: Path) -> Path:
    """The copy ``docs --out`` writes of ``document``."""
    copies = json.loads(run("docs", number, "--out", str(out), "--json").output)
    return Path(next(c["file"] for c in copies if c["sha256"] == document["sha256"]))


def test_docs_lists_each_letter_with_its_number_name_and_checksum_and_writes_copies(
    run: CliInvoke, home: Path, tmp_path: Path
) -> None:
    number = new_case(run)
    run("request-correction", number, "--items", "请写明文件名称", "--on", "2026-04-03")
    listed = documents(run, number)
    assert [(d["kind"], d["number"]) for d in listed] == [
        ("acknowledgement", "示发改信登〔2026〕1号"),
        ("correction_notice", "示发改信补〔2026〕1号"),
    ]
    for document in listed:
        assert set(document) == {
            "kind",
            "number",
            "path",
            "sha256",
            "created_at",
            "round",
            "voided",
        }
        assert document["round"] == 1
        assert document["voided"] is False
        assert document["path"].startswith("demo/2026/2026-0001/")
        assert document["created_at"] == NOW
    table = run("docs", number).output
    assert "登记回执" in table and "补正告知书" in table
    assert not (home / "documents").exists()  # the letters are in the database
    written = run("docs", number, "--out", str(tmp_path / "打印")).output.split()
    assert [Path(p).name for p in written] == ["acknowledgement-1.docx", "correction_notice-1.docx"]
    for path, document in zip(written, listed, strict=True):
        assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == document["sha256"]


def test_check_passes_every_element_and_reports_json(run: CliInvoke) -> None:
    number = new_case(run)
    table = run("check", number).output
    assert "登记回执（示发改信登〔2026〕1号）" in table
    assert "全部必备要素通过" in table
    items = json.loads(run("check", number, "--json").output)
    assert {i["status"] for i in items} == {"pass"}
    assert set(items[0]) == {"document", "number", "round", "element", "status", "detail"}
    assert {i["element"] for i in items} >= {"发文字号", "标题", "申请人", "成文日期"}


def test_check_exits_1_when_a_letter_was_changed_after_it_was_made(
    run: CliInvoke, home: Path
) -> None:
    number = new_case(run)
    digest = documents(run, number)[0]["sha256"]
    with sqlite3.connect(home / "casework.db") as database:  # changed behind the engine's back
        database.execute(
            "UPDATE document_blobs SET content = substr(content, 1, size - 10) WHERE sha256 = ?",
            (digest,),
        )
    result = run("check", number, ok=False)
    assert result.exit_code == 1
    assert "不通过" in result.output and "校验值不符" in result.output


def test_draft_prints_the_check_with_the_number_pending_and_a_convenience_hint(
    run: CliInvoke,
) -> None:
    number = new_case(run)
    output = run(
        "draft",
        number,
        "--outcome",
        "not_held",
        "--search-process",
        "以“预算”为关键词检索了收文登记簿中的来文记录",
        "--on",
        "2026-04-20",
    ).output
    assert "发文字号" in output and "待定" in output
    assert "便民答复" in output and "提示" in output
    run("approve", number, "--on", "2026-04-21", user="lisi")


def test_approve_refuses_a_draft_whose_template_lost_the_remedy(
    run: CliInvoke, home: Path, tmp_path: Path
) -> None:
    from docx import Document

    templates = tmp_path / "templates"
    shutil.copytree(data_path("templates"), templates)
    reply = Document(str(templates / "replies" / "reply.docx"))
    remedy = next(p for p in reply.paragraphs if p.text == "{{ remedy }}")
    remedy._element.getparent().remove(remedy._element)
    reply.save(str(templates / "replies" / "reply.docx"))
    config = home / "config.toml"
    config.write_text(
        f'templates_dir = "{templates}"\n' + config.read_text(encoding="utf-8"), encoding="utf-8"
    )
    number = new_case(run)
    drafted = run(
        "draft", number, "--outcome", "disclose", "--access", "随本答复书提供", "--on", "2026-04-20"
    ).output
    assert "救济途径" in drafted and "不通过" in drafted
    before = dump(home)
    refused = run("approve", number, "--on", "2026-04-21", user="lisi", ok=False)
    assert refused.exit_code == 1
    assert "答复书草稿未通过要素检查，不能审签" in refused.stderr
    assert "救济途径" in refused.stderr
    assert dump(home) == before


def test_an_uncorrected_application_gets_a_termination_letter_numbered_at_issue(
    run: CliInvoke,
) -> None:
    number = new_case(run)
    run("request-correction", number, "--items", "请写明文件名称", "--on", "2026-04-03")
    run("lapse", "--on", "2026-06-30")
    assert documents(run, number)[-1]["kind"] == "termination"
    assert documents(run, number)[-1]["number"] is None
    run("approve", number, "--on", "2026-06-30", user="lisi")
    run("issue", number, "--on", "2026-06-30", user="lisi")
    last = documents(run, number)[-1]
    assert (last["kind"], last["number"]) == ("termination", "示发改信复〔2026〕1号")
    run("check", number)


def test_disclosing_over_an_objection_notifies_the_third_party(run: CliInvoke) -> None:
    number = new_case(run)
    run(
        "consult",
        number,
        "--party",
        "某公司",
        "--party-kind",
        "third-party",
        "--concern",
        "涉及该单位的经营数据，公开可能损害其商业秘密",
        "--on",
        "2026-04-02",
    )
    run("record-opinion", number, "--party", "某公司", "--opinion", "object", "--on", "2026-04-08")
    missing = run(
        "draft",
        number,
        "--outcome",
        "disclose",
        "--access",
        "随本答复书提供",
        "--on",
        "2026-04-09",
        ok=False,
    )
    assert "条例第三十二条" in missing.stderr
    run(
        "draft",
        number,
        "--outcome",
        "disclose",
        "--access",
        "随本答复书提供",
        "--override-objection",
        "--public-interest",
        "涉及重大公共利益",
        "--provide-on",
        "2026-04-20",
        "--on",
        "2026-04-09",
    )
    run("approve", number, "--on", "2026-04-09", user="lisi")
    run("issue", number, "--on", "2026-04-10", user="lisi")
    kinds = [(d["kind"], d["number"]) for d in documents(run, number)]
    assert ("disclosure_notice", "示发改信告〔2026〕1号") in kinds
    assert ("reply", "示发改信复〔2026〕1号") in kinds
    run("check", number)


@pytest.mark.slow
def test_docs_pdf_converts_the_standing_letters_in_one_run_and_stores_them(
    run: CliInvoke, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice = shutil.which("soffice")
    assert soffice is not None
    calls = tmp_path / "calls"
    counting = tmp_path / "soffice"  # counts LibreOffice runs, then runs it
    counting.write_text(f'#!/bin/sh\necho run >> "{calls}"\nexec "{soffice}" "$@"\n')
    counting.chmod(0o755)
    monkeypatch.setenv("CASEWORK_LETTERS__SOFFICE", str(counting))
    number = new_case(run)
    run("request-correction", number, "--items", "请写明文件名称", "--on", "2026-04-03")
    stored = run("docs", number, "--pdf").output
    assert "已存入文书库的 PDF：acknowledgement-1.pdf、correction_notice-1.pdf" in stored
    out = tmp_path / "审核"
    output = run("docs", number, "--pdf", "--out", str(out)).output.split()
    assert output == [str(out / "acknowledgement-1.pdf"), str(out / "correction_notice-1.pdf")]
    for path in output:
        assert Path(path).read_bytes().startswith(b"%PDF")
    assert calls.read_text().splitlines() == ["run"]  # both letters in one run, converted once
    with sqlite3.connect(home / "casework.db") as database:
        renditions = database.execute("SELECT COUNT(*) FROM document_renditions").fetchone()
    assert renditions == (2,)
    assert not (home / "documents").exists()


def _answer(run: CliInvoke, number: str, search: str, drafted_on: str, issued_on: str) -> None:
    run("draft", number, "--outcome", "not_held", "--search-process", search, "--on", drafted_on)
    run("approve", number, "--on", issued_on, user="lisi")
    run("issue", number, "--on", issued_on, user="lisi")


def _reopen(run: CliInvoke, number: str) -> None:
    where = ["--kind", "reconsideration", "--filed-on", "2026-05-06"]
    run("remedy", number, *where, "--organ", "示例市人民政府")
    run(
        "remedy",
        number,
        *where,
        "--result",
        "corrected",
        "--decided-on",
        "2026-06-20",
        "--reopen",
        "--decision-number",
        "示府复决〔2026〕3号",
        "--on",
        "2026-06-23",
    )


def test_a_reopened_case_checks_the_first_reply_against_its_own_round(run: CliInvoke) -> None:
    number = new_case(run)
    _answer(run, number, "以“预算”为关键词检索了收文登记簿中的来文记录", "2026-04-20", "2026-04-22")
    _reopen(run, number)
    checked = run("check", number).output  # no traceback: the first reply keeps its facts
    assert "政府信息公开申请答复书（示发改信复〔2026〕1号）" in checked
    assert "首次答复" in checked
    _answer(run, number, "以“决算”为关键词重新检索了档案室全部案卷", "2026-06-24", "2026-06-26")
    items = json.loads(run("check", number, "--json").output)
    replies = {(i["document"], i["number"]) for i in items if "reply" in i["document"]}
    assert replies == {("reply", "示发改信复〔2026〕1号"), ("re_reply", "示发改信复〔2026〕2号")}
    assert {i["status"] for i in items} <= {"pass", "warning"}
    run("check", number)
    listed = [(d["kind"], d["number"], d["round"]) for d in documents(run, number)]
    assert ("reply", "示发改信复〔2026〕1号", 1) in listed
    assert ("re_reply", "示发改信复〔2026〕2号", 2) in listed
    table = run("docs", number).output
    assert "首次答复" in table and "第1次重新答复" in table


def test_an_extension_notice_names_the_head_who_agreed_not_the_login(
    run: CliInvoke, tmp_path: Path
) -> None:
    from casework.adapters.docx_text import read_letter

    number = new_case(run)
    run(
        "extend",
        number,
        "--days",
        "10",
        "--reason",
        "需调阅多个年度的档案",
        "--on",
        "2026-04-27",
    )
    run("approve-extension", number, "--on", "2026-04-27", user="wangwu")
    notice = next(d for d in documents(run, number) if d["kind"] == "extension_notice")
    text = "".join(read_letter(letter_copy(run, number, notice, tmp_path)).paragraphs)
    assert "负责人王五同意" in text  # [users.wangwu] name = "王五"
    assert "wangwu" not in text
    checked = json.loads(run("check", number, "--json").output)
    approval = next(i for i in checked if i["element"] == "审批")
    assert approval["status"] == "pass" and "王五" in approval["detail"]


def _letter_text(path: Path) -> str:
    from casework.adapters.docx_text import read_letter

    return "".join(read_letter(path).paragraphs)


@pytest.mark.parametrize(
    ("action", "notice"),
    [
        (
            ("notify-fee", "--method", "per-page", "--pages", "150"),
            "收费通知书（示发改信费〔2026〕1号）",
        ),
        (
            ("request-correction", "--items", "请写明文件名称"),
            "补正告知书（示发改信补〔2026〕1号）",
        ),
    ],
)
def test_a_termination_letter_states_the_notice_once_and_its_consequence_once(
    run: CliInvoke, action: tuple[str, ...], notice: str, tmp_path: Path
) -> None:
    number = new_case(run)
    run(action[0], number, *action[1:], "--on", "2026-04-03")
    run("lapse", "--on", "2026-06-30")
    termination = documents(run, number)[-1]
    assert termination["kind"] == "termination"
    text = _letter_text(letter_copy(run, number, termination, tmp_path))
    assert f"本机关于2026年4月3日向您发出{notice}，" in text
    assert text.count("届满") == 1 and text.count("视为放弃申请") == 1
    assert "申请人未在" not in text  # the letter speaks to the applicant as 您 throughout
    run("check", number)


def test_docs_out_into_a_folder_that_cannot_be_made_is_refused_in_chinese_with_exit_1(
    run: CliInvoke, tmp_path: Path
) -> None:
    number = new_case(run)
    blocker = tmp_path / "不是目录.txt"
    blocker.write_text("")
    result = run("docs", number, "--out", str(blocker / "副本"), ok=False)
    assert result.exit_code == 1
    assert "--out（输出目录）" in result.stderr and "无法写入文书副本" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert blocker.read_text() == ""
