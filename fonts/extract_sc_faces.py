"""Write the Simplified-Chinese faces of the Noto CJK collections as stand-alone OpenType fonts.

Debian's ``fonts-noto-cjk`` ships each weight as one OpenType collection (``.ttc``) whose five
faces (JP, KR, SC, TC, HK) share a single ``CFF`` table: only ``cmap``, ``GSUB``, ``name`` and a
few others differ.  LibreOffice names the font it embeds in a PDF after the CFF table, so a
letter set in the SC face still shows ``NotoSerifCJKjp-Regular`` in ``pdffonts`` (issue #13).
This script copies the SC face out of each collection into a ``.otf`` of its own and renames
the CFF font (``NotoSerifCJKjp-…`` to ``NotoSerifCJKsc-…``, same length, so no offset moves);
the glyphs, the SC ``cmap`` and everything else are the collection's own bytes.

    python3 fonts/extract_sc_faces.py [TARGET_DIR]      # default /usr/local/share/fonts/noto-cjk-sc

Standard library only (it runs from ``.ci/install-debian-packages`` before any virtualenv
exists); an existing, identical target is left alone, a new one is written atomically.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
DEFAULT_TARGET = Path("/usr/local/share/fonts/noto-cjk-sc")
# Collection file -> the stand-alone face written from its SC member.
COLLECTIONS = {
    "NotoSerifCJK-Regular.ttc": "NotoSerifCJKsc-Regular.otf",
    "NotoSerifCJK-Bold.ttc": "NotoSerifCJKsc-Bold.otf",
    "NotoSansCJK-Regular.ttc": "NotoSansCJKsc-Regular.otf",
    "NotoSansCJK-Bold.ttc": "NotoSansCJKsc-Bold.otf",
}
SC_POSTSCRIPT_PREFIXES = (b"NotoSerifCJKsc-", b"NotoSansCJKsc-")


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def _faces(collection: bytes) -> list[int]:
    tag, _version, count = struct.unpack(">4sII", collection[:12])
    if tag != b"ttcf":
        raise ValueError("not an OpenType collection")
    return list(struct.unpack(f">{count}I", collection[12 : 12 + 4 * count]))


def _tables(collection: bytes, offset: int) -> dict[bytes, bytes]:
    flavour, count = struct.unpack(">IH", collection[offset : offset + 6])
    tables = {}
    for index in range(count):
        start = offset + 12 + 16 * index
        tag, _sum, table_offset, length = struct.unpack(">4sIII", collection[start : start + 16])
        tables[tag] = collection[table_offset : table_offset + length]
    if flavour != 0x4F54544F:  # 'OTTO': CFF outlines
        raise ValueError("face without CFF outlines")
    return tables


def _postscript_name(name_table: bytes) -> bytes:
    """Name ID 6 (the PostScript name) from the Windows Unicode record, as ASCII."""
    _format, count, strings = struct.unpack(">HHH", name_table[:6])
    for index in range(count):
        record = name_table[6 + 12 * index : 18 + 12 * index]
        platform, _encoding, _language, name_id, length, offset = struct.unpack(">6H", record)
        if name_id == 6 and platform == 3:
            raw = name_table[strings + offset : strings + offset + length]
            return raw.decode("utf-16-be").encode("ascii")
    raise ValueError("no PostScript name")


def sc_face(collection: bytes) -> bytes:
    """The SC member of a Noto CJK collection as a stand-alone OpenType font."""
    for offset in _faces(collection):
        tables = _tables(collection, offset)
        postscript = _postscript_name(tables[b"name"])
        if postscript.startswith(SC_POSTSCRIPT_PREFIXES):
            break
    else:
        raise ValueError("no Simplified-Chinese face in the collection")
    family = postscript.split(b"-")[0]  # NotoSerifCJKsc
    shared = family[:-2] + b"jp"  # the name the shared CFF table carries
    tables[b"CFF "] = tables[b"CFF "].replace(shared + b"-", family + b"-")
    return _font(tables)


def _font(tables: dict[bytes, bytes]) -> bytes:
    """An sfnt file of ``tables`` (sorted directory, 4-byte aligned, checksums, head adjusted)."""
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x4F54544F, count, power * 16, power.bit_length() - 1,
                         count * 16 - power * 16)  # fmt: skip
    head = bytearray(tables[b"head"])
    head[8:12] = b"\0\0\0\0"  # checksumAdjustment is computed over the file with it zeroed
    tables = {**tables, b"head": bytes(head)}
    offset = 12 + 16 * count
    directory, body, places = b"", b"", {}
    for tag in tags:
        data = tables[tag]
        places[tag] = offset + len(body)
        directory += struct.pack(">4sIII", tag, _checksum(data), places[tag], len(data))
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(header + directory + body)
    adjustment = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
    font[places[b"head"] + 8 : places[b"head"] + 12] = struct.pack(">I", adjustment)
    return bytes(font)


def main(argv: list[str]) -> int:
    target_dir = Path(argv[0]) if argv else DEFAULT_TARGET
    target_dir.mkdir(parents=True, exist_ok=True)
    for source_name, target_name in COLLECTIONS.items():
        source = SOURCE_DIR / source_name
        if not source.is_file():
            print(f"skipped: {source} not installed (Debian package fonts-noto-cjk)")
            continue
        data = sc_face(source.read_bytes())
        target = target_dir / target_name
        if target.is_file() and target.read_bytes() == data:
            continue
        partial = target.with_name(f".{target.name}.part")
        partial.write_bytes(data)
        os.replace(partial, target)
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
