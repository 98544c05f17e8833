"""The agency profile (机关信息): who issues the letters and where applicants may seek remedies.

Several agencies may share one database (a county platform hosting its departments); every
case belongs to exactly one of them.  The profile is configuration, validated here so that the
domain can rely on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["clerk", "reviewer", "head"]
ROLE_LABELS = {"clerk": "经办人", "reviewer": "审核人", "head": "政府信息公开工作机构负责人"}


class UserProfile(BaseModel):
    """A user of the office and the roles they hold (seed 002: 审核、审签 by other hands).

    clerk: registers and handles cases.  reviewer: reviews drafts (approve, return).
    head: the head of the disclosure office, who approves extensions (Reg. art. 33 para. 2)
    and may also review.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    roles: tuple[Role, ...] = ("clerk",)
    # Agencies this user works for; empty means every agency of the installation.
    agencies: tuple[str, ...] = ()
    # Deadline alerts (issue #6): the user's e-mail address and personal robot webhook
    # (企业微信/钉钉 robot URL, or any URL taking JSON); either may be left out.
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+$")
    webhook: str | None = Field(default=None, pattern=r"^https?://\S+$")


class AgencyProfile(BaseModel):
    """One agency's letterhead, document code and remedy organs (domain.md §3, §5)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, description="机关全称，如「××市发展和改革委员会」")
    # GB/T 9704-2012: 发文字号 = 机关代字 + 〔year〕 + sequence + 号
    doc_code: str = Field(min_length=1, description="机关代字，如「×发改」")
    # Reg. arts. 49-50: departments publish the annual report by 31 January, governments by
    # 31 March; ARL art. 24-27 decide the reconsideration organ by kind.
    kind: Literal["department", "government", "vertical"] = "department"
    # ARL art. 24-27 (2023): the organ that hears reconsideration of this agency's acts.
    reconsideration_organ: str = Field(min_length=1)
    # ALL art. 18; many provinces centralise administrative courts, hence the neutral default.
    court: str | None = None
    seal_image: Path | None = None
    # Local rest days (an autonomous region's ethnic holidays) loaded for this region apply to
    # this agency's clocks on top of the national calendar (domain.md §2.1).
    calendar_region: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_-]{0,39}$")
    # GB/T 9704-2012 §7.2.1 and §10.1 (信函格式): the optional 版头 — the issuing agency's
    # name (发文机关标志, its full name or 规范化简称) in red above a red double line.
    letterhead: bool = False
    letterhead_name: str | None = Field(default=None, min_length=1)
    # The letter's title names the agency (「××局政府信息公开申请答复书」, GB/T 9704-2012
    # §7.3.1: 标题由发文机关名称、事由和文种组成); otherwise the bare document name.
    title_names_agency: bool = False
    # domain.md §5: an organisation is addressed as 你单位 or 贵单位 (this agency's usage),
    # never 您; a person as 您.
    organisation_address: Literal["你单位", "贵单位"] = "你单位"
    # domain.md §5: every letter names the office's contact person and telephone.
    contact_person: str = ""
    office: str = "政府信息公开工作机构"
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""

    def addressing(self, applicant_type: str) -> str:
        """How letters address an applicant of ``applicant_type`` (domain.md §5)."""
        return "您" if applicant_type == "natural" else self.organisation_address

    @property
    def litigation_wording(self) -> str:
        """The court phrase of a remedy paragraph (domain.md §3)."""
        if self.court:
            return f"向{self.court}提起行政诉讼"
        return "依法向人民法院提起行政诉讼"

    @property
    def letterhead_text(self) -> str:
        """The 发文机关标志 printed in the 版头, or "" when the profile prints none."""
        return (self.letterhead_name or self.name) if self.letterhead else ""

    def letter_title(self, heading: str) -> str:
        """The title a letter prints: the document name, after the agency's when asked."""
        return f"{self.name}{heading}" if self.title_names_agency else heading
