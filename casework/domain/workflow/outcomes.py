"""The outcome catalogue (办理结果目录): how a case ends, as data legal staff can edit.

Every case ends with one outcome of domain.md §1.7 (Reg. arts. 36–39).  The catalogue gives
each outcome its legal basis, the decision paragraph of the reply letter, the extra facts the
letter must give, the remedy variant (ARL art. 23: reconsideration first for refusals under
Reg. arts. 14–16) and the row of annual-report table 三 (AR, 国办公开办函〔2021〕30号) where it
is counted.  This module holds one entry (``Outcome``) and the statutory vocabulary the
entries are checked against; ``catalogue`` holds the whole catalogue and ``catalogue_checks``
the refusals, in Chinese and naming the file and key, of anything in ``workflows/outcomes.yaml``
that would put a wrong article, row or fact into a letter or a report.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from casework.errors import ValidationError

REGULATION = "《中华人民共和国政府信息公开条例》"
REGULATION_ARTICLES = 56  # the 2019 text (国务院令第711号) has 56 articles


class ReportRow(NamedTuple):
    """One row of annual-report table 三: a stable key and the verbatim label."""

    key: str
    label: str


# AR table 三 「三、收到和处理政府信息公开申请情况」, rows verbatim (domain.md §4).
REPORT_ROWS: tuple[ReportRow, ...] = tuple(
    ReportRow(key, label)
    for key, label in (
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
    )
)
# Rows an outcome may be counted in: 三（一）, 三（二） and the numbered leaves of 三（三）–（六）.
RESULT_ROWS: tuple[str, ...] = ("3.1", "3.2", *(k for k, _ in REPORT_ROWS if k.count(".") == 2))

# The extra facts a letter may need; names are the options of `casework draft` (domain.md §1.7).
FACT_LABELS: dict[str, str] = {
    "facts": "有关事实（--facts）",
    "reasons": "理由（--reasons）",
    "search_process": "检索过程（--search-process）",
    "responsible_agency": "负责公开的机关及联系方式（--responsible-agency）",
    "access": "获取或办理的方式、途径和时间（--access）",
    "convenience": "便民答复（--convenience）",
    "earlier_case": "此前的申请及答复（--earlier-case）",
    "ground": "不予公开部分的依据（--ground）",
    "prohibiting_law": "禁止公开的法律、行政法规（--prohibiting-law）",
    "published_at": "主动公开的时间、载体和位置（--published-at）",
    "withheld_part": "不予公开的部分（--withheld-part）",
    # Seed 004: a refusal names its specific ground — which third-party interest (Reg. art. 15).
    "interest": "第三方的具体权益：商业秘密、个人隐私或写明的其他权益（--interest）",
    # Outcome ``other`` has no fixed article: the clerk states the basis (domain.md §1.7).
    "basis": "法律依据（--basis）",
}
# Reg. art. 15: the interests a third-party refusal names, by their --interest codes.
THIRD_PARTY_INTERESTS: dict[str, str] = {"trade-secret": "商业秘密", "privacy": "个人隐私"}
# Names a paragraph may use besides the outcome's own facts.
# ``you`` is how the letter addresses the applicant: 您, or 你单位/贵单位 for an organisation.
CONTEXT_NAMES: tuple[str, ...] = (
    "applicant_name",
    "received_on_text",
    "description",
    "basis_text",
    "you",
    # Reg. art. 36 item 6: the earlier reply a repeat cites, filled from the register at draft.
    "earlier_reply_number",
    "earlier_replied_on",
)
# The 23 outcomes of domain.md §1.7, in its order; the engine relies on every one of them.
# fmt: off
STATUTORY_CODES: tuple[str, ...] = (
    "disclose", "already_public", "partial", "withhold_state_secret", "withhold_prohibited",
    "withhold_security", "withhold_third_party", "withhold_internal", "withhold_process",
    "withhold_enforcement", "withhold_query", "not_held", "not_ours", "needs_compilation",
    "unclear", "petition", "repeat", "publication", "excessive", "confirm_or_reissue",
    "correction_lapsed", "fee_lapsed", "other",
)
# fmt: on
# ARL art. 23 para. 1 item 4 (申请政府信息公开，行政机关不予公开) requires reconsideration
# first; domain.md §3 applies it to refusals under these articles of the Regulation.
RECONSIDERATION_FIRST_ARTICLES = frozenset({14, 15, 16})
# 2007-era periods (Reg. 2007 art. 24; the old 3-month reconsideration/litigation wording).
STALE_WORDING: tuple[str, ...] = ("十五个工作日", "15个工作日", "3个月", "三个月")

OUTCOME_FIELD = "--outcome（办理结果）"
GROUND_FIELD = "--ground（不予公开部分的依据）"

# The placeholders a catalogue paragraph may use: group 1 is what stands inside ``{{ }}``,
# group 2 inside ``{% %}``.  The catalogue check, the letter filler and the checker's fixed
# wording all read paragraphs with this one pattern.
PLACEHOLDER_TAG = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.DOTALL)


class Remedy(StrEnum):
    """How the letter states the remedies (domain.md §3).

    reconsideration_first: 复议前置 — refusals under Reg. arts. 14, 15, 16 (ARL art. 23); the
        letter names reconsideration only and must not offer a direct lawsuit.
    either: the applicant may apply for reconsideration (60 days, ARL art. 20) or sue
        directly (6 months, ALL art. 46).
    follows_ground: only for ``partial``: the variant of the ground of the withheld part.
    """

    RECONSIDERATION_FIRST = "reconsideration_first"
    EITHER = "either"
    FOLLOWS_GROUND = "follows_ground"


_CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(number: int) -> str:
    """1–99 in Chinese numerals as statutes write them: 十四, 三十六, 四十二."""
    tens, units = divmod(number, 10)
    if not 0 < number < 100:
        raise ValueError(f"no Chinese numeral rule for {number}")
    head = "" if tens == 0 else ("十" if tens == 1 else f"{_CHINESE_DIGITS[tens]}十")
    return head + (_CHINESE_DIGITS[units] if units else "")


class Provision(BaseModel):
    """One provision of the 2019 Regulation: article, paragraph (款) and item (项)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    article: int
    paragraph: int | None = None
    item: int | None = None

    @property
    def citation(self) -> str:
        """The provision as letters cite it, e.g. 「第三十六条第（四）项」, 「第十六条第二款」."""
        text = f"第{chinese_number(self.article)}条"
        if self.paragraph is not None:
            text += f"第{chinese_number(self.paragraph)}款"
        if self.item is not None:
            text += f"第（{chinese_number(self.item)}）项"
        return text


