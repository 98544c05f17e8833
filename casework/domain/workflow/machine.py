"""The case workflow as data: its validated definition, the guard predicates and one machine.

``workflows/disclosure.yaml`` lists the states and the actions between them in the shape the
``transitions`` library takes; ``WorkflowDefinition.from_data`` validates it with pydantic and
names the file and key at fault in Chinese.  Conditions come from the fixed set ``PREDICATES``:
pure functions of the case and of the ``GuardFacts`` the services compute (today's date, the
actor, counts).  ``Workflow`` builds ONE machine shared by every case — a machine per case costs
0.3–0.5 ms and 41 KiB, and ``add_model`` leaks (engineering notes, "transitions") — fires
actions on plain case objects and explains a refused action in words a clerk can act on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Annotated, Any, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError
from transitions import Machine, MachineError

from casework.domain.case.records import Case
from casework.errors import ActionNotAllowedError, ConfigurationError


@dataclass(frozen=True, slots=True)
class GuardFacts:
    """What a guard needs to know beyond the case; the services compute it for each action.

    today: the effective date of the action.  actor: who acts.  drafter: who drafted the reply
    under review (None when a system step produced it).  correction_rounds_used / _allowed:
    correction notices sent and the configured limit.  open_consultations: consultation letters
    neither answered nor lapsed.  reply_clock_expired: the reply due date has passed on
    ``today``.  fee_notified: a fee notice already went out for this application.
    """

    today: date
    actor: str
    drafter: str | None
    correction_rounds_used: int
    correction_rounds_allowed: int
    open_consultations: int
    reply_clock_expired: bool
    fee_notified: bool


def correction_round_available(case: Case, guard: GuardFacts) -> bool:
    """A correction notice may still go out: fewer rounds used than allowed."""
    # Reg. art. 30: one notice listing every item (one round by default, configurable).
    return guard.correction_rounds_used < guard.correction_rounds_allowed


def no_open_consultation(case: Case, guard: GuardFacts) -> bool:
    """Every consultation letter has been answered or its window has lapsed."""
    # Reg. art. 33 para. 3: the clock stays stopped until the last consultation ends.
    return guard.open_consultations == 0


def consultation_open(case: Case, guard: GuardFacts) -> bool:
    """At least one consultation letter is still waiting for its answer."""
    # Reg. art. 33 para. 3 (arts. 32, 34: 15 working days for each consulted party).
    return guard.open_consultations > 0


def reply_clock_not_expired(case: Case, guard: GuardFacts) -> bool:
    """The reply period has not run out yet, so an extension can still be decided."""
    # Reg. art. 33 para. 2: the extension is approved before the current due date.
    return not guard.reply_clock_expired


def fee_not_yet_notified(case: Case, guard: GuardFacts) -> bool:
    """No fee notice has gone out for this application."""
    # Fee art. 3: one charge per application, by one method only.
    return not guard.fee_notified


def approver_is_not_drafter(case: Case, guard: GuardFacts) -> bool:
    """The person signing off is not the person who drafted the reply."""
    # Seed 002: 审核、审签 are separate steps by separate people.
    return guard.actor != guard.drafter


PREDICATES: Mapping[str, Callable[[Case, GuardFacts], bool]] = MappingProxyType(
    {
        "correction_round_available": correction_round_available,
        "no_open_consultation": no_open_consultation,
        "consultation_open": consultation_open,
        "reply_clock_not_expired": reply_clock_not_expired,
        "fee_not_yet_notified": fee_not_yet_notified,
        "approver_is_not_drafter": approver_is_not_drafter,
    }
)

# Why an action is refused when its condition fails, in the clerk's words.
CONDITION_REFUSALS: Mapping[str, str] = MappingProxyType(
    {
        "correction_round_available": "补正告知次数已用完（条例第三十条：一次性告知需要补正的全部内容）",
        "no_open_consultation": "仍有未答复且未期满的征求意见（条例第三十三条第三款）",
        "consultation_open": "没有进行中的征求意见",
        "reply_clock_not_expired": "答复期限已届满，延期须在期限届满前决定（条例第三十三条第二款）",
        "fee_not_yet_notified": "本申请已发出收费通知，每件申请只能收费一次（《政府信息公开信息处理费管理办法》第三条）",
        "approver_is_not_drafter": "审签人不能是拟稿人（审核、审签须由不同人员办理）",
    }
)

_STATE_NAME = r"^[a-z][a-z0-9_]*$"
_ACTION_NAME = r"^[a-z][a-z0-9-]*$"


def _listify(value: Any) -> Any:
    """``source: registered`` means ``source: [registered]``, as in transitions."""
    return [value] if isinstance(value, str) else value


Names = Annotated[tuple[str, ...], BeforeValidator(_listify)]


class StateSpec(BaseModel):
    """One state: its identifier, its Chinese label, whether the case is still open."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=_STATE_NAME)
    label: str = Field(min_length=1)
    open: bool = Field(strict=True)
    final: bool = Field(default=False, strict=True)


