"""What every use case is given: who acts, the moment, the configuration and the calendar.

Services read no clock and no settings file themselves: the entrypoint builds a
``ServiceContext`` (``casework.bootstrap``) and tests build their own.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from casework.domain.clock.model import ClockRules
from casework.errors import ConfigurationError, ValidationError

if TYPE_CHECKING:
    from casework.domain.agency import AgencyProfile, UserProfile
    from casework.domain.calendar.working import CalendarYear
    from casework.domain.workflow.catalogue import OutcomeCatalogue
    from casework.domain.workflow.machine import Workflow
    from casework.services.ports import LetterRenderer

# Query codes avoid look-alike characters (0/O, 1/I/L) so they survive being read aloud.
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUERY_CODE_LENGTH = 8


def random_query_code() -> str:
    """A short public query code (查询码) that does not reveal the case number."""
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


@dataclass(frozen=True)
class ServiceContext:
    """The acting user, the current moment and the configuration a use case needs."""

    actor: str
    now: datetime
    agencies: Mapping[str, AgencyProfile]
    default_agency: str
    case_number_format: str = "{year}-{seq:04d}"
    workflow: str = "disclosure"
    workflow_version: str = "1"
    new_query_code: Callable[[], str] = field(default=random_query_code)
    # National years that ship with the software (chinesecalendar); loaded years come from
    # the database.  The rules the law leaves open, from config.toml [clock].
    builtin_calendar: tuple[CalendarYear, ...] = ()
    clock_rules: ClockRules = field(default_factory=ClockRules)
    users: Mapping[str, UserProfile] = field(default_factory=dict)
    correction_rounds: int = 1
    machine: Workflow | None = None
    outcomes: OutcomeCatalogue | None = None
    # Letters (issue #5): rendered on every action that sends one.  None only where a test of
    # the workflow has nothing to do with letters; the application always wires it.
    letters: LetterRenderer | None = None
    # How the actor is known (issue 15): "database", "os", "declared", or "system" for the
    # alert sweep's own steps.  Every journal entry records it.
    identity: str = "declared"
    # The case version the caller last saw (HTTP ``If-Match``, issue 19): an action on a case
    # that has changed since is refused as a conflict.  None: the caller saw nothing (the CLI).
    expected_version: int | None = None

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("ServiceContext.now must be timezone-aware")

    @property
    def today(self) -> date:
        return self.now.date()

    def agency(self, code: str | None) -> tuple[str, AgencyProfile]:
        chosen = code or self.default_agency
        profile = self.agencies.get(chosen)
        if profile is None:
            known = "、".join(sorted(self.agencies))
            raise ValidationError(
                f"机关代码「{chosen}」未配置；已配置的机关：{known}", field="--agency（机关）"
            )
        return chosen, profile

    @property
    def flow(self) -> Workflow:
        if self.machine is None:
            raise ConfigurationError(
                "未加载流程定义（workflows/disclosure.yaml）", field="workflow"
            )
        return self.machine

    @property
    def catalogue(self) -> OutcomeCatalogue:
        if self.outcomes is None:
            raise ConfigurationError(
                "未加载办理结果目录（workflows/outcomes.yaml）", field="outcomes"
            )
        return self.outcomes

    def case_number(self, agency: str, year: int, seq: int) -> str:
        return self.case_number_format.format(agency=agency, year=year, seq=seq)
