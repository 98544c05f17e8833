"""Issue 17, search and repeats: ``casework search`` finds cases by words of the description and
the reply (three characters and more through the trigram index, shorter ones by LIKE), by the
exact applicant and identity number (printed masked), within a receipt range and by outcome;
``register`` and ``repeats`` show an applicant's earlier request that is substantially the
same (Reg. art. 36 item 6) with its outcome and reply number.  On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliInvoke, write_home
from tests.e2e.test_cli_workflow_paths import decide, new_case, run

__all__ = ["run"]  # the fixture, imported for pytest

ID_NUMBER = "11010519491231002X"


@pytest.fixture
def home(tmp_path: Path, database_url: str) -> Path:
    """The temporary home on each engine (overrides the SQLite-only one)."""
    return write_home(tmp_path / "home", database_url)


def found(run: CliInvoke, *args: str) -> list[str]:
    return [case["number"] for case in json.loads(run("search", *args, "--json").output)]


def other_applicant(run: CliInvoke, description: str, received_on: str) -> str:
    result = run(
        "register", "--applicant", "示例科技有限公司", "--applicant-type", "enterprise",
        "--channel", "online", "--received-on", received_on, "--description", description,
    )  # fmt: skip
    return str(result.output.strip().splitlines()[-1])


@pytest.fixture
def register_of_three(run: CliInvoke) -> tuple[str, str, str]:
    budget = new_case(run, "2026-04-01")  # 2025年度部门预算 (张三)
    decide(run, budget, "2026-04-10")
    greening = other_applicant(run, "某路段绿化养护合同及验收报告", "2026-05-06")
    other_year = new_case(run, "2026-06-01", description="2023年度部门决算")
    return budget, greening, other_year


def test_words_of_three_characters_or_more_are_found_in_the_description(
    run: CliInvoke, register_of_three: tuple[str, str, str]
) -> None:
    budget, greening, other_year = register_of_three
    assert found(run, "绿化养护") == [greening]
    assert found(run, "部门预算") == [budget]
    assert found(run, "年度部门") == [other_year, budget]  # newest receipt first
    assert found(run, "年度部门 决算") == [other_year]  # every word must occur
    assert found(run, "不存在的内容") == []


def test_words_below_a_trigram_are_found_too(
    run: CliInvoke, register_of_three: tuple[str, str, str]
) -> None:
    budget, greening, other_year = register_of_three
    assert found(run, "预算") == [budget]
    assert found(run, "绿") == [greening]
    assert found(run, "决算 2023") == [other_year]


def test_the_words_of_the_reply_and_its_number_are_found(
    run: CliInvoke, register_of_three: tuple[str, str, str]
) -> None:
    budget, _greening, _other_year = register_of_three
    # decide() drafted with --facts 「经审查，所申请信息可以公开」 --access 「随本答复书提供电子文档」.
    assert found(run, "电子文档") == [budget]
    assert found(run, "示发改信复〔2026〕1号") == [budget]


def test_applicant_and_identity_number_match_exactly_and_the_number_is_masked(
    run: CliInvoke, register_of_three: tuple[str, str, str]
) -> None:
    budget, greening, other_year = register_of_three
    assert found(run, "--applicant", "示例科技有限公司") == [greening]
    assert found(run, "--applicant", "示例科技") == []  # a name is matched whole
    assert found(run, "--id-number", ID_NUMBER) == [other_year, budget]
    assert found(run, "--id-number", ID_NUMBER.lower()) == [other_year, budget]
    assert found(run, "--id-number", ID_NUMBER[:-1]) == []
    for shown in (
        run("search", "--id-number", ID_NUMBER),
        run("search", "--id-number", ID_NUMBER, "--json"),
    ):
        assert ID_NUMBER not in shown.output
    listed = json.loads(run("search", "--id-number", ID_NUMBER, "--json").output)
    assert listed[0]["applicant"]["id_number"] == "1101**********002X"


def test_receipt_range_and_outcome_narrow_a_search(
    run: CliInvoke, register_of_three: tuple[str, str, str]
) -> None:
    budget, _greening, other_year = register_of_three
    assert found(run, "年度部门", "--from", "2026-05-01") == [other_year]
    assert found(run, "年度部门", "--to", "2026-04-30") == [budget]
    assert found(run, "年度部门", "--outcome", "disclose") == [budget]
    text = run("search", "部门预算").output
    assert "示发改信复〔2026〕1号" in text and "共 1 件" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "至少一项"),
        (("预算", "--from", "2026-05-01", "--to", "2026-04-01"), "晚于 --to"),
        (("预算", "--limit", "0"), "--limit"),
        (("预算", "--outcome", "nonsense"), "nonsense"),
    ],
)
def test_a_search_without_a_criterion_or_with_a_bad_range_is_refused(
    run: CliInvoke, args: tuple[str, ...], message: str
) -> None:
    result = run("search", *args, ok=False)
    assert result.exit_code == 1
    assert message in result.output


def test_registering_the_same_request_again_shows_the_earlier_reply(
    run: CliInvoke, register_of_three: tuple[str, str, str]
) -> None:
    budget, _greening, _other_year = register_of_three
    result = run(
        "register", "--applicant", "张三", "--applicant-type", "natural",
        "--id-type", "resident-id", "--id-number", ID_NUMBER, "--channel", "in-person",
        "--received-on", "2026-06-29", "--description", "请公开2025年度的部门预算",
    )  # fmt: skip
    assert "条例第三十六条第（六）项" in result.stderr
    assert budget in result.stderr and "示发改信复〔2026〕1号" in result.stderr
    assert "予以公开" in result.stderr and "2026-04-10" in result.stderr
    new = result.output.strip().splitlines()[-1]  # registered all the same
    earlier = json.loads(run("repeats", new, "--json").output)["earlier"]
    assert [(e["number"], e["answered"], e["outcome"]) for e in earlier] == [
        (budget, True, "disclose")
    ]


def _registered(run: CliInvoke, description: str, **who: str) -> Any:
    applicant = who or {"id-type": "resident-id", "id-number": ID_NUMBER}
    args = ["--applicant", "张三", "--applicant-type", "natural", "--channel", "in-person"]
    for key, value in applicant.items():
        args += [f"--{key}", value]
    result = run(
        "register", *args, "--received-on", "2026-06-29", "--description", description, "--json"
    )
    return json.loads(result.output)


def test_another_year_another_applicant_or_another_request_is_no_repeat(
    run: CliInvoke, register_of_three: tuple[str, str, str]
) -> None:
    assert _registered(run, "2024年度部门预算")["earlier_requests"] == []
    assert _registered(run, "某路段绿化养护合同及验收报告")["earlier_requests"] == []
    # The same name with another identity number is another person (a namesake).
    namesake = {"id-type": "resident-id", "id-number": "110105198001010016"}
    assert _registered(run, "2025年度部门预算", **namesake)["earlier_requests"] == []
    # Without an identity number the same name and type are taken as the same applicant (the
    # namesake's case 2026-0006 too): the clerk, who sees the application, decides.
    unnamed = _registered(run, "2025年度部门预算", contact="13800000000")["earlier_requests"]
    assert [e["number"] for e in unnamed] == ["2026-0006", "2026-0001"]


def test_an_earlier_request_not_yet_answered_is_shown_as_such(run: CliInvoke) -> None:
    first = new_case(run, "2026-06-01")
    result = run(
        "register", "--applicant", "张三", "--applicant-type", "natural",
        "--id-type", "resident-id", "--id-number", ID_NUMBER, "--channel", "in-person",
        "--received-on", "2026-06-02", "--description", "2025年度部门预算",
    )  # fmt: skip
    assert first in result.stderr and "尚未答复" in result.stderr


def test_registration_shows_the_five_most_similar_and_points_to_repeats_for_the_rest(
    run: CliInvoke,
) -> None:
    earlier = [new_case(run, f"2026-06-0{day}") for day in range(1, 8)]
    result = run(
        "register", "--applicant", "张三", "--applicant-type", "natural",
        "--id-type", "resident-id", "--id-number", ID_NUMBER, "--channel", "in-person",
        "--received-on", "2026-06-09", "--description", "2025年度部门预算",
    )  # fmt: skip
    new = result.output.strip().splitlines()[-1]
    listed = [number for number in earlier if number in result.stderr]
    assert listed == earlier[2:]  # equally similar: the five newest
    assert f"另有 2 件，全部列表：casework repeats {new}" in result.stderr
    everything = json.loads(run("repeats", new, "--json").output)["earlier"]
    assert sorted(e["number"] for e in everything) == earlier
    assert all(number in run("repeats", new).output for number in earlier)
