"""The November routine through the CLI: import the notice, correct a year, regional days.

The 2027 notice below is a TEST TEXT written for these tests (not a real notice): its New Year
item moves days of December 2026, a year that ships with the chinese_calendar package.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import CliInvoke, dump

DATA = Path(__file__).resolve().parents[1] / "data" / "holiday_notices"
REPO = Path(__file__).resolve().parents[2]
NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知（测试用文本，非真实通知）
国办发明电〔2026〕99号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2027年元旦、春节放假调休日期的具体安排通知如下。
一、元旦：2026年12月31日至2027年1月2日放假调休，共3天。2026年12月27日（星期日）上班。
二、春节：2月5日至11日放假调休，共7天。2月14日（星期日）上班。
国务院办公厅
2026年11月10日
"""


def register(cli: CliInvoke, received_on: str, agency: str = "demo") -> str:
    result = cli(
        "register",
        "--agency",
        agency,
        "--applicant",
        "张三",
        "--applicant-type",
        "natural",
        "--channel",
        "email",
        "--received-on",
        received_on,
        "--description",
        "预算",
    )
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def shown(cli: CliInvoke, number: str, agency: str = "demo") -> dict[str, object]:
    data: dict[str, object] = json.loads(cli("show", number, "--agency", agency, "--json").output)
    return data


def history_rows(home: Path) -> list[tuple[int, str, str]]:
    connection = sqlite3.connect(home / "casework.db")
    try:
        query = "SELECT year, region, loaded_by FROM calendar_year_history ORDER BY id"
        return list(connection.execute(query))
    finally:
        connection.close()


