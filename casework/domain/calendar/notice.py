"""Reading the State Council's yearly holiday notice (国务院办公厅关于N年部分节假日安排的通知).

Every November the 国务院办公厅 publishes the next year's rest days and make-up working days
(domain.md §2.1).  This module turns the notice's text, as pasted or saved from the web page,
into the days it sets: one entry per numbered item (「二、春节：…」), each sentence read by its
verb — 放假 / 放假调休 / 调休放假 / 补休 make rest days, 上班 makes a make-up working day —
with ranges (「1月28日至2月4日」, 「12月30日至1月1日」 across a year end), explicit years
(「2018年12月30日至2019年1月1日」) and a December date in the New Year item belonging to the
previous year.  Every weekday the notice states (「（星期日）」「（周三）」) is checked against the
date, and every 「共N天」 against the days found: a notice with a mistake is refused with the
line at fault, never half-read.  Sentences with dates but no such verb (「安排职工在除夕（2月9日）
休息」, an encouragement) are kept as ``ignored`` so that the person confirming sees them.
The number (国办发明电〔2025〕7号) and the signature date are the provenance.  Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from casework.domain.calendar.working import NATIONAL, CalendarYear
from casework.errors import CalendarDataError

_WEEKDAYS = "一二三四五六日"
_ITEM = re.compile(r"^[一二三四五六七八九十]+、\s*([^:：]{1,20}?)\s*[:：]\s*(.+)$")
_YEAR = re.compile(r"(\d{4})年\s*(?:元旦|部分节假日)")
_NUMBER = re.compile(r"国办发明电\s*[〔\[(（【]\s*(\d{4})\s*[〕\])）】]\s*(\d+)\s*号")
_SIGNED = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
# A date: optional year, optional month, day; then an optional note in brackets.
_DATE = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:\(([^()]*)\))?")
_RANGE_JOIN = re.compile(r"^\s*(?:至|到|-|~|—|–)\s*$")
_STATED_WEEKDAY = re.compile(r"(?:星期|周)([一二三四五六日天])")
_COUNT = re.compile(r"(?:共|放假)(\d+)天")
_REST_VERBS = ("放假", "补休")
_WORK_VERB = "上班"


@dataclass(frozen=True)
class NoticeItem:
    """One numbered item of the notice: a holiday's rest days and make-up working days."""

    line: int  # 1-based line number in the text given
    name: str  # as the notice names it: 「春节」, 「中秋节、国庆节」
    holidays: tuple[date, ...]
    workdays: tuple[date, ...]


@dataclass(frozen=True)
class IgnoredText:
    """A sentence of an item that names dates but sets no rest or working day."""

    line: int
    text: str


@dataclass(frozen=True)
class HolidayNotice:
    """What a holiday notice says: its year, provenance and days, item by item."""

    year: int
    number: str | None  # 国办发明电〔2025〕7号, when the text carries it
    published_on: date | None  # the signature date
    items: tuple[NoticeItem, ...]
    ignored: tuple[IgnoredText, ...] = field(default=())

    @property
    def title(self) -> str:
        return f"《国务院办公厅关于{self.year}年部分节假日安排的通知》"

    @property
    def source(self) -> str:
        """Provenance for the calendar data: number (if known) and title."""
        return f"{self.number} {self.title}" if self.number else self.title

    def holidays(self) -> dict[date, str]:
        return {day: item.name for item in self.items for day in item.holidays}

    def workdays(self) -> dict[date, str]:
        return {day: f"{item.name}调休" for item in self.items for day in item.workdays}

    def calendar_years(self) -> list[CalendarYear]:
        """The days as national ``CalendarYear`` values, one per calendar year touched.

        A notice for year N may also set days of December N-1 (New Year arrangements): those
        form a second, partial year that the caller merges into the data it has for N-1.
        """
        holidays, workdays = self.holidays(), self.workdays()
        years = sorted({day.year for day in (*holidays, *workdays)} | {self.year})
        return [
            CalendarYear(
                year=year,
                region=NATIONAL,
                holidays={d: n for d, n in holidays.items() if d.year == year},
                workdays={d: n for d, n in workdays.items() if d.year == year},
                source=self.source,
                published_on=self.published_on,
            )
            for year in years
        ]


def parse_holiday_notice(text: str) -> HolidayNotice:
    """Read a holiday notice's text; ``CalendarDataError`` names the line of any mistake."""
    raw = [line.strip() for line in text.splitlines()]
    lines = [unicodedata.normalize("NFKC", line) for line in raw]
    year = _notice_year(lines)
    items: list[NoticeItem] = []
    ignored: list[IgnoredText] = []
    seen: dict[date, int] = {}
    for number, line in enumerate(lines, start=1):
        match = _ITEM.match(line)
        if match is None or not _DATE.search(match.group(2)):
            continue
        quote = raw[number - 1]
        item, skipped = _read_item(number, match.group(1).strip(), match.group(2), year, quote)
        for day in (*item.holidays, *item.workdays):
            if day in seen:
                raise _fail(number, quote, f"{day.isoformat()} 已在第 {seen[day]} 行出现过")
            seen[day] = number
        items.append(item)
        ignored.extend(IgnoredText(number, sentence) for sentence in skipped)
    if not items:
        raise CalendarDataError(
            "没有找到放假安排条目（应为「一、元旦：1月1日放假……」这样编号的段落）",
            field="节假日安排通知",
        )
    return HolidayNotice(year, _number(lines), _signed_on(lines), tuple(items), tuple(ignored))


