"""Issue 17, integrity: ``casework verify`` finds every kind of tampering with the journal and
the letters, each break named by case, seq and what differs, with exit status 2.  The journal
is changed the way an administrator with database access would: drop the append-only trigger,
change the rows, restore the trigger.  On SQLite and PostgreSQL; today is 2026-06-30."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from casework.adapters.database import make_engine
from tests.conftest import CliInvoke, write_home
from tests.e2e.test_cli_workflow_paths import new_case, run

__all__ = ["run"]  # the fixture, imported for pytest

BROKEN = 2


@pytest.fixture
def home(tmp_path: Path, database_url: str) -> Path:
    return write_home(tmp_path / "home", database_url)


@pytest.fixture
def db(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def tamper(db: Engine, *statements: str) -> None:
    """Run ``statements`` on the journal with its append-only trigger dropped, then restore it."""
    sqlite = db.dialect.name == "sqlite"
    with db.begin() as connection:
        if sqlite:
            connection.execute(text("DROP TRIGGER events_no_update"))
            connection.execute(text("DROP TRIGGER events_no_delete"))
        else:
            connection.execute(text("DROP TRIGGER events_append_only ON events"))
        for statement in statements:
            connection.execute(text(statement))
        if sqlite:
            for verb in ("UPDATE", "DELETE"):
                connection.execute(
                    text(
                        f"CREATE TRIGGER events_no_{verb.lower()} BEFORE {verb} ON events "
                        "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
                    )
                )
        else:
            connection.execute(
                text(
                    "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
                    "FOR EACH ROW EXECUTE FUNCTION casework_events_append_only()"
                )
            )


def archived_case(run: CliInvoke) -> str:
    """A reply drafted by 张三, approved by 李四 on 04-21, issued, delivered and archived."""
    number = new_case(run)
    run(
        "draft", number, "--outcome", "not_held", "--facts", "经检索，本机关未制作该信息",
        "--search-process", "检索了本机关2025年收文、发文登记簿中的文件，关键词“绿化”", "--on", "2026-04-20",
    )  # fmt: skip
    run("approve", number, "--on", "2026-04-21", user="lisi")
    run("issue", number, "--on", "2026-04-28", user="lisi")  # 签发 by a reviewer (issue 15)
    run(
        "deliver", number, "--method", "post", "--tracking", "EMS1234567890CN", "--on", "2026-04-28"
    )
    run("archive", number, "--on", "2026-04-30")
    return number


def drafted_case(run: CliInvoke, received_on: str) -> str:
    """register (1), request-correction (2), receive-correction (3), draft (4)."""
    number = new_case(run, received_on=received_on)
    run("request-correction", number, "--items", "请写明文件名称", "--on", "2026-04-07")
    run("receive-correction", number, "--on", "2026-04-09", "--description", "2025年度绿化养护合同")
    run(
        "draft", number, "--outcome", "not_held", "--facts", "经检索，本机关未制作该信息",
        "--search-process", "检索了收文登记簿", "--on", "2026-04-20",
    )  # fmt: skip
    return number


def case_id(db: Engine, number: str) -> int:
    with db.connect() as connection:
        found = connection.execute(text("SELECT id FROM cases WHERE number = :n"), {"n": number})
        return int(found.scalar_one())


def verified(run: CliInvoke, *args: str) -> tuple[int, dict[str, Any]]:
    result = run("verify", *args, "--json", ok=False)
    return result.exit_code, json.loads(result.output)


BUNDLE = "归档包："  # a break found in an archive bundle (its own checks, issue 17)


def breaks_at(
    report: dict[str, Any], number: str, *, bundles: bool = False
) -> list[tuple[int | None, str]]:
    """The case's breaks: of the chain and documents, or (``bundles``) of its archive bundles."""
    return [
        (b["seq"], b["problem"])
        for b in report["breaks"]
        if b["case"] == number and b["problem"].startswith(BUNDLE) == bundles
    ]


def test_an_untouched_file_verifies_intact(run: CliInvoke) -> None:
    archived = archived_case(run)
    drafted_case(run, "2026-04-02")
    status, report = verified(run, "--all")
    assert status == 0, report
    assert (report["intact"], report["cases"], report["events"]) == (True, 2, 10)
    assert report["documents"] >= 4  # 登记回执 ×2, 补正告知书, 答复书, 送达回证 …
    assert "完好" in run("verify", archived).output


