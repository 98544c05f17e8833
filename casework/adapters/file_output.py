"""Writing a file the clerk named so that it is whole or untouched, never half written.

Exports and report files (``casework export --xlsx``, ``casework report annual --xlsx/--docx``)
are written to a hidden temporary file in the target's own folder, flushed to disk, then renamed
onto the target: a rename within one file system is atomic, so a process killed or failing
mid-write leaves the previous file (or none) at the target, never a corrupt one (issue 14).
A failure removes the temporary file; only a process killed outright can leave one behind,
named ``.<target name>.<random>.part`` beside the target.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A fresh temporary path beside ``target`` for the caller to write; renamed onto
    ``target`` when the block ends without error, removed when it fails.  OSError as raised."""
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
    # Created empty here (``x``: never someone else's file), with the permissions the umask
    # gives a new file, as the writer would have given the target itself.
    temporary.open("xb").close()
    try:
        yield temporary
        with temporary.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems refuse fsync on a folder: the rename is still atomic
    finally:
        os.close(descriptor)


def write_copies(folder: Path, files: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Write each (file name, bytes) into ``folder`` (created when missing), each whole or
    untouched; the paths written, in order.  OSError as raised."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files:
        target = folder / name
        with replacing(target) as temporary:
            temporary.write_bytes(data)
        written.append(target)
    return written
