"""Issue 15 on a real PostgreSQL: each clerk connects with their own login, which decides who
acts; row-level security keeps each login to its agencies' rows, reads and writes alike."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.support.deployment import Deployment, make_deployment, register_args, shown
from tests.support.postgres import PostgresServer, libpq_url

pytestmark = pytest.mark.postgres


@pytest.fixture
def deployment(
    postgres_server: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Deployment]:
    monkeypatch.delenv("CASEWORK_IDENTITY")  # the default on PostgreSQL: the database login
    yield make_deployment(postgres_server, tmp_path, f"{os.getpid()}_{tmp_path.name[-6:]}")


def register(deployment: Deployment, code: str, agency: str = "demo") -> str:
    result = deployment.run(code, *register_args(agency=agency))
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def test_the_database_login_is_the_acting_user_and_two_clerks_share_their_agencys_cases(
    deployment: Deployment,
) -> None:
    number = register(deployment, "zhangsan")
    # A colleague of the same agency, on their own login, sees and continues the case.
    consulted = deployment.run(
        "zhaoliu", "consult", number, "--party", "示例市财政局", "--party-kind", "agency"
    )
    assert consulted.exit_code == 0, consulted.output
    events = shown(deployment.run("zhaoliu", "history", number, "--json"))["events"]
    assert [(e["action"], e["actor"], e["identity"]) for e in events] == [
        ("register", "zhangsan", "database"),
        ("consult", "zhaoliu", "database"),
    ]
    text = deployment.run("zhangsan", "history", number).output
    assert "声明身份" not in text


def test_a_clerk_cannot_act_under_another_name_on_their_login(deployment: Deployment) -> None:
    number = register(deployment, "zhangsan")
    spoofed = deployment.run("zhangsan", "--user", "wangwu", "approve", number)
    assert spoofed.exit_code == 1
    login = deployment.login("zhangsan")
    assert f"身份取自数据库登录「{login}」（用户「zhangsan」），不能以「wangwu」的名义办理" in (
        spoofed.output
    )
    by_env = deployment.run("zhangsan", "show", number, env={"CASEWORK_USER": "lisi"})
    assert by_env.exit_code == 1 and "不能以「lisi」的名义办理" in by_env.output
    # Naming oneself (by code or by login) is allowed.
    assert deployment.run("zhangsan", "--user", "zhangsan", "show", number).exit_code == 0
    assert deployment.run("zhangsan", "--user", login, "show", number).exit_code == 0


def test_four_eyes_compare_logins_and_only_the_head_grants_an_extension(
    deployment: Deployment,
) -> None:
    number = register(deployment, "zhangsan")
    asked = deployment.run("zhangsan", "extend", number, "--days", "10", "--reason", "调取档案")
    assert asked.exit_code == 0 and "approve-extension" in asked.output
    refused = deployment.run("zhangsan", "approve-extension", number)
    assert refused.exit_code == 1 and "须由政府信息公开工作机构负责人办理" in refused.output
    granted = deployment.run("wangwu", "approve-extension", number, "--json")
    event = shown(granted)["event"]
    assert (event["actor"], event["identity"], event["data"]["approved_by"]) == (
        "wangwu",
        "database",
        "wangwu",
    )
    facts = ["--outcome", "disclose", "--facts", "可以公开", "--access", "随本答复书提供"]
    assert deployment.run("zhangsan", "draft", number, *facts).exit_code == 0
    clerk_issue = deployment.run("zhangsan", "issue", number)
    assert clerk_issue.exit_code == 1 and "须由" in clerk_issue.output
    own = deployment.run("zhangsan", "approve", number)
    assert own.exit_code == 1 and "须由" in own.output
    approved = deployment.run("lisi", "approve", number, "--json")
    assert shown(approved)["event"]["actor"] == "lisi"
    assert deployment.run("lisi", "issue", number).exit_code == 0


def test_row_level_security_hides_another_agencys_rows_for_reads_and_writes(
    deployment: Deployment,
) -> None:
    demo_case = register(deployment, "zhangsan")
    tj_case = register(deployment, "qianqi", agency="tj")
    listed = deployment.run("qianqi", "list", "--all-agencies", "--json")
    assert listed.exit_code == 0, listed.output
    assert [(c["number"], c["agency"]) for c in json.loads(listed.output)] == [(tj_case, "tj")]
    hidden = deployment.run("qianqi", "show", demo_case, "--agency", "demo")
    assert hidden.exit_code == 1 and "错误：" in hidden.output
    # The same seen from the tj clerk's login directly: demo's rows do not exist for it.
    tj_login = deployment.login("qianqi")
    counted = ("events", "documents", "applicants", "document_blobs")
    for table in ("cases", *counted, "number_sequences"):
        agencies = deployment.sql(
            tj_login,
            f"SELECT count(*) FROM {table}"
            if table in counted
            else f"SELECT DISTINCT agency FROM {table}",
        )
        assert agencies in ([(1,)], [("tj",)]), (table, agencies)
    owner_counts = deployment.sql("postgres", "SELECT count(*) FROM cases")
    assert owner_counts == [(2,)]
    # Writing into the other agency's case is refused by the database itself: an update
    # finds no row, a new journal entry fails the policy's check.
    [(demo_id,)] = deployment.sql("postgres", "SELECT id FROM cases WHERE agency = 'demo'")
    assert deployment.execute(tj_login, f"UPDATE cases SET state = 'x' WHERE id = {demo_id}") == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        deployment.execute(
            tj_login,
            "INSERT INTO events (case_id, seq, action, actor, recorded_at, effective_on, "
            f"state_after, data) VALUES ({demo_id}, 99, 'x', 'qianqi', now(), current_date, "
            "'registered', '{}')",
        )
    assert shown(deployment.run("zhangsan", "show", demo_case, "--json"))["state"] == "registered"


def test_a_pg_dump_backup_restores_into_a_working_database(
    deployment: Deployment, postgres_server: PostgresServer, tmp_path: Path
) -> None:
    # docs/deploy.md, "Backups": the same commands, with the suite's server binaries.
    number = register(deployment, "zhangsan")
    backup = tmp_path / "casework.dump"
    owner_url = libpq_url(deployment.url("postgres"))
    tools = postgres_server.bin_dir
    subprocess.run(
        [str(tools / "pg_dump"), "--format=custom", "--file", str(backup), owner_url],
        check=True,
        capture_output=True,
    )
    restored = f"restored_{deployment.suffix}"
    postgres_server.make_database(restored)
    restored_url = owner_url.rsplit("/", 1)[0] + f"/{restored}"
    subprocess.run(
        [str(tools / "pg_restore"), "--exit-on-error", "--dbname", restored_url, str(backup)],
        check=True,
        capture_output=True,
    )
    # The clerk's machine pointed at the restored database: the case, its journal and the
    # row-level security came back.
    deployment.database = restored
    home = deployment.home("zhangsan")
    config = home / "config.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(f"/deploy_{deployment.suffix}", f"/{restored}"), "utf-8")
    events = shown(deployment.run("zhangsan", "history", number, "--json"))["events"]
    assert [(e["action"], e["actor"], e["identity"]) for e in events] == [
        ("register", "zhangsan", "database")
    ]
    assert deployment.sql(deployment.login("qianqi"), "SELECT count(*) FROM cases") == [(0,)]
    assert deployment.sql(deployment.login("zhaoliu"), "SELECT count(*) FROM cases") == [(1,)]