def test_every_kind_of_journal_entry_is_sealed_as_it_reads_back(run: CliInvoke) -> None:
    """Corrections, hand-offs, extensions, remedies, a reopening, voids and withdrawals all go
    through the one journal port: their chains verify intact."""
    extended = new_case(run)
    run("amend", extended, "--applicant", "张三丰", "--reason", "姓名录入错误")
    run("assign", extended, "--to", "lisi", "--note", "涉及财务数据")
    run(
        "extend", extended, "--days", "20", "--reason", "需调取档案", "--on", "2026-04-28",
        user="wangwu",  # the head grants it under their own identity (issue 15)
    )  # fmt: skip
    run("void", new_case(run, received_on="2026-04-02"), "--reason", "重复登记")
    run("withdraw", new_case(run, received_on="2026-04-03"), "--reason", "申请人书面撤回",
        "--on", "2026-04-09", "--how", "written")  # fmt: skip
    archived = archived_case(run)
    run(
        "remedy", archived, "--kind", "reconsideration", "--filed-on", "2026-05-06",
        "--organ", "示例市人民政府", "--result", "corrected", "--decided-on", "2026-06-20",
        "--reopen", "--reply-days", "15", "--decision-number", "示政复决〔2026〕8号",
    )  # fmt: skip
    status, report = verified(run, "--all")
    assert status == 0, report
    # 4 + 2 + 2 + 7 events: the remedy and its reopening (重新答复) are one entry
    assert (report["cases"], report["events"]) == (4, 15)


def test_an_approval_rewritten_behind_the_trigger_is_found(run: CliInvoke, db: Engine) -> None:
    number = archived_case(run)
    assert run("verify", number).exit_code == 0
    # The approver and the date of the archived case's approval, changed in the journal.
    tamper(
        db,
        "UPDATE events SET actor = 'wangwu', effective_on = '2026-04-27' "
        f"WHERE case_id = {case_id(db, number)} AND action = 'approve'",
    )
    result = run("verify", number, ok=False)
    assert result.exit_code == BROKEN
    assert f"案件 {number} 第 3 条日志：内容与哈希不符" in result.output
    status, report = verified(run, number)
    assert status == BROKEN
    assert [seq for seq, _ in breaks_at(report, number)] == [3]
    # The trigger is back: the journal refuses changes again.
    with pytest.raises(Exception, match="append-only"), db.begin() as connection:
        connection.execute(text("UPDATE events SET actor = 'x'"))


def test_a_deleted_an_inserted_and_a_reordered_event_are_each_found(
    run: CliInvoke, db: Engine
) -> None:
    deleted, inserted, reordered = (drafted_case(run, f"2026-04-0{day}") for day in (1, 2, 3))
    untouched = drafted_case(run, "2026-04-07")
    gone, added, swapped = (case_id(db, n) for n in (deleted, inserted, reordered))
    tamper(
        db,
        # the correction request disappears
        f"DELETE FROM events WHERE case_id = {gone} AND seq = 2",
        # an event slipped in before the draft: the draft moves to seq 5
        f"UPDATE events SET seq = 5 WHERE case_id = {added} AND seq = 4",
        "INSERT INTO events (case_id, seq, action, actor, recorded_at, effective_on, "
        "state_before, state_after, data) SELECT case_id, 4, 'extend', 'zhangsan', "
        "recorded_at, effective_on, 'registered', 'registered', data FROM events "
        f"WHERE case_id = {added} AND seq = 3",
        # the correction's request and receipt swap places
        f"UPDATE events SET seq = 99 WHERE case_id = {swapped} AND seq = 2",
        f"UPDATE events SET seq = 2 WHERE case_id = {swapped} AND seq = 3",
        f"UPDATE events SET seq = 3 WHERE case_id = {swapped} AND seq = 99",
    )
    status, report = verified(run, "--all")
    assert status == BROKEN
    assert breaks_at(report, untouched) == []

    problems = breaks_at(report, deleted)
    assert problems[0][0] == 3 and "缺少第 2 条" in problems[0][1]
    assert any("前序哈希不符" in problem for seq, problem in problems if seq == 3)

    problems = breaks_at(report, inserted)
    assert (4, "本条没有哈希（未纳入哈希链，可能是绕过系统写入的）") in problems
    assert any(seq == 5 and "内容与哈希不符" in problem for seq, problem in problems)

    problems = breaks_at(report, reordered)
    assert {seq for seq, _ in problems} == {2, 3, 4}
    assert all("前序哈希不符" in p or "内容与哈希不符" in p for _, p in problems)


