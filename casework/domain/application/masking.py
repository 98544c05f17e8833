"""Masking of identity numbers wherever they are shown but not needed in full.

Lists, logs and exports show an applicant's identity number only masked, to protect personal
information (《中华人民共和国个人信息保护法》 art. 51 item 3: 去标识化); the full number
stays in the case record and on the documents that must carry it.  The mask keeps the length,
so a clerk can still tell an 18-character number from a short passport number.
"""

from __future__ import annotations

MASK_CHAR = "*"

_LONG_KEEP = 4  # characters kept at each end of a long value
_SHORT_LIMIT = 8  # values of this length or shorter keep one character at each end
_TINY_LIMIT = 2  # values of this length or shorter are masked entirely


def mask_identity(value: str) -> str:
    """Replace the middle of ``value`` with ``*``, one for one.

    More than 8 characters: the first 4 and the last 4 stay ("1101**********002X").
    3 to 8 characters: the first and the last stay ("E******7").  2 or fewer: all masked.
    """
    length = len(value)
    if length <= _TINY_LIMIT:
        return MASK_CHAR * length
    keep = 1 if length <= _SHORT_LIMIT else _LONG_KEEP
    return value[:keep] + MASK_CHAR * (length - 2 * keep) + value[-keep:]
