"""The 信息处理费 (information-processing fee) and the tier arithmetic of the fee notice.

Reg. art. 42 lets an agency charge when the quantity or frequency of applications is clearly
excessive; the amounts are fixed by 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号,
"Fee", domain.md §1.6).  Both methods are progressive over the excess (Fee art. 3) and only one
applies to an application, never both.  Per application (按件, Fee art. 4) prices the applicant's
N-th application in the natural month; per volume (按量, Fee art. 5) prices the pages of one
application.  A ``FeeQuote`` carries the amount, the bands it crossed and the sentence the
收费通知书 prints, so that the notice and the ledger never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from casework.errors import ValidationError

ORDINAL_FIELD = "--ordinal（本月第几件申请）"
PAGES_FIELD = "--pages（页数）"

_REG_AND_FEE = (
    "《中华人民共和国政府信息公开条例》第四十二条；"
    "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
)
_PER_ITEM_BASIS = f"{_REG_AND_FEE}第三条、第四条"
_PER_PAGE_BASIS = f"{_REG_AND_FEE}第三条、第五条"

_ZERO = Decimal("0")

# Fee art. 4 (一)(二): the 1st–10th application of a natural month is free, the 11th–30th
# costs 100 元 each.
_FREE_APPLICATIONS = 10
_FIRST_BAND_LAST = 30
_FIRST_BAND_PRICE = Decimal("100")
# Fee art. 4 (三): from the 31st, bands of 10 applications, each band 100 元 a piece dearer.
_BAND_SIZE = 10
_BAND_STEP = Decimal("100")

# Fee art. 5: pages 1–30 free; 31–100 at 10 元, 101–200 at 20 元, 201 and up at 40 元 a page,
# each rate only for the pages inside its band.  (first page, last page or None, price a page)
_PAGE_BANDS: tuple[tuple[int, int | None, Decimal], ...] = (
    (31, 100, Decimal("10")),
    (101, 200, Decimal("20")),
    (201, None, Decimal("40")),
)
_FREE_PAGES = _PAGE_BANDS[0][0] - 1  # Fee art. 5 (一): 30 pages or fewer are free


class FeeMethod(StrEnum):
    """How the fee is counted; one method per application (Fee art. 3).

    per_item: 按件计收 — by the applicant's running count of applications in the natural month.
    per_page: 按量计收 — by the pages (A4 sheets or their electronic equivalent) provided.
    """

    PER_ITEM = "per-item"
    PER_PAGE = "per-page"

    @property
    def label(self) -> str:
        return "按件计收" if self is FeeMethod.PER_ITEM else "按量计收"


@dataclass(frozen=True, slots=True)
class FeeTier:
    """One charged band of a quote: items or pages ``first``–``last`` at ``unit_price`` 元."""

    first: int
    last: int
    count: int
    unit_price: Decimal
    subtotal: Decimal


@dataclass(frozen=True, slots=True)
class FeeQuote:
    """A computed fee: the amount in 元, its charged bands, the notice sentence and its basis.

    ``tiers`` holds only the bands that cost something; a free quote has none.
    """

    method: FeeMethod
    amount: Decimal
    tiers: tuple[FeeTier, ...]
    arithmetic: str
    basis: str


def per_item_fee(ordinal_in_month: int) -> FeeQuote:
    """The fee for the applicant's ``ordinal_in_month``-th application of the natural month."""
    if ordinal_in_month < 1:
        raise ValidationError(
            f"本月第几件申请应为从1开始的正整数，实际为{ordinal_in_month}"
            "（《政府信息公开信息处理费管理办法》第四条）",
            field=ORDINAL_FIELD,
        )
    if ordinal_in_month <= _FREE_APPLICATIONS:
        return FeeQuote(
            method=FeeMethod.PER_ITEM,
            amount=_ZERO,
            tiers=(),
            arithmetic=(
                f"本自然月第{ordinal_in_month}件申请，"
                f"{_FREE_APPLICATIONS}件以下（含{_FREE_APPLICATIONS}件）不收费；合计0元"
            ),
            basis=_PER_ITEM_BASIS,
        )
    band_first, band_last, price = _application_band(ordinal_in_month)
    tier = FeeTier(
        first=ordinal_in_month, last=ordinal_in_month, count=1, unit_price=price, subtotal=price
    )
    return FeeQuote(
        method=FeeMethod.PER_ITEM,
        amount=price,
        tiers=(tier,),
        arithmetic=(
            f"本自然月第{ordinal_in_month}件申请，属第{band_first}件至第{band_last}件档，"
            f"1件×{price}元={price}元；合计{price}元"
        ),
        basis=_PER_ITEM_BASIS,
    )


def _application_band(ordinal: int) -> tuple[int, int, Decimal]:
    """The band (first, last, price a piece) that holds a chargeable ordinal (> 10)."""
    if ordinal <= _FIRST_BAND_LAST:
        return _FREE_APPLICATIONS + 1, _FIRST_BAND_LAST, _FIRST_BAND_PRICE
    steps = (ordinal - _FIRST_BAND_LAST - 1) // _BAND_SIZE + 1
    first = _FIRST_BAND_LAST + 1 + (steps - 1) * _BAND_SIZE
    return first, first + _BAND_SIZE - 1, _FIRST_BAND_PRICE + steps * _BAND_STEP


def per_page_fee(pages: int) -> FeeQuote:
    """The fee for providing ``pages`` pages in one application, band by band."""
    if pages < 1:
        raise ValidationError(
            f"页数应为正整数，实际为{pages}（《政府信息公开信息处理费管理办法》第五条）",
            field=PAGES_FIELD,
        )
    tiers = tuple(
        _page_tier(first, last, price, pages)
        for first, last, price in _PAGE_BANDS
        if pages >= first
    )
    amount = sum((tier.subtotal for tier in tiers), _ZERO)
    if tiers:
        steps = "；".join(
            f"{_page_span(t)}共{t.count}页×{t.unit_price}元={t.subtotal}元" for t in tiers
        )
        arithmetic = f"{steps}；合计{amount}元"
    else:
        arithmetic = f"共{pages}页，{_FREE_PAGES}页以下（含{_FREE_PAGES}页）不收费；合计0元"
    return FeeQuote(
        method=FeeMethod.PER_PAGE,
        amount=amount,
        tiers=tiers,
        arithmetic=arithmetic,
        basis=_PER_PAGE_BASIS,
    )


def _page_tier(first: int, last: int | None, price: Decimal, pages: int) -> FeeTier:
    """The part of a page band that ``pages`` reaches (``pages >= first``)."""
    reached = pages if last is None else min(pages, last)
    count = reached - first + 1
    return FeeTier(first=first, last=reached, count=count, unit_price=price, subtotal=price * count)


def _page_span(tier: FeeTier) -> str:
    if tier.first == tier.last:
        return f"第{tier.first}页"
    return f"第{tier.first}页至第{tier.last}页"
