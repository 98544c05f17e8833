"""The outcome catalogue (办理结果目录): how a case ends, as data legal staff can edit.

Every case ends with one outcome of domain.md §1.7 (Reg. arts. 36–39).  The catalogue gives
each outcome its legal basis, the decision paragraph of the reply letter, the extra facts the
letter must give, the remedy variant (ARL art. 23: reconsideration first for refusals under
Reg. arts. 14–16) and the row of annual-report table 三 (AR, 国办公开办函〔2021〕30号) where it
is counted.  The adapter parses ``workflows/outcomes.yaml``; ``OutcomeCatalogue.from_data``
checks the parsed data and refuses, in Chinese and naming the file and key, anything that
would put a wrong article, row or fact into a letter or a report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict

from casework.errors import ConfigurationError, ValidationError

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
_ROW_LABELS = dict(REPORT_ROWS)
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
}
# Names a paragraph may use besides the outcome's own facts.
CONTEXT_NAMES: tuple[str, ...] = ("applicant_name", "received_on_text", "description", "basis_text")
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


class OutcomeCatalogue(BaseModel):
    """The checked catalogue: outcomes in file order, and where it was read from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    outcomes: tuple[Outcome, ...]

    @classmethod
    def from_data(cls, data: object, source: str) -> OutcomeCatalogue:
        """The catalogue parsed data describes; ``ConfigurationError`` naming file and key."""
        return cls(source=source, outcomes=_check_catalogue(data, source))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(outcome.code for outcome in self.outcomes)

    def get(self, code: str) -> Outcome:
        """The outcome ``code``; ``ValidationError`` listing the choices if unknown."""
        for outcome in self.outcomes:
            if outcome.code == code:
                return outcome
        choices = "、".join(self.codes)
        raise ValidationError(f"未知的办理结果「{code}」；可选：{choices}", field=OUTCOME_FIELD)

    def ground(self, code: str) -> Outcome:
        """The outcome named by ``--ground`` for a partial disclosure, checked."""
        try:
            outcome = self.get(code)
        except ValidationError as error:
            raise ValidationError(error.rule, field=GROUND_FIELD) from error
        if not outcome.can_be_ground:
            grounds = "、".join(o.code for o in self.outcomes if o.can_be_ground)
            raise ValidationError(
                f"「{outcome.label}」不能作为不予公开部分的依据；可选：{grounds}",
                field=GROUND_FIELD,
            )
        return outcome

    def codes_for_row(self, row: str) -> tuple[str, ...]:
        """The outcome codes counted in annual-report row ``row`` (e.g. ``"3.4.1"``)."""
        return tuple(outcome.code for outcome in self.outcomes if outcome.report_row == row)


# --- Checking the parsed file -------------------------------------------------------------

_Fail = Callable[[str, str], ConfigurationError]  # (key path, message) -> error to raise
_REQUIRED_KEYS = (
    "code",
    "label",
    "basis",
    "report_row",
    "report_group",
    "report_label",
    "remedy",
    "required_facts",
    "paragraph",
)
_OUTCOME_KEYS = (*_REQUIRED_KEYS, "optional_facts", "convenience_expected")
_CODE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# The placeholders a catalogue paragraph may use: group 1 is what stands inside ``{{ }}``,
# group 2 inside ``{% %}``.  The catalogue check, the letter filler and the checker's fixed
# wording all read paragraphs with this one pattern.
PLACEHOLDER_TAG = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.DOTALL)


