"""Attaching files to a case (附件, Reg. art. 45: a complete case file).

``attach`` is its own journal event (the state does not change); an action given ``--attach``
(record-opinion, record-payment, deliver, remedy) stores its files in its own unit of work, so
the action and its files commit together or not at all.  Every file is checked first (size,
type sniffed from the content, extension; ``casework.domain.case.attachments``): a refused
file leaves nothing stored.  The bytes go to the document store by sha256; the attachments
row and the journal entry repeat the sha256.
"""

from __future__ import annotations

from casework.domain.case.attachments import Attachment
from casework.domain.case.records import Case, CaseEvent
from casework.errors import DocumentError
from casework.services.attachment_store import AttachmentRequest, store_attachments
from casework.services.context import ServiceContext
from casework.services.lookup import find_case
from casework.services.ports import UnitOfWork
from casework.services.workflow_support import check_user


def attach(
    uow: UnitOfWork,
    ctx: ServiceContext,
    reference: str,
    request: AttachmentRequest,
    agency: str | None = None,
) -> tuple[Case, CaseEvent]:
    """附件: add files to the case file as one journal event ``attach`` (state unchanged).

    An archived case accepts them too (a remedy decision arrives after 归档); its bundle stays
    as it was, and a new archive action after a reopening bundles them."""
    with uow:
        case = find_case(uow, reference, agency, ctx.default_agency)
        assert case.id is not None
        check_user(ctx, case.agency, "attach", frozenset())
        seq = uow.events.next_seq(case.id)
        entries = store_attachments(uow, ctx, case, request, seq)
        event = CaseEvent(
            case_id=case.id,
            seq=seq,
            action="attach",
            actor=ctx.actor,
            recorded_at=ctx.now,
            effective_on=ctx.today,
            state_before=case.state,
            state_after=case.state,
            data={"attachments": entries},
        )
        uow.events.append(event)
        uow.commit()
    return case, event


def case_attachments(
    uow: UnitOfWork, ctx: ServiceContext, reference: str, agency: str | None = None
) -> tuple[Case, list[Attachment]]:
    """The case and its attachments, oldest first."""
    with uow:
        case = find_case(uow, reference, agency, ctx.default_agency)
        assert case.id is not None
        return case, uow.attachments.for_case(case.id)


def copy_name(index: int, attachment: Attachment) -> str:
    """The file name of an attachment's copy: ``附件01-<its name>`` (two files of one name
    stay apart)."""
    return f"附件{index:02d}-{attachment.name}"


def attachment_copies(
    uow: UnitOfWork, ctx: ServiceContext, reference: str, agency: str | None = None
) -> list[tuple[Attachment, str, bytes]]:
    """Every attachment of the case with its copy's file name and its bytes from the store."""
    with uow:
        case = find_case(uow, reference, agency, ctx.default_agency)
        assert case.id is not None
        copies = []
        for index, attachment in enumerate(uow.attachments.for_case(case.id), start=1):
            data = uow.store.get(attachment.sha256)
            if data is None:
                raise DocumentError("文书库中没有该附件的内容", field=attachment.name)
            copies.append((attachment, copy_name(index, attachment), data))
    return copies