def test_importing_a_notice_shows_what_it_understood_and_moves_a_december_case(
    cli: CliInvoke, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEWORK_NOW", "2026-12-29T09:00:00+08:00")
    # Received Mon 2026-12-28; without 2027 data the 20th working day is 2027-01-26
    # (provisional).  The notice rests 12-31 and 01-01 and works Sun 12-27 (before the
    # start: no effect): 12-29, 12-30, Jan 4-8, 11-15, 18-22, 25-27 → 2027-01-27.
    number = register(cli, "2026-12-28")
    assert shown(cli, number)["reply_due_on"] == "2027-01-26"
    result = cli("calendar", "import-notice", "-", "--yes", input=NOTICE_2027)
    assert result.exit_code == 0, result.output
    assert "国办发明电〔2026〕99号" in result.output and "2026-11-10" in result.output
    assert "2026-12-31 至 2027-01-02（3 天）" in result.output
    assert "2026 年 12 月的放假调休已并入 2026 年数据" in result.output
    after = shown(cli, number)
    assert after["reply_due_on"] == "2027-01-27" and after["due_provisional"] is False
    event = json.loads(cli("history", number, "--json").output)["events"][-1]
    assert event["action"] == "recompute" and "国办发明电〔2026〕99号" in event["data"]["reason"]
    december = json.loads(cli("calendar", "show", "2026", "--json").output)
    assert december["workdays"]["2026-12-27"] == "元旦调休"
    assert december["holidays"]["2026-12-31"] == "元旦"
    assert december["holidays"]["2026-02-16"] == "春节"  # the package's days are kept
    assert history_rows(home) == [(2026, "national", "软件自带")]


def test_the_confirmation_can_be_declined_and_then_nothing_is_written(
    cli: CliInvoke, home: Path, tmp_path: Path
) -> None:
    register(cli, "2026-11-02")
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE_2027, encoding="utf-8")
    before = dump(home)
    declined = cli("calendar", "import-notice", str(path), input="n\n")
    assert declined.exit_code == 1, declined.output
    assert "是否与通知原文一致" in declined.output and "未导入任何数据" in declined.output
    assert dump(home) == before
    accepted = cli("calendar", "import-notice", str(path), input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert cli("calendar", "show", "2027", "--json").output.count("2027-02-05") == 1


def test_a_notice_with_a_wrong_weekday_is_refused_naming_the_line_and_changes_nothing(
    cli: CliInvoke, home: Path
) -> None:
    register(cli, "2026-11-02")
    before = dump(home)
    wrong = NOTICE_2027.replace("2月14日（星期日）", "2月14日（星期五）")
    result = cli("calendar", "import-notice", "-", "--yes", input=wrong)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("错误：通知第 6 行：")
    assert "2027-02-14 是星期日" in result.output
    assert dump(home) == before


def test_a_real_notice_for_a_shipped_year_needs_replace_and_keeps_the_old_data(
    cli: CliInvoke, home: Path
) -> None:
    text = (DATA / "2026.txt").read_text(encoding="utf-8")
    assert cli("calendar", "check").exit_code == 0  # creates the database
    before = dump(home)
    refused = cli("calendar", "import-notice", "-", "--yes", input=text)
    assert refused.exit_code == 1 and "已随软件提供" in refused.output
    assert "--replace" in refused.output
    assert dump(home) == before
    replaced = cli("calendar", "import-notice", "-", "--yes", "--replace", input=text)
    assert replaced.exit_code == 0, replaced.output
    assert "已更正 2026 年" in replaced.output and "在办案件的期限均未变化" in replaced.output
    assert history_rows(home) == [(2026, "national", "软件自带")]
    data = json.loads(cli("calendar", "show", "2026", "--json").output)
    assert data["sources"][0]["source"].startswith("国办发明电〔2025〕7号")


def test_load_replace_corrects_a_loaded_year_journals_the_moved_case_and_keeps_history(
    cli: CliInvoke, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEWORK_NOW", "2026-12-18T09:00:00+08:00")
    number = register(cli, "2026-12-17")
    assert cli("calendar", "load", str(REPO / "calendars" / "sample-2027.toml")).exit_code == 0
    assert shown(cli, number)["reply_due_on"] == "2027-01-15"
    corrected = (REPO / "calendars" / "sample-2027.toml").read_text(encoding="utf-8")
    corrected = corrected.replace("dates = [2027-06-09]", "dates = [2027-01-05, 2027-06-09]")
    path = tmp_path / "2027.toml"
    path.write_text(corrected, encoding="utf-8")
    again = cli("calendar", "load", str(path))
    assert again.exit_code == 1 and "--replace" in again.output
    result = cli("calendar", "load", "--replace", str(path))
    assert result.exit_code == 0, result.output
    assert "已更正 2027 年" in result.output and number in result.output
    # One more rest day (Tue 2027-01-05) in the window: 01-15 → 01-18.
    assert shown(cli, number)["reply_due_on"] == "2027-01-18"
    event = json.loads(cli("history", number, "--json").output)["events"][-1]
    assert event["data"]["reason"].startswith("更正2027年全国节假日安排")
    assert history_rows(home) == [(2027, "national", "zhangsan")]


def test_regional_days_recompute_only_the_agencies_of_that_region_and_recompute_reverts(
    cli: CliInvoke, home: Path
) -> None:
    config = home / "config.toml"
    original = config.read_text(encoding="utf-8")
    config.write_text(
        original.replace("[agencies.tj]\n", '[agencies.tj]\ncalendar_region = "xinjiang"\n'),
        encoding="utf-8",
    )
    # Received Wed 2026-05-20: nationally due 2026-06-17; with 古尔邦节 05-27..29 (sample
    # data) and 端午 06-19 the 20th working day is 2026-06-23.
    regional = register(cli, "2026-05-20", agency="tj")
    national = register(cli, "2026-05-20")
    loaded = cli("calendar", "load", str(REPO / "calendars" / "sample-xinjiang-2026.toml"))
    assert loaded.exit_code == 0, loaded.output
    assert shown(cli, regional, "tj")["reply_due_on"] == "2026-06-23"
    assert shown(cli, national)["reply_due_on"] == "2026-06-17"
    events = json.loads(cli("history", national, "--agency", "demo", "--json").output)["events"]
    assert [e["action"] for e in events] == ["register"]
    # The operator takes the region off the agency, then recomputes that agency's cases.
    config.write_text(original, encoding="utf-8")
    result = cli("calendar", "recompute", "--agency", "tj")
    assert result.exit_code == 0, result.output
    assert regional in result.output
    assert shown(cli, regional, "tj")["reply_due_on"] == "2026-06-17"
    last = json.loads(cli("history", regional, "--agency", "tj", "--json").output)["events"][-1]
    assert last["action"] == "recompute"
