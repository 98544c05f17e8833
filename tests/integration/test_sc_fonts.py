"""The stand-alone Simplified-Chinese faces written from Debian's Noto CJK collections
(fonts/extract_sc_faces.py, run by .ci/install-debian-packages; issue #13)."""

from __future__ import annotations

import importlib.util
import struct
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from casework.resources import data_path


def _extractor() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "extract_sc_faces", data_path("fonts") / "extract_sc_faces.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EXTRACT = _extractor()
COLLECTION = EXTRACT.SOURCE_DIR / "NotoSerifCJK-Regular.ttc"


def _tables(font: bytes) -> dict[bytes, bytes]:
    count = struct.unpack(">H", font[4:6])[0]
    tables = {}
    for index in range(count):
        tag, _sum, offset, length = struct.unpack(">4sIII", font[12 + 16 * index : 28 + 16 * index])
        tables[tag] = font[offset : offset + length]
    return tables


@pytest.fixture(scope="module")
def face() -> bytes:
    return bytes(EXTRACT.sc_face(COLLECTION.read_bytes()))


def test_the_sc_face_is_named_sc_in_its_name_table_and_its_cff_table(face: bytes) -> None:
    tables = _tables(face)
    assert EXTRACT._postscript_name(tables[b"name"]) == b"NotoSerifCJKsc-Regular"
    assert b"NotoSerifCJKsc-Regular" in tables[b"CFF "]
    assert b"NotoSerifCJKjp" not in tables[b"CFF "]
    assert face.startswith(b"OTTO")  # CFF outlines


def test_the_sc_face_has_valid_checksums(face: bytes) -> None:
    count = struct.unpack(">H", face[4:6])[0]
    for index in range(count):
        tag, checksum, offset, length = struct.unpack(
            ">4sIII", face[12 + 16 * index : 28 + 16 * index]
        )
        data = bytearray(face[offset : offset + length])
        if tag == b"head":
            data[8:12] = b"\0\0\0\0"
        assert EXTRACT._checksum(bytes(data)) == checksum, tag
    assert EXTRACT._checksum(face) == 0xB1B0AFBA  # head.checksumAdjustment balances the file


def test_fontconfig_reads_the_written_face_as_noto_serif_cjk_sc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(EXTRACT, "COLLECTIONS", {COLLECTION.name: "NotoSerifCJKsc-Regular.otf"})
    assert EXTRACT.main([str(tmp_path)]) == 0
    written = tmp_path / "NotoSerifCJKsc-Regular.otf"
    scanned = subprocess.run(
        ["fc-scan", "--format", "%{family[0]}\t%{postscriptname}\t%{lang}", str(written)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    family, postscript, languages = scanned.split("\t")
    assert (family, postscript) == ("Noto Serif CJK SC", "NotoSerifCJKsc-Regular")
    assert "zh-cn" in languages.split("|")
    stamp = written.stat().st_mtime_ns
    assert EXTRACT.main([str(tmp_path)]) == 0  # an identical font is left alone
    assert written.stat().st_mtime_ns == stamp
