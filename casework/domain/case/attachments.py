"""Attachments (附件) of a case file: their kinds, the files accepted, and the record kept.

Reg. art. 45 and seed 002 require a complete case file (登记、审核、办理、答复、送达、归档): the
scanned application, the proof of identity, a power of attorney, correction material, the
written opinions of third parties (Reg. art. 32) and agencies (Reg. art. 34), the fee receipt
(Reg. art. 42), the proof of delivery and the reconsideration or court decision sit beside the
letters.  A file is accepted by what its bytes are (sniffed from the content), not by its
name alone: PDF, OFD (GB/T 33190), JPEG, PNG, TIFF, .docx and plain UTF-8 text, each with one
of its usual extensions, at most ``MAX_ATTACHMENT_BYTES``.  Pure: bytes in, a verdict out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from casework.errors import ValidationError

KIND_FIELD = "--kind（附件种类）"
FILE_FIELD = "FILE（附件文件）"
# A scanned application of a few pages at 300 dpi is 1-5 MiB; 20 MiB leaves room for a long
# decision while keeping the database (which holds the bytes, issue 15) reasonable.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_NOTE_CHARS = 500


class AttachmentKind(StrEnum):
    """What an attachment is (Reg. art. 45: the complete file).

    application_scan: 申请材料扫描件, the application form or letter as received (Reg. art. 29).
    identity_proof: 身份证明, the applicant's ID copy or business licence (Reg. art. 29).
    power_of_attorney: 授权委托书, when an agent applies.
    correction_material: 补正材料, what the applicant sent after a correction notice (art. 30).
    third_party_opinion: 第三方意见, a third party's written opinion (Reg. art. 32).
    agency_opinion: 有关机关意见, another agency's opinion (Reg. art. 34).
    payment_receipt: 缴费凭证, the receipt of an information processing fee (Reg. art. 42).
    delivery_proof: 送达凭证, the postal return receipt or the electronic delivery record.
    remedy_decision: 复议决定书或裁判文书, a reconsideration decision or court judgment.
    other: 其他材料.
    """

    APPLICATION_SCAN = "application_scan"
    IDENTITY_PROOF = "identity_proof"
    POWER_OF_ATTORNEY = "power_of_attorney"
    CORRECTION_MATERIAL = "correction_material"
    THIRD_PARTY_OPINION = "third_party_opinion"
    AGENCY_OPINION = "agency_opinion"
    PAYMENT_RECEIPT = "payment_receipt"
    DELIVERY_PROOF = "delivery_proof"
    REMEDY_DECISION = "remedy_decision"
    OTHER = "other"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    AttachmentKind.APPLICATION_SCAN: "申请材料扫描件",
    AttachmentKind.IDENTITY_PROOF: "身份证明",
    AttachmentKind.POWER_OF_ATTORNEY: "授权委托书",
    AttachmentKind.CORRECTION_MATERIAL: "补正材料",
    AttachmentKind.THIRD_PARTY_OPINION: "第三方意见",
    AttachmentKind.AGENCY_OPINION: "有关机关意见",
    AttachmentKind.PAYMENT_RECEIPT: "缴费凭证",
    AttachmentKind.DELIVERY_PROOF: "送达凭证",
    AttachmentKind.REMEDY_DECISION: "复议决定书或裁判文书",
    AttachmentKind.OTHER: "其他材料",
}

# Media type → (label, extensions it may carry).
MEDIA_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "application/pdf": ("PDF", (".pdf",)),
    "application/ofd": ("OFD", (".ofd",)),
    "image/jpeg": ("JPEG 图片", (".jpg", ".jpeg")),
    "image/png": ("PNG 图片", (".png",)),
    "image/tiff": ("TIFF 图片", (".tif", ".tiff")),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "Word 文档（.docx）",
        (".docx",),
    ),
    "text/plain": ("纯文本（UTF-8）", (".txt",)),
}
ACCEPTED = "、".join(sorted({ext for _, exts in MEDIA_TYPES.values() for ext in exts}))


def attachment_kind(code: str) -> AttachmentKind:
    """The kind named by ``code``; a Chinese refusal listing the codes otherwise."""
    try:
        return AttachmentKind(code)
    except ValueError:
        known = "；".join(f"{k.value}（{k.label}）" for k in AttachmentKind)
        raise ValidationError(f"「{code}」不是附件种类，可选：{known}", field=KIND_FIELD) from None


def sniff(data: bytes) -> str | None:
    """The media type the bytes are, from their content (None: not an accepted type)."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    return _text_type(data)


def _zip_type(data: bytes) -> str | None:
    """A .docx has ``word/document.xml``; an OFD package has ``OFD.xml`` (GB/T 33190 §7).

    ``zipfile`` (with ``shutil``, ``bz2``, ``lzma``) loads here: only an attached file needs
    it, not every command that imports the attachment records (issue 18)."""
    import zipfile  # noqa: PLC0415  (start-up, #18)

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "word/document.xml" in names:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if "OFD.xml" in names:
        return "application/ofd"
    return None


def _text_type(data: bytes) -> str | None:
    """UTF-8 text without control characters other than tab, newline and carriage return."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        return None
    return "text/plain"


def check_file(name: str, data: bytes) -> str:
    """The media type of the file ``name`` with content ``data``; a Chinese refusal when it is
    empty, too large, of a type not accepted, or its extension says another type."""
    field = f"{FILE_FIELD}「{name}」"
    if not data:
        raise ValidationError("文件为空", field=field)
    if len(data) > MAX_ATTACHMENT_BYTES:
        limit = MAX_ATTACHMENT_BYTES // (1024 * 1024)
        raise ValidationError(
            f"文件大小 {len(data) / 1048576:.1f} MB 超过上限 {limit} MB", field=field
        )
    media_type = sniff(data)
    if media_type is None:
        raise ValidationError(f"文件内容不是可接受的类型（可接受：{ACCEPTED}）", field=field)
    label, extensions = MEDIA_TYPES[media_type]
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in extensions:
        raise ValidationError(
            f"文件内容是{label}，与扩展名「{suffix or '（无）'}」不符（应为 {'、'.join(extensions)}）",
            field=field,
        )
    return media_type


def check_note(note: str | None) -> str | None:
    """The note stripped (None when blank); at most ``MAX_NOTE_CHARS`` characters."""
    text = (note or "").strip()
    if len(text) > MAX_NOTE_CHARS:
        raise ValidationError(f"不得超过 {MAX_NOTE_CHARS} 个字", field="--note（说明）")
    return text or None


@dataclass(frozen=True)
class IncomingFile:
    """A file a clerk attaches: its name (without folders) and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Attachment:
    """An attachment as the case file keeps it: the bytes are in the document store."""

    case_id: int
    kind: str
    name: str
    media_type: str
    size: int
    sha256: str
    note: str | None
    event_seq: int  # the journal event that added it
    created_at: datetime
    created_by: str
    id: int | None = None

    def journal_entry(self) -> dict[str, object]:
        """What the journal event repeats about the attachment (sha256 in the journal)."""
        return {
            "kind": self.kind,
            "name": self.name,
            "media_type": self.media_type,
            "size": self.size,
            "sha256": self.sha256,
            "note": self.note,
        }
