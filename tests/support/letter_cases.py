"""Case records in memory with the facts every letter kind and every outcome needs.

The records are the typed decisions the clerk actions write (casework/services/actions/,
review.py, lapses.py), so the letter tests can render and check every document without a database.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from casework.domain.case.decisions import (
    CaseDecisions,
    Consultation,
    CorrectionRequest,
    Deferral,
    Delivery,
    Draft,
    Extension,
    FeeNotice,
    ReasonsRequest,
    ReplyRound,
)
from casework.domain.case.endings import ObjectionOverride, Withdrawal
from casework.domain.case.records import Applicant, Case
from casework.domain.case.reopening import Reopening
from casework.domain.letters.dates import letter_date
from casework.domain.letters.documents import (
    NUMBER_MARKERS,
    DocumentKind,
    LetterSubject,
    decision_kind,
    document_number,
)
from casework.domain.workflow.catalogue import OutcomeCatalogue
from casework.domain.workflow.outcomes import FACT_LABELS, Outcome

SHANGHAI = ZoneInfo("Asia/Shanghai")
APPLICANT = "王五 & <李四>"  # the characters autoescape must keep
DESCRIPTION = "2025年度部门预算 & <决算>说明"

# A value for every fact a draft may carry (outcomes.yaml header), with XML-special text.
FACT_VALUES: dict[str, str] = {
    "facts": "本机关于2026年4月9日书面征求了第三方意见，第三方回复不同意公开",
    "reasons": "该信息包含第三方的商业秘密 & 经营数据",
    "search_process": "检索了本机关2024年至2026年的收文、发文登记簿和档案系统，关键词「预算」",
    "responsible_agency": "示例市财政局，联系电话010-87654321",
    "access": "随本答复书提供电子文档，请于2026年5月20日前领取",
    "convenience": "您可以登录示例市人民政府门户网站「财政预决算」专栏查询",
    "earlier_case": "2026-0003",
    "prohibiting_law": "《中华人民共和国统计法》第三十九条",
    "published_at": "2026年1月10日在本机关门户网站「法定主动公开内容」栏目公开",
    "withheld_part": "第三部分所列企业的经营数据",
    "interest": "商业秘密",
    "basis": "《中华人民共和国档案法》第二十八条",
    "earlier_reply_number": "示发改信复〔2026〕3号",
    "earlier_replied_on": "2026年3月20日",
}
PARTIAL_GROUND = "withhold_third_party"
# What a lapse records as the facts of its termination letter (casework/services/lapses.py):
# the notice, its number and the end of its period; the catalogue paragraph adds the
# consequence once.
LAPSE_FACTS = {
    "correction_lapsed": "本机关于2026年4月3日向您发出补正告知书（示发改信补〔2026〕1号），"
    "补正期限于2026年4月24日届满",
    "fee_lapsed": "本机关于2026年4月10日向您发出收费通知书（示发改信费〔2026〕1号），"
    "缴费期限于2026年5月12日届满",
}


def new_case(decisions: CaseDecisions | None = None) -> Case:
    """A registered case received 2026-04-01 (a Wednesday), with ``decisions``."""
    return Case(
        id=1,
        agency="demo",
        number="2026-0001",
        year=2026,
        seq=1,
        query_code="ABCD2345",
        state="registered",
        workflow="disclosure",
        workflow_version="1",
        applicant=Applicant(name=APPLICANT, applicant_type="natural"),
        channel="in-person",
        received_on=date(2026, 4, 1),
        description=DESCRIPTION,
        handler="zhangsan",
        created_at=datetime(2026, 4, 1, 9, 0, tzinfo=SHANGHAI),
        updated_at=datetime(2026, 4, 1, 9, 0, tzinfo=SHANGHAI),
        receipt={"rule": "以提交之日为收到申请之日（条例第三十一条第（一）项）"},
        decisions=decisions or CaseDecisions(),
    )


def correction(received: bool = True, lapsed: bool = False) -> CorrectionRequest:
    return CorrectionRequest(
        requested_on=date(2026, 4, 3),
        items="请写明所需文件的名称或文号\n请提供身份证明 & 联系方式",
        period_days=15,
        late=False,
        late_reason=None,
        deadline=date(2026, 4, 13),
        number="示发改信补〔2026〕1号",
        received_on=date(2026, 4, 8) if received else None,
        lapsed_on=date(2026, 4, 24) if lapsed else None,
    )


def fee(lapsed: bool = False) -> FeeNotice:
    return FeeNotice(
        notified_on=date(2026, 4, 10),
        method="per-page",
        pages=150,
        ordinal_in_month=None,
        amount="1700",
        arithmetic="第31页至第100页共70页×10元=700元；第101页至第150页共50页×20元=1000元；合计1700元",
        basis="《政府信息公开信息处理费管理办法》第五条",
        number="示发改信费〔2026〕1号",
        lapsed_on=date(2026, 5, 12) if lapsed else None,
    )


def consultation(party: str, kind: str, opinion: str | None = None) -> Consultation:
    return Consultation(
        party=party,
        party_kind=kind,
        sent_on=date(2026, 4, 9),
        party_received_on=None,
        window_ends_on=date(2026, 4, 30),
        ended_on=date(2026, 4, 15) if opinion else None,
        opinion=opinion,
        concern="第2页所列该单位的报价涉及其商业秘密" if kind == "third-party" else None,
    )


def draft_facts(outcome: Outcome) -> dict[str, str]:
    """Every fact the outcome requires or allows (and, for partial, its ground's)."""
    names = [*outcome.required_facts, *outcome.optional_facts]
    facts = {name: FACT_VALUES[name] for name in names if name in FACT_VALUES}
    if outcome.code in LAPSE_FACTS:
        facts["facts"] = LAPSE_FACTS[outcome.code]
    if outcome.follows_ground:
        facts["ground"] = PARTIAL_GROUND
    if outcome.code == "repeat":  # Reg. art. 36 item 6: filled from the register at draft
        facts.update({k: FACT_VALUES[k] for k in ("earlier_reply_number", "earlier_replied_on")})
    assert set(names) <= {*FACT_VALUES, "ground"}, set(names) - set(FACT_LABELS)
    return facts


def decided_case(outcome: Outcome, *, issued: bool) -> Case:
    """A case drafted with ``outcome`` (and issued when ``issued``), with the history the
    outcome presupposes (a correction for ``unclear``, the lapsed notice for the lapses)."""
    corrections = (correction(),)
    if outcome.code == "correction_lapsed":
        corrections = (correction(received=False, lapsed=True),)
    draft = Draft(
        outcome=outcome.code,
        facts=draft_facts(outcome),
        drafter="zhangsan",
        drafted_on=date(2026, 4, 27),
    )
    decisions = CaseDecisions(
        corrections=corrections,
        fee=fee(lapsed=True) if outcome.code == "fee_lapsed" else None,
        reply=ReplyRound(draft=draft),
    )
    case = new_case(decisions)
    case.outcome = outcome.code
    if issued:
        case.decisions = case.decisions.with_reply(issued_on=date(2026, 4, 28))
        case.reply_number = "示发改信复〔2026〕12号"
    return case


def full_case(catalogue: OutcomeCatalogue) -> Case:
    """A disclosed, delivered case that has had every other kind of letter."""
    case = decided_case(catalogue.get("disclose"), issued=True)
    draft = case.decisions.draft
    assert draft is not None
    facts = {**draft.facts, "reasons": "预算信息涉及重大公共利益 & 公众监督"}
    case.decisions = replace(
        case.decisions,
        consultations=(
            consultation("某科技有限公司 & 子公司", "third-party", "object"),
            consultation("示例市财政局", "agency", "agree"),
        ),
        fee=replace(fee(), paid_on=date(2026, 4, 14)),
    ).with_reply(
        draft=replace(draft, facts=facts),
        extension=Extension(
            days=20,
            reason="需要检索2019年以来的档案",
            approved_by="王五",
            approved_on=date(2026, 4, 20),
            new_due_on=date(2026, 6, 5),
        ),
        reasons_request=ReasonsRequest(
            requested_on=date(2026, 4, 13),
            period_days=15,
            due_on=date(2026, 5, 7),
            concern="本月已提出42件申请 & 内容<大量>重复",
        ),
        deferral=Deferral(
            until=date(2026, 7, 31),
            reason="申请涉及十年的预算档案",
            decided_on=date(2026, 4, 21),
            reasons_requested_on=date(2026, 4, 13),
        ),
        delivery=Delivery(
            method="post",
            made_on=date(2026, 4, 28),
            tracking="EMS1234567890",
            signed_on=date(2026, 4, 30),
            on_time=True,
        ),
        # Reg. art. 32: the explicit decision that alone makes a 公开告知书 (issue 13).
        override=ObjectionOverride(
            decided_on=date(2026, 4, 20),
            public_interest="该预算涉及全市居民的供水安全 & 公众监督",
            provide_on=date(2026, 5, 6),
        ),
    )
    # The withdrawal confirmation of seed 003 reads its own record; no other letter does.
    case.decisions = replace(
        case.decisions, withdrawal=Withdrawal(date(2026, 4, 22), "已另行获取 & 不再需要", "written")
    )
    return case


def reopened_case(catalogue: OutcomeCatalogue) -> Case:
    """A case answered, reopened by a reconsideration decision, and answered again."""
    case = decided_case(catalogue.get("not_held"), issued=True)
    reopening = Reopening(
        reopened_on=date(2026, 6, 23),
        decision_received_on=date(2026, 6, 22),
        basis="示例市人民政府行政复议决定（2026-06-20）",
        remedy="行政复议（2026-05-06）",
        organ="示例市人民政府",
        decision_number="示府复决〔2026〕3号",
        decided_on=date(2026, 6, 20),
    )
    first, number = case.decisions.reply, case.reply_number
    case.decisions = replace(
        case.decisions.reopened(reopening, case.outcome, number), reply=first
    ).with_reply(issued_on=date(2026, 7, 1), concluded_on=date(2026, 7, 1))
    case.reply_number = "示发改信复〔2026〕9号"
    return case


def subject_for(case: Case, kind: DocumentKind, *, final: bool = True) -> LetterSubject:
    """The first letter of ``kind`` of ``case``, dated and numbered as the actions do."""
    number = None
    if kind.is_decision:
        number = case.reply_number
    elif kind in NUMBER_MARKERS:
        number = document_number("示发改", kind, 2026, 1)
    number = number if final else None
    return LetterSubject(kind, 1, final, number, letter_date(case, kind, 1, final=final))


def decision_subject(case: Case, *, final: bool) -> LetterSubject:
    assert case.decisions.draft is not None
    return subject_for(case, decision_kind(case.decisions.draft.outcome), final=final)
