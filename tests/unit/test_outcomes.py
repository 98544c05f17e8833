"""The outcome catalogue's rules: report rows, citations, facts, remedies and every refusal.

The valid starting point is the shipped ``workflows/outcomes.yaml`` parsed once; each refusal
test mutates a deep copy, as a member of legal staff editing the file would, and checks that
``OutcomeCatalogue.from_data`` names the key at fault.  Expected values are written out
literally from domain.md §1.7, §3 and §4 (the shared notes are not available in CI).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from casework.domain.workflow.catalogue import OutcomeCatalogue
from casework.domain.workflow.outcomes import (
    FACT_LABELS,
    REPORT_ROWS,
    RESULT_ROWS,
    Provision,
    Remedy,
    chinese_number,
)
from casework.errors import ConfigurationError, ValidationError

SHIPPED = Path(__file__).resolve().parents[2] / "workflows" / "outcomes.yaml"
SOURCE = "outcomes.yaml"

# AR table 三, verbatim from the format (国办公开办函〔2021〕30号) as domain.md §4 lists it.
EXPECTED_ROWS = [
    ("1", "一、本年新收政府信息公开申请数量"),
    ("2", "二、上年结转政府信息公开申请数量"),
    ("3", "三、本年度办理结果"),
    ("3.1", "（一）予以公开"),
    ("3.2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("3.3", "（三）不予公开"),
    ("3.3.1", "1.属于国家秘密"),
    ("3.3.2", "2.其他法律行政法规禁止公开"),
    ("3.3.3", "3.危及“三安全一稳定”"),
    ("3.3.4", "4.保护第三方合法权益"),
    ("3.3.5", "5.属于三类内部事务信息"),
    ("3.3.6", "6.属于四类过程性信息"),
    ("3.3.7", "7.属于行政执法案卷"),
    ("3.3.8", "8.属于行政查询事项"),
    ("3.4", "（四）无法提供"),
    ("3.4.1", "1.本机关不掌握相关政府信息"),
    ("3.4.2", "2.没有现成信息需要另行制作"),
    ("3.4.3", "3.补正后申请内容仍不明确"),
    ("3.5", "（五）不予处理"),
    ("3.5.1", "1.信访举报投诉类申请"),
    ("3.5.2", "2.重复申请"),
    ("3.5.3", "3.要求提供公开出版物"),
    ("3.5.4", "4.无正当理由大量反复申请"),
    ("3.5.5", "5.要求行政机关确认或重新出具已获取信息"),
    ("3.6", "（六）其他处理"),
    ("3.6.1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("3.6.2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("3.6.3", "3.其他"),
    ("3.7", "（七）总计"),
    ("4", "四、结转下年度继续办理"),
]


@pytest.fixture(scope="module")
def shipped_data() -> dict[str, Any]:
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def catalogue(shipped_data: dict[str, Any]) -> OutcomeCatalogue:
    return OutcomeCatalogue.from_data(shipped_data, source=SOURCE)


def _entry(data: dict[str, Any], code: str) -> dict[str, Any]:
    entry: dict[str, Any] = next(e for e in data["outcomes"] if e["code"] == code)
    return entry


def test_report_rows_are_table_three_of_the_annual_report_verbatim() -> None:
    assert [tuple(row) for row in REPORT_ROWS] == EXPECTED_ROWS
    assert REPORT_ROWS[8].label == "3.危及\u201c三安全一稳定\u201d"  # curly quotes, as published


def test_outcomes_may_be_counted_only_in_the_result_leaf_rows() -> None:
    assert RESULT_ROWS[:2] == ("3.1", "3.2")
    assert len(RESULT_ROWS) == 2 + 8 + 3 + 5 + 3
    assert not {"1", "2", "3", "3.3", "3.7", "4"} & set(RESULT_ROWS)


@pytest.mark.parametrize(
    ("number", "numeral"),
    [
        (1, "一"),
        (10, "十"),
        (14, "十四"),
        (20, "二十"),
        (36, "三十六"),
        (42, "四十二"),
        (56, "五十六"),
    ],
)
def test_article_numbers_are_written_in_chinese_numerals(number: int, numeral: str) -> None:
    assert chinese_number(number) == numeral


@pytest.mark.parametrize(
    ("provision", "citation"),
    [
        (Provision(article=36, item=4), "第三十六条第（四）项"),
        (Provision(article=16, paragraph=2), "第十六条第二款"),
        (Provision(article=39, paragraph=1), "第三十九条第一款"),
        (Provision(article=37), "第三十七条"),
    ],
)
def test_a_provision_is_cited_by_article_paragraph_and_item(
    provision: Provision, citation: str
) -> None:
    assert provision.citation == citation


def test_an_unknown_code_is_refused_with_the_choices(catalogue: OutcomeCatalogue) -> None:
    with pytest.raises(ValidationError) as caught:
        catalogue.get("refuse")
    assert caught.value.field == "--outcome（办理结果）"
    # Issue 21: every code with its Chinese label beside it.
    assert (
        "未知的办理结果「refuse」；可选：disclose（予以公开）、already_public（已主动公开）"
        in caught.value.rule
    )
    assert "withhold_third_party（" in caught.value.rule


def test_missing_facts_of_not_held_name_the_search_process_in_chinese(
    catalogue: OutcomeCatalogue,
) -> None:
    not_held = catalogue.get("not_held")
    assert not_held.missing_facts({}) == ["检索过程（--search-process）"]
    assert not_held.missing_facts({"search_process": "  "}) == ["检索过程（--search-process）"]
    assert not_held.missing_facts({"search_process": "检索了本机关发文库"}) == []


def test_missing_facts_of_partial_include_those_of_its_ground(
    catalogue: OutcomeCatalogue,
) -> None:
    partial = catalogue.get("partial")
    given = {
        "ground": "withhold_prohibited",
        "withheld_part": "第二页",
        "reasons": "涉及统计调查对象",
    }
    given["access"] = "随本告知书提供"
    assert partial.missing_facts(given) == []
    prohibited = catalogue.ground("withhold_prohibited")
    missing = partial.missing_facts(given, ground=prohibited)
    assert missing == ["禁止公开的法律、行政法规（--prohibiting-law）"]


def test_missing_facts_of_repeat_name_the_earlier_case(catalogue: OutcomeCatalogue) -> None:
    assert catalogue.get("repeat").missing_facts({"earlier_case": None}) == [
        "此前的申请及答复（--earlier-case）"
    ]


def test_every_fact_has_a_chinese_label_naming_its_option() -> None:
    for name, label in FACT_LABELS.items():
        assert f"（--{name.replace('_', '-')}）" in label


@pytest.mark.parametrize(
    ("ground", "remedy"),
    [
        ("withhold_third_party", Remedy.RECONSIDERATION_FIRST),
        ("withhold_process", Remedy.RECONSIDERATION_FIRST),
        ("withhold_query", Remedy.EITHER),
    ],
)
def test_partial_takes_the_remedy_of_its_ground(
    catalogue: OutcomeCatalogue, ground: str, remedy: Remedy
) -> None:
    partial = catalogue.get("partial")
    assert partial.remedy_for(catalogue.get(ground)) == remedy


def test_partial_without_a_ground_or_with_a_non_refusal_ground_is_refused(
    catalogue: OutcomeCatalogue,
) -> None:
    partial = catalogue.get("partial")
    with pytest.raises(ValidationError) as caught:
        partial.remedy_for(None)
    assert caught.value.field == "--ground（不予公开部分的依据）"
    with pytest.raises(ValidationError, match="不能作为不予公开部分的依据"):
        partial.remedy_for(catalogue.get("disclose"))
    with pytest.raises(ValidationError, match="可选：withhold_state_secret"):
        catalogue.ground("not_held")


def test_other_outcomes_ignore_the_ground(catalogue: OutcomeCatalogue) -> None:
    assert catalogue.get("withhold_query").remedy_for(None) == "either"
    assert catalogue.get("withhold_internal").remedy_for(None) == "reconsideration_first"


def test_partial_cites_article_37_and_the_ground(catalogue: OutcomeCatalogue) -> None:
    partial = catalogue.get("partial")
    assert partial.basis_text_for(catalogue.get("withhold_internal")) == (
        "《中华人民共和国政府信息公开条例》第三十七条、第十六条第一款"
    )
    assert catalogue.get("not_held").basis_text_for() == (
        "《中华人民共和国政府信息公开条例》第三十六条第（四）项"
    )


def test_a_missing_convenience_reply_is_a_warning_only_where_expected(
    catalogue: OutcomeCatalogue,
) -> None:
    assert "便民答复" in catalogue.get("not_ours").warnings({})[0]
    assert catalogue.get("not_ours").warnings({"convenience": "可向市自然资源局咨询"}) == []
    assert catalogue.get("disclose").warnings({}) == []


def test_codes_for_a_row_list_every_outcome_counted_there(catalogue: OutcomeCatalogue) -> None:
    assert catalogue.codes_for_row("3.4.1") == ("not_held", "not_ours")
    assert catalogue.codes_for_row("3.7") == ()


# --- Refusals: each mutation names the file and the key path -------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _set(code: str, key: str, value: object) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        _entry(data, code)[key] = value

    return mutate


def _article(code: str, article: object) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        _entry(data, code)["basis"]["provisions"][0]["article"] = article

    return mutate


def _drop(code: str, key: str) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        del _entry(data, code)[key]

    return mutate


def _duplicate(data: dict[str, Any]) -> None:
    data["outcomes"][1]["code"] = "disclose"


def _remove_other(data: dict[str, Any]) -> None:
    data["outcomes"] = [e for e in data["outcomes"] if e["code"] != "other"]


def _partial_without_prohibiting_law(data: dict[str, Any]) -> None:
    partial = _entry(data, "partial")
    partial["optional_facts"] = ["facts", "interest"]
    partial["paragraph"] = partial["paragraph"].replace(
        "{% if prohibiting_law %}{{ prohibiting_law }}和{% endif %}", ""
    )


def _unknown_top(data: dict[str, Any]) -> None:
    data["version"] = 2


REFUSALS: list[tuple[str, Mutation, str, str]] = [
    (
        "unknown key",
        _set("not_held", "legal_basis", "x"),
        "outcomes[12]（not_held）.legal_basis",
        "未知的键 legal_basis",
    ),
    ("unknown top-level key", _unknown_top, "version", "未知的键 version"),
    ("missing key", _drop("repeat", "report_row"), "outcomes[17]（repeat）.report_row", "缺少"),
    (
        "unknown fact",
        _set("not_held", "required_facts", ["search_steps"]),
        "outcomes[12]（not_held）.required_facts",
        "未知的事项 'search_steps'",
    ),
    (
        "duplicate fact",
        _set("repeat", "required_facts", ["earlier_case", "earlier_case"]),
        "required_facts",
        "重复",
    ),
    ("duplicate code", _duplicate, "outcomes[2]（disclose）.code", "重复（另见 outcomes[1]"),
    ("statutory code removed", _remove_other, "outcomes", "缺少办理结果 other"),
    (
        "unknown remedy",
        _set("disclose", "remedy", "lawsuit_only"),
        "outcomes[1]（disclose）.remedy",
        "未知的救济途径写法",
    ),
    (
        "row outside table 三",
        _set("disclose", "report_row", "3.9"),
        "outcomes[1]（disclose）.report_row",
        "不是年度报告表三中",
    ),
    (
        "a subtotal row",
        _set("disclose", "report_row", "3.3"),
        "outcomes[1]（disclose）.report_row",
        "不是年度报告表三中",
    ),
    (
        "unquoted row",
        _set("disclose", "report_row", 3.1),
        "outcomes[1]（disclose）.report_row",
        "应加引号",
    ),
    (
        "misspelt row label",
        _set("withhold_security", "report_label", '3.危及"三安全一稳定"'),
        "outcomes[6]（withhold_security）.report_label",
        "应为「3.危及“三安全一稳定”」",
    ),
    (
        "wrong group",
        _set("not_held", "report_group", "（五）不予处理"),
        "outcomes[12]（not_held）.report_group",
        "（四）无法提供",
    ),
    (
        "article beyond the 2019 text",
        _article("not_held", 57),
        "outcomes[12]（not_held）.basis.provisions[1].article",
        "第1至56条",
    ),
    (
        "article zero",
        _article("disclose", 0),
        "outcomes[1]（disclose）.basis.provisions[1].article",
        "2019年修订",
    ),
    (
        "article as text",
        _article("disclose", "三十六"),
        "basis.provisions[1].article",
        "超出",
    ),
    (
        "2007 article 21 left in the citation text",
        _set(
            "not_held",
            "basis",
            {
                "provisions": [{"article": 36, "paragraph": None, "item": 4}],
                "text": "《中华人民共和国政府信息公开条例》第二十一条第（三）项",
            },
        ),
        "outcomes[12]（not_held）.basis.text",
        "第三十六条第（四）项",
    ),
    (
        "reconsideration first without arts. 14–16",
        _set("withhold_query", "remedy", "reconsideration_first"),
        "outcomes[11]（withhold_query）.remedy",
        "第二十三条",
    ),
    (
        "a direct lawsuit offered for an art. 15 refusal",
        _set("withhold_third_party", "remedy", "either"),
        "outcomes[7]（withhold_third_party）.remedy",
        "reconsideration_first",
    ),
    (
        "2007-era period in a paragraph",
        _set("disclose", "paragraph", "本机关将于十五个工作日内提供。{{ access }}"),
        "outcomes[1]（disclose）.paragraph",
        "十五个工作日",
    ),
    (
        "unknown placeholder",
        _set("disclose", "paragraph", "{{ access }}，{{ search_process }}"),
        "outcomes[1]（disclose）.paragraph",
        "占位符 search_process",
    ),
    (
        "template logic",
        _set("disclose", "paragraph", "{% for x in access %}{{ x }}{% endfor %}"),
        "outcomes[1]（disclose）.paragraph",
        "无法识别的占位符",
    ),
    (
        "unbalanced if",
        _set("not_ours", "paragraph", "{{ reasons }}{% if responsible_agency %}"),
        "outcomes[13]（not_ours）.paragraph",
        "不配对",
    ),
    (
        "required reasons dropped from the paragraph",
        _set("withhold_internal", "paragraph", "根据{{ basis_text }}的规定，不予公开。"),
        "outcomes[8]（withhold_internal）.paragraph",
        "必填事项 reasons",
    ),
    (
        "convenience expected but not a fact",
        _set("not_held", "optional_facts", []),
        "outcomes[12]（not_held）.optional_facts",
        "convenience",
    ),
    (
        "partial unable to take a ground's facts",
        _partial_without_prohibiting_law,
        "outcomes[3]（partial）.optional_facts",
        "prohibiting_law",
    ),
    (
        "a ground-following remedy outside partial disclosure",
        _set("withhold_internal", "remedy", "follows_ground"),
        "outcomes[8]（withhold_internal）.remedy",
        "仅用于部分公开",
    ),
    (
        "convenience_expected not a boolean",
        _set("unclear", "convenience_expected", "是"),
        "outcomes[15]（unclear）.convenience_expected",
        "true 或 false",
    ),
]


@pytest.mark.parametrize(
    ("mutation", "key", "rule"),
    [pytest.param(m, k, r, id=name) for name, m, k, r in REFUSALS],
)
def test_every_bad_edit_is_refused_naming_the_file_and_key(
    shipped_data: dict[str, Any], mutation: Mutation, key: str, rule: str
) -> None:
    data = copy.deepcopy(shipped_data)
    mutation(data)
    with pytest.raises(ConfigurationError) as caught:
        OutcomeCatalogue.from_data(data, source=SOURCE)
    assert caught.value.field is not None
    assert caught.value.field.startswith(f"{SOURCE} ")
    assert key in caught.value.field
    assert rule in caught.value.rule


def test_data_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="outcomes"):
        OutcomeCatalogue.from_data(["disclose"], source=SOURCE)
    with pytest.raises(ConfigurationError, match="缺少必填的键 outcomes"):
        OutcomeCatalogue.from_data({}, source=SOURCE)