class TransitionSpec(BaseModel):
    """One action from some states: ``dest`` ``"="`` stays (reflexive), null is internal."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    trigger: str = Field(pattern=_ACTION_NAME)
    source: Names = Field(min_length=1)
    dest: str | None
    conditions: Names = ()
    label: str = Field(min_length=1)

    def target(self, source: str) -> str:
        """The state a case in ``source`` ends in."""
        return source if self.dest in (None, Machine.wildcard_same) else str(self.dest)


class WorkflowDefinition(BaseModel):
    """A whole workflow file; every name it references is checked on load."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    version: str = Field(min_length=1)
    initial: str
    states: tuple[StateSpec, ...] = Field(min_length=1)
    transitions: tuple[TransitionSpec, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_references(self) -> Self:
        problems = tuple(_state_problems(self)) + tuple(_transition_problems(self))
        if problems:
            raise PydanticCustomError(
                "workflow_reference", "流程定义前后不一致", {"problems": problems}
            )
        return self

    @classmethod
    def from_data(cls, data: Mapping[str, Any], source: str) -> WorkflowDefinition:
        """Validate parsed data; ``source`` (the file name) prefixes every problem."""
        try:
            return cls.model_validate(data)
        except ValidationError as error:
            raise _configuration_error(source, list(_problems(error))) from error


def _state_problems(spec: WorkflowDefinition) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for index, state in enumerate(spec.states):
        if state.name in seen:
            yield f"states[{index}].name", f"状态「{state.name}」重复"
        seen.add(state.name)
    if spec.initial not in seen:
        yield "initial", f"未知状态「{spec.initial}」"


def _transition_problems(spec: WorkflowDefinition) -> Iterator[tuple[str, str]]:
    states = {state.name for state in spec.states}
    unconditional: dict[tuple[str, str], int] = {}
    labels: dict[str, tuple[int, str]] = {}
    for index, item in enumerate(spec.transitions):
        where = f"transitions[{index}]"
        if item.trigger == "state":  # transitions reserves the model attribute's name
            yield f"{where}.trigger", "动作名不能是「state」"
        for name in item.source:
            if name not in states:
                yield f"{where}.source", f"未知状态「{name}」"
        if item.dest not in (None, Machine.wildcard_same, *states):
            yield f"{where}.dest", f"未知状态「{item.dest}」"
        for name in item.conditions:
            if name not in PREDICATES:
                known = "、".join(PREDICATES)
                yield f"{where}.conditions", f"未知条件「{name}」；可用的条件：{known}"
        first, label = labels.setdefault(item.trigger, (index, item.label))
        if label != item.label:
            yield (
                f"{where}.label",
                f"动作「{item.trigger}」的标签应与 transitions[{first}] 一致（「{label}」）",
            )
        for name in () if item.conditions else item.source:
            earlier = unconditional.setdefault((item.trigger, name), index)
            if earlier != index:
                yield (
                    where,
                    (
                        f"动作「{item.trigger}」在状态「{name}」已有无条件转换"
                        f"（transitions[{earlier}]），这一条永远不会执行"
                    ),
                )


_PYDANTIC_MESSAGES = {
    "missing": "缺少必填项",
    "extra_forbidden": "不认识的键（请检查拼写）",
    "string_type": '应为文字；数字请加引号（如 version: "1"）',
    "bool_type": "应为 true 或 false",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "model_type": "应为键值表（映射）",
    "model_attributes_type": "应为键值表（映射）",
    "dict_type": "应为键值表（映射）",
    "too_short": "不能为空",
    "string_too_short": "不能为空",
}


def _problems(error: ValidationError) -> Iterator[tuple[str, str]]:
    """pydantic's errors as (key path, Chinese rule) pairs, e.g. ``transitions[3].dest``."""
    for item in error.errors():
        if item["type"] == "workflow_reference":
            yield from item["ctx"]["problems"]
            continue
        if item["type"] == "too_short" and item["input"]:
            continue  # every element failed: pydantic adds "empty", the elements say why
        path = ""
        for part in item["loc"]:
            path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
        if item["type"] == "string_pattern_mismatch":
            allowed = "连字符「-」" if "-" in item["ctx"]["pattern"] else "下划线「_」"
            yield (
                path,
                f"名称「{item['input']}」只能由小写英文字母、数字和{allowed}组成，以字母开头",
            )
        else:
            yield path, _PYDANTIC_MESSAGES.get(item["type"], f"格式不正确（{item['msg']}）")


def _configuration_error(source: str, problems: list[tuple[str, str]]) -> ConfigurationError:
    fields = [f"{source} {path}" if path else source for path, _ in problems]
    if len(problems) == 1:
        return ConfigurationError(problems[0][1], field=fields[0])
    lines = [f"{field}：{rule}" for field, (_, rule) in zip(fields, problems, strict=True)]
    error = ConfigurationError("\n".join(lines))
    error.field = fields[0]
    return error


class _Condition:
    """A named predicate in the form transitions calls it (``send_event=True``: EventData)."""

    __slots__ = ("name", "predicate")

    def __init__(self, name: str) -> None:
        self.name = name
        self.predicate = PREDICATES[name]

    def __call__(self, event: Any) -> bool:
        return self.predicate(event.model, event.kwargs["guard"])


class Workflow:
    """One validated workflow and the single machine that moves every case through it."""

    def __init__(self, definition: WorkflowDefinition) -> None:
        self.definition = definition
        self.name = definition.name
        self.version = definition.version
        self.initial = definition.initial
        self.states = [state.name for state in definition.states]
        self.open_states = frozenset(s.name for s in definition.states if s.open)
        self._state_labels = {state.name: state.label for state in definition.states}
        self._action_labels: dict[str, str] = {}
        # state -> action -> the condition lists of its branches, in definition order
        self._options: dict[str, dict[str, list[tuple[str, ...]]]] = {s: {} for s in self.states}
        for item in definition.transitions:
            self._action_labels.setdefault(item.trigger, item.label)
            for source in item.source:
                self._options[source].setdefault(item.trigger, []).append(item.conditions)
        self.actions = list(self._action_labels)
        self.machine = Machine(
            model=None,
            states=[{"name": s.name, "final": s.final} for s in definition.states],
            transitions=[_machine_transition(item) for item in definition.transitions],
            initial=None,
            model_attribute="state",
            auto_transitions=False,
            send_event=True,
        )

    def fire(self, case: Case, action: str, guard: GuardFacts) -> tuple[str, str]:
        """Perform ``action`` on ``case``; return its state before and after."""
        before = case.state
        event = self.machine.events.get(action)
        if event is None or before not in self._state_labels:
            raise self._refusal(case, action, guard)
        try:
            done = event.trigger(case, guard=guard)
        except MachineError as error:  # no transition for this action from this state
            raise self._refusal(case, action, guard) from error
        if not done:
            raise self._refusal(case, action, guard)
        return before, case.state

    def allowed_actions(self, case: Case, guard: GuardFacts) -> list[str]:
        """The actions possible now: from this state, with their conditions holding."""
        options = self._options.get(case.state, {})
        return [
            action
            for action, branches in options.items()
            if any(_holds(conditions, case, guard) for conditions in branches)
        ]

    def state_label(self, state: str) -> str:
        return self._state_labels.get(state, state)

    def action_label(self, action: str) -> str:
        return self._action_labels.get(action, action)

    def mermaid(self) -> str:
        """The definition as a Mermaid ``stateDiagram-v2``, in definition order."""
        lines = ["stateDiagram-v2"]
        lines += [f'    state "{s.label}" as {s.name}' for s in self.definition.states]
        lines.append(f"    [*] --> {self.initial}")
        for item in self.definition.transitions:
            condition = f" [{', '.join(item.conditions)}]" if item.conditions else ""
            for source in item.source:
                lines.append(f"    {source} --> {item.target(source)} : {item.label}{condition}")
        lines += [f"    {s.name} --> [*]" for s in self.definition.states if s.final]
        return "\n".join(lines) + "\n"

    def _refusal(self, case: Case, action: str, guard: GuardFacts) -> ActionNotAllowedError:
        state = case.state
        if state not in self._state_labels:
            return ActionNotAllowedError(
                f"案件状态「{state}」不属于流程「{self.name}」第 {self.version} 版，不能执行任何操作"
            )
        allowed = "、".join(self.action_label(a) for a in self.allowed_actions(case, guard))
        now = f"当前可执行：{allowed}" if allowed else "当前没有可执行的操作"
        here = f"案件当前状态为「{self.state_label(state)}」"
        if action not in self._action_labels:
            return ActionNotAllowedError(f"未知的操作「{action}」；{here}，{now}")
        reasons: list[str] = []
        for conditions in self._options[state].get(action, []):
            failed = next((c for c in conditions if not PREDICATES[c](case, guard)), None)
            if failed is not None and CONDITION_REFUSALS[failed] not in reasons:
                reasons.append(CONDITION_REFUSALS[failed])
        why = "：" + "；".join(reasons) if reasons else ""
        return ActionNotAllowedError(f"{here}，不能执行「{self.action_label(action)}」{why}；{now}")


def _holds(conditions: tuple[str, ...], case: Case, guard: GuardFacts) -> bool:
    return all(PREDICATES[name](case, guard) for name in conditions)


def _machine_transition(item: TransitionSpec) -> dict[str, Any]:
    return {
        "trigger": item.trigger,
        "source": list(item.source),
        "dest": item.dest,
        "conditions": [_Condition(name) for name in item.conditions],
    }
