"""The words of the disclosure desk: applicant types, identity documents and channels.

Each enum's value is the stable identifier used on the command line, in JSON and in the
database; ``label`` is the Chinese word a clerk reads.
"""

from __future__ import annotations

from enum import StrEnum


class ApplicantType(StrEnum):
    """Who applies; the six columns of annual-report table 三 (AR; domain.md §1.1, §4).

    natural: 自然人, a natural person.
    enterprise: 商业企业, a commercial enterprise.
    research: 科研机构, a research institution.
    public_interest: 社会公益组织, a public-interest organisation.
    legal_service: 法律服务机构, a law firm or other legal-service organisation.
    other_org: 其他, any other legal person or organisation.
    """

    NATURAL = "natural"
    ENTERPRISE = "enterprise"
    RESEARCH = "research"
    PUBLIC_INTEREST = "public-interest"
    LEGAL_SERVICE = "legal-service"
    OTHER_ORG = "other-org"

    @property
    def label(self) -> str:
        return _APPLICANT_LABELS[self]

    @property
    def column(self) -> str:
        """The annual-report JSON column name (``public_interest`` rather than the CLI form)."""
        return self.value.replace("-", "_")


_APPLICANT_LABELS = {
    ApplicantType.NATURAL: "自然人",
    ApplicantType.ENTERPRISE: "商业企业",
    ApplicantType.RESEARCH: "科研机构",
    ApplicantType.PUBLIC_INTEREST: "社会公益组织",
    ApplicantType.LEGAL_SERVICE: "法律服务机构",
    ApplicantType.OTHER_ORG: "其他",
}


class IdType(StrEnum):
    """The identity document an applicant shows (Reg. art. 29 para. 2 item 1).

    resident_id: 居民身份证, 18 characters with a GB 11643 check digit.
    uscc: 统一社会信用代码, 18 characters with a GB 32100 check character.
    passport: 护照, free text.
    other: any other document, free text.
    """

    RESIDENT_ID = "resident-id"
    USCC = "uscc"
    PASSPORT = "passport"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _ID_LABELS[self]


_ID_LABELS = {
    IdType.RESIDENT_ID: "居民身份证",
    IdType.USCC: "统一社会信用代码",
    IdType.PASSPORT: "护照",
    IdType.OTHER: "其他证件",
}


class Channel(StrEnum):
    """How the application reached the agency; it fixes the receipt date (Reg. art. 31).

    in_person: 当面提交 — received the day it was handed in.
    post: 邮寄（需签收）— received the day the agency signed for it.
    post_ordinary: 平常信函 — received the day the office confirmed it with the applicant.
    online: 网上申请平台 — received the day both sides confirmed it.
    email: 电子邮件 — received the day both sides confirmed it.
    fax: 传真 — received the day both sides confirmed it.
    """

    IN_PERSON = "in-person"
    POST = "post"
    POST_ORDINARY = "post-ordinary"
    ONLINE = "online"
    EMAIL = "email"
    FAX = "fax"

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self][0]

    @property
    def receipt_rule(self) -> str:
        """What fixes the receipt date for this channel, in the words of Reg. art. 31."""
        return _CHANNEL_LABELS[self][1]


_CHANNEL_LABELS = {
    Channel.IN_PERSON: ("当面提交", "以提交之日为收到申请之日（条例第三十一条第（一）项）"),
    Channel.POST: ("邮寄", "以行政机关签收之日为收到申请之日（条例第三十一条第（二）项）"),
    Channel.POST_ORDINARY: (
        "平常信函",
        "以政府信息公开工作机构与申请人确认之日为收到申请之日（条例第三十一条第（二）项）",
    ),
    Channel.ONLINE: ("网上申请", "以双方确认之日为收到申请之日（条例第三十一条第（三）项）"),
    Channel.EMAIL: ("电子邮件", "以双方确认之日为收到申请之日（条例第三十一条第（三）项）"),
    Channel.FAX: ("传真", "以双方确认之日为收到申请之日（条例第三十一条第（三）项）"),
}
