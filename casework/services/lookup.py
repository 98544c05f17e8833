"""Finding the one case a clerk means, by case number or public query code."""

from __future__ import annotations

from casework.domain.case.records import Case
from casework.errors import NotFoundError, ValidationError
from casework.services.read_ports import ReadUnitOfWork


def find_case(
    uow: ReadUnitOfWork,
    reference: str,
    agency: str | None = None,
    default_agency: str | None = None,
) -> Case:
    """The one case that ``reference`` (case number or query code) names.

    Case numbers run per agency, so a bare number may exist under several agencies: without
    ``--agency`` the default agency's case is meant (the clerk's own desk); only when the
    default agency has none, and several others have one, is the number ambiguous."""
    reference = reference.strip()
    matches = uow.cases.find(reference, agency)
    if len(matches) > 1 and agency is None and default_agency is not None:
        own = [case for case in matches if case.agency == default_agency]
        matches = own or matches
    if not matches:
        where = f"（机关 {agency}）" if agency else ""
        raise NotFoundError(f"未找到案件「{reference}」{where}", field="CASE（案件编号）")
    if len(matches) > 1:
        agencies = "、".join(sorted({case.agency for case in matches}))
        raise ValidationError(
            f"编号「{reference}」在多个机关下都存在（{agencies}），请用 --agency 指明机关",
            field="CASE（案件编号）",
        )
    return matches[0]
