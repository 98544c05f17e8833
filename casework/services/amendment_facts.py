"""Correcting a registration (更正登记, issue 17): which facts may be corrected and what changed.

A typo in the applicant's name, a wrong contact, a receipt date entered wrongly: the clerk
corrects the registration with a reason instead of withdrawing the case (a withdrawal is an
application concluded, counted in the annual report).  The corrected facts are validated by
the same rules as a new application (Reg. arts. 29, 31; identity numbers by GB 11643 and
GB 32100).  Pure (no storage): the case and the corrected input in, the differences out;
``casework.services.amendment`` is the action. It lives among the services because it joins
two domain packages that stay independent of each other (the application rules, the record).
"""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from typing import Any

from casework.domain.application.masking import mask_identity
from casework.domain.application.validation import Application, ApplicationInput
from casework.domain.case.records import Case
from casework.errors import ValidationError

# The registration facts (Reg. art. 29 para. 2 and the art. 31 channel facts).  The agency
# and the case number are not among them: a case registered under the wrong agency is voided.
AMENDABLE = tuple(f.name for f in fields(ApplicationInput) if f.name != "agency")


def registered_input(case: Case) -> ApplicationInput:
    """The case's registration facts as the input they would be typed as."""
    applicant = case.applicant
    return ApplicationInput(
        applicant=applicant.name,
        applicant_type=applicant.applicant_type,
        id_type=applicant.id_type,
        id_number=applicant.id_number,
        contact=applicant.contact,
        address=applicant.address,
        channel=case.channel,
        arrived_on=case.arrived_on,
        received_on=case.received_on,
        description=case.description,
        form=case.form,
        delivery=case.delivery,
        assistance=case.assistance,
    )


def corrected_input(case: Case, changes: dict[str, Any]) -> ApplicationInput:
    """The registration with ``changes`` (field name -> typed value) applied."""
    unknown = sorted(set(changes) - set(AMENDABLE))
    if unknown:
        raise ValidationError(f"「{unknown[0]}」不是可更正的登记内容", field="更正内容")
    return replace(registered_input(case), **changes)


def _printable(name: str, value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(getattr(value, "value", value))
    # The journal shows identity numbers masked (个人信息保护法 art. 51): the applicant
    # record keeps the number in full.
    return mask_identity(text) if name == "id_number" else text


def differences(case: Case, application: Application) -> dict[str, dict[str, str | None]]:
    """Each corrected fact with its value before and after (identity numbers masked)."""
    before = registered_input(case)
    found = {}
    for name in AMENDABLE:
        old = getattr(before, name)
        new = getattr(application, name)
        old_text, new_text = _printable(name, old), _printable(name, new)
        # Masked, two numbers may print alike: identity numbers compare in full.
        moved = (old or None) != (new or None) if name == "id_number" else old_text != new_text
        if moved:
            found[name] = {"before": old_text, "after": new_text}
    return found


def receipt_move_problem(case: Case, received_on: date, first_action_on: date | None) -> str | None:
    """Why the receipt date cannot move to ``received_on``, or None.

    The case number belongs to the year of receipt (the year the annual report counts the
    application as new in), and the receipt cannot follow the registration or any action
    already taken on the application (Reg. art. 31: the receipt starts every clock)."""
    registered_on = case.created_at.date()
    if received_on.year != case.year:
        return (
            f"不能改到另一年度：案件编号 {case.number} 属于 {case.year} 年；"
            "确属登记错误的，请作废（casework void）后重新登记"
        )
    if received_on > registered_on:
        return f"不能晚于登记之日（{registered_on.isoformat()}）"
    if first_action_on is not None and received_on > first_action_on:
        return f"不能晚于本案第一项办理的日期（{first_action_on.isoformat()}）"
    return None
