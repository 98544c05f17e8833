"""The workflow definition as data: the validated states and transitions of one file.

``workflows/disclosure.yaml`` lists the states and the actions between them in the shape the
``transitions`` library takes; ``WorkflowDefinition.from_data`` validates it with pydantic and
names the file and key at fault in Chinese: unknown states, conditions outside ``PREDICATES``,
inconsistent labels and branches that can never fire are refused on load.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError
from transitions import Machine

from casework.domain.workflow.guards import PREDICATES
from casework.errors import ConfigurationError

_STATE_NAME = r"^[a-z][a-z0-9_]*$"
_ACTION_NAME = r"^[a-z][a-z0-9-]*$"


def _listify(value: Any) -> Any:
    """``source: registered`` means ``source: [registered]``, as in transitions."""
    return [value] if isinstance(value, str) else value


Names = Annotated[tuple[str, ...], BeforeValidator(_listify)]


class StateSpec(BaseModel):
    """One state: its identifier, its Chinese label, whether the case is still open, and the
    plain words an applicant reads on the public status page (``public``; default: the label)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=_STATE_NAME)
    label: str = Field(min_length=1)
    open: bool = Field(strict=True)
    final: bool = Field(default=False, strict=True)
    public: str | None = Field(default=None, min_length=1)


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
