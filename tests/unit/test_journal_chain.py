"""The journal's hash chain (issue 17; casework.domain.case.chain): the canonical form is
pinned, and each way of tampering with a chain of events is named at the right seq."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from casework.domain.case.chain import (
    Anchor,
    ChainLink,
    canonical_json,
    chain_breaks,
    heads_digest,
    plain_json,
    seal,
    seal_anchor,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def link(seq: int, action: str = "draft", **changes: object) -> ChainLink:
    base = ChainLink(
        agency="demo",
        case_number="2026-0001",
        seq=seq,
        action=action,
        actor="zhangsan",
        recorded_at=datetime(2026, 4, seq, 9, 30, tzinfo=SHANGHAI),
        effective_on=date(2026, 4, seq),
        state_before="registered",
        state_after="reviewing",
        data={"outcome": "not_held", "documents": [{"kind": "答复书", "sha256": "ab" * 32}]},
        prev_hash=None,
        event_hash=None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def chain(count: int) -> list[ChainLink]:
    links: list[ChainLink] = []
    for seq in range(1, count + 1):
        prev = links[-1].event_hash if links else None
        unsealed = link(seq, prev_hash=prev)
        links.append(replace(unsealed, event_hash=seal(unsealed)))
    return links


def test_the_canonical_form_sorts_keys_keeps_chinese_and_reads_tuples_as_lists() -> None:
    assert canonical_json({"b": ("审签", 1), "a": None}) == '{"a":null,"b":["审签",1]}'
    # Data is sealed as the JSON column reads it back: keys are strings, sorted as strings.
    assert plain_json({10: "x", 9: ("y",)}) == {"10": "x", "9": ["y"]}
    assert canonical_json(plain_json({10: "x", 9: "y"})) == '{"10":"x","9":"y"}'


def test_the_seal_of_a_known_event_is_pinned() -> None:
    # Changing the canonical form changes every stored hash: it needs a re-chaining migration.
    written_out = (
        '{"action":"draft","actor":"zhangsan","agency":"demo","case":"2026-0001",'
        '"data":{"documents":[{"kind":"答复书","sha256":"' + "ab" * 32 + '"}],'
        '"outcome":"not_held"},"effective_on":"2026-04-01","format":1,"prev_hash":null,'
        '"recorded_at":"2026-04-01T01:30:00.000000+00:00","seq":1,'
        '"state_after":"reviewing","state_before":"registered"}'
    )
    assert seal(link(1)) == hashlib.sha256(written_out.encode("utf-8")).hexdigest()


def test_the_same_moment_in_another_time_zone_seals_alike() -> None:
    moment = datetime(2026, 4, 1, 9, 30, tzinfo=SHANGHAI)
    assert seal(link(1, recorded_at=moment)) == seal(link(1, recorded_at=moment.astimezone(UTC)))


def test_an_intact_chain_has_no_break() -> None:
    assert chain_breaks(chain(5)) == []


def test_an_edited_event_breaks_at_its_own_seq() -> None:
    links = chain(5)
    links[2] = replace(links[2], actor="wangwu", effective_on=date(2026, 4, 27))
    found = chain_breaks(links)
    assert [(b.case_number, b.seq) for b in found] == [("2026-0001", 3)]
    assert found[0].problem.startswith("内容与哈希不符：记录的哈希为 ")


def test_a_deleted_event_is_a_gap_and_a_broken_link() -> None:
    links = chain(5)
    del links[1]
    found = chain_breaks(links)
    assert [b.seq for b in found] == [3, 3]
    assert "缺少第 2 条" in found[0].problem and "前序哈希不符" in found[1].problem


def test_an_event_slipped_in_and_a_swap_are_found() -> None:
    links = chain(4)
    forged = link(3, action="extend", prev_hash=links[1].event_hash)
    forged = replace(forged, event_hash=seal(forged))
    moved = [replace(event, seq=event.seq + 1) for event in links[2:]]
    assert {b.seq for b in chain_breaks([*links[:2], forged, *moved])} == {4, 5}
    swapped = [links[0], replace(links[2], seq=2), replace(links[1], seq=3), links[3]]
    assert {b.seq for b in chain_breaks(swapped)} == {2, 3, 4}


def test_an_event_without_a_hash_is_named() -> None:
    links = chain(2)
    links.append(link(3, prev_hash=links[1].event_hash))
    assert [b.problem for b in chain_breaks(links)] == [
        "本条没有哈希（未纳入哈希链，可能是绕过系统写入的）"
    ]


def test_an_anchor_binds_its_heads_and_its_predecessor() -> None:
    heads = [("2026-0002", 4, "cd" * 32), ("2026-0001", 6, "ab" * 32)]
    assert heads_digest(heads) == heads_digest(list(reversed(heads)))
    first = Anchor(
        "demo", 1, date(2026, 6, 30), datetime(2026, 6, 30, 8, 30, tzinfo=SHANGHAI), "system",
        2, heads_digest(heads), None,
    )  # fmt: skip
    assert seal_anchor(first) != seal_anchor(replace(first, prev_hash="ef" * 32))
    assert seal_anchor(first) != seal_anchor(replace(first, heads_hash=heads_digest(heads[:1])))
