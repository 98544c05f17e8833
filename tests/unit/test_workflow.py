"""The case workflow: the shipped transition table, its guards and the refusals clerks read.

The expected table below is written out by hand from the rulebook (domain.md §1, §2.3) so that
a change to ``workflows/disclosure.yaml`` that drops or redirects an action fails here.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from casework.adapters.workflow_file import default_workflow_path, load_workflow
from casework.domain.case.records import Applicant, Case
from casework.domain.workflow.definition import WorkflowDefinition
from casework.domain.workflow.guards import PREDICATES, GuardFacts
from casework.domain.workflow.machine import Workflow
from casework.errors import ActionNotAllowedError, ConfigurationError

SHANGHAI = ZoneInfo("Asia/Shanghai")
WORKFLOW = load_workflow(default_workflow_path())
OPEN = ["registered", "correcting", "consulting", "awaiting_fee", "reviewing", "approved"]
CLOCK = ["registered", "consulting", "awaiting_fee", "reviewing", "approved"]
# Reg. art. 35: reasons are asked for while the case is still being handled, before a draft.
HANDLING = ["registered", "consulting", "awaiting_fee"]
# Issue 17: a registration entered by mistake is voided before a reply is signed off.
# An unconfirmed online submission that is spam is voided too (Reg. art. 31 item 3: never
# received, so counted in no report).
VOIDABLE = ["submitted", "registered", "correcting", "consulting", "awaiting_fee", "reviewing"]

# (action, source, guard changes, destination)
EXPECTED: list[tuple[str, str, dict[str, Any], str]] = [
    ("request-correction", "registered", {}, "correcting"),
    ("receive-correction", "correcting", {}, "registered"),
    ("lapse-correction", "correcting", {}, "reviewing"),
    ("consult", "registered", {}, "consulting"),
    ("consult", "consulting", {}, "consulting"),
    ("record-opinion", "consulting", {}, "registered"),
    ("record-opinion", "consulting", {"open_consultations": 1}, "consulting"),
    ("close-consultation", "consulting", {}, "registered"),
    ("close-consultation", "consulting", {"open_consultations": 2}, "consulting"),
    ("notify-fee", "registered", {}, "awaiting_fee"),
    ("record-payment", "awaiting_fee", {}, "registered"),
    ("lapse-fee", "awaiting_fee", {}, "reviewing"),
    *[("extend", state, {}, state) for state in CLOCK],
    *[("approve-extension", state, {"extension_requested": True}, state) for state in CLOCK],
    *[("refuse-extension", state, {"extension_requested": True}, state) for state in CLOCK],
    *[("request-reasons", state, {}, state) for state in HANDLING],
    *[("defer", state, {}, state) for state in CLOCK],
    ("draft", "registered", {}, "reviewing"),
    ("return", "reviewing", {}, "registered"),
    ("approve", "reviewing", {}, "approved"),
    ("issue", "approved", {}, "replied"),
    ("deliver", "replied", {}, "delivered"),
    ("archive", "delivered", {}, "archived"),
    ("archive", "withdrawn", {}, "archived"),
    *[("withdraw", state, {}, "withdrawn") for state in OPEN],
    *[("void", state, {}, "voided") for state in VOIDABLE],
    *[("reopen", state, {}, "registered") for state in ["replied", "delivered", "archived"]],
    ("record-notice-receipt", "correcting", {}, "correcting"),
    ("record-notice-receipt", "awaiting_fee", {}, "awaiting_fee"),
    # Domain.md §2.4: the applicant's signature, learnt after the delivery.
    ("record-signed-for", "delivered", {}, "delivered"),
    # Reg. art. 31 item 3: an online application is received the day the office confirms it.
    ("confirm", "submitted", {}, "registered"),
]
SOURCES: dict[str, set[str]] = {}
for _action, _source, _changes, _dest in EXPECTED:
    SOURCES.setdefault(_action, set()).add(_source)


def make_case(state: str = "registered") -> Case:
    moment = datetime(2026, 3, 2, 9, 30, tzinfo=SHANGHAI)
    return Case(
        agency="demo",
        number="示政信申〔2026〕1号",
        year=2026,
        seq=1,
        query_code="ABCD1234",
        state=state,
        workflow="disclosure",
        workflow_version="1",
        applicant=Applicant(name="张三", applicant_type="natural"),
        channel="in-person",
        received_on=date(2026, 3, 2),
        description="2025年度某项目的环评批复",
        handler="王五",
        created_at=moment,
        updated_at=moment,
    )


def facts(**changes: Any) -> GuardFacts:
    """Facts under which every guard of the shipped table holds (no consultation open)."""
    base = GuardFacts(
        today=date(2026, 3, 10),
        actor="李四",
        drafter="王五",
        correction_rounds_used=0,
        correction_rounds_allowed=1,
        open_consultations=0,
        reply_clock_expired=False,
        fee_notified=False,
    )
    return dataclasses.replace(base, **changes)


def test_the_shipped_table_has_exactly_the_transitions_of_the_rulebook() -> None:
    shipped = {
        (item.trigger, source, item.target(source))
        for item in WORKFLOW.definition.transitions
        for source in item.source
    }
    assert shipped == {(action, source, dest) for action, source, _, dest in EXPECTED}


@pytest.mark.parametrize(("action", "source", "changes", "dest"), EXPECTED)
def test_each_action_moves_a_case_from_its_source_to_its_destination(
    action: str, source: str, changes: dict[str, Any], dest: str
) -> None:
    case = make_case(source)
    assert action in WORKFLOW.allowed_actions(case, facts(**changes))
    assert WORKFLOW.fire(case, action, facts(**changes)) == (source, dest)
    assert case.state == dest


@pytest.mark.parametrize(
    ("action", "state"),
    [
        (action, state)
        for action in WORKFLOW.actions
        for state in WORKFLOW.states
        if state not in SOURCES[action]
    ],
)
def test_each_action_is_refused_from_other_states_naming_the_state_and_the_possible_actions(
    action: str, state: str
) -> None:
    case = make_case(state)
    possible = "、".join(WORKFLOW.action_label(a) for a in WORKFLOW.allowed_actions(case, facts()))
    with pytest.raises(ActionNotAllowedError) as refused:
        WORKFLOW.fire(case, action, facts())
    message = str(refused.value)
    assert message.startswith(
        f"案件当前状态为「{WORKFLOW.state_label(state)}」，不能执行「{WORKFLOW.action_label(action)}」；"
    )
    # A voided case (issue 17) has no action left: the message says so instead of a list.
    assert message.endswith(f"当前可执行：{possible}" if possible else "当前没有可执行的操作")
    assert case.state == state


def test_the_refusal_lists_what_a_case_awaiting_correction_can_do() -> None:
    with pytest.raises(ActionNotAllowedError) as refused:
        WORKFLOW.fire(make_case("correcting"), "issue", facts())
    assert str(refused.value) == (
        "案件当前状态为「待补正」，不能执行「签发答复」；当前可执行：收到补正、逾期未补正、撤回、作废登记、记录通知送达"
    )


@pytest.mark.parametrize(
    ("action", "state", "changes", "reason"),
    [
        ("request-correction", "registered", {"correction_rounds_used": 1}, "条例第三十条"),
        ("approve", "reviewing", {"actor": "王五"}, "审签人不能是拟稿人"),
        ("extend", "registered", {"reply_clock_expired": True}, "条例第三十三条第二款"),
        ("extend", "approved", {"reply_clock_expired": True}, "期限届满前决定"),
        ("approve-extension", "registered", {}, "没有待批准的延期申请"),
        ("refuse-extension", "approved", {}, "没有待批准的延期申请"),
        ("notify-fee", "registered", {"fee_notified": True}, "只能收费一次"),
    ],
)
def test_a_failed_condition_is_named_and_leaves_the_state_unchanged(
    action: str, state: str, changes: dict[str, Any], reason: str
) -> None:
    case = make_case(state)
    with pytest.raises(ActionNotAllowedError) as refused:
        WORKFLOW.fire(case, action, facts(**changes))
    message = str(refused.value)
    assert f"不能执行「{WORKFLOW.action_label(action)}」：" in message
    assert reason in message
    assert action not in WORKFLOW.allowed_actions(case, facts(**changes))
    assert case.state == state


def test_a_second_correction_round_may_be_allowed_by_configuration() -> None:
    guard = facts(correction_rounds_used=1, correction_rounds_allowed=2)
    assert WORKFLOW.fire(make_case(), "request-correction", guard) == ("registered", "correcting")


@pytest.mark.parametrize("action", ["record-opinion", "close-consultation"])
@pytest.mark.parametrize(("open_letters", "dest"), [(0, "registered"), (1, "consulting")])
def test_consultation_ends_only_when_no_letter_is_still_open(
    action: str, open_letters: int, dest: str
) -> None:
    case = make_case("consulting")
    WORKFLOW.fire(case, action, facts(open_consultations=open_letters))
    assert case.state == dest


def test_an_unknown_action_is_refused_with_the_possible_actions() -> None:
    case = make_case("approved")
    with pytest.raises(ActionNotAllowedError) as refused:
        WORKFLOW.fire(case, "publish", facts())
    assert str(refused.value) == (
        "未知的操作「publish」；案件当前状态为「已审签」，"
        "当前可执行：延期答复、延迟答复（另定期限）、签发答复、撤回"
    )
    assert case.state == "approved"


def test_a_case_in_a_state_outside_the_workflow_is_refused() -> None:
    case = make_case("lost")
    with pytest.raises(ActionNotAllowedError, match="「lost」不属于流程「disclosure」第 6 版"):
        WORKFLOW.fire(case, "draft", facts())
    assert WORKFLOW.allowed_actions(case, facts()) == []


def test_allowed_actions_follow_the_definition_order() -> None:
    assert WORKFLOW.allowed_actions(make_case(), facts()) == [
        "request-correction",
        "consult",
        "notify-fee",
        "extend",
        "request-reasons",
        "defer",
        "draft",
        "withdraw",
        "void",
    ]
    assert WORKFLOW.allowed_actions(make_case("archived"), facts()) == ["reopen"]
    assert WORKFLOW.allowed_actions(make_case("voided"), facts()) == []
    assert WORKFLOW.allowed_actions(make_case("withdrawn"), facts()) == ["archive"]


GUARD_CASES = [
    ("correction_round_available", {}, True),
    ("correction_round_available", {"correction_rounds_used": 1}, False),
    ("no_open_consultation", {}, True),
    ("no_open_consultation", {"open_consultations": 1}, False),
    ("consultation_open", {"open_consultations": 3}, True),
    ("consultation_open", {}, False),
    ("reply_clock_not_expired", {}, True),
    ("reply_clock_not_expired", {"reply_clock_expired": True}, False),
    ("extension_requested", {}, False),
    ("extension_requested", {"extension_requested": True}, True),
    ("fee_not_yet_notified", {}, True),
    ("fee_not_yet_notified", {"fee_notified": True}, False),
    ("approver_is_not_drafter", {}, True),
    ("approver_is_not_drafter", {"drafter": None}, True),
    ("approver_is_not_drafter", {"actor": "王五"}, False),
]


@pytest.mark.parametrize(("name", "changes", "expected"), GUARD_CASES)
def test_each_predicate_is_a_pure_function_of_the_case_and_the_facts(
    name: str, changes: dict[str, Any], expected: bool
) -> None:
    assert PREDICATES[name](make_case(), facts(**changes)) is expected


def test_the_predicate_set_is_fixed_and_documented() -> None:
    assert set(PREDICATES) == {name for name, _, _ in GUARD_CASES}
    assert all(predicate.__doc__ for predicate in PREDICATES.values())


def test_labels_and_groups_come_from_the_definition() -> None:
    assert (WORKFLOW.name, WORKFLOW.version, WORKFLOW.initial) == ("disclosure", "6", "registered")
    assert WORKFLOW.open_states == frozenset(OPEN)
    assert WORKFLOW.states[-1] == "withdrawn"
    assert WORKFLOW.state_label("awaiting_fee") == "待缴费"
    # The plain words of the public status page (issue 19), from the same definition.
    assert WORKFLOW.public_state_label("awaiting_fee") == "待您缴纳信息处理费"
    assert WORKFLOW.public_state_label("submitted") == "已提交，待工作人员确认收到"
    assert WORKFLOW.public_state_label("voided") == "已作废（登记有误）"
    assert WORKFLOW.action_label("reopen") == "重新答复"
    assert WORKFLOW.actions == list(dict.fromkeys(action for action, *_ in EXPECTED))


def test_one_machine_serves_a_thousand_cases_without_keeping_them() -> None:
    machine = WORKFLOW.machine
    cases = [make_case() for _ in range(1000)]
    for case in cases:
        WORKFLOW.fire(case, "draft", facts())
        WORKFLOW.fire(case, "approve", facts())
    assert WORKFLOW.machine is machine
    assert machine.models == []
    assert {case.state for case in cases} == {"approved"}


def test_the_mermaid_diagram_shows_every_state_and_edge_deterministically() -> None:
    text = WORKFLOW.mermaid()
    assert text.startswith("stateDiagram-v2\n")
    for state in WORKFLOW.states:
        assert f'state "{WORKFLOW.state_label(state)}" as {state}' in text
    assert "registered --> correcting : 补正告知 [correction_round_available]" in text
    assert "approved --> approved : 延期答复 [reply_clock_not_expired]" in text
    assert "archived --> [*]" in text
    edges = [line for line in text.splitlines() if " : " in line]
    assert len(edges) == len(EXPECTED)
    assert Workflow(WORKFLOW.definition).mermaid() == text


# --- the definition file is checked on load -----------------------------------------------


def minimal(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "mini",
        "version": "1",
        "initial": "registered",
        "states": [
            {"name": "registered", "label": "已登记", "open": True},
            {"name": "replied", "label": "已答复", "open": False, "final": True},
        ],
        "transitions": [
            {"trigger": "issue", "source": "registered", "dest": "replied", "label": "签发答复"},
            {"trigger": "note", "source": "registered", "dest": None, "label": "备注"},
            {"trigger": "reopen", "source": ["replied"], "dest": "registered", "label": "重新答复"},
            {"trigger": "extend", "source": "registered", "dest": "replyed", "label": "延期答复"},
        ],
    }
    data.update(changes)
    return data


def refusal(data: dict[str, Any]) -> ConfigurationError:
    with pytest.raises(ConfigurationError) as refused:
        WorkflowDefinition.from_data(data, "workflows/disclosure.yaml")
    return refused.value


def test_an_unknown_destination_is_refused_naming_file_and_key() -> None:
    error = refusal(minimal())
    assert str(error) == "workflows/disclosure.yaml transitions[3].dest：未知状态「replyed」"
    assert error.field == "workflows/disclosure.yaml transitions[3].dest"


def valid(**changes: Any) -> dict[str, Any]:
    data = minimal(**changes)
    data["transitions"] = [*minimal()["transitions"][:3], *changes.get("transitions", [])]
    return data


def with_transition(**item: Any) -> dict[str, Any]:
    entry = {"trigger": "extend", "source": "registered", "dest": "=", "label": "延期答复"}
    return valid(transitions=[{**entry, **item}])


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            with_transition(source=["registered", "lost"]),
            "transitions[3].source：未知状态「lost」",
        ),
        (
            with_transition(conditions="clock_ok"),
            "transitions[3].conditions：未知条件「clock_ok」；可用的条件：correction_round_available、",
        ),
        (with_transition(unless="x"), "transitions[3].unless：不认识的键"),
        (valid(initial="draft"), "initial：未知状态「draft」"),
        (valid(owner="办公室"), "owner：不认识的键"),
        (valid(version=1), "version：应为文字"),
        (
            with_transition(trigger="issue", dest="replied", label="签发答复"),
            "transitions[3]：动作「issue」在状态「registered」已有无条件转换（transitions[0]）",
        ),
        (with_transition(trigger="Extend"), "transitions[3].trigger：名称「Extend」只能由小写"),
        (with_transition(trigger="state"), "transitions[3].trigger：动作名不能是「state」"),
        (with_transition(label=""), "transitions[3].label：不能为空"),
    ],
)
def test_a_faulty_definition_is_refused_naming_file_and_key(
    data: dict[str, Any], expected: str
) -> None:
    assert str(refusal(data)).startswith(f"workflows/disclosure.yaml {expected}")


def test_an_inconsistent_action_label_is_refused() -> None:
    data = valid(
        transitions=[
            {"trigger": "issue", "source": "replied", "dest": "=", "label": "再次签发"},
        ]
    )
    assert str(refusal(data)) == (
        "workflows/disclosure.yaml transitions[3].label："
        "动作「issue」的标签应与 transitions[0] 一致（「签发答复」）"
    )


def test_structural_problems_are_listed_one_per_line() -> None:
    data = valid(states=[{"name": "registered", "open": "yes"}])
    error = refusal(data)
    assert str(error).splitlines() == [
        "workflows/disclosure.yaml states[0].label：缺少必填项",
        "workflows/disclosure.yaml states[0].open：应为 true 或 false",
    ]
    assert error.field == "workflows/disclosure.yaml states[0].label"


def test_a_state_listed_twice_and_a_missing_key_are_refused() -> None:
    states = minimal()["states"]
    assert "states[2].name：状态「replied」重复" in str(refusal(valid(states=[*states, states[1]])))
    without_dest = valid(transitions=[{"trigger": "x", "source": "replied", "label": "某"}])
    assert str(refusal(without_dest)).endswith("transitions[3].dest：缺少必填项")


def test_an_internal_transition_and_a_conditional_fallback_are_accepted() -> None:
    data = valid(
        transitions=[
            {
                "trigger": "issue",
                "source": "replied",
                "dest": "replied",
                "conditions": ["fee_not_yet_notified"],
                "label": "签发答复",
            }
        ]
    )
    workflow = Workflow(WorkflowDefinition.from_data(data, "mini.yaml"))
    case = make_case()
    assert workflow.fire(case, "note", facts()) == ("registered", "registered")
    assert "registered --> registered : 备注" in workflow.mermaid()
    assert workflow.allowed_actions(make_case("replied"), facts(fee_notified=True)) == ["reopen"]


def test_a_source_list_of_wrong_values_is_reported_once_per_value() -> None:
    error = refusal(with_transition(source=[3]))
    assert (
        str(error)
        == 'workflows/disclosure.yaml transitions[3].source[0]：应为文字；数字请加引号（如 version: "1"）'
    )
