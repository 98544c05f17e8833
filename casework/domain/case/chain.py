"""The hash chain of a case's journal, and the checks that find a break in it.

Reg. art. 45 and seed 002 ask for a complete case file (登记、审核、办理、答复、送达、归档); the
file is only worth its name when a change made behind the engine's back shows.  Each journal
event is sealed with ``event_hash`` = sha256 of the canonical JSON of its content (agency, case
number, seq, action, actor, timestamps, states, data) together with the previous event's hash
(``prev_hash``), so an edited, deleted, inserted or re-ordered event breaks the chain from that
point.  Canonical JSON: keys sorted, no whitespace, UTF-8 characters as they are, timestamps as
UTC ISO strings with microseconds.  Changing this form invalidates every stored hash: it needs
a migration that re-chains the journal.  Pure: no storage, no clock.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

CHAIN_FORMAT = 1  # part of every hashed content; a new canonical form is a new number


@dataclass(frozen=True)
class ChainLink:
    """One stored journal event as the verifier reads it: its content and both hashes."""

    agency: str
    case_number: str
    seq: int
    action: str
    actor: str
    recorded_at: datetime
    effective_on: date
    state_before: str | None
    state_after: str
    data: Any
    prev_hash: str | None
    event_hash: str | None
    # How the actor was known (issue 15: database, os, declared, system); sealed when set, so
    # a changed identity breaks the chain like a changed actor.
    identity: str | None = None


@dataclass(frozen=True)
class ChainBreak:
    """One place where the journal differs from what was sealed.

    ``problem`` says in Chinese what differs; ``seq`` is the event it was found at (None for a
    break that belongs to the case or agency as a whole)."""

    agency: str
    case_number: str | None
    seq: int | None
    problem: str


def plain_json(value: Any) -> Any:
    """``value`` as the JSON column reads it back (tuples as lists, keys as strings): the form
    an event's data must have before it is sealed."""
    return json.loads(json.dumps(value, ensure_ascii=False))


def canonical_json(value: Any) -> str:
    """The one text form that is hashed: sorted keys, no spaces, characters as they are.
    ``value`` is plain JSON data (``plain_json``), as read from the database."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def utc_stamp(moment: datetime) -> str:
    """A timestamp as it is hashed: UTC, microseconds, ISO 8601."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def event_content(link: ChainLink) -> dict[str, Any]:
    """The sealed fields of one event (everything but its own hash)."""
    content: dict[str, Any] = {
        "format": CHAIN_FORMAT,
        "agency": link.agency,
        "case": link.case_number,
        "seq": link.seq,
        "action": link.action,
        "actor": link.actor,
        "recorded_at": utc_stamp(link.recorded_at),
        "effective_on": link.effective_on.isoformat(),
        "state_before": link.state_before,
        "state_after": link.state_after,
        "data": link.data,
        "prev_hash": link.prev_hash,
    }
    if link.identity is not None:  # events written before revision 0011 have none
        content["identity"] = link.identity
    return content


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal(link: ChainLink) -> str:
    """The hash an event with this content and this predecessor carries."""
    return sha256_text(canonical_json(event_content(link)))


def short(digest: str | None) -> str:
    """The first 12 hex digits of a hash, enough for a clerk to compare; 「空」 for none."""
    return digest[:12] if digest else "空"


def chain_breaks(links: Sequence[ChainLink]) -> list[ChainBreak]:
    """Every break in one case's journal, ``links`` ordered by seq.

    The first event has no predecessor; each later one must name the previous one's stored
    hash, carry the next seq, and hash to what it stores."""
    found: list[ChainBreak] = []
    previous: ChainLink | None = None
    for link in links:
        found.extend(_link_breaks(link, previous))
        previous = link
    return found


def _link_breaks(link: ChainLink, previous: ChainLink | None) -> Iterable[ChainBreak]:
    def broken(problem: str) -> ChainBreak:
        return ChainBreak(link.agency, link.case_number, link.seq, problem)

    expected_seq = 1 if previous is None else previous.seq + 1
    if link.seq > expected_seq:
        missing = (
            f"第 {expected_seq} 条"
            if link.seq == expected_seq + 1
            else (f"第 {expected_seq}–{link.seq - 1} 条")
        )
        yield broken(f"序号不连续：缺少{missing}（日志条目被删除或序号被改动）")
    expected_prev = None if previous is None else previous.event_hash
    if link.prev_hash != expected_prev:
        yield broken(
            f"前序哈希不符：本条记录的前一条哈希为 {short(link.prev_hash)}，"
            f"实际前一条的哈希为 {short(expected_prev)}（条目被删除、插入或调换了顺序）"
        )
    if link.event_hash is None:
        yield broken("本条没有哈希（未纳入哈希链，可能是绕过系统写入的）")
        return
    recomputed = seal(link)
    if recomputed != link.event_hash:
        yield broken(
            f"内容与哈希不符：记录的哈希为 {short(link.event_hash)}，按现有内容重算为 "
            f"{short(recomputed)}（操作人、日期、状态或数据已被改动）"
        )


def heads_digest(heads: Iterable[tuple[str, int, str]]) -> str:
    """The digest of an agency's anchored case heads: (case number, seq, event hash) each."""
    rows = sorted([number, seq, digest] for number, seq, digest in heads)
    return sha256_text(canonical_json(rows))


@dataclass(frozen=True)
class Anchor:
    """One daily anchor in an agency's journal: the heads of the chains that moved since the
    previous anchor, bound to that anchor by its hash."""

    agency: str
    seq: int
    anchored_on: date
    recorded_at: datetime
    actor: str
    cases: int
    heads_hash: str
    prev_hash: str | None
    anchor_hash: str | None = None


def seal_anchor(anchor: Anchor) -> str:
    """The hash an anchor with this content and this predecessor carries."""
    content = {
        "format": CHAIN_FORMAT,
        "agency": anchor.agency,
        "seq": anchor.seq,
        "anchored_on": anchor.anchored_on.isoformat(),
        "recorded_at": utc_stamp(anchor.recorded_at),
        "actor": anchor.actor,
        "cases": anchor.cases,
        "heads_hash": anchor.heads_hash,
        "prev_hash": anchor.prev_hash,
    }
    return sha256_text(canonical_json(content))
