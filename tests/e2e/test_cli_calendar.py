"""Calendar data through the CLI: refusals, loading, recompute with audit, provisional dates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CliInvoke, dump

REPO = Path(__file__).resolve().parents[2]
SAMPLE_2027 = REPO / "calendars" / "sample-2027.toml"


def register(cli: CliInvoke, received_on: str, channel: str = "email") -> str:
    result = cli(
        "register",
        "--applicant",
        "张三",
        "--applicant-type",
        "natural",
        "--channel",
        channel,
        "--received-on",
        received_on,
        "--description",
        "预算",
    )
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


BAD_FILES = {
    "a year shipped with the software": (
        "year = 2026\nsource = 'x'\n[[holidays]]\nname='元旦'\ndates=[2026-01-01]\n",
        "已随软件提供",
    ),
    "a value that is not a date": (
        "year = 2027\nsource = 'x'\n[[holidays]]\nname='元旦'\ndates=['2027-01-01']\n",
        "日期",
    ),
    "a make-up day on a weekday": (
        "year = 2027\nsource = 'x'\n"
        "[[holidays]]\nname='元旦'\ndates=[2027-01-01]\n"
        "[[workdays]]\nname='调休'\ndates=[2027-01-06]\n",
        "星期六",
    ),
    "a year with no holidays": ("year = 2027\nsource = 'x'\n", "节假日"),
    "a day listed as holiday and workday": (
        "year = 2027\nsource = 'x'\n"
        "[[holidays]]\nname='元旦'\ndates=[2027-01-02]\n"
        "[[workdays]]\nname='调休'\ndates=[2027-01-02]\n",
        "2027-01-02",
    ),
    "not TOML at all": ("year = = 2027", "TOML"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_calendar_file_is_refused_and_changes_nothing(
    cli: CliInvoke, home: Path, tmp_path: Path, name: str
) -> None:
    register(cli, "2026-11-02")
    before = dump(home)
    content, expected = BAD_FILES[name]
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    result = cli("calendar", "load", str(path))
    assert result.exit_code == 1, result.output
    assert result.output.startswith("错误：") and expected in result.output
    assert dump(home) == before


def test_loading_a_year_twice_is_refused(cli: CliInvoke, home: Path) -> None:
    assert cli("calendar", "load", str(SAMPLE_2027)).exit_code == 0
    before = dump(home)
    again = cli("calendar", "load", str(SAMPLE_2027))
    assert again.exit_code == 1 and "已导入" in again.output
    assert dump(home) == before


def test_a_date_reaching_a_year_without_data_is_provisional_until_it_is_loaded(
    cli: CliInvoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEWORK_NOW", "2026-12-18T09:00:00+08:00")
    # Received Thu 2026-12-17; 20 working days: Dec 18, 21-25, 28-31 (10), then 2027.
    # Without 2027 data only weekends and 1 January rest: Jan 4-8 (15), Jan 11-15 (20).
    number = register(cli, "2026-12-17")
    shown = json.loads(cli("show", number, "--json").output)
    assert shown["reply_due_on"] == "2027-01-15"
    assert shown["due_provisional"] is True
    assert any(step["kind"] == "provisional" for step in shown["derivation"])
    assert "暂定" in cli("show", number).output
    assert "2027" in cli("calendar", "check").output

    # The sample 2027 file rests 2027-01-01..03 and makes no other change in January.
    loaded = cli("calendar", "load", str(SAMPLE_2027))
    assert loaded.exit_code == 0, loaded.output
    after = json.loads(cli("show", number, "--json").output)
    assert after["due_provisional"] is False
    assert after["reply_due_on"] == "2027-01-15"
    events = json.loads(cli("history", number, "--json").output)["events"]
    assert [e["action"] for e in events] == ["register", "recompute"]
    assert events[1]["data"]["before"]["due_provisional"] is True
    assert events[1]["data"]["after"]["due_provisional"] is False
    assert "没有期限为暂定的在办案件" in cli("calendar", "check").output


def test_a_loaded_year_that_moves_a_date_is_journalled(
    cli: CliInvoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEWORK_NOW", "2026-12-18T09:00:00+08:00")
    number = register(cli, "2026-12-17")
    path = tmp_path / "2027.toml"
    path.write_text(
        "year = 2027\nsource = '测试通知'\n"
        "[[holidays]]\nname = '元旦'\nstart = 2027-01-01\nend = 2027-01-03\n"
        "[[holidays]]\nname = '测试假日'\ndates = [2027-01-05, 2027-01-06]\n",
        encoding="utf-8",
    )
    result = cli("calendar", "load", str(path))
    assert result.exit_code == 0, result.output
    assert number in result.output
    # Two more rest days in the window: the 20th working day moves from 01-15 to 01-19.
    assert json.loads(cli("show", number, "--json").output)["reply_due_on"] == "2027-01-19"
    event = json.loads(cli("history", number, "--json").output)["events"][-1]
    assert event["data"]["before"]["reply_due_on"] == "2027-01-15"
    assert event["data"]["after"]["reply_due_on"] == "2027-01-19"
    assert "测试通知" in event["data"]["reason"]


def test_calendar_show_lists_days_and_provenance(cli: CliInvoke) -> None:
    result = cli("calendar", "show", "2022")
    assert result.exit_code == 0, result.output
    assert "2022-10-08" in result.output and "调休上班" in result.output
    assert "chinesecalendar" in result.output
    data = json.loads(cli("calendar", "show", "2020", "--json").output)
    assert data["holidays"]["2020-01-31"]  # the 2020 Spring Festival extension
    missing = cli("calendar", "show", "2031")
    assert missing.exit_code == 0 and "没有节假日安排数据" in missing.output


def test_show_prints_the_derivation_of_the_court_example(cli: CliInvoke) -> None:
    # Signed for on Fri 2022-09-30 → due Wed 2022-11-02 (domain.md §2.2).
    number = register(cli, "2022-09-30", channel="post")
    shown = json.loads(cli("show", number, "--json").output)
    assert shown["reply_due_on"] == "2022-11-02"
    texts = [step["text"] for step in shown["derivation"]]
    assert any("2022-11-02" in text for text in texts)
    assert "期限计算过程" in cli("show", number).output


def test_list_finds_cases_due_soon_and_overdue_sorted_by_due_date(cli: CliInvoke) -> None:
    # Today is 2026-11-20 (fixture). Received 2026-10-16 → due 2026-11-13 (overdue);
    # received 2026-11-02 → due 2026-11-30; received 2026-11-19 → due 2026-12-17.
    overdue = register(cli, "2026-10-16")
    soon = register(cli, "2026-11-02")
    later = register(cli, "2026-11-19")
    due = {c["number"]: c["reply_due_on"] for c in json.loads(cli("list", "--json").output)}
    assert due == {overdue: "2026-11-13", soon: "2026-11-30", later: "2026-12-17"}
    within = json.loads(cli("list", "--due-within", "10", "--json").output)
    assert [c["number"] for c in within] == [overdue, soon]
    late = json.loads(cli("list", "--overdue", "--json").output)
    assert [c["number"] for c in late] == [overdue]
    assert "已逾期" in cli("list", "--overdue").output
    ordered = json.loads(cli("list", "--sort", "due", "--json").output)
    assert [c["number"] for c in ordered] == [overdue, soon, later]