def _check_catalogue(data: object, source: str) -> tuple[Outcome, ...]:
    """The outcomes of the parsed file, each checked; refusals name ``source`` and the key."""

    def fail(path: str, message: str) -> ConfigurationError:
        return ConfigurationError(message, field=f"{source} {path}" if source else path)

    if not isinstance(data, Mapping):
        raise fail("outcomes", "文件内容应为含 outcomes 键的映射（outcomes: 后接办理结果列表）")
    _check_keys(data, ("outcomes",), ("outcomes",), "", fail)
    entries = data["outcomes"]
    if not isinstance(entries, list) or not entries:
        raise fail("outcomes", "outcomes 应为办理结果列表（每项以“- code:”开头）")
    seen: dict[str, str] = {}
    outcomes: list[Outcome] = []
    for number, entry in enumerate(entries, start=1):
        where = f"outcomes[{number}]"
        if not isinstance(entry, Mapping):
            raise fail(where, f"outcomes 的第 {number} 项应为映射（code、label、basis……）")
        if isinstance(entry.get("code"), str):
            where = f"{where}（{entry['code']}）"
        outcome = _check_outcome(entry, where, fail)
        if outcome.code in seen:
            raise fail(
                f"{where}.code", f"办理结果代码 {outcome.code} 重复（另见 {seen[outcome.code]}）"
            )
        seen[outcome.code] = where
        outcomes.append(outcome)
    _check_grounds(outcomes, seen, fail)
    missing = [code for code in STATUTORY_CODES if code not in seen]
    if missing:
        raise fail(
            "outcomes",
            f"缺少办理结果 {'、'.join(missing)}（domain.md §1.7 的办理结果必须全部保留）",
        )
    return tuple(outcomes)


def _check_grounds(outcomes: list[Outcome], where: Mapping[str, str], fail: _Fail) -> None:
    """A partial disclosure can take the facts each of its possible grounds requires."""
    for outcome in (o for o in outcomes if o.follows_ground):
        known = {*outcome.required_facts, *outcome.optional_facts}
        for ground in (o for o in outcomes if o.can_be_ground):
            lacking = [name for name in ground.required_facts if name not in known]
            if lacking:
                raise fail(
                    f"{where[outcome.code]}.optional_facts",
                    f"应列出 {'、'.join(lacking)}：依据「{ground.label}」不予公开部分内容时须写明",
                )


def _check_keys(
    entry: Mapping[Any, Any],
    allowed: tuple[str, ...],
    required: tuple[str, ...],
    where: str,
    fail: _Fail,
) -> None:
    prefix = f"{where}." if where else ""
    for key in entry:
        if key not in allowed:
            raise fail(f"{prefix}{key}", f"未知的键 {key}（允许的键：{'、'.join(allowed)}）")
    for key in required:
        if key not in entry:
            raise fail(f"{prefix}{key}", f"缺少必填的键 {key}")


def _text(value: object, path: str, fail: _Fail, *, blank: bool = False) -> str:
    if not isinstance(value, str) or not (blank or value.strip()):
        raise fail(path, f"应为非空文字，而不是 {value!r}")
    return value.strip()


def _check_outcome(entry: Mapping[Any, Any], where: str, fail: _Fail) -> Outcome:
    _check_keys(entry, _OUTCOME_KEYS, _REQUIRED_KEYS, where, fail)
    code = _text(entry["code"], f"{where}.code", fail)
    if not _CODE.match(code):
        raise fail(
            f"{where}.code", f"结果代码 {code!r} 应为小写英文字母、数字和下划线（2至32个字符）"
        )
    remedy = entry["remedy"]
    if remedy not in tuple(Remedy):
        raise fail(f"{where}.remedy", f"未知的救济途径写法 {remedy!r}（可选：{'、'.join(Remedy)}）")
    convenience = entry.get("convenience_expected", False)
    if not isinstance(convenience, bool):
        raise fail(f"{where}.convenience_expected", "应为 true 或 false")
    outcome = Outcome(
        code=code,
        label=_text(entry["label"], f"{where}.label", fail),
        basis=_check_basis(entry["basis"], f"{where}.basis", fail),
        report_row=_check_row(entry, where, fail),
        report_group=entry["report_group"],
        report_label=entry["report_label"],
        remedy=Remedy(remedy),
        required_facts=_check_facts(entry["required_facts"], f"{where}.required_facts", fail),
        optional_facts=_check_facts(
            entry.get("optional_facts", []), f"{where}.optional_facts", fail
        ),
        convenience_expected=convenience,
        paragraph=_text(entry["paragraph"], f"{where}.paragraph", fail),
    )
    _check_consistency(outcome, where, fail)
    _check_paragraph(outcome, f"{where}.paragraph", fail)
    return outcome


