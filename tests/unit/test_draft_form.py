"""The 拟稿 form of the review console (issue 20): the facts an outcome requires and allows,
from the catalogue (domain.md §1.7), prefilled from the current draft, and the return
comment shown only while it answers the current draft (Reg. art. 45; seed 002)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml

from casework.domain.case.decisions import CaseDecisions, Draft, Review
from casework.domain.workflow.catalogue import OutcomeCatalogue
from casework.errors import ValidationError
from casework.services.draft_form import draft_form, fact_label, returned_review
from tests.support.letter_cases import new_case

SHIPPED = Path(__file__).resolve().parents[2] / "workflows" / "outcomes.yaml"
DRAFT = Draft("not_held", "zhangsan", date(2026, 4, 2), {"search_process": "检索了收文记录"})
RETURN = Review(date(2026, 4, 3), "lisi", "请写明检索的时间范围")


@pytest.fixture(scope="module")
def catalogue() -> OutcomeCatalogue:
    return OutcomeCatalogue.from_data(yaml.safe_load(SHIPPED.read_text("utf-8")), "outcomes.yaml")


def returned() -> CaseDecisions:
    return CaseDecisions(reviews=(RETURN,)).with_reply(draft=DRAFT)


def test_the_returned_drafts_outcome_and_facts_fill_the_form(catalogue: OutcomeCatalogue) -> None:
    form = draft_form(catalogue, new_case(returned()))
    assert form.chosen is not None and form.chosen.code == "not_held"
    assert form.returned == RETURN
    facts = [(f.name, f.label, f.required, f.value) for f in form.fields]
    assert facts == [
        ("search_process", "检索过程", True, "检索了收文记录"),
        ("convenience", "便民答复", False, ""),
    ]
    assert ("not_held", "无法提供：经检索不存在") in form.outcomes


def test_what_was_typed_wins_over_the_stored_draft(catalogue: OutcomeCatalogue) -> None:
    form = draft_form(catalogue, new_case(returned()), "not_held", {"search_process": "新写的"})
    assert form.fields[0].value == "新写的"


def test_a_partial_disclosure_offers_its_grounds_and_their_facts(
    catalogue: OutcomeCatalogue,
) -> None:
    form = draft_form(catalogue, new_case(), "partial")
    required = [f.name for f in form.fields if f.required]
    assert required == ["ground", "withheld_part", "reasons", "access"]
    assert "prohibiting_law" in [f.name for f in form.fields if not f.required]
    assert ("withhold_prohibited", catalogue.get("withhold_prohibited").label) in form.grounds
    assert all(catalogue.get(code).can_be_ground for code, _ in form.grounds)


def test_a_case_without_a_draft_offers_the_outcomes_only(catalogue: OutcomeCatalogue) -> None:
    form = draft_form(catalogue, new_case())
    assert form.chosen is None and form.fields == [] and form.returned is None
    assert len(form.outcomes) == len(catalogue.outcomes)
    with pytest.raises(ValidationError, match="未知的办理结果「nonsense」"):
        draft_form(catalogue, new_case(), "nonsense")


def test_a_return_answered_by_a_later_draft_is_not_shown() -> None:
    later = replace(DRAFT, drafted_on=date(2026, 4, 5))
    assert returned_review(new_case(returned())) == RETURN
    assert returned_review(new_case(returned().with_reply(draft=later))) is None


def test_labels_drop_the_command_line_option() -> None:
    assert fact_label("published_at") == "主动公开的时间、载体和位置"
