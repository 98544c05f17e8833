"""Tables 三 and 四 as terminal text, aligned for CJK width, with the form's verbatim labels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from casework.entrypoints.cli.output import display_width, pad

GAP = "  "


def _right(text: str, width: int) -> str:
    return " " * max(0, width - display_width(text)) + text


def _centre(text: str, width: int) -> str:
    spare = max(0, width - display_width(text))
    return " " * (spare // 2) + text + " " * (spare - spare // 2)


def _indent(key: str) -> str:
    return "  " * min(key.count("."), 2)


def table3_text(data: dict[str, Any], labels: dict[str, str]) -> str:
    """``labels``: column key -> Chinese header (the six applicant columns and total)."""
    from casework.domain.report.annual import (
        APPLICANT_HEADING,
        COLUMNS,
        ORGANISATIONS,
        TABLE3_NOTE,
        TABLE3_TITLE,
        TOTAL_COLUMN,
    )

    columns = (*COLUMNS, TOTAL_COLUMN)
    rows = data["table3"]
    cells = [[("" if row[c] is None else str(row[c])) for c in columns] for row in rows]
    widths = [
        max(display_width(labels[c]), *(display_width(line[i]) for line in cells))
        for i, c in enumerate(columns)
    ]
    names = [_indent(row["key"]) + row["label"] for row in rows]
    first = max(display_width(name) for name in names)
    organisations = sum(widths[1:-1]) + len(GAP) * (len(widths) - 3)
    header = [
        pad("", first) + GAP + _centre(APPLICANT_HEADING, sum(widths) + len(GAP) * 6),
        GAP.join(
            [
                pad("", first),
                _right(labels[columns[0]], widths[0]),
                _centre(ORGANISATIONS, organisations),
                _right(labels[TOTAL_COLUMN], widths[-1]),
            ]
        ),
        GAP.join(
            [pad("", first), " " * widths[0]]
            + [_right(labels[c], w) for c, w in zip(columns[1:-1], widths[1:-1], strict=True)]
        ),
    ]
    lines = [TABLE3_TITLE, TABLE3_NOTE, *(line.rstrip() for line in header)]
    lines.append("─" * (first + sum(widths) + len(GAP) * len(widths)))
    for name, line in zip(names, cells, strict=True):
        values = [_right(value, width) for value, width in zip(line, widths, strict=True)]
        lines.append(GAP.join([pad(name, first), *values]).rstrip())
    return "\n".join(lines)


def table4_text(data: dict[str, Any]) -> str:
    from casework.domain.report.annual import (
        GROUP_LABELS,
        LITIGATION,
        RESULT_LABELS,
        RESULTS,
        TABLE4_TITLE,
    )

    keys = (*RESULTS, "total")
    groups = list(GROUP_LABELS)
    width = max(display_width(RESULT_LABELS[key]) for key in keys)
    block = width * len(keys) + len(GAP) * (len(keys) - 1)
    heads: Sequence[str] = [RESULT_LABELS[key] for key in keys] * len(groups)
    values = [str(data["table4"][group][key]) for group in groups for key in keys]
    lines = [
        TABLE4_TITLE,
        GAP.join([_centre(GROUP_LABELS[groups[0]], block), _centre(LITIGATION, 2 * block + 2)]),
        GAP.join([" " * block, *(_centre(GROUP_LABELS[g], block) for g in groups[1:])]),
        GAP.join(_right(head, width) for head in heads),
        "─" * (3 * block + 2 * len(GAP)),
        GAP.join(_right(value, width) for value in values),
    ]
    return "\n".join(line.rstrip() for line in lines)
