"""The 信息处理费: per application (Fee art. 4) and per page (Fee art. 5), band by band."""

from __future__ import annotations

from decimal import Decimal

import pytest

from casework.domain.fees import (
    ORDINAL_FIELD,
    PAGES_FIELD,
    FeeMethod,
    FeeTier,
    per_item_fee,
    per_page_fee,
)
from casework.errors import ValidationError

# --- per application (按件, Fee art. 4) --------------------------------------------------


@pytest.mark.parametrize(
    ("ordinal", "amount"),
    [
        (1, Decimal("0")),
        (10, Decimal("0")),  # the 10th application of the month is still free
        (11, Decimal("100")),
        (30, Decimal("100")),
        (31, Decimal("200")),
        (35, Decimal("200")),  # domain.md §1.6: the 35th application of a month → 200 元
        (40, Decimal("200")),
        (41, Decimal("300")),
        (50, Decimal("300")),
        (51, Decimal("400")),
        (100, Decimal("800")),  # 91st–100th: the 7th band above 30
        (101, Decimal("900")),
    ],
)
def test_the_nth_application_of_a_month_costs_the_price_of_its_band(
    ordinal: int, amount: Decimal
) -> None:
    quote = per_item_fee(ordinal)
    assert quote.method is FeeMethod.PER_ITEM
    assert quote.method.value == "per-item"
    assert quote.amount == amount
    assert isinstance(quote.amount, Decimal)


def test_a_free_application_has_no_charged_tier_and_says_why() -> None:
    quote = per_item_fee(10)
    assert quote.tiers == ()
    assert quote.arithmetic == "本自然月第10件申请，10件以下（含10件）不收费；合计0元"


def test_the_35th_application_names_its_band_in_the_notice_arithmetic() -> None:
    quote = per_item_fee(35)
    assert quote.tiers == (
        FeeTier(first=35, last=35, count=1, unit_price=Decimal("200"), subtotal=Decimal("200")),
    )
    assert quote.arithmetic == (
        "本自然月第35件申请，属第31件至第40件档，1件×200元=200元；合计200元"
    )


def test_the_11th_application_falls_in_the_band_of_the_11th_to_30th() -> None:
    assert per_item_fee(11).arithmetic == (
        "本自然月第11件申请，属第11件至第30件档，1件×100元=100元；合计100元"
    )


def test_the_per_item_basis_cites_reg_art_42_and_fee_arts_3_and_4() -> None:
    basis = per_item_fee(11).basis
    assert "《中华人民共和国政府信息公开条例》第四十二条" in basis
    assert "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）第三条、第四条" in basis


@pytest.mark.parametrize("ordinal", [0, -1])
def test_an_application_ordinal_below_one_is_refused(ordinal: int) -> None:
    with pytest.raises(ValidationError, match="正整数") as caught:
        per_item_fee(ordinal)
    assert caught.value.field == ORDINAL_FIELD


# --- per page (按量, Fee art. 5) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("pages", "amount"),
    [
        (1, Decimal("0")),
        (30, Decimal("0")),
        (31, Decimal("10")),
        (100, Decimal("700")),  # 70 × 10
        (101, Decimal("720")),  # 70 × 10 + 1 × 20
        (150, Decimal("1700")),  # domain.md §1.6: 70 × 10 + 50 × 20
        (200, Decimal("2700")),  # 70 × 10 + 100 × 20
        (201, Decimal("2740")),  # 70 × 10 + 100 × 20 + 1 × 40
        (300, Decimal("6700")),  # 70 × 10 + 100 × 20 + 100 × 40
    ],
)
def test_pages_are_charged_band_by_band_at_each_bands_rate(pages: int, amount: Decimal) -> None:
    quote = per_page_fee(pages)
    assert quote.method is FeeMethod.PER_PAGE
    assert quote.method.value == "per-page"
    assert quote.amount == amount
    assert sum((tier.subtotal for tier in quote.tiers), Decimal("0")) == amount


def test_150_pages_give_the_tier_arithmetic_of_the_fee_notice() -> None:
    quote = per_page_fee(150)
    assert quote.tiers == (
        FeeTier(first=31, last=100, count=70, unit_price=Decimal("10"), subtotal=Decimal("700")),
        FeeTier(first=101, last=150, count=50, unit_price=Decimal("20"), subtotal=Decimal("1000")),
    )
    assert quote.arithmetic == (
        "第31页至第100页共70页×10元=700元；第101页至第150页共50页×20元=1000元；合计1700元"
    )


def test_201_pages_reach_the_40_yuan_band_for_one_page() -> None:
    quote = per_page_fee(201)
    assert quote.tiers[-1] == FeeTier(
        first=201, last=201, count=1, unit_price=Decimal("40"), subtotal=Decimal("40")
    )
    assert quote.arithmetic == (
        "第31页至第100页共70页×10元=700元；第101页至第200页共100页×20元=2000元；"
        "第201页共1页×40元=40元；合计2740元"
    )


def test_thirty_pages_are_free_and_the_notice_says_so() -> None:
    quote = per_page_fee(30)
    assert quote.tiers == ()
    assert quote.arithmetic == "共30页，30页以下（含30页）不收费；合计0元"


def test_the_per_page_basis_cites_reg_art_42_and_fee_arts_3_and_5() -> None:
    basis = per_page_fee(31).basis
    assert "第四十二条" in basis
    assert "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）第三条、第五条" in basis


@pytest.mark.parametrize("pages", [0, -5])
def test_a_page_count_below_one_is_refused_naming_the_pages_field(pages: int) -> None:
    with pytest.raises(ValidationError, match="页数应为正整数") as caught:
        per_page_fee(pages)
    assert caught.value.field == PAGES_FIELD == "--pages（页数）"
