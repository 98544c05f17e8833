"""Grouping similar requests for the proactive-disclosure review (Reg. art. 44; seed 001)."""

from __future__ import annotations

from datetime import date

from casework.domain.report.candidates import (
    RequestItem,
    bigrams,
    candidates,
    cluster,
    jaccard,
    normalise,
)


def item(number: str, description: str, applicant: str, outcome: str | None = None) -> RequestItem:
    return RequestItem(number, "demo", description, applicant, outcome, date(2026, 4, 1))


def test_stock_phrases_punctuation_and_full_width_forms_are_ignored() -> None:
    assert normalise("申请公开：关于２０２５年度部门预算的文件！") == "2025年度部门预算文件"
    assert jaccard(bigrams("2025年度部门预算"), bigrams("请提供2025年度部门预算")) == 1.0
    assert jaccard(bigrams("部门预算"), bigrams("")) == 0.0


def test_similar_descriptions_group_and_different_ones_do_not() -> None:
    groups = cluster(
        [
            "2025年度部门预算",
            "申请公开2025年度部门预算及说明",
            "某路段拆迁补偿方案",
            "关于某路段拆迁补偿方案的文件",
            "2025年度部门决算",
        ]
    )
    assert groups == [[0, 1], [2, 3], [4]]


def test_several_applicants_or_a_disclosure_make_a_candidate() -> None:
    found = candidates(
        [
            item("1", "2025年度部门预算", "甲"),
            item("2", "申请公开2025年度部门预算", "乙", "not_held"),
            item("3", "某路段拆迁补偿方案", "丙", "disclose"),
            item("4", "某小区规划许可证", "丁"),
            item("5", "某小区规划许可证", "丁"),  # the same applicant twice
            item("6", "政府工作报告", "戊", "already_public"),
            item("7", "政府工作报告", "己", "already_public"),
        ]
    )
    assert [(g.description, g.applicants, g.disclosed) for g in found] == [
        ("2025年度部门预算", 2, 0),
        ("某路段拆迁补偿方案", 1, 1),
    ]
    assert found[0].reasons == ("2个申请人申请相同或相近信息（条例第四十四条第一款）",)
    assert found[1].reasons == ("已依申请公开1件（条例第四十四条第二款）",)


def test_a_higher_minimum_of_applicants_leaves_out_small_groups() -> None:
    items = [item("1", "部门预算", "甲"), item("2", "部门预算", "乙")]
    assert candidates(items, min_applicants=3) == []
