"""Reading a rendered letter back from its .docx, for the checker (``LetterText``).

The checker judges what the file says, not the context that produced it: a template edited in
Word, a lost placeholder or a dropped ``&`` shows up here.  python-docx gives the body's
paragraphs in order, then the paragraphs of table cells (a merged cell once); a seal image is
any picture in the body (``w:drawing`` or legacy ``w:pict``).  Library errors become a
``DocumentError`` in Chinese naming the file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docx import Document
from docx.opc.exceptions import PackageNotFoundError

from casework.adapters.letter_finish import WORD_JOINER
from casework.domain.letters.check import LetterText
from casework.errors import DocumentError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PICTURES = (f".//{_W}drawing", f".//{_W}pict")


def read_letter(path: Path) -> LetterText:
    """The paragraphs (body, then table cells; stripped, empty ones left out) and the seal."""
    document = _open(path)
    body = document.element.body
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        texts.extend(_table_texts(table, set()))
    # The word joiners that keep dates and numbers on one line are layout, not text.
    texts = [text.replace(WORD_JOINER, "") for text in texts]
    stripped = tuple(text.strip() for text in texts if text.strip())
    has_picture = any(body.find(query) is not None for query in _PICTURES)
    return LetterText(paragraphs=stripped, has_seal_image=has_picture)


def _open(path: Path) -> Any:
    if not path.is_file():
        raise DocumentError("文书文件不存在", field=str(path))
    try:
        return Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile) as error:
        raise DocumentError("不是有效的 Word 文档（.docx）文件", field=str(path)) from error
    except (KeyError, ValueError, SyntaxError) as error:  # lxml's XMLSyntaxError is a SyntaxError
        raise DocumentError(f"Word 文档已损坏或内容不完整：{error}", field=str(path)) from error
    except OSError as error:
        raise DocumentError(
            f"无法读取文书文件：{error.strerror or error}", field=str(path)
        ) from error


def _table_texts(table: Any, seen: set[Any]) -> Iterator[str]:
    """Each cell's paragraphs row by row; a merged cell once; nested tables after their cell."""
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:  # a merged cell repeats in every row and column it spans
                continue
            seen.add(cell._tc)
            for paragraph in cell.paragraphs:
                yield paragraph.text
            for inner in cell.tables:
                yield from _table_texts(inner, seen)
