"""The outcome catalogue as loaded: its outcomes in file order, looked up by code.

The adapter parses ``workflows/outcomes.yaml``; ``OutcomeCatalogue.from_data`` checks the
parsed data (``catalogue_checks``) and refuses, in Chinese and naming the file and key, anything
that would put a wrong article, row or fact into a letter or a report.  Letters find an outcome
by its code or by the ground of a partial disclosure (Reg. art. 37); the annual report (AR
table 三) finds the outcomes counted in each row.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from casework.domain.workflow.catalogue_checks import check_catalogue
from casework.domain.workflow.outcomes import GROUND_FIELD, OUTCOME_FIELD, Outcome
from casework.errors import ValidationError


class OutcomeCatalogue(BaseModel):
    """The checked catalogue: outcomes in file order, and where it was read from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    outcomes: tuple[Outcome, ...]

    @classmethod
    def from_data(cls, data: object, source: str) -> OutcomeCatalogue:
        """The catalogue parsed data describes; ``ConfigurationError`` naming file and key."""
        return cls(source=source, outcomes=check_catalogue(data, source))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(outcome.code for outcome in self.outcomes)

    def get(self, code: str) -> Outcome:
        """The outcome ``code``; ``ValidationError`` listing the choices if unknown."""
        for outcome in self.outcomes:
            if outcome.code == code:
                return outcome
        # Issue 21: a person reads this list, so each code stands beside its Chinese label.
        choices = "、".join(f"{o.code}（{o.label}）" for o in self.outcomes)
        raise ValidationError(f"未知的办理结果「{code}」；可选：{choices}", field=OUTCOME_FIELD)

    def ground(self, code: str) -> Outcome:
        """The outcome named by ``--ground`` for a partial disclosure, checked."""
        try:
            outcome = self.get(code)
        except ValidationError as error:
            raise ValidationError(error.rule, field=GROUND_FIELD) from error
        if not outcome.can_be_ground:
            grounds = "、".join(f"{o.code}（{o.label}）" for o in self.outcomes if o.can_be_ground)
            raise ValidationError(
                f"「{outcome.label}」不能作为不予公开部分的依据；可选：{grounds}",
                field=GROUND_FIELD,
            )
        return outcome

    def codes_for_row(self, row: str) -> tuple[str, ...]:
        """The outcome codes counted in annual-report row ``row`` (e.g. ``"3.4.1"``)."""
        return tuple(outcome.code for outcome in self.outcomes if outcome.report_row == row)
