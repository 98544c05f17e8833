"""The office's reads over the staff API (issue 19) — alerts, todo, search, calendar, the
annual report, the 台账, statistics, the lapse run — and the paged case list: each the same JSON
as its command's --json; a token user sees only their agencies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.conftest import CliInvoke, write_home
from tests.support.staff_api import NOW, act, bearer, register, staff_client

# A clerk of the statistics bureau only (``[users.X] agencies``).
TJ_CLERK = '\n[users.qianqi]\nname = "钱七"\nroles = ["clerk"]\nagencies = ["tj"]\n'


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return write_home(tmp_path / "home", extra=TJ_CLERK)


@pytest.fixture
def client(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("CASEWORK_NOW", NOW)
    with staff_client(home) as test_client:
        yield test_client


@pytest.fixture
def auth(cli: CliInvoke) -> dict[str, str]:
    return bearer(cli("token", "create", "zhangsan"))


def cli_json(cli: CliInvoke, *args: str, user: str = "zhangsan") -> Any:
    result = cli(*args, "--json", user=user)
    assert result.output, result
    return json.loads(result.output)


def test_the_reads_answer_as_the_commands_json(
    client: TestClient, auth: dict[str, str], cli: CliInvoke
) -> None:
    number, _etag = register(client, auth)
    register(client, auth, received_on="2026-10-12", description="2024年度部门决算")

    def same(path: str, params: dict[str, str], *command: str) -> Any:
        answer = client.get(path, params=params, headers=auth)
        assert answer.status_code == 200, answer.text
        assert answer.json() == cli_json(cli, *command)
        return answer.json()

    assert same("/api/v1/alerts", {}, "alerts")
    same(
        "/api/v1/alerts",
        {"on": "2026-12-10", "agency": "demo"},
        "alerts",
        "--on",
        "2026-12-10",
        "--agency",
        "demo",
    )
    todo = same("/api/v1/todo", {}, "todo")
    assert len(todo) == 2 and number in {c["number"] for c in todo}
    same("/api/v1/queue", {}, "queue")
    found = same("/api/v1/search", {"text": "决算"}, "search", "决算")
    assert [c["description"] for c in found] == ["2024年度部门决算"]
    same(
        "/api/v1/search",
        {"applicant": "张三", "from": "2026-11-01", "limit": "5"},
        "search",
        "--applicant",
        "张三",
        "--from",
        "2026-11-01",
        "--limit",
        "5",
    )
    assert same("/api/v1/calendar/2026", {}, "calendar", "show", "2026")["covered"] is True
    same("/api/v1/report/2026", {}, "report", "annual", "--year", "2026")
    same(
        "/api/v1/report/2026",
        {"all_agencies": "true"},
        "report",
        "annual",
        "--year",
        "2026",
        "--all-agencies",
    )
    ledger = same(
        "/api/v1/export",
        {"from": "2026-01-01", "to": "2026-12-31"},
        "export",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
    )
    assert len(ledger) == 2
    same("/api/v1/stats", {"year": "2026"}, "stats", "--year", "2026")
    same("/api/v1/candidates", {"threshold": "0.5"}, "candidates", "--threshold", "0.5")
    refused = client.get("/api/v1/candidates", params={"threshold": "2"}, headers=auth)
    assert (refused.status_code, refused.json()["error"]["field"]) == (422, "threshold")


def test_the_ledger_downloads_as_xlsx_or_csv(client: TestClient, auth: dict[str, str]) -> None:
    register(client, auth)
    period = {"from": "2026-01-01", "to": "2026-12-31"}
    xlsx = client.get("/api/v1/export", params={**period, "format": "xlsx"}, headers=auth)
    assert xlsx.status_code == 200
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert xlsx.content.startswith(b"PK")
    csv = client.get("/api/v1/export", params={**period, "format": "csv"}, headers=auth)
    assert csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert len(csv.content.decode("utf-8-sig").strip().splitlines()) == 2
    assert "filename*=UTF-8''" in csv.headers["content-disposition"]
    missing = client.get("/api/v1/export", params={"from": "2026-01-01"}, headers=auth)
    assert (missing.status_code, missing.json()["error"]["field"]) == (422, "to")
    bad = client.get("/api/v1/export", params={**period, "format": "pdf"}, headers=auth)
    assert (bad.status_code, bad.json()["error"]["field"]) == (422, "format")


def test_a_correction_lapses_over_the_api_as_with_lapse(
    client: TestClient, auth: dict[str, str], cli: CliInvoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    number, etag = register(client, auth)
    asked = act(
        client,
        auth,
        number,
        "request-correction",
        etag,
        missing=["identity", "contact"],
        period="5",
    )
    assert asked.status_code == 200, asked.text
    assert asked.json()["event"]["data"]["period_days"] == 5
    monkeypatch.setenv("CASEWORK_NOW", "2026-12-10T09:00:00+08:00")
    lapsed = client.post("/api/v1/lapses", json={}, headers=auth)
    assert lapsed.status_code == 200, lapsed.text
    assert [(e["case"], e["kind"], e["error"]) for e in lapsed.json()] == [
        (number, "correction", None)
    ]
    assert cli_json(cli, "lapse") == []  # nothing left for the command to do
    assert cli_json(cli, "show", number)["state"] == "reviewing"


def test_the_case_list_is_paged_with_the_lists_filters(
    client: TestClient, auth: dict[str, str], cli: CliInvoke
) -> None:
    numbers = [register(client, auth, received_on=f"2026-11-1{d}")[0] for d in (6, 7, 8)]
    assert client.get("/api/v1/cases", headers=auth).json() == cli_json(cli, "list")
    first = client.get("/api/v1/cases", params={"per_page": "2"}, headers=auth)
    assert [c["number"] for c in first.json()] == numbers[:2]
    assert first.headers["X-Total-Count"] == "3"
    assert first.headers["Link"] == '<http://testserver/api/v1/cases?per_page=2&page=2>; rel="next"'
    second = client.get("/api/v1/cases", params={"per_page": "2", "page": "2"}, headers=auth)
    assert [c["number"] for c in second.json()] == numbers[2:]
    assert second.headers["Link"].endswith('rel="prev"') and "next" not in second.headers["Link"]
    due = client.get("/api/v1/cases", params={"due_within": "30", "sort": "due"}, headers=auth)
    assert due.json() == cli_json(cli, "list", "--due-within", "30", "--sort", "due")
    mine = client.get("/api/v1/cases", params={"handler": "lisi"}, headers=auth)
    assert mine.json() == [] and mine.headers["X-Total-Count"] == "0"
    for params, field in [
        ({"per_page": "0"}, "per_page"),
        ({"page": "x"}, "page"),
        ({"sort": "name"}, "sort"),
        ({"overdue": "maybe"}, "overdue"),
        ({"handler": "nobody"}, "handler"),
        ({"colour": "red"}, "colour"),
        ({"agency": "tj", "all_agencies": "true"}, "agency"),
    ]:
        refused = client.get("/api/v1/cases", params=params, headers=auth)
        assert (refused.status_code, refused.json()["error"]["field"]) == (422, field), params


def test_a_token_user_of_one_agency_sees_only_that_agency(
    client: TestClient, auth: dict[str, str], cli: CliInvoke
) -> None:
    demo_case, etag = register(client, auth)
    tj = bearer(cli("token", "create", "qianqi"))
    tj_case, _tj_etag = register(client, tj, agency="tj")
    hidden = client.get(f"/api/v1/cases/{demo_case}", params={"agency": "demo"}, headers=tj)
    assert hidden.status_code == 404
    written = act(client, tj, demo_case, "void", etag, reason="误登记", agency="demo")
    assert written.status_code == 404
    for path in ("documents", "history", "check", "repeats", "remedies"):
        answer = client.get(
            f"/api/v1/cases/{demo_case}/{path}", params={"agency": "demo"}, headers=tj
        )
        assert answer.status_code == 404, path
    everything = client.get("/api/v1/cases", params={"all_agencies": "1"}, headers=tj).json()
    assert [(c["number"], c["agency"]) for c in everything] == [(tj_case, "tj")]
    assert (
        client.get("/api/v1/report/2026", params={"agency": "demo"}, headers=tj).status_code == 404
    )
    assert client.get("/api/v1/report/2026", params={"agency": "tj"}, headers=tj).status_code == 200
    summed = client.get("/api/v1/stats", params={"all_agencies": "true"}, headers=tj)
    assert (summed.status_code, summed.json()["error"]["code"]) == (403, "forbidden")
    assert {a["agency"] for a in client.get("/api/v1/alerts", headers=tj).json()} <= {"tj"}
    assert [
        c["number"]
        for c in client.get("/api/v1/search", params={"text": "预算"}, headers=tj).json()
    ] == [tj_case]
    # The demo clerk's case is untouched by the refused write.
    assert cli_json(cli, "show", demo_case, "--agency", "demo")["state"] == "registered"


def test_a_real_server_pages_lists_attaches_and_serves_a_document(
    home: Path, tmp_path: Path, cli: CliInvoke
) -> None:
    import base64
    import hashlib

    import httpx2

    from tests.support.clerk import PDF
    from tests.support.http import running_server
    from tests.support.staff_api import REGISTRATION

    auth = bearer(cli("token", "create", "zhangsan"))
    other_clerk = bearer(cli("token", "create", "qianqi"))
    with (
        running_server(home, NOW, tmp_path / "serve.log") as base,
        httpx2.Client(base_url=base, headers=auth) as api,
    ):
        numbers = [api.post("/api/v1/cases", json=REGISTRATION).json()["number"] for _ in range(3)]
        page = api.get("/api/v1/cases", params={"per_page": "2", "page": "2"})
        files = [{"name": "申请表.pdf", "content_base64": base64.b64encode(PDF).decode()}]
        attached = api.post(
            f"/api/v1/cases/{numbers[0]}/attachments",
            json={"kind": "application_scan", "files": files},
        )
        sha = attached.json()["attachments"][0]["sha256"]
        copy = api.get(f"/api/v1/cases/{numbers[0]}/documents/{sha}")
        other = httpx2.get(
            f"{base}/api/v1/cases/{numbers[0]}/documents",
            headers=other_clerk,
        )
    assert [c["number"] for c in page.json()] == numbers[2:]
    assert page.headers["X-Total-Count"] == "3" and 'rel="prev"' in page.headers["Link"]
    assert attached.status_code == 201
    assert (copy.content, copy.headers["content-type"]) == (PDF, "application/pdf")
    assert hashlib.sha256(copy.content).hexdigest() == sha
    assert other.status_code == 404  # a clerk of another agency
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert auth["Authorization"].removeprefix("Bearer ") not in log
