"""The checks of a parsed outcome catalogue file, before any outcome reaches a letter.

Each entry of ``workflows/outcomes.yaml`` is checked key by key against the statutory
vocabulary of ``outcomes``: the provisions against the 56 articles of the 2019 Regulation and
the citation text, the row against annual-report table 三 (AR), the remedy against the articles
(ARL art. 23), the facts against the options of ``casework draft``, and the paragraph against
its placeholders and the 2007-era wording.  A refusal is a ``ConfigurationError`` in Chinese
naming the file and the key path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from casework.domain.workflow.outcomes import (
    CONTEXT_NAMES,
    FACT_LABELS,
    PLACEHOLDER_TAG,
    RECONSIDERATION_FIRST_ARTICLES,
    REGULATION,
    REGULATION_ARTICLES,
    REPORT_ROWS,
    RESULT_ROWS,
    STALE_WORDING,
    STATUTORY_CODES,
    LegalBasis,
    Outcome,
    Provision,
    Remedy,
)
from casework.errors import ConfigurationError

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
_ROW_LABELS = dict(REPORT_ROWS)


def check_catalogue(data: object, source: str) -> tuple[Outcome, ...]:
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
    provisions = [
        _check_provision(entry, f"{where}.provisions[{number}]", fail)
        for number, entry in enumerate(entries, start=1)
    ]
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


def _check_provision(entry: object, path: str, fail: _Fail) -> Provision:
    """One provision: an article of the 2019 Regulation, with its paragraph and item if any."""
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
        if number_value is not None and (not _is_int(number_value) or not 1 <= number_value <= 20):
            raise fail(
                f"{path}.{key}", f"{key} 应为1至20之间的整数或 null，而不是 {number_value!r}"
            )
    return Provision(article=article, paragraph=entry.get("paragraph"), item=entry.get("item"))


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
