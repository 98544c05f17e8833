"""APScheduler 3.x wiring for the alert sweep (engineering notes, "APScheduler 3.11").

One job with a fixed id, stored in the casework database (``apscheduler_jobs``, created by the
migrations), added at every start with ``replace_existing=True`` so a restart never duplicates
it; the job is a stable public function named by its import path.  ``coalesce=True`` with a
misfire grace of hours: the default grace of one second would silently skip a day the machine
was off at sweep time.  Cron fires every day; the job itself asks the working calendar, since
cron knows Monday to Friday but not make-up Saturdays (调休上班).  Two schedulers on one job
store may both fire: the sweep's lease lets only one of them work.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.engine import Engine

from casework.adapters.orm_scheduling import apscheduler_jobs

JOB_ID = "casework-alert-sweep"
# The stored reference: renaming this function would make APScheduler drop the job.
JOB_FUNCTION = "casework.entrypoints.alerting:scheduled_sweep"


def sweep_trigger(times: Sequence[time], timezone: str) -> Any:
    """Every day at each of ``times`` (hour, minute, second) in ``timezone``."""
    zone = ZoneInfo(timezone)
    crons = [
        CronTrigger(hour=t.hour, minute=t.minute, second=t.second, timezone=zone)
        for t in sorted(set(times))
    ]
    return crons[0] if len(crons) == 1 else OrTrigger(crons)


def make_scheduler(engine: Engine, timezone: str) -> BackgroundScheduler:
    """A background scheduler whose job store is the casework database; one worker thread."""
    store = SQLAlchemyJobStore(engine=engine, tablename=apscheduler_jobs.name)
    return BackgroundScheduler(
        jobstores={"default": store},
        executors={"default": ThreadPoolExecutor(max_workers=1)},
        timezone=ZoneInfo(timezone),
    )


def install_sweep_job(
    scheduler: BackgroundScheduler, times: Sequence[time], timezone: str, grace_hours: int
) -> None:
    """Add (or replace) the one sweep job."""
    scheduler.add_job(
        JOB_FUNCTION,
        trigger=sweep_trigger(times, timezone),
        id=JOB_ID,
        name="期限提醒扫描",
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=grace_hours * 3600,
        max_instances=1,
    )


def next_sweep_at(scheduler: BackgroundScheduler) -> datetime | None:
    """When the sweep job fires next (None before the scheduler started or without the job)."""
    job = scheduler.get_job(JOB_ID)
    when = getattr(job, "next_run_time", None) if job is not None else None
    return when if isinstance(when, datetime) else None
