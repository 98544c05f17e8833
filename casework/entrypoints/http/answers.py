"""A JSON answer encoded as the CLI's ``--json`` is (``echo_json``: dates and other values
as their text), so a read endpoint and its command agree to the byte's meaning."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import JSONResponse


class JsonAnswer(JSONResponse):
    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, default=str, separators=(",", ":"))
        return text.encode("utf-8")