class LegalBasis(BaseModel):
    """The structured provisions of an outcome and the citation text its letter prints."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    provisions: tuple[Provision, ...]
    text: str

    @property
    def articles(self) -> frozenset[int]:
        return frozenset(provision.article for provision in self.provisions)


class Outcome(BaseModel):
    """One entry of the catalogue; see the header of ``workflows/outcomes.yaml`` for each key."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    label: str
    basis: LegalBasis
    report_row: str
    report_group: str
    report_label: str
    remedy: Remedy
    required_facts: tuple[str, ...]
    optional_facts: tuple[str, ...] = ()
    convenience_expected: bool = False
    paragraph: str

    @property
    def follows_ground(self) -> bool:
        return self.remedy is Remedy.FOLLOWS_GROUND

    @property
    def can_be_ground(self) -> bool:
        """Whether this may be the ground of the withheld part of a partial disclosure.

        Reg. art. 37 withholds "不应当公开" content: the grounds of row 三（三）不予公开.
        """
        return self.report_row.startswith("3.3.")

    def check_ground(self, ground: Outcome | None) -> Outcome | None:
        """``ground`` if it suits this outcome; ``ValidationError`` (``--ground``) if not."""
        if not self.follows_ground:
            return None
        if ground is None:
            raise ValidationError(
                f"办理结果「{self.label}」必须写明不予公开部分的依据（条例第三十七条）",
                field=GROUND_FIELD,
            )
        if not ground.can_be_ground:
            raise ValidationError(
                f"「{ground.label}」不能作为不予公开部分的依据；应为「不予公开」类的办理结果",
                field=GROUND_FIELD,
            )
        return ground

    def missing_facts(
        self, given: Mapping[str, str | None], ground: Outcome | None = None
    ) -> list[str]:
        """The required facts absent or blank in ``given``, as Chinese labels.

        With a ``ground`` (partial disclosure), the ground's own required facts count too,
        e.g. the prohibiting law when part is withheld under Reg. art. 14 as prohibited.
        """
        names = list(self.required_facts)
        if ground is not None and self.follows_ground:
            names += [name for name in ground.required_facts if name not in names]
        return [FACT_LABELS[name] for name in names if not (given.get(name) or "").strip()]

    def warnings(self, given: Mapping[str, str | None]) -> list[str]:
        """Advice that does not block the letter: a missing 便民答复 (seeds 000, 003)."""
        if self.convenience_expected and not (given.get("convenience") or "").strip():
            return [
                f"办理结果「{self.label}」宜增加便民答复内容（{FACT_LABELS['convenience']}），"
                "如告知可能掌握该信息的机关或获取途径"
            ]
        return []

    def remedy_for(self, ground: Outcome | None) -> Remedy:
        """``reconsideration_first`` or ``either``; for ``partial`` that of its ``ground``."""
        checked = self.check_ground(ground)
        if checked is None:
            return self.remedy
        return checked.remedy_for(None)

    def basis_text_for(self, ground: Outcome | None = None) -> str:
        """The citation the letter prints; for ``partial`` art. 37 plus the ground's basis."""
        checked = self.check_ground(ground)
        if checked is None or not checked.basis.text:
            return self.basis.text
        extra = checked.basis.text.removeprefix(REGULATION)
        return f"{self.basis.text}、{extra}"
