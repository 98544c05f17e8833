"""Candidates for proactive disclosure (Reg. art. 44; seeds 001, 004): information that several
applicants asked for, or that was disclosed on request, grouped by similar descriptions.

Art. 44 para. 1: when several applicants ask the same agency for the same information and it
may be disclosed, the agency may make it proactively public; para. 2: information disclosed
on request may be proposed for proactive disclosure.  Seed 001 asks for a periodic review that
moves such information to proactive disclosure.  Descriptions are compared after removing
punctuation, spacing and the request's stock phrases, as sets of character bigrams (Jaccard
similarity); similar descriptions are joined transitively (single linkage).  Pure Python, no
dependencies: an inverted index over the bigrams keeps it near-linear for a year's requests.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

DEFAULT_THRESHOLD = 0.7  # 0.5 joins 「部门预算」 and 「部门决算」 (7 of 11 bigrams shared)
DEFAULT_MIN_APPLICANTS = 2
DISCLOSED = frozenset({"disclose", "partial"})  # Reg. arts. 36(二), 37
ALREADY_PUBLIC = "already_public"  # Reg. art. 36(一): already proactively public
# Stock phrases of a request that say nothing about the information itself.
_FILLER = re.compile(r"申请公开|请求公开|要求公开|申请获取|请提供|提供|关于|有关|相关|的|等")
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class RequestItem:
    """One case as the review sees it."""

    number: str
    agency: str
    description: str
    applicant: str  # a key that is equal for the same applicant
    outcome: str | None
    received_on: date


@dataclass(frozen=True)
class CandidateGroup:
    description: str  # the most frequent (then shortest) description of the group
    items: tuple[RequestItem, ...]
    applicants: int
    disclosed: int
    reasons: tuple[str, ...]


def normalise(text: str) -> str:
    """Full-width to half-width, lower case, no punctuation, spaces or stock phrases."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return _FILLER.sub("", _NOT_WORD.sub("", folded))


def bigrams(text: str) -> frozenset[str]:
    normal = normalise(text)
    if len(normal) < 2:
        return frozenset({normal}) if normal else frozenset()
    return frozenset(normal[i : i + 2] for i in range(len(normal) - 1))


def jaccard(left: frozenset[str], right: frozenset[str]) -> float:
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def cluster(descriptions: Sequence[str], threshold: float = DEFAULT_THRESHOLD) -> list[list[int]]:
    """Indices of ``descriptions`` grouped by similarity ≥ ``threshold`` (single linkage)."""
    grams = [bigrams(text) for text in descriptions]
    parent = list(range(len(grams)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index: defaultdict[str, list[int]] = defaultdict(list)
    for i, own in enumerate(grams):
        shared: Counter[int] = Counter(j for gram in own for j in index[gram])
        for j, common in shared.items():
            # |A ∩ B| / |A ∪ B|, with the intersection counted from the index
            if common / (len(own) + len(grams[j]) - common) >= threshold:
                parent[root(i)] = root(j)
        for gram in own:
            index[gram].append(i)
    groups: defaultdict[int, list[int]] = defaultdict(list)
    for i in range(len(grams)):
        groups[root(i)].append(i)
    return sorted(groups.values(), key=lambda members: members[0])


def candidates(
    items: Sequence[RequestItem],
    threshold: float = DEFAULT_THRESHOLD,
    min_applicants: int = DEFAULT_MIN_APPLICANTS,
) -> list[CandidateGroup]:
    """The groups worth reviewing, most applicants first."""
    found = []
    for members in cluster([item.description for item in items], threshold):
        group = tuple(items[i] for i in members)
        concluded = [item.outcome for item in group if item.outcome]
        if concluded and all(outcome == ALREADY_PUBLIC for outcome in concluded):
            continue  # already proactively public: nothing to move
        applicants = len({item.applicant for item in group})
        disclosed = sum(item.outcome in DISCLOSED for item in group)
        reasons = []
        if applicants >= min_applicants:
            reasons.append(f"{applicants}个申请人申请相同或相近信息（条例第四十四条第一款）")
        if disclosed:
            reasons.append(f"已依申请公开{disclosed}件（条例第四十四条第二款）")
        if reasons:
            found.append(
                CandidateGroup(_representative(group), group, applicants, disclosed, tuple(reasons))
            )
    return sorted(found, key=lambda g: (-g.applicants, -g.disclosed, g.items[0].received_on))


def _representative(group: tuple[RequestItem, ...]) -> str:
    counted = Counter(item.description.strip() for item in group)
    return min(counted, key=lambda text: (-counted[text], len(text), text))
