"""Functions run in separate processes by the letter concurrency tests (importable by name)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from casework.bootstrap import bootstrap
from casework.services.review import issue

NOW = datetime(2026, 6, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def issue_batch(home: str, worker: int, numbers: list[str]) -> list[str]:
    """Issue the approved cases ``numbers`` through the real wiring; their reply numbers."""
    app = bootstrap(Path(home), user="lisi")  # a configured reviewer; one process per worker
    replies = []
    try:
        for number in numbers:
            case = issue(app.uow(), app.context(NOW), number, on=date(2026, 4, 28)).case
            assert case.reply_number is not None
            replies.append(case.reply_number)
    finally:
        app.close()
    return replies
