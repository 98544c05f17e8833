"""Functions run in separate processes by the concurrency tests (importable by name)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from casework.bootstrap import bootstrap
from casework.domain.application.validation import ApplicationInput
from casework.services.registration import register


def register_batch(home: str, worker: int, count: int) -> list[str]:
    """Register ``count`` applications through the real wiring; return their case numbers."""
    app = bootstrap(Path(home), user="zhangsan")  # a configured clerk (identity declared)
    now = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    numbers = []
    try:
        for index in range(count):
            raw = ApplicationInput(
                applicant=f"申请人{worker}-{index}",
                applicant_type="natural",
                channel="online",
                received_on=date(2026, 6, 1),
                description="并发登记测试",
            )
            numbers.append(register(app.uow(), app.context(now), raw).number)
    finally:
        app.close()
    return numbers