def _check_basis(value: object, where: str, fail: _Fail) -> LegalBasis:
    if not isinstance(value, Mapping):
        raise fail(where, "basis 应为映射（provisions 条款清单与 text 依据全文）")
    _check_keys(value, ("provisions", "text"), ("provisions", "text"), where, fail)
    entries = value["provisions"]
    if not isinstance(entries, list):
        raise fail(f"{where}.provisions", "provisions 应为条款列表，没有具体条款时写 []")
    provisions = []
    for number, entry in enumerate(entries, start=1):
        path = f"{where}.provisions[{number}]"
        if not isinstance(entry, Mapping):
            raise fail(path, "条款应写成 {article: 条, paragraph: 款或 null, item: 项或 null}")
        _check_keys(entry, ("article", "paragraph", "item"), ("article",), path, fail)
        article = entry["article"]
        if not _is_int(article) or not 1 <= article <= REGULATION_ARTICLES:
            raise fail(
                f"{path}.article",
                f"条 {article!r} 超出《条例》（2019年修订，国务院令第711号）第1至"
                f"{REGULATION_ARTICLES}条的范围；请使用2019年修订后的条文序号",
            )
        for key in ("paragraph", "item"):
            number_value = entry.get(key)
            if number_value is not None and (
                not _is_int(number_value) or not 1 <= number_value <= 20
            ):
                raise fail(
                    f"{path}.{key}", f"{key} 应为1至20之间的整数或 null，而不是 {number_value!r}"
                )
        provisions.append(
            Provision(article=article, paragraph=entry.get("paragraph"), item=entry.get("item"))
        )
    text = _text(value["text"], f"{where}.text", fail, blank=True)
    position = 0
    for provision in provisions:
        if position == 0 and REGULATION not in text:
            raise fail(f"{where}.text", f"依据全文应写明{REGULATION}")
        found = text.find(provision.citation, position)
        if found < 0:
            raise fail(
                f"{where}.text", f"依据全文未（按顺序）写明 provisions 中的「{provision.citation}」"
            )
        position = found + len(provision.citation)
    return LegalBasis(provisions=tuple(provisions), text=text)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_row(entry: Mapping[Any, Any], where: str, fail: _Fail) -> str:
    row = entry["report_row"]
    if isinstance(row, float | int) and not isinstance(row, bool):
        raise fail(f"{where}.report_row", f'统计行编号应加引号，写成 "{row}"')
    if not isinstance(row, str) or row not in RESULT_ROWS:
        raise fail(
            f"{where}.report_row",
            f"统计行 {row!r} 不是年度报告表三中可计入办理结果的行（可选：{'、'.join(RESULT_ROWS)}）",
        )
    for key, expected in (
        ("report_label", _ROW_LABELS[row]),
        ("report_group", _ROW_LABELS[row.rsplit(".", 1)[0]]),
    ):
        if entry[key] != expected:
            raise fail(
                f"{where}.{key}",
                f"与年度报告格式（国办公开办函〔2021〕30号）第 {row} 行不一致：应为「{expected}」，"
                f"而不是「{entry[key]}」",
            )
    return row


def _check_facts(value: object, path: str, fail: _Fail) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise fail(path, "应为事项名称列表，如 [reasons]；没有时写 []")
    for name in value:
        if name not in FACT_LABELS:
            raise fail(path, f"未知的事项 {name!r}（可选：{'、'.join(FACT_LABELS)}）")
        if value.count(name) > 1:
            raise fail(path, f"事项 {name} 重复列出")
    return tuple(value)


