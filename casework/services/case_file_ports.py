"""Storage ports of the complete case file (issue 17): attachments and archive bundles.

Their bytes go through the ``DocumentStore`` port (``casework.services.ports``); these list
the rows that name them.  ``casework.adapters.case_file`` implements both on SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from casework.domain.case.archive import BundleRecord
    from casework.domain.case.attachments import Attachment


class AttachmentRepository(Protocol):
    def add(self, attachment: Attachment) -> int:
        """Store an attachment's row (its bytes are already in the store); its id."""
        ...

    def for_case(self, case_id: int) -> list[Attachment]:
        """The case's attachments in the order they were added."""
        ...


class ArchiveBundleRepository(Protocol):
    def add(self, bundle: BundleRecord) -> int:
        """Record a bundle (its manifest is already in the store); its id."""
        ...

    def for_case(self, case_id: int) -> list[BundleRecord]:
        """The case's bundles, oldest first (a reopened case archived again has two)."""
        ...

    def every(self, agency: str | None) -> list[BundleRecord]:
        """Every bundle (of ``agency`` when given), by case and age (``verify --all``)."""
        ...