def _notice_year(lines: list[str]) -> int:
    years = {int(m.group(1)) for line in lines for m in _YEAR.finditer(line)}
    if len(years) != 1:
        found = "、".join(str(y) for y in sorted(years)) or "无"
        raise CalendarDataError(
            f"无法确定通知所属年份（应有「关于N年部分节假日安排」或「现将N年元旦……」；找到：{found}）",
            field="节假日安排通知",
        )
    return years.pop()


def _number(lines: list[str]) -> str | None:
    for line in lines:
        match = _NUMBER.search(line)
        if match:
            return f"国办发明电〔{match.group(1)}〕{match.group(2)}号"
    return None


def _signed_on(lines: list[str]) -> date | None:
    """The signature date: the last line that is a date and nothing else."""
    for line in reversed(lines):
        match = _SIGNED.match(line.replace(" ", ""))
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                return None
    return None


def _read_item(
    number: int, name: str, body: str, year: int, quote: str
) -> tuple[NoticeItem, list[str]]:
    """The days of one numbered item; sentences with dates but no verb are returned apart.

    ``body`` is the normalised text after 「名称：」; ``quote`` the line as given, for messages.
    """
    holidays: list[date] = []
    workdays: list[date] = []
    skipped: list[str] = []
    new_year = "元旦" in name
    for sentence in filter(None, (s.strip() for s in body.split("。"))):
        rest_in_sentence: list[date] = []
        for clause in filter(None, (c.strip() for c in re.split(r"[,，;；]", sentence))):
            days = _clause_dates(number, quote, clause, year, new_year=new_year)
            if not days:
                continue
            if _WORK_VERB in clause:
                workdays.extend(days)
            elif any(verb in clause for verb in _REST_VERBS):
                rest_in_sentence.extend(days)
            else:
                skipped.append(sentence)
                break
        _check_count(number, quote, sentence, rest_in_sentence)
        holidays.extend(rest_in_sentence)
    for day in workdays:
        if day.weekday() < 5:
            raise _fail(
                number,
                quote,
                f"调休上班日 {day.isoformat()} 是星期{_WEEKDAYS[day.weekday()]}，"
                "调休上班日只能是星期六或星期日",
            )
    return NoticeItem(number, name, tuple(sorted(holidays)), tuple(sorted(workdays))), skipped


def _clause_dates(number: int, quote: str, clause: str, year: int, *, new_year: bool) -> list[date]:
    """The dates a clause names, ranges expanded, each stated weekday checked."""
    result: list[date] = []
    previous: date | None = None
    range_start: date | None = None
    last_end = 0
    for match in _DATE.finditer(clause):
        joined_by_range = previous is not None and _RANGE_JOIN.match(
            clause[last_end : match.start()]
        )
        day = _date_of(number, quote, match, year, previous, new_year=new_year)
        if joined_by_range and previous is not None:
            if day < previous and match.group(1) is None:
                day = _date_of(number, quote, match, year + 1, previous, new_year=False)
            range_start = previous
            result.pop()
            span = (day - range_start).days
            if not 0 < span <= 31:
                raise _fail(number, quote, f"区间 {range_start}至{day} 不合理")
            result.extend(range_start + timedelta(days=i) for i in range(span + 1))
        else:
            result.append(day)
        _check_weekday(number, quote, match, day)
        previous, last_end = day, match.end()
    return result


def _date_of(
    number: int,
    quote: str,
    match: re.Match[str],
    year: int,
    previous: date | None,
    *,
    new_year: bool,
) -> date:
    explicit_year, month, day = match.group(1), match.group(2), match.group(3)
    if month is None and previous is None:
        raise _fail(number, quote, f"「{match.group(0)}」缺少月份")
    the_month = int(month) if month else previous.month if previous else 1
    if explicit_year:
        the_year = int(explicit_year)
    elif previous is not None and month is None:
        the_year = previous.year
    elif new_year and the_month == 12:
        # The New Year item's December days are those just before 1 January of the year.
        the_year = year - 1
    else:
        the_year = max(year, previous.year) if previous else year
    try:
        return date(the_year, the_month, int(day))
    except ValueError:
        raise _fail(number, quote, f"「{match.group(0)}」不是有效日期") from None


def _check_weekday(number: int, quote: str, match: re.Match[str], day: date) -> None:
    stated = _STATED_WEEKDAY.search(match.group(4) or "")
    if stated is None:
        return
    said = _WEEKDAYS.index(stated.group(1).replace("天", "日"))
    if said != day.weekday():
        raise _fail(
            number,
            quote,
            f"「{match.group(0)}」与日期不符：{day.isoformat()} 是星期{_WEEKDAYS[day.weekday()]}",
        )


def _check_count(number: int, quote: str, sentence: str, days: list[date]) -> None:
    """「共N天」/「放假N天」 must match the rest days listed (or the span they cover)."""
    stated = _COUNT.search(sentence)
    if stated is None or not days:
        return
    count = int(stated.group(1))
    span = (max(days) - min(days)).days + 1
    if count not in (len(set(days)), span):
        raise _fail(
            number, quote, f"「{stated.group(0)}」与所列放假日期（{len(set(days))} 天）不符"
        )


def _fail(number: int, text: str, message: str) -> CalendarDataError:
    return CalendarDataError(f"{message}（原文：{text}）", field=f"通知第 {number} 行")
