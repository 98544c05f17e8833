"""Each letter template's text is compiled once per process (issue 18), and an edited
template is seen at its next render: the text itself is the cache's key."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from casework.adapters import letters
from casework.adapters.docx_text import read_letter
from casework.adapters.letters import render_bytes
from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.domain.letters.content import template_context
from casework.errors import ConfigurationError
from casework.resources import data_path
from tests.integration.test_letters_render import PROFILE
from tests.support.letter_cases import decided_case, decision_subject

TEMPLATES = data_path("templates") / "replies"
CATALOGUE = load_outcomes(default_outcomes_path())


def _context() -> dict[str, object]:
    case = decided_case(CATALOGUE.get("disclose"), issued=True)
    return template_context(case, decision_subject(case, final=True), PROFILE, CATALOGUE)


def _paragraphs(data: bytes, folder: Path) -> list[str]:
    file = folder / "letter.docx"
    file.write_bytes(data)
    return list(read_letter(file).paragraphs)


def _edited(template: Path, target: Path, marker: bytes) -> Path:
    """``template`` copied to ``target`` with ``marker`` written before ``{{ remedy }}``."""
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = re.sub(rb"\{\{ remedy \}\}", marker + b"{{ remedy }}", data)
            out.writestr(item, data)
    return target


def test_a_second_render_reuses_the_compiled_text_and_reads_the_same(tmp_path: Path) -> None:
    context = _context()
    first = _paragraphs(render_bytes(TEMPLATES / "reply.docx", context, None), tmp_path)
    before = letters._LETTERS_JINJA._compiled.cache_info()
    second = _paragraphs(render_bytes(TEMPLATES / "reply.docx", context, None), tmp_path)
    after = letters._LETTERS_JINJA._compiled.cache_info()
    assert second == first
    assert after.misses == before.misses  # nothing compiled again
    assert after.hits > before.hits


def test_an_edited_template_is_rendered_as_edited(tmp_path: Path) -> None:
    template = tmp_path / "reply.docx"
    context = _context()
    _edited(TEMPLATES / "reply.docx", template, b"")
    plain = _paragraphs(render_bytes(template, context, None), tmp_path)
    assert not any("经本机关修改" in p for p in plain)
    template.unlink()
    _edited(TEMPLATES / "reply.docx", template, "经本机关修改".encode())
    edited = _paragraphs(render_bytes(template, context, None), tmp_path)
    assert any("经本机关修改" in p for p in edited)


def test_a_broken_template_is_refused_every_time(tmp_path: Path) -> None:
    broken = _edited(TEMPLATES / "reply.docx", tmp_path / "reply.docx", b"{{ unclosed ")
    for _ in range(2):
        with pytest.raises(ConfigurationError, match="文书模板有误"):
            render_bytes(broken, _context(), None)
