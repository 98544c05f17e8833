"""The staff API under row security on a real PostgreSQL (issues 15 and 19): the server has one
login, so each request sees only its token user's agencies, as that person's own login would;
and no clerk's login can mint a token."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from starlette.testclient import TestClient

from tests.support.deployment import NOW, Deployment, make_deployment, register_args
from tests.support.postgres import PostgresServer

pytestmark = pytest.mark.postgres
DECLARED = {"CASEWORK_IDENTITY": "declared", "CASEWORK_USER": "zhangsan"}


@pytest.fixture
def deployment(
    postgres_server: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Deployment]:
    monkeypatch.delenv("CASEWORK_IDENTITY")  # the clerks' homes: their database logins
    yield make_deployment(postgres_server, tmp_path, f"{os.getpid()}_{tmp_path.name[-6:]}")


@pytest.fixture
def client(deployment: Deployment, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """``casework serve`` from the owner's home (docs/deploy.md §8), not subject to RLS."""
    from casework.bootstrap import bootstrap
    from casework.entrypoints.http.app import create_app

    monkeypatch.setenv("CASEWORK_NOW", NOW)
    app = bootstrap(deployment.home(None), "zhangsan")
    with TestClient(create_app(app)) as test_client:
        yield test_client
    app.close()


def token(deployment: Deployment, user: str) -> dict[str, str]:
    """A token made from the owner's home, as the administrator makes them."""
    made = deployment.run(None, "token", "create", user, env=DECLARED)
    assert made.exit_code == 0, made.output
    return {"Authorization": f"Bearer {made.stdout.strip().splitlines()[-1]}"}


def register(deployment: Deployment, code: str, agency: str) -> str:
    result = deployment.run(code, *register_args(agency=agency))
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def test_a_token_of_one_agency_neither_reads_nor_writes_another_agencys_case(
    deployment: Deployment, client: TestClient
) -> None:
    demo_case = register(deployment, "zhangsan", "demo")
    tj_case = register(deployment, "qianqi", "tj")
    tj_clerk, demo_clerk = token(deployment, "qianqi"), token(deployment, "zhangsan")
    hidden = client.get(f"/api/v1/cases/{demo_case}", params={"agency": "demo"}, headers=tj_clerk)
    assert (hidden.status_code, hidden.json()["error"]["code"]) == (404, "not_found")
    history = f"/api/v1/cases/{demo_case}/history"
    assert client.get(history, params={"agency": "demo"}, headers=tj_clerk).status_code == 404
    etag = client.get(f"/api/v1/cases/{demo_case}", headers=demo_clerk).headers["ETag"]
    written = client.post(
        f"/api/v1/cases/{demo_case}/void",
        params={"agency": "demo"},
        json={"reason": "重复登记"},
        headers={**tj_clerk, "If-Match": etag},
    )
    assert (written.status_code, written.json()["error"]["code"]) == (404, "not_found")
    listed = client.get("/api/v1/cases", params={"all_agencies": "true"}, headers=tj_clerk)
    assert [(c["number"], c["agency"]) for c in listed.json()] == [(tj_case, "tj")]
    assert listed.headers["X-Total-Count"] == "1"
    other = client.get("/api/v1/cases", params={"agency": "demo"}, headers=tj_clerk)
    assert (other.status_code, other.json()) == (200, [])
    # The demo clerk still sees and keeps the demo case, untouched by the refused write.
    own = client.get(f"/api/v1/cases/{demo_case}", params={"agency": "demo"}, headers=demo_clerk)
    assert (own.json()["agency"], own.json()["state"]) == ("demo", "registered")


def test_a_clerks_database_login_cannot_insert_or_change_api_tokens(
    deployment: Deployment,
) -> None:
    token(deployment, "zhangsan")
    login = deployment.login("zhangsan")
    assert deployment.sql(login, "SELECT count(*) FROM api_tokens") == [(1,)]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        deployment.execute(
            login,
            'INSERT INTO api_tokens (token_sha256, prefix, "user", created_by, created_at, '
            f"expires_at) VALUES ('{'0' * 64}', 'cw_x', 'wangwu', 'zhangsan', now(), "
            "now() + interval '1 day')",
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        deployment.execute(login, "UPDATE api_tokens SET \"user\" = 'wangwu'")
    # So the clerk's own `casework token create` is refused, saying tokens are the
    # administrator's to make (from the owner's home), not to run `db grant`.
    refused = deployment.run("zhangsan", "token", "create", "zhangsan")
    assert refused.exit_code == 1
    assert "业务接口访问令牌只能由管理员以数据库所有者的登录创建和修改（表 api_tokens）" in (
        refused.output
    )
    assert "db grant" not in refused.output
    assert deployment.sql("postgres", 'SELECT "user" FROM api_tokens') == [("zhangsan",)]
