"""Files in a staff API request: JSON with each file's name and its bytes in base64.

Chosen over multipart so that an action and the papers it receives (``record-opinion``,
``record-payment``, ``deliver``, ``remedy``, ``attach``) stay one JSON request, one unit of
work, as ``--attach`` is at the command line: ``"attach": [{"name": "回执.pdf",
"content_base64": "JVBERi0…"}]``.  The bytes are then checked exactly as the CLI checks a file
(type by content, at most 20 MB each, at most 50 at once: ``services.attachment_store``); the
request as a whole may carry ``MAX_FILE_BODY`` (30 MiB).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from casework.domain.case.attachments import IncomingFile
from casework.entrypoints.http.errors import ApiError
from casework.errors import ValidationError
from casework.services.attachment_store import AttachmentRequest

FILE_LABEL = "FILE（附件文件）"  # how the services name a file (the CLI's argument)
FILE_SHAPE = '应为文件列表：[{"name": "文件名", "content_base64": "…"}]'


def incoming_files(value: Any, field: str) -> list[IncomingFile]:
    """The files of a ``[{"name", "content_base64"}]`` list."""
    if not isinstance(value, list):
        raise ApiError(422, "validation", FILE_SHAPE, field=field)
    files = []
    for index, item in enumerate(value):
        where = f"{field}[{index}]"
        if not isinstance(item, dict) or set(item) != {"name", "content_base64"}:
            raise ApiError(422, "validation", FILE_SHAPE, field=where)
        name, content = item["name"], item["content_base64"]
        if not isinstance(name, str) or not isinstance(content, str):
            raise ApiError(422, "validation", FILE_SHAPE, field=where)
        try:
            data = base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ApiError(
                422, "validation", "content_base64 不是有效的 Base64", field=where
            ) from exc
        files.append(IncomingFile(name.rsplit("/", 1)[-1], data))
    return files


def attachment_request(value: Any, kind: str, note: str | None, field: str) -> AttachmentRequest:
    """The checked request of the files ``value``: the CLI's checks and Chinese rules, the
    field at fault named as the JSON has it (``files[1]``, not the command's ``FILE``)."""
    files = incoming_files(value, field)
    try:
        return AttachmentRequest.checked(files, kind, note)
    except ValidationError as error:
        if not (error.field or "").startswith(FILE_LABEL):
            raise
        names = [f"「{file.name}」" for file in files]
        at = next((i for i, n in enumerate(names) if (error.field or "").endswith(n)), None)
        where = field if at is None else f"{field}[{at}]"
        shown = "" if at is None else f"{names[at]}："
        raise ApiError(422, "validation", f"{shown}{error.rule}", field=where) from error
