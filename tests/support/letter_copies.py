"""Letters read back through the CLI: the document store keeps the bytes, so a test reads the
copy ``docs --out`` writes (the same text the checker reads, word joiners removed)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


def letter_paragraphs(run: Callable[..., Any], number: str, document: dict[str, Any]) -> list[str]:
    """The paragraphs of ``document`` (an entry of ``docs --json``) of case ``number``."""
    from casework.adapters.docx_text import read_letter

    with tempfile.TemporaryDirectory() as out:
        copies = json.loads(run("docs", number, "--out", out, "--json").output)
        file = next(c["file"] for c in copies if c["sha256"] == document["sha256"])
        return list(read_letter(Path(file)).paragraphs)


def last_letter(run: Callable[..., Any], number: str, kind: str) -> list[str]:
    """The paragraphs of the case's last letter of ``kind``."""
    listed = json.loads(run("docs", number, "--json").output)
    return letter_paragraphs(run, number, [d for d in listed if d["kind"] == kind][-1])
