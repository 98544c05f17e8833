"""The documents folder of a home as revision 0009 and before wrote it, for the one-time move
into the document store (``casework db import-documents``) and back (``export-documents``).

Until 0009 a letter was a file ``<home>/documents/<agency>/<year>/<case>/<kind>-<n>.docx``,
first written to a hidden staging file ``.<name>.<12 hex digits>.part`` beside it and moved
into place after the action committed.  A process killed in between left the staging file: it
is a candidate too, since the recorded sha256 tells which bytes are the committed letter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from casework.adapters.file_output import replacing
from casework.errors import StorageError

# A staging file's name as revision 0009's renderer wrote it.
_STAGED_NAME = re.compile(r"\.(.+)\.[0-9a-f]{12}\.part")


class DocumentFolder:
    """The ``LegacyDocuments`` port on a home's ``documents`` folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _file(self, path: str) -> Path:
        file = (self.root / path).resolve()
        if not file.is_relative_to(self.root.resolve()):
            raise StorageError(f"文书名称超出文书目录：{path}", field="documents")
        return file

    def candidates(self, path: str) -> Iterator[bytes]:
        """The bytes of the file at ``path``, then of each staging file left beside it."""
        file = self._file(path)
        staged = (
            sorted(
                other
                for other in file.parent.glob(f".{file.name}.*.part")
                if (named := _STAGED_NAME.fullmatch(other.name)) and named.group(1) == file.name
            )
            if file.parent.is_dir()
            else []
        )
        for candidate in (file, *staged):
            try:
                yield candidate.read_bytes()
            except FileNotFoundError:
                continue
            except OSError as error:
                raise StorageError(
                    f"无法读取文书文件 {candidate}：{error}", field="documents"
                ) from error

    def write(self, path: str, data: bytes) -> None:
        """Write ``data`` to ``path`` whole (a hidden temporary file renamed into place)."""
        file = self._file(path)
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            with replacing(file) as temporary:
                temporary.write_bytes(data)
        except OSError as error:
            raise StorageError(f"无法写入文书文件 {file}：{error}", field="documents") from error