def _check_consistency(outcome: Outcome, where: str, fail: _Fail) -> None:
    """Rules between keys: remedy against the articles (ARL art. 23), facts, 便民答复."""
    both = set(outcome.required_facts) & set(outcome.optional_facts)
    if both:
        raise fail(f"{where}.optional_facts", f"{'、'.join(sorted(both))} 已列入 required_facts")
    if outcome.follows_ground and outcome.report_row != "3.2":
        raise fail(f"{where}.remedy", "remedy: follows_ground 仅用于部分公开（统计行 3.2）")
    if outcome.follows_ground != ("ground" in outcome.required_facts):
        raise fail(
            f"{where}.remedy",
            "remedy: follows_ground 与必填事项 ground 必须同时使用（仅用于部分公开）",
        )
    statutory = bool(outcome.basis.articles & RECONSIDERATION_FIRST_ARTICLES)
    if not outcome.follows_ground and statutory != (outcome.remedy is Remedy.RECONSIDERATION_FIRST):
        raise fail(
            f"{where}.remedy",
            "依据条例第十四条、第十五条、第十六条不予公开的，应为 reconsideration_first（复议前置，"
            "《中华人民共和国行政复议法》第二十三条），其他办理结果不得写为复议前置",
        )
    facts = (*outcome.required_facts, *outcome.optional_facts)
    if outcome.convenience_expected and "convenience" not in facts:
        raise fail(f"{where}.optional_facts", "convenience_expected 为 true 时应列出 convenience")


def _check_paragraph(outcome: Outcome, path: str, fail: _Fail) -> None:
    """Placeholders are known names; required facts appear; no 2007-era periods."""
    for stale in STALE_WORDING:
        if stale in outcome.paragraph:
            raise fail(
                path, f"段落含有2007年条例时期的期限写法「{stale}」；请按2019年修订后的条例表述"
            )
    try:
        used = _placeholders(outcome.paragraph)
    except ValueError as error:
        raise fail(path, str(error)) from None
    allowed = {*CONTEXT_NAMES, *outcome.required_facts, *outcome.optional_facts}
    unknown = sorted(used - allowed)
    if unknown:
        choices = "、".join(sorted(allowed))
        raise fail(path, f"占位符 {unknown[0]} 不是本结果的事项（可用：{choices}）")
    if "basis_text" in used and not outcome.basis.text:
        raise fail(path, "段落使用了 {{ basis_text }}，但 basis.text 为空")
    for name in outcome.required_facts:
        if name != "ground" and name not in used:
            raise fail(path, f"必填事项 {name} 未在段落中使用，答复书将缺少{FACT_LABELS[name]}")


def _placeholders(paragraph: str) -> set[str]:
    """The names a paragraph uses: ``{{ name }}`` and ``{% if name %}`` … ``{% endif %}`` only.

    Anything else (filters, loops, expressions) is refused: legal staff edit wording, and a
    letter must never depend on template logic nobody reviews.
    """
    used: set[str] = set()
    depth = 0
    for match in PLACEHOLDER_TAG.finditer(paragraph):
        expression, statement = match.group(1), match.group(2)
        words = (expression if expression is not None else statement).split()
        if expression is not None and len(words) == 1 and _NAME.match(words[0]):
            used.add(words[0])
        elif statement is not None and len(words) == 2 and words[0] in ("if", "elif"):
            depth += words[0] == "if"
            used.add(words[1])
        elif statement is not None and words in (["else"], ["endif"]):
            depth -= words == ["endif"]
        else:
            raise ValueError(
                f"无法识别的占位符 {match.group(0)}；应写成 {{{{ 名称 }}}} 或 {{% if 名称 %}}"
            )
        if depth < 0:
            raise ValueError("段落中的 {% endif %} 多于 {% if %}")
    rest = PLACEHOLDER_TAG.sub("", paragraph)
    if depth != 0 or "{{" in rest or "{%" in rest or "}}" in rest or "%}" in rest:
        raise ValueError("段落中的 {% if %} 与 {% endif %} 不配对，或有未闭合的占位符")
    return used
