"""The shipped ``workflows/outcomes.yaml`` against domain.md §1.7, and the YAML adapter.

The expected table is written out literally from domain.md §1.7 (code, Reg. provisions of the
2019 text, annual-report row) so that an edit of the data file that drifts from the rulebook
fails here.  The paragraphs are rendered with Jinja2, as the letters will render them.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from jinja2 import meta

from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.domain.workflow.catalogue import OutcomeCatalogue
from casework.domain.workflow.outcomes import CONTEXT_NAMES, Remedy
from casework.errors import ConfigurationError

SHIPPED = Path(__file__).resolve().parents[2] / "workflows" / "outcomes.yaml"

# domain.md §1.7: code -> ((article, paragraph, item), …), report row.
EXPECTED: list[tuple[str, tuple[tuple[int, int | None, int | None], ...], str]] = [
    ("disclose", ((36, None, 2),), "3.1"),
    ("already_public", ((36, None, 1),), "3.1"),
    ("partial", ((37, None, None),), "3.2"),
    ("withhold_state_secret", ((14, None, None),), "3.3.1"),
    ("withhold_prohibited", ((14, None, None),), "3.3.2"),
    ("withhold_security", ((14, None, None),), "3.3.3"),
    ("withhold_third_party", ((15, None, None), (32, None, None)), "3.3.4"),
    ("withhold_internal", ((16, 1, None),), "3.3.5"),
    ("withhold_process", ((16, 2, None),), "3.3.6"),
    ("withhold_enforcement", ((16, 2, None),), "3.3.7"),
    ("withhold_query", ((36, None, 7),), "3.3.8"),
    ("not_held", ((36, None, 4),), "3.4.1"),
    ("not_ours", ((36, None, 5),), "3.4.1"),
    ("needs_compilation", ((38, None, None),), "3.4.2"),
    ("unclear", ((30, None, None),), "3.4.3"),
    ("petition", ((39, 1, None),), "3.5.1"),
    ("repeat", ((36, None, 6),), "3.5.2"),
    ("publication", ((39, 2, None),), "3.5.3"),
    ("excessive", ((35, None, None),), "3.5.4"),
    ("confirm_or_reissue", ((38, None, None),), "3.5.5"),
    ("correction_lapsed", ((30, None, None),), "3.6.1"),
    ("fee_lapsed", ((42, None, None),), "3.6.2"),
    ("other", (), "3.6.3"),
]
CONVENIENCE = {"not_held", "not_ours", "needs_compilation", "unclear"}
STALE = ("十五个工作日", "15个工作日", "3个月", "三个月内")


@pytest.fixture(scope="module")
def catalogue() -> OutcomeCatalogue:
    return load_outcomes(SHIPPED)


def test_the_default_path_is_the_shipped_file() -> None:
    assert default_outcomes_path().resolve() == SHIPPED.resolve()


def test_the_shipped_file_has_the_23_outcomes_of_the_rulebook_in_order(
    catalogue: OutcomeCatalogue,
) -> None:
    assert catalogue.codes == tuple(code for code, _, _ in EXPECTED)
    assert catalogue.source == str(SHIPPED)


@pytest.mark.parametrize(("code", "provisions", "row"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_each_outcome_cites_the_2019_provisions_and_counts_in_its_row(
    catalogue: OutcomeCatalogue,
    code: str,
    provisions: tuple[tuple[int, int | None, int | None], ...],
    row: str,
) -> None:
    outcome = catalogue.get(code)
    assert tuple((p.article, p.paragraph, p.item) for p in outcome.basis.provisions) == provisions
    assert outcome.report_row == row
    if provisions:
        assert outcome.basis.text.startswith("《中华人民共和国政府信息公开条例》第")


def test_report_labels_are_verbatim(catalogue: OutcomeCatalogue) -> None:
    security = catalogue.get("withhold_security")
    assert (security.report_group, security.report_label) == (
        "（三）不予公开",
        "3.危及“三安全一稳定”",
    )
    assert catalogue.get("partial").report_label == (
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    )
    assert catalogue.get("fee_lapsed").report_label == (
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    )


def test_citations_read_as_letters_print_them(catalogue: OutcomeCatalogue) -> None:
    assert catalogue.get("not_held").basis.text == (
        "《中华人民共和国政府信息公开条例》第三十六条第（四）项"
    )
    assert catalogue.get("withhold_process").basis.text == (
        "《中华人民共和国政府信息公开条例》第十六条第二款"
    )
    assert "《政府信息公开信息处理费管理办法》" in catalogue.get("fee_lapsed").basis.text


def test_refusals_under_arts_14_to_16_go_to_reconsideration_first(
    catalogue: OutcomeCatalogue,
) -> None:
    variants = {outcome.code: outcome.remedy for outcome in catalogue.outcomes}
    first = {code for code, remedy in variants.items() if remedy is Remedy.RECONSIDERATION_FIRST}
    assert first == {
        "withhold_state_secret",
        "withhold_prohibited",
        "withhold_security",
        "withhold_third_party",
        "withhold_internal",
        "withhold_process",
        "withhold_enforcement",
    }
    assert variants["withhold_query"] is Remedy.EITHER
    assert variants["partial"] is Remedy.FOLLOWS_GROUND
    assert variants["not_held"] is Remedy.EITHER


@pytest.mark.parametrize(
    ("code", "required", "optional"),
    [
        ("not_held", ("search_process",), ("convenience",)),
        (
            "partial",
            ("ground", "withheld_part", "reasons", "access"),
            ("facts", "interest", "prohibiting_law"),
        ),
        ("repeat", ("earlier_case",), ()),
        ("not_ours", ("reasons",), ("responsible_agency", "convenience")),
        ("withhold_prohibited", ("prohibiting_law", "reasons"), ()),
        ("withhold_state_secret", ("reasons",), ()),
        ("already_public", ("published_at",), ()),
    ],
)
def test_the_letter_asks_for_the_facts_of_the_rulebook(
    catalogue: OutcomeCatalogue, code: str, required: tuple[str, ...], optional: tuple[str, ...]
) -> None:
    outcome = catalogue.get(code)
    assert (outcome.required_facts, outcome.optional_facts) == (required, optional)


def test_every_refusal_requires_reasons(catalogue: OutcomeCatalogue) -> None:
    for outcome in catalogue.outcomes:
        if outcome.code.startswith("withhold_") and outcome.code != "withhold_query":
            assert "reasons" in outcome.required_facts, outcome.code


def test_convenience_replies_are_expected_exactly_where_the_seeds_ask(
    catalogue: OutcomeCatalogue,
) -> None:
    expected = {o.code for o in catalogue.outcomes if o.convenience_expected}
    assert expected == CONVENIENCE


def test_no_paragraph_carries_2007_era_wording(catalogue: OutcomeCatalogue) -> None:
    for outcome in catalogue.outcomes:
        for stale in STALE:
            assert stale not in outcome.paragraph, outcome.code
            assert stale not in outcome.basis.text, outcome.code


@pytest.mark.parametrize("code", [code for code, _, _ in EXPECTED])
def test_each_paragraph_renders_with_jinja2_using_only_known_names(
    catalogue: OutcomeCatalogue, code: str
) -> None:
    outcome = catalogue.get(code)
    environment = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined)
    names = meta.find_undeclared_variables(environment.parse(outcome.paragraph))
    assert names <= {*CONTEXT_NAMES, *outcome.required_facts, *outcome.optional_facts}
    context = {name: f"〈{name}〉" for name in names}
    context["basis_text"] = outcome.basis_text_for(
        catalogue.get("withhold_third_party") if outcome.follows_ground else None
    )
    text = environment.from_string(outcome.paragraph).render(context)
    assert "{" not in text and "}" not in text
    assert "\n" not in text
    for name in outcome.required_facts:
        if name != "ground":
            assert f"〈{name}〉" in text
    if outcome.basis.text:
        assert outcome.basis.text in text


def test_not_ours_names_the_responsible_agency_only_when_known(
    catalogue: OutcomeCatalogue,
) -> None:
    paragraph = catalogue.get("not_ours").paragraph
    template = jinja2.Environment(autoescape=False).from_string(paragraph)
    common = {"description": "某文件", "reasons": "该文件由市财政局制作", "basis_text": "依据"}
    assert "行政机关及其联系方式" not in template.render(common)
    known = template.render({**common, "responsible_agency": "市财政局，0000-12345678"})
    assert "市财政局，0000-12345678" in known


def test_a_yaml_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "outcomes.yaml"
    path.write_text("outcomes:\n  - code: disclose\n    label: [予以公开\n", encoding="utf-8")
    with pytest.raises(ConfigurationError) as caught:
        load_outcomes(path)
    assert caught.value.field == str(path)
    assert "不是有效的 YAML 文件：第 4 行" in caught.value.rule


def test_a_key_repeated_in_one_entry_is_refused_with_its_line(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace(
        "    label: 予以公开\n", "    label: 予以公开\n    label: 予以公开（新）\n", 1
    )
    path = tmp_path / "outcomes.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"第 \d+ 行第 5 列：重复的键 label"):
        load_outcomes(path)


def test_an_edit_error_names_the_edited_file(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace('report_row: "3.5.2"', 'report_row: "3.8"')
    path = tmp_path / "local-outcomes.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigurationError) as caught:
        load_outcomes(path)
    assert caught.value.field == f"{path} outcomes[17]（repeat）.report_row"


def test_a_missing_or_non_utf8_file_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="无法读取办理结果目录文件"):
        load_outcomes(tmp_path / "absent.yaml")
    path = tmp_path / "gbk.yaml"
    path.write_bytes("outcomes: 予以公开".encode("gbk"))
    with pytest.raises(ConfigurationError, match="UTF-8"):
        load_outcomes(path)
