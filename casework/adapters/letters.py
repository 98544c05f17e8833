"""Rendering letters with docxtpl into the home's documents folder, all or nothing.

A letter is rendered from ``templates/replies/<kind>.docx`` with ``autoescape=True`` (without
it an ``&`` or ``<`` in a name silently vanishes; engineering notes) and a strict jinja
environment (an unknown variable a template uses is an error, not a blank).  The file is first
written to a hidden staging name beside its final path; the service moves it into place after
its unit of work commits (``publish``) or deletes it after a rollback (``discard``), so a
refused action leaves no file behind.  Reading back (for the checker) and PDF conversion are
helper B's modules, called from here.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, StrictUndefined, TemplateError

from casework.adapters.docx_text import read_letter
from casework.adapters.letter_finish import keep_runs_whole, set_properties
from casework.adapters.pdf import convert_to_pdf
from casework.domain.letters.check import LetterText
from casework.errors import ConfigurationError, StorageError
from casework.services.ports import RenderedLetter, StagedLetter

SEAL_WIDTH_MM = 42  # a round official seal is 40-45 mm across
# A staging file's name: ``.<final name>.<12 hex digits>.part`` (``render``).
_STAGED_NAME = re.compile(r"\.(.+)\.[0-9a-f]{12}\.part")


class DocxLetterRenderer:
    """The ``LetterRenderer`` port on docxtpl and the file system."""

    def __init__(
        self,
        templates_dir: Path,
        documents_dir: Path,
        pdf_timeout: float = 120.0,
        soffice: str = "soffice",
    ) -> None:
        self.templates_dir = templates_dir
        self.documents_dir = documents_dir
        self.pdf_timeout = pdf_timeout
        self.soffice = soffice

    def template_path(self, kind: str) -> Path:
        return self.templates_dir / f"{kind}.docx"

    def location(self, path: str) -> Path:
        """The absolute file of a stored letter (``path`` is relative to the documents folder)."""
        return self.documents_dir / path

    def render(
        self, kind: str, context: Mapping[str, Any], seal_image: Path | None, path: str
    ) -> RenderedLetter:
        """Render ``kind`` with ``context`` to a staging file beside ``path``."""
        data = render_bytes(self.template_path(kind), context, seal_image)
        final = self.location(path)
        staged = final.with_name(f".{final.name}.{secrets.token_hex(6)}.part")
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            staged.write_bytes(data)
        except OSError as error:
            raise StorageError(f"无法写入文书文件 {final}：{error}", field="documents") from error
        return RenderedLetter(path=path, staged=staged, sha256=hashlib.sha256(data).hexdigest())

    def publish(self, letters: Sequence[RenderedLetter]) -> None:
        """Move committed letters into place (an atomic rename on the same file system)."""
        for letter in letters:
            final = self.location(letter.path)
            try:
                os.replace(letter.staged, final)
            except OSError as error:
                # The action is committed: say where the file is so it can be moved by hand;
                # `casework check` reports the letter as missing until then.
                raise StorageError(
                    f"办理已保存，但文书文件未能移入 {final}（暂存于 {letter.staged}）：{error}",
                    field="documents",
                ) from error

    def discard(self, letters: Sequence[RenderedLetter]) -> None:
        for letter in letters:
            letter.staged.unlink(missing_ok=True)

    def staged_letters(self, folder: str = "") -> list[StagedLetter]:
        """The staging files (``.<name>.<12 hex>.part``, as ``render`` names them) under
        ``folder``, each with its final path, checksum and modification time."""
        base = self.documents_dir / folder if folder else self.documents_dir
        if not base.is_dir():
            return []
        found = []
        for staged in sorted(base.rglob(".*.part")):
            named = _STAGED_NAME.fullmatch(staged.name)
            if named is None or not staged.is_file():
                continue
            final = staged.with_name(named.group(1))
            try:
                data = staged.read_bytes()
                modified = datetime.fromtimestamp(staged.stat().st_mtime, UTC)
            except OSError as error:
                raise StorageError(
                    f"无法读取暂存文书 {staged}：{error}", field="documents"
                ) from error
            path = final.relative_to(self.documents_dir).as_posix()
            letter = RenderedLetter(
                path=path, staged=staged, sha256=hashlib.sha256(data).hexdigest()
            )
            found.append(StagedLetter(letter=letter, modified_at=modified))
        return found

    def file_sha256(self, path: str) -> str | None:
        try:
            return hashlib.sha256(self.location(path).read_bytes()).hexdigest()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StorageError(f"无法读取文书文件 {path}：{error}", field="documents") from error

    def read(self, file: Path) -> LetterText:
        """The text of a rendered letter, read back with python-docx (helper B's reader)."""
        return read_letter(file)

    def to_pdf(
        self, files: Sequence[Path], out_dir: Path, tally: Callable[[int, int], None] | None = None
    ) -> list[Path]:
        """PDFs of ``files`` in one LibreOffice run (helper B's converter), ``tally`` told
        the PDFs written so far."""
        return convert_to_pdf(list(files), out_dir, self.pdf_timeout, self.soffice, tally)


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
        document.render(values, jinja_env=Environment(undefined=StrictUndefined), autoescape=True)
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
