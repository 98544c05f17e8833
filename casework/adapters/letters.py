"""Rendering letters with docxtpl to bytes for the document store; reading them back; PDFs.

A letter is rendered from ``templates/replies/<kind>.docx`` with ``autoescape=True`` (without
it an ``&`` or ``<`` in a name silently vanishes; engineering notes) and a strict jinja
environment (an unknown variable a template uses is an error, not a blank).  The bytes go to
the document store in the action's own transaction (issue 15): nothing is written to disk, so
a refused or killed action leaves nothing behind and a committed one has its letter.  Reading
back (for the checker) and PDF conversion (one LibreOffice run for many letters, in a private
temporary folder) take bytes from the store.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, StrictUndefined, Template, TemplateError, nodes

from casework.adapters.letter_finish import keep_runs_whole, set_properties
from casework.errors import ConfigurationError, DocumentError

if TYPE_CHECKING:
    from casework.domain.letters.check import LetterText

SEAL_WIDTH_MM = 42  # a round official seal is 40-45 mm across


class _CompilingOnceEnvironment(Environment):
    """The strict, autoescaping jinja environment of letters, compiling each distinct
    template text once per process.

    docxtpl hands the environment the XML of every part of a letter (body, headers, footers,
    properties) as a string at each render; jinja compiles it every time, about a third of a
    letter's render (issue 18: ``register --file`` renders thousands of the same template).
    The text itself is the key, so a template edited on disk is a new text, compiled anew;
    a compiled jinja template keeps no state between renders."""

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True)
        self._compiled = lru_cache(maxsize=512)(self._compile_text)

    def _compile_text(self, source: str) -> Template:
        return super().from_string(source)

    def from_string(
        self,
        source: str | nodes.Template,
        globals: MutableMapping[str, Any] | None = None,
        template_class: type[Template] | None = None,
    ) -> Template:
        if globals is None and template_class is None and isinstance(source, str):
            compiled: Template = self._compiled(source)
            return compiled
        return super().from_string(source, globals, template_class)


_LETTERS_JINJA = _CompilingOnceEnvironment()


class DocxLetterRenderer:
    """The ``LetterRenderer`` port on docxtpl, python-docx and LibreOffice."""

    def __init__(
        self, templates_dir: Path, pdf_timeout: float = 120.0, soffice: str = "soffice"
    ) -> None:
        self.templates_dir = templates_dir
        self.pdf_timeout = pdf_timeout
        self.soffice = soffice

    def template_path(self, kind: str) -> Path:
        return self.templates_dir / f"{kind}.docx"

    def render(self, kind: str, context: Mapping[str, Any], seal_image: Path | None) -> bytes:
        """The .docx of ``kind`` rendered with ``context``."""
        return render_bytes(self.template_path(kind), context, seal_image)

    def table_document(
        self, title: str, sections: Sequence[tuple[str, Sequence[str], Sequence[Sequence[str]]]]
    ) -> bytes:
        """A plain .docx: ``title`` and, per section, a heading and a table (the journal and
        the deadline derivation of an archive bundle, to be converted to PDF/A)."""
        from casework.adapters.table_docx import table_docx  # noqa: PLC0415  (#18)

        return table_docx(title, sections)

    def read(self, data: bytes, name: str) -> LetterText:
        """The text of a rendered letter, read back with python-docx (helper B's reader).

        The reader and the checker's ``LetterText`` load here, not with the module: an action
        that only renders (``register``, ``request-correction``) never reads back (issue 18)."""
        from casework.adapters.docx_text import read_letter  # noqa: PLC0415  (#18)

        with tempfile.TemporaryDirectory(prefix="casework-read-") as folder:
            file = Path(folder) / _safe_name(name)
            file.write_bytes(data)
            return read_letter(file)

    def to_pdf(
        self,
        letters: Sequence[tuple[str, bytes]],
        tally: Callable[[int, int], None] | None = None,
        *,
        pdfa: bool = False,
    ) -> list[bytes]:
        """PDFs of the letters (file name, .docx bytes) from one LibreOffice run: they are
        written to a private temporary folder, converted together, read back (PDF/A-2b with
        ``pdfa``, for the archive bundle); ``tally`` is told the PDFs written so far."""
        from casework.adapters.pdf import convert_to_pdf  # noqa: PLC0415  (#18)

        if not letters:
            return []
        with tempfile.TemporaryDirectory(prefix="casework-letters-") as folder:
            sources = []
            for name, data in letters:
                source = Path(folder) / "docx" / _safe_name(name)
                source.parent.mkdir(exist_ok=True)
                source.write_bytes(data)
                sources.append(source)
            pdfs = convert_to_pdf(
                sources, Path(folder) / "pdf", self.pdf_timeout, self.soffice, tally, pdfa=pdfa
            )
            return [pdf.read_bytes() for pdf in pdfs]


def _safe_name(name: str) -> str:
    """The last part of a document's name, as a file name in a private folder."""
    base = Path(name).name
    if not base or base.startswith("."):
        raise DocumentError("文书名称无效", field=name)
    return base


def render_bytes(template: Path, context: Mapping[str, Any], seal_image: Path | None) -> bytes:
    """The rendered ``.docx`` as bytes; template problems become ``ConfigurationError``."""
    if not template.is_file():
        raise ConfigurationError(f"未找到文书模板 {template}", field="templates_dir")
    try:
        document = DocxTemplate(str(template))
    except Exception as error:  # python-docx raises several unrelated types for a bad file
        raise ConfigurationError(f"文书模板无法读取：{error}", field=str(template)) from error
    values = dict(context)
    if seal_image is not None:
        if not seal_image.is_file():
            raise ConfigurationError(
                f"未找到印章图片 {seal_image}", field="agencies.<机关>.seal_image"
            )
        values["seal"] = InlineImage(document, str(seal_image), width=Mm(SEAL_WIDTH_MM))
    try:
        document.render(values, jinja_env=_LETTERS_JINJA, autoescape=True)
    except TemplateError as error:
        raise ConfigurationError(
            f"文书模板有误（请检查占位符的写法和名称，见 templates/replies/README.md）：{error}",
            field=str(template),
        ) from error
    finished = document.docx  # the rendered document (get_docx() would reload the template)
    set_properties(finished, values)
    keep_runs_whole(finished)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
