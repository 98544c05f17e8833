"""Writing and reading small PNG files with the standard library only (no Pillow).

``solid_png`` makes an image python-docx can embed as a picture; ``dark_pixels`` decodes the
8-bit greyscale or RGB(A) pages ``pdftoppm -png`` writes (all five row filters) and counts
the pixels dark enough to be ink, so a test can see glyphs instead of trusting a text layer.
"""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def solid_png(width: int, height: int, rgb: tuple[int, int, int] = (200, 0, 0)) -> bytes:
    """An RGB PNG of one colour."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = b"\x00" + bytes(rgb) * width
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(row * height))
        + _chunk(b"IEND", b"")
    )


_CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # colour type -> samples per pixel (8-bit only)


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _unfilter(raw: bytes, width: int, height: int, bpp: int) -> list[bytearray]:
    stride = width * bpp
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - bpp] if x >= bpp else 0
            up, corner = previous[x], previous[x - bpp] if x >= bpp else 0
            predictor = (0, left, up, (left + up) // 2, _paeth(left, up, corner))[kind]
            line[x] = (line[x] + predictor) & 0xFF
        rows.append(line)
        previous = line
    return rows


def dark_pixels(png: bytes, threshold: int = 128) -> tuple[int, int]:
    """(pixels darker than ``threshold``, all pixels) of an 8-bit non-interlaced PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    position, data, header = 8, b"", b""
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        content = png[position + 8 : position + 8 + length]
        header = content if kind == b"IHDR" else header
        data += content if kind == b"IDAT" else b""
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in _CHANNELS and interlace == 0, "unsupported PNG layout"
    bpp = _CHANNELS[colour]
    dark = 0
    for row in _unfilter(zlib.decompress(data), width, height, bpp):
        for x in range(0, len(row), bpp):
            grey = (
                row[x] if bpp < 3 else (row[x] * 299 + row[x + 1] * 587 + row[x + 2] * 114) // 1000
            )
            dark += grey < threshold
    return dark, width * height
