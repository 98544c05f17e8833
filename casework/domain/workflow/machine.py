"""The one machine that moves every case through a validated workflow definition.

``Workflow`` builds ONE ``transitions`` machine shared by every case — a machine per case costs
0.3–0.5 ms and 41 KiB, and ``add_model`` leaks (engineering notes, "transitions") — fires
actions on plain case objects with the ``GuardFacts`` of the action, lists the actions allowed
now, and explains a refused action in words a clerk can act on (``CONDITION_REFUSALS``).
"""

from __future__ import annotations

from typing import Any

from transitions import Machine, MachineError

from casework.domain.case.records import Case
from casework.domain.workflow.definition import TransitionSpec, WorkflowDefinition
from casework.domain.workflow.guards import CONDITION_REFUSALS, PREDICATES, GuardFacts
from casework.errors import ActionNotAllowedError


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
        self._public_labels = {s.name: s.public or s.label for s in definition.states}
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

    def public_state_label(self, state: str) -> str:
        """The state in the plain words of the public status page (``public`` in the file)."""
        return self._public_labels.get(state, state)

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
