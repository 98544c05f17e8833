"""The agency profile (机关信息): who issues the letters and where applicants may seek remedies.

Several agencies may share one database (a county platform hosting its departments); every
case belongs to exactly one of them.  The profile is configuration, validated here so that the
domain can rely on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from casework.errors import ActionNotAllowedError, ConfigurationError

Role = Literal["clerk", "reviewer", "head"]
ROLE_LABELS = {"clerk": "经办人", "reviewer": "审核人", "head": "政府信息公开工作机构负责人"}
# Where the acting person comes from (domain.md §7: identity comes from authentication):
# database: the PostgreSQL login (session_user); os: the operating-system login; declared:
# what --user / CASEWORK_USER says (a shared workstation, the test suite, the demo).
IdentitySource = Literal["database", "os", "declared"]
IDENTITY_LABELS = {"database": "数据库登录", "os": "操作系统登录", "declared": "声明身份"}
# How the HTTP service knows who acts (issue 19), recorded in the journal like the sources above
# (events.identity holds 16 characters): a staff API request by its bearer token's user, an
# online application by the applicant through the public form (no login).
TOKEN_IDENTITY = "token"
ONLINE_IDENTITY = "online"
# Issue 20: a reviewer or the head acting in the review console, signed in with the console
# account's password (argon2id) — authenticated by the console, not by a database or OS login.
CONSOLE_IDENTITY = "console"
# PostgreSQL identifiers are at most 63 bytes; the journal's actor column holds 64 characters.
USER_CODE_MAX = 64
DB_ROLE_PATTERN = r"^[a-z_][a-z0-9_$]{0,62}$"


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
    # The database login (PostgreSQL role) of this person under ``identity = "database"``.
    db_role: str | None = Field(default=None, pattern=DB_ROLE_PATTERN)
    # The operating-system login of this person under ``identity = "os"`` (default: the
    # user code itself).
    os_user: str | None = Field(default=None, min_length=1, max_length=USER_CODE_MAX)


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


USER_FIELD = "--user（经办人）"


@dataclass(frozen=True)
class ActingUser:
    """Who acts, and how that is known: ``code`` is the user code written into the journal,
    ``source`` where it came from, ``login`` the authenticated login it was mapped from (the
    database role or the operating-system user; None when declared)."""

    code: str
    source: IdentitySource
    login: str | None = None


def resolve_acting_user(
    source: IdentitySource,
    users: Mapping[str, UserProfile],
    *,
    login: str | None,
    declared: str | None,
) -> ActingUser:
    """The acting user (domain.md §7: who acted is part of the legal record and comes from
    authentication).  Under ``database`` and ``os`` the login decides and ``declared`` (``--user``
    / ``CASEWORK_USER``) may only name the same person; under ``declared`` it names any
    configured user, and the journal says the identity was declared."""
    if source == "declared":
        return _declared_user(users, declared)
    assert login is not None, "an authenticated source always has a login"
    code = _mapped_user(source, users, login)
    if declared is not None and declared not in (code, login):
        raise ActionNotAllowedError(
            f"身份取自{IDENTITY_LABELS[source]}「{login}」（用户「{code}」），"
            f"不能以「{declared}」的名义办理；请以本人的登录办理，"
            '或由管理员在共用工作站上设置 identity = "declared"',
            field=USER_FIELD,
        )
    return ActingUser(code=code, source=source, login=login)


def _declared_user(users: Mapping[str, UserProfile], declared: str | None) -> ActingUser:
    if declared is None:
        raise ConfigurationError(
            'identity = "declared"（声明身份）时须用 --user 或 CASEWORK_USER 指定经办人',
            field=USER_FIELD,
        )
    if not users:
        # Without [users] anybody could act as two people and approve their own draft.
        raise ConfigurationError(
            'identity = "declared"（声明身份）须在 config.toml 的 [users] 中登记用户及其角色',
            field="identity",
        )
    if declared not in users:
        known = "、".join(sorted(users))
        raise ActionNotAllowedError(
            f"用户「{declared}」未在配置的用户中登记（[users]，已登记：{known}）", field=USER_FIELD
        )
    return ActingUser(code=declared, source="declared")


def _mapped_user(source: IdentitySource, users: Mapping[str, UserProfile], login: str) -> str:
    """The user code whose ``db_role`` / ``os_user`` is ``login`` (or, where that key is not
    set, whose code is ``login``); without [users] the login itself (a single-user office)."""
    if not users:
        return login
    key = "db_role" if source == "database" else "os_user"
    for code, user in users.items():
        mapped = getattr(user, key)
        if mapped == login or (mapped is None and code == login):
            return code
    raise ActionNotAllowedError(
        f"{IDENTITY_LABELS[source]}「{login}」未对应 [users] 中的任何用户"
        f'（请在 [users.<代码>] 中设置 {key} = "{login}"）',
        field=USER_FIELD,
    )
