"""How a letter's check finds an element in the letter's text: a value of ``details``, an ISO
date written as 「2026年4月1日」, a statutory phrase matched by its legal core, a number of
working days.  The per-kind rules (``kinds``, ``notices``, ``consultation_checks``) use these.
"""

from __future__ import annotations

import re

from casework.domain.letters.base import (
    Body,
    CheckItem,
    Expectation,
    failed,
    iso_date_text,
    passed,
    shorten,
)


def value(body: Body, expected: Expectation, key: str, element: str) -> CheckItem:
    """``details[key]`` must appear in the letter."""
    wanted = expected.details.get(key, "").strip()
    if not wanted:
        return failed(element, f"未提供应写明的{element}（details.{key}）")
    if body.contains(wanted):
        return passed(element, f"「{shorten(wanted)}」")
    return failed(element, f"未写明{element}「{shorten(wanted)}」")


def day(body: Body, expected: Expectation, key: str, element: str) -> CheckItem:
    """The ISO date ``details[key]`` must appear as 「2026年4月1日」."""
    wanted = iso_date_text(expected.details.get(key, ""))
    if wanted is None:
        return failed(element, f"未提供应写明的{element}（details.{key} 应为日期）")
    if body.contains(wanted):
        return passed(element, f"「{wanted}」")
    return failed(element, f"未写明{element}「{wanted}」")


def phrase(body: Body, element: str, pattern: str, rule: str) -> CheckItem:
    """A statutory statement, found by ``pattern``; ``rule`` says what the law requires."""
    found = re.search(pattern, body.text)
    if found:
        return passed(element, f"「{shorten(found.group(0))}」")
    return failed(element, f"未写明{rule}")


def working_days(body: Body, expected: Expectation, key: str, element: str) -> CheckItem:
    """``details[key]`` working days, as 「15个工作日」."""
    days = expected.details.get(key, "").strip()
    if not days.isdigit():
        return failed(element, f"未提供应写明的{element}（details.{key} 应为天数）")
    return phrase(body, element, rf"(?<!\d){days}个工作日", f"{element}「{days}个工作日」")
