"""What a case is found by (``casework search``) and when two requests are "the same".

``search_text`` is the one text a case is indexed by: the applicant's name, the description of
the information, the reply's number and the facts its letter prints (search process, reasons,
where to obtain …).  The identity number is never part of it: it is matched exactly, over the
stored value, and never printed unmasked.

Repeats (Reg. art. 36 item 6: 重复申请).  An application from the same applicant is
*substantially the same* as an earlier one when their normalised requests are at least
``REPEAT_THRESHOLD`` similar: both texts are reduced to their letters and digits (full-width
forms folded by NFKC, case folded, punctuation, spaces and the polite frame of a request such
as 「请」「申请公开」「的」 removed), and the similarity is the Sørensen–Dice coefficient of their
character bigrams (2·|common| / (|A| + |B|), bigrams counted with multiplicity), AND the two
carry the same numbers (years, 文号 sequences: the sets of digit runs are equal), because one
digit apart is another year's or another document's information.  So 「2025年度部门预算及说明」
and 「请公开2025年度部门预算及其说明」 are the same (0.87), the same budget of another year
(「2024年度部门预算及说明」, 0.83 but another number) is not; the clerk decides in every case (a
warning, never a refusal).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from casework.domain.case.records import Case

REPEAT_THRESHOLD = 0.8
VOIDED = "voided"  # the final state of a registration that was no application (作废)
# The frame of a request that says nothing about *which* information (longest first).
_FILLER = (
    "依申请公开",
    "申请公开",
    "要求公开",
    "请求公开",
    "依申请",
    "申请",
    "公开",
    "请",
    "的",
    "及其",
    "关于",
)
# The shortest term the trigram index finds (SQLite FTS5 trigram, PostgreSQL pg_trgm).
TRIGRAM = 3
_DIGITS = re.compile(r"[0-9]+")


def search_text(
    applicant: str, description: str, reply_number: str | None, facts: Mapping[str, str]
) -> str:
    """The indexed text of a case: one line per part, the parts that are empty left out."""
    parts = [applicant, description, reply_number or "", *facts.values()]
    return "\n".join(part.strip() for part in parts if part and part.strip())


def case_search_text(case: Case) -> str:
    """``search_text`` of ``case``: its draft's facts are the words of the reply."""
    draft = case.decisions.draft
    facts = dict(draft.facts) if draft is not None else {}
    return search_text(case.applicant.name, case.description, case.reply_number, facts)


def normalise_request(text: str) -> str:
    """``text`` reduced to what identifies the information asked for."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(ch for ch in folded if ch.isalnum())
    for filler in _FILLER:
        kept = kept.replace(filler, "")
    return kept


def _bigrams(text: str) -> Counter[str]:
    if len(text) < 2:
        return Counter([text]) if text else Counter()
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


def request_similarity(first: str, second: str) -> float:
    """The Dice coefficient of the bigrams of the two normalised requests (0.0 to 1.0)."""
    a, b = _bigrams(normalise_request(first)), _bigrams(normalise_request(second))
    total = sum(a.values()) + sum(b.values())
    if total == 0:
        return 0.0
    return 2 * sum((a & b).values()) / total


def request_numbers(text: str) -> frozenset[str]:
    """The digit runs of ``text`` (years, document numbers), leading zeros dropped."""
    folded = unicodedata.normalize("NFKC", text)
    return frozenset(run.lstrip("0") or "0" for run in _DIGITS.findall(folded))


def substantially_same(first: str, second: str) -> bool:
    """Reg. art. 36 item 6: whether two requests ask for the same information (see above)."""
    if request_numbers(first) != request_numbers(second):
        return False
    return request_similarity(first, second) >= REPEAT_THRESHOLD


@dataclass(frozen=True)
class CaseSearch:
    """What ``casework search`` asks for; every part given must hold (AND).

    ``terms``: words of the applicant's name, the description or the reply, each found as a
    substring; ``applicant``: the exact name; ``id_number``: the exact stored identity number;
    ``received_from``/``received_to``: the receipt date range; ``outcome``: an outcome code;
    ``include_voided``: also voided registrations (作废: no application, so left out unless
    asked for; a clerk looking for a double entry asks).
    """

    terms: tuple[str, ...] = ()
    applicant: str | None = None
    id_number: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    outcome: str | None = None
    agency: str | None = None
    limit: int = 100
    include_voided: bool = False

    @property
    def indexed_terms(self) -> tuple[str, ...]:
        """Terms the trigram index finds (three characters or more)."""
        return tuple(term for term in self.terms if len(term) >= TRIGRAM)

    @property
    def short_terms(self) -> tuple[str, ...]:
        """Terms below a trigram (one or two characters): matched by LIKE over the rows the
        other criteria leave."""
        return tuple(term for term in self.terms if len(term) < TRIGRAM)

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.applicant or self.id_number)
