"""The sweep's results pinned on a fixed population, on both engines (issue 18): the speed work
on the sweep must not change what it sends or records.

A few hundred open cases in every clock state, their dates spread over six weeks, two days of
sweeps (the first on an empty ledger, then the daily one, then the same again), a channel that
fails for one recipient on the first day.  What the sweeps did is reduced to a digest of every
ledger row (in the order the rows were written, without their ids) and every message handed to
the channels (in the order they were sent).  ``EXPECTED`` was computed by the sweep as it stood
before the changes of issue 18's sweep work (commit 481668d); a change that alters a row, a
status, a message or the order of either breaks this test on purpose.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from casework.adapters.calendar_data import package_years
from casework.adapters.orm import applicants, cases
from casework.adapters.orm_scheduling import alerts
from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.adapters.repository import SqlUnitOfWork
from casework.adapters.workflow_file import default_workflow_path, load_workflow
from casework.domain.agency import AgencyProfile, UserProfile
from casework.domain.alerts.model import AlertRules
from casework.domain.alerts.routing import Notice, Recipient, Routing
from casework.domain.calendar.working import WorkingCalendar
from casework.domain.case.storage import decisions_from_json
from casework.errors import NotificationError
from casework.services.context import ServiceContext
from casework.services.sweep import SweepReport, SweepSetup, run_sweep
from tests.support.alerts import moment

CASES = 300
HANDLERS = 5
DAY = date(2026, 11, 20)
STATES = ("registered", "registered", "reviewing", "approved", "correcting", "consulting",
          "awaiting_fee", "registered")  # fmt: skip
EXPECTED = "7c66d4fbde907ee1ef6a706d5c1799cf53c266d7ff96de862840a762d5eb147b"


class Channel:
    """Keeps every message; refuses ``refused``'s while ``failing`` is on."""

    def __init__(self, refused: str) -> None:
        self.refused, self.failing = refused, True
        self.sent: list[tuple[str, str, str]] = []

    def send(self, recipient: Recipient, notice: Notice) -> None:
        if self.failing and recipient.name == self.refused:
            raise NotificationError("451 请稍后再试", field="alerts.smtp")
        self.sent.append((recipient.name, recipient.channel, notice.text))


def _context() -> ServiceContext:
    users = {f"clerk{i}": UserProfile(name=f"经办人{i}") for i in range(HANDLERS)}
    users["head"] = UserProfile(name="负责人", roles=("head",))
    agency = AgencyProfile(name="示例市发展和改革委员会", doc_code="示发改",
                           reconsideration_organ="示例市人民政府")  # fmt: skip
    return ServiceContext(
        actor="test", now=moment(DAY), agencies={"demo": agency}, default_agency="demo",
        builtin_calendar=package_years(), users=users,
        machine=load_workflow(default_workflow_path()), outcomes=load_outcomes(default_outcomes_path()),
    )  # fmt: skip


def _case(i: int, calendar: WorkingCalendar) -> dict[str, Any]:
    """Case ``i``: its state and dates follow from ``i`` alone (a spread, not a random draw)."""
    state = STATES[i % len(STATES)]
    received = DAY - timedelta(days=1 + (i * 7) % 40)
    notice = DAY - timedelta(days=(i * 5) % 19)
    window = DAY + timedelta(days=(i * 3) % 30 - 2)
    facts: dict[str, Any] = {}
    if state == "correcting":
        facts["corrections"] = [{"requested_on": notice.isoformat(), "period_days": 15}]
        window = calendar.add_working_days(notice, 15)
    elif state == "consulting":
        facts["consultations"] = [{"party": "甲公司", "party_kind": "third-party",
                                   "sent_on": received.isoformat(),
                                   "window_ends_on": window.isoformat()}]  # fmt: skip
    elif state == "awaiting_fee":
        facts["fee"] = {"notified_on": notice.isoformat(), "amount": "200"}
        window = calendar.add_working_days(notice, 20)
    stopped = state in ("correcting", "consulting", "awaiting_fee")
    due = None if stopped else calendar.add_working_days(received, 20)
    stamp = datetime(2026, 11, 1, tzinfo=UTC)
    return {
        "agency": "demo", "number": f"2026-{i + 1:05d}", "year": 2026, "seq": i + 1,
        "query_code": f"Q{i:09d}", "state": state, "workflow": "disclosure",
        "workflow_version": "1", "applicant_id": 1, "channel": "in-person",
        "received_on": received, "description": "测试", "receipt": {},
        "facts": decisions_from_json(facts), "reply_due_on": due,
        "next_deadline_on": window if stopped else due,
        "next_deadline_kind": state if stopped else "reply",
        "clock_status": "stopped" if stopped else "running", "due_provisional": False,
        "handler": f"clerk{i % HANDLERS}", "created_at": stamp, "updated_at": stamp, "version": 1,
    }  # fmt: skip


def _populate(engine: Engine) -> None:
    calendar = WorkingCalendar(package_years())
    with engine.begin() as connection:
        connection.execute(
            insert(applicants), [{"id": 1, "name": "张三", "applicant_type": "natural"}]
        )
        connection.execute(insert(cases), [_case(i, calendar) for i in range(CASES)])


def _ledger(engine: Engine) -> list[list[str]]:
    # Every column but the id and the key's hash (revision 0022): a digest of seven columns
    # already in the list, whose format is the storage's choice, not the sweep's result.
    columns = [column for column in alerts.c if column.name not in ("id", "key_hash")]
    with engine.connect() as connection:
        rows = connection.execute(select(*columns).order_by(alerts.c.id)).all()
    return [[str(value) for value in row] for row in rows]


def test_the_sweeps_send_and_record_what_they_did_before(engine: Engine) -> None:
    _populate(engine)
    ctx, channel = _context(), Channel(refused="clerk3")
    setup = SweepSetup(
        rules=AlertRules(), routing=Routing(ctx.users, log=True), notifiers={"log": channel},
        holder="test",
    )  # fmt: skip

    def sweep(day: date, hour: int = 9) -> SweepReport:
        return run_sweep(lambda: SqlUnitOfWork(engine), replace(ctx, now=moment(day, hour)), setup)

    reports = [sweep(DAY - timedelta(days=1))]
    channel.failing = False
    reports += [sweep(DAY), sweep(DAY, 10)]
    counts = [(r.sent, r.skipped, r.failed, r.lapsed, r.uncertain) for r in reports]
    assert counts[0][2] > 0 and counts[1][0] > 0  # a failure, then its retry among the sends
    assert counts[2][0] == 0  # nothing left to send
    outcome = {"counts": counts, "ledger": _ledger(engine), "sent": channel.sent}
    text = json.dumps(outcome, ensure_ascii=False, sort_keys=True)
    assert hashlib.sha256(text.encode()).hexdigest() == EXPECTED, counts