def test_an_edited_or_missing_letter_is_found(run: CliInvoke, db: Engine) -> None:
    number = archived_case(run)
    letters = json.loads(run("docs", number, "--json").output)
    assert len(letters) >= 3
    edited, removed = letters[0], letters[1]
    # Behind the engine's back, in the document store itself (revision 0010).
    with db.begin() as connection:
        connection.execute(
            text("UPDATE document_blobs SET content = :data WHERE sha256 = :key"),
            {"data": b"tampered", "key": edited["sha256"]},
        )
        connection.execute(
            text("DELETE FROM document_blobs WHERE sha256 = :key"), {"key": removed["sha256"]}
        )
    result = run("verify", number, ok=False)
    assert result.exit_code == BROKEN
    found = [line for line in result.output.splitlines() if line.startswith("  ")]
    lines = [line for line in found if BUNDLE not in line]
    assert len(lines) == 2
    assert any("sha256 不符" in line and edited["path"] in line for line in lines)
    assert any("文书库中没有其内容" in line and removed["path"] in line for line in lines)
    # The archive bundle holds the same letters: its own check finds them changed too.
    assert any(BUNDLE in line for line in found)


def test_a_chain_rewritten_end_to_end_after_its_anchor_is_found(
    run: CliInvoke, db: Engine, database_url: str
) -> None:
    number = archived_case(run)
    anchored = json.loads(run("journal", "anchor", "--agency", "demo", "--json").output)
    assert anchored[0]["cases"] == 1 and anchored[0]["created"]
    again = json.loads(run("journal", "anchor", "--agency", "demo", "--json").output)
    assert again[0]["created"] is False and again[0]["anchor_hash"] == anchored[0]["anchor_hash"]
    # Rewrite the approval and re-seal every event from there: the chain itself is whole.
    identifier = case_id(db, number)
    tamper(db, f"UPDATE events SET actor = 'wangwu' WHERE case_id = {identifier} AND seq = 3")
    _reseal(db, identifier)
    status, report = verified(run, number)
    assert status == BROKEN
    assert breaks_at(report, number) == [
        (6, f"与 2026-06-30 第 1 次锚定不符：锚定的哈希为 {_anchored(db, identifier)[:12]}，"
            f"现为 {_head(db, identifier)[:12]}（该条或其之前的日志被改写）")
    ]  # fmt: skip
    # The archive bundle, sealed with the old head, says so too.
    assert (6, f"{BUNDLE}归档（第 6 条日志）之前的办理日志已被改动") in breaks_at(
        report, number, bundles=True
    )


def _anchored(db: Engine, identifier: int) -> str:
    with db.connect() as connection:
        query = text("SELECT event_hash FROM anchor_heads WHERE case_id = :c")
        return str(connection.execute(query, {"c": identifier}).scalar_one())


def _head(db: Engine, identifier: int) -> str:
    with db.connect() as connection:
        query = text("SELECT event_hash FROM events WHERE case_id = :c AND seq = 6")
        return str(connection.execute(query, {"c": identifier}).scalar_one())


def _reseal(db: Engine, identifier: int) -> None:
    """What a careful forger does: recompute every hash of the case with the public rule."""
    from casework.adapters.repository import SqlUnitOfWork
    from casework.domain.case.chain import seal
    from casework.domain.case.records import Case, CaseEvent, chain_link

    with SqlUnitOfWork(db) as uow:
        case = uow.session.get(Case, identifier)
        assert case is not None
        chain = uow.events.for_case(identifier)
        previous = None
        updates: list[tuple[int, str | None, str]] = []
        for event in chain:
            event.prev_hash = previous
            previous = seal(chain_link(event, case.agency, case.number))
            updates.append((event.seq, event.prev_hash, previous))
        uow.session.expunge_all()
    assert isinstance(chain[0], CaseEvent)
    tamper(
        db,
        *(
            f"UPDATE events SET prev_hash = {_literal(prev)}, event_hash = '{digest}' "
            f"WHERE case_id = {identifier} AND seq = {seq}"
            for seq, prev, digest in updates
        ),
    )


def _literal(value: str | None) -> str:
    return "NULL" if value is None else f"'{value}'"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["verify"], "请指定一个案件编号，或用 --all 核验全部案件"),
        (["verify", "2026-0001", "--all"], "请指定一个案件编号，或用 --all 核验全部案件"),
        (["verify", "2026-0099"], "2026-0099"),
        (["verify", "--all", "--agency", "nowhere"], "nowhere"),
        (["journal", "anchor", "--agency", "nowhere"], "nowhere"),
        (["journal", "anchor", "--on", "2026-13-01"], "--on"),
    ],
)
def test_bad_input_to_verify_and_anchor_is_refused_and_writes_nothing(
    run: CliInvoke, db: Engine, args: list[str], message: str
) -> None:
    new_case(run)
    result = run(*args, ok=False)
    assert result.exit_code == 1, result.output
    assert "错误" in result.output and message in result.output
    with db.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM agency_anchors")).scalar_one() == 0
