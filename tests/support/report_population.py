"""A realistic two-year population (2025, 2026) built by the real clerk services, for the
annual-report tests: every outcome, every applicant type, a withdrawal in each year, a
correction lapse and a fee lapse that conclude after New Year, cases open across the year
boundary, a case open across both, remedies of each kind (one decided after the year it was
filed in) and two reopenings for a new reply (重新答复), one across the year boundary.

The comments give each case's place in tables 三 and 四; the tests hold the counts by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from casework.adapters.calendar_data import package_years
from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.adapters.repository import SqlUnitOfWork
from casework.adapters.workflow_file import default_workflow_path, load_workflow
from casework.domain.application.validation import ApplicationInput
from casework.services import actions, review
from casework.services.context import ServiceContext
from casework.services.lapses import apply_lapses
from casework.services.registration import register
from casework.services.remedies import RemedyInput, ReopenOrder, record_remedy
from casework.settings import load_settings
from tests.conftest import write_home

NOW = datetime(2027, 2, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TEXT = "经审查，依法作出本答复"
FACTS: dict[str, dict[str, str | None]] = {
    "disclose": {"access": "随本答复书提供电子文档"},
    "already_public": {"published_at": "本机关门户网站政府信息公开专栏"},
    "partial": {
        "ground": "withhold_third_party",
        "interest": "trade-secret",
        "withheld_part": "第三方商业秘密部分",
        "reasons": TEXT,
        "access": "随本答复书提供",
        "facts": TEXT,
    },
    "withhold_prohibited": {"prohibiting_law": "《中华人民共和国统计法》", "reasons": TEXT},
    "withhold_third_party": {"facts": TEXT, "reasons": TEXT, "interest": "privacy"},
    "withhold_query": {"access": "请至不动产登记中心查询"},
    "not_held": {"search_process": "检索了本机关收文、发文登记簿，关键词“预算”"},
    "unclear": {"facts": "补正后仍不能确定所需信息"},
    "petition": {"access": "请通过信访渠道反映"},
    "repeat": {"earlier_case": "2025-0001"},  # A1, the same applicant (Reg. art. 36 item 6)
    "publication": {"access": "请至新华书店购买"},
    "excessive": {"facts": TEXT, "reasons": TEXT},
    "confirm_or_reissue": {"earlier_case": "2025-0001"},
    "other": {"facts": TEXT, "reasons": TEXT, "basis": "《中华人民共和国档案法》第二十八条"},
}


def make_context(home: Path) -> ServiceContext:
    settings = load_settings(write_home(home))
    return ServiceContext(
        actor="zhangsan",
        now=NOW,
        agencies=settings.agencies,
        default_agency=settings.default_agency,
        builtin_calendar=package_years(),
        users=settings.users,
        machine=load_workflow(default_workflow_path()),
        outcomes=load_outcomes(default_outcomes_path()),
    )


class Desk:
    """The clerk (zhangsan) and the reviewer (lisi) of a test, on one database."""

    def __init__(self, engine: Engine, ctx: ServiceContext) -> None:
        self.engine, self.ctx = engine, ctx
        self.uow: Callable[[], SqlUnitOfWork] = lambda: SqlUnitOfWork(engine)

    def register(self, kind: str, received_on: date, agency: str = "demo", **extra: str) -> str:
        raw = ApplicationInput(
            applicant=extra.pop("applicant", f"{kind}申请人{received_on.isoformat()}"),
            applicant_type=kind,
            channel=extra.pop("channel", "in-person"),
            received_on=received_on,
            description=extra.pop("description", f"{received_on.year}年度部门预算"),
            agency=agency,
        )
        return register(self.uow(), self.ctx, raw).number

    def reply(
        self, number: str, outcome: str, drafted_on: date, issued_on: date, **kw: str
    ) -> None:
        facts = FACTS.get(outcome, {"reasons": TEXT})
        agency = kw.get("agency", "demo")
        if outcome == "withhold_third_party":
            # Reg. arts. 15, 32: the third party is consulted in writing first (answered the
            # same day, so no working day is stopped and the hand-counted dates stand).
            uow, ctx, on = self.uow, self.ctx, drafted_on
            actions.consult(
                uow(),
                ctx,
                number,
                party="甲公司",
                party_kind="third-party",
                concern="涉及该单位的经营数据，公开可能损害其商业秘密",
                on=on,
                agency=agency,
            )
            actions.record_opinion(
                uow(), ctx, number, party="甲公司", opinion="object", on=on, agency=agency
            )
        review.draft(
            self.uow(), self.ctx, number, outcome=outcome, facts=facts, on=drafted_on, agency=agency
        )
        self.approve_and_issue(number, issued_on, agency)

    def approve_and_issue(self, number: str, issued_on: date, agency: str = "demo") -> None:
        reviewer = replace(self.ctx, actor="lisi")
        review.approve(self.uow(), reviewer, number, on=issued_on, agency=agency)
        review.issue(self.uow(), reviewer, number, on=issued_on, agency=agency)

    def remedy(self, number: str, kind: str, filed_on: date, **kw: object) -> None:
        reopen = kw.pop("reopen", None)
        on = kw.pop("on", None)
        given = RemedyInput(kind=kind, filed_on=filed_on, **kw)  # type: ignore[arg-type]
        record_remedy(
            self.uow(),
            self.ctx,
            number,
            given,
            reopen=reopen if isinstance(reopen, ReopenOrder) else None,
            on=on if isinstance(on, date) else None,
            agency="demo",
        )


def build_population(engine: Engine, ctx: ServiceContext) -> dict[str, str]:
    """Build the population; returns case numbers by the names used in the tests."""
    desk = Desk(engine, ctx)
    names = _year_2025(desk)
    names |= _year_2026(desk)
    _remedies(desk, names)
    return names


def _year_2025(desk: Desk) -> dict[str, str]:
    d = date
    n = {}
    n["A1"] = desk.register("natural", d(2025, 3, 3))  # 2025 三（一）; reopened 2026
    desk.reply(n["A1"], "disclose", d(2025, 3, 10), d(2025, 3, 20))
    n["A2"] = desk.register("enterprise", d(2025, 5, 6))  # 2025 三（二）
    desk.reply(n["A2"], "partial", d(2025, 5, 20), d(2025, 6, 3))
    n["A3"] = desk.register("research", d(2025, 7, 1))  # 2025 三（三）1
    desk.reply(n["A3"], "withhold_state_secret", d(2025, 7, 10), d(2025, 7, 21))
    n["A4"] = desk.register("natural", d(2025, 9, 1), channel="email")  # 2025 三（四）1
    desk.reply(n["A4"], "not_held", d(2025, 9, 8), d(2025, 9, 15))
    n["A5"] = desk.register("legal-service", d(2025, 10, 9))  # 2025 三（四）1 (not_ours)
    desk.reply(n["A5"], "not_ours", d(2025, 10, 15), d(2025, 10, 20))
    n["A6"] = desk.register("natural", d(2025, 11, 3))  # 2025 三（六）3: withdrawn
    actions.withdraw(
        desk.uow(), desk.ctx, n["A6"], how="written", reason="申请人撤回", on=d(2025, 11, 10)
    )
    n["A7"] = desk.register("public-interest", d(2025, 11, 17))  # carried: 2026 三（六）1
    actions.request_correction(
        desk.uow(), desk.ctx, n["A7"], items="请写明文件名称", on=d(2025, 11, 18)
    )
    n["A8"] = desk.register("natural", d(2025, 12, 15))  # carried: 2026 三（四）2
    n["A9"] = desk.register("other-org", d(2025, 12, 22))  # open through 2025 and 2026
    n["A10"] = desk.register("enterprise", d(2025, 12, 1), channel="post")  # 2026 三（六）2
    actions.notify_fee(
        desk.uow(), desk.ctx, n["A10"], method="per-page", pages=150, on=d(2025, 12, 3)
    )
    n["A11"] = desk.register("natural", d(2025, 6, 2))  # 2025 三（五）1
    desk.reply(n["A11"], "petition", d(2025, 6, 5), d(2025, 6, 10))
    # 2025 三（五）2: the applicant of A1 asks again (the register bears the repeat out).
    n["A12"] = desk.register("natural", d(2025, 8, 4), applicant="natural申请人2025-03-03")
    desk.reply(n["A12"], "repeat", d(2025, 8, 6), d(2025, 8, 11))
    # The correction lapses in December 2025 (notice 11-18 + 15 working days); the
    # termination notice goes out in January: concluded in 2026.
    assert all(o.error is None for o in apply_lapses(desk.uow, desk.ctx, d(2025, 12, 31)))
    desk.approve_and_issue(n["A7"], d(2026, 1, 6))
    # The fee window (20 working days after 2025-12-03) ends 2025-12-31: lapses 2026-01-01.
    assert all(o.error is None for o in apply_lapses(desk.uow, desk.ctx, d(2026, 1, 5)))
    desk.approve_and_issue(n["A10"], d(2026, 1, 20))
    desk.reply(n["A8"], "needs_compilation", d(2026, 1, 5), d(2026, 1, 12))
    return n


def _year_2026(desk: Desk) -> dict[str, str]:
    d = date
    n = {}
    plain = [  # (name, applicant type, received, outcome, drafted, issued)
        ("B1", "natural", d(2026, 1, 5), "disclose", d(2026, 1, 12), d(2026, 1, 20)),
        ("B2", "natural", d(2026, 2, 2), "already_public", d(2026, 2, 5), d(2026, 2, 10)),
        ("B3", "enterprise", d(2026, 3, 2), "withhold_prohibited", d(2026, 3, 9), d(2026, 3, 16)),
        ("B4", "research", d(2026, 3, 3), "withhold_security", d(2026, 3, 9), d(2026, 3, 16)),
        (
            "B5",
            "public-interest",
            d(2026, 3, 4),
            "withhold_third_party",
            d(2026, 3, 9),
            d(2026, 3, 16),
        ),
        ("B6", "legal-service", d(2026, 3, 5), "withhold_internal", d(2026, 3, 9), d(2026, 3, 16)),
        ("B7", "other-org", d(2026, 3, 6), "withhold_process", d(2026, 3, 9), d(2026, 3, 16)),
        ("B8", "natural", d(2026, 3, 9), "withhold_enforcement", d(2026, 3, 10), d(2026, 3, 16)),
        ("B9", "enterprise", d(2026, 3, 10), "withhold_query", d(2026, 3, 11), d(2026, 3, 16)),
        ("B11", "legal-service", d(2026, 4, 7), "publication", d(2026, 4, 8), d(2026, 4, 9)),
        ("B12", "natural", d(2026, 4, 8), "excessive", d(2026, 4, 9), d(2026, 4, 10)),
        ("B13", "enterprise", d(2026, 4, 9), "confirm_or_reissue", d(2026, 4, 10), d(2026, 4, 13)),
        ("B14", "other-org", d(2026, 5, 6), "other", d(2026, 5, 7), d(2026, 5, 8)),
        ("B17", "public-interest", d(2026, 6, 1), "not_held", d(2026, 6, 2), d(2026, 6, 3)),
        ("B18", "natural", d(2026, 7, 1), "disclose", d(2026, 7, 2), d(2026, 7, 10)),
    ]
    for name, kind, received, outcome, drafted, issued in plain:
        n[name] = desk.register(kind, received)
        desk.reply(n[name], outcome, drafted, issued)
    n["B10"] = desk.register("natural", d(2026, 4, 1))  # 三（四）3: unclear after correction
    actions.request_correction(desk.uow(), desk.ctx, n["B10"], items="请写明文号", on=d(2026, 4, 2))
    actions.receive_correction(
        desk.uow(), desk.ctx, n["B10"], description="2025年度部门预算", on=d(2026, 4, 8)
    )
    desk.reply(n["B10"], "unclear", d(2026, 4, 15), d(2026, 4, 20))
    n["B15"] = desk.register("research", d(2026, 5, 7))  # 三（六）3: withdrawn
    actions.withdraw(desk.uow(), desk.ctx, n["B15"], how="phone", on=d(2026, 5, 12))
    n["B16"] = desk.register("natural", d(2026, 12, 21))  # open at the end of 2026
    # The second agency: counted only with --all-agencies.
    n["C1"] = desk.register("natural", d(2026, 3, 2), agency="tj")
    desk.reply(n["C1"], "disclose", d(2026, 3, 5), d(2026, 3, 10), agency="tj")
    n["C2"] = desk.register("enterprise", d(2025, 12, 29), agency="tj")  # open
    return n


def _remedies(desk: Desk, n: dict[str, str]) -> None:
    d = date
    # 2025: reconsideration upheld, then a lawsuit after it (withdrawn: 其他结果).
    desk.remedy(n["A3"], "reconsideration", d(2025, 8, 10), organ="示例市人民政府")
    desk.remedy(
        n["A3"], "reconsideration", d(2025, 8, 10), result="upheld", decided_on=d(2025, 10, 10)
    )
    desk.remedy(
        n["A3"],
        "litigation-after-reconsideration",
        d(2025, 10, 20),
        result="other",
        decided_on=d(2025, 11, 20),
    )
    # 2025: a direct lawsuit decided only in 2026: 尚未审结 in the 2025 table.
    desk.remedy(n["A2"], "litigation", d(2025, 8, 1), organ="示例市人民法院")
    desk.remedy(n["A2"], "litigation", d(2025, 8, 1), result="upheld", decided_on=d(2026, 3, 1))
    # 2026: the 2025 reply of A1 corrected; new reply (not_held) in 2026.
    desk.remedy(
        n["A1"],
        "reconsideration",
        d(2026, 2, 2),
        result="corrected",
        decided_on=d(2026, 3, 10),
        organ="示例市人民政府",
        reopen=ReopenOrder(
            decision_received_on=d(2026, 3, 11), decision_number="示府复决〔2026〕1号"
        ),
        on=d(2026, 3, 12),
    )
    desk.reply(n["A1"], "not_held", d(2026, 3, 18), d(2026, 3, 25))
    # 2026: B18 corrected and answered again within the year (partial this time).
    desk.remedy(
        n["B18"],
        "reconsideration",
        d(2026, 7, 20),
        result="corrected",
        decided_on=d(2026, 9, 1),
        organ="示例市人民政府",
        reopen=ReopenOrder(reply_days=15, decision_number="示府复决〔2026〕7号"),
        on=d(2026, 9, 3),
    )
    desk.reply(n["B18"], "partial", d(2026, 9, 8), d(2026, 9, 15))
    desk.remedy(n["B3"], "reconsideration", d(2026, 4, 1))  # pending
    desk.remedy(n["B4"], "reconsideration", d(2026, 4, 2), result="other", decided_on=d(2026, 5, 6))
    desk.remedy(n["B4"], "litigation-after-reconsideration", d(2026, 5, 15))  # pending
    desk.remedy(n["B11"], "litigation", d(2026, 5, 1), result="upheld", decided_on=d(2026, 8, 3))
    desk.remedy(n["B9"], "litigation", d(2026, 4, 20), result="corrected", decided_on=d(2026, 7, 1))
    # Filed in 2026, decided in 2027: 尚未审结 in the 2026 table.
    desk.remedy(n["B12"], "litigation", d(2026, 11, 2), result="upheld", decided_on=d(2027, 1, 10))
