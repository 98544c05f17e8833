"""The applicant's side of ``casework serve`` in process: the online application (Reg. arts.
29, 31 item 3), the status lookup, the service's errors, logs, health and OpenAPI (issue 19)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient

from casework.adapters.database import HEAD_REVISION
from tests.conftest import CliInvoke, dump
from tests.support.http import APPLICATION, FakeClock

NOW = "2026-11-20T09:30:00+08:00"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(home: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    from casework.bootstrap import bootstrap
    from casework.entrypoints.http.app import create_app

    config = home / "config.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("status_lookups_per_minute = 20", "status_lookups_per_minute = 3")
    config.write_text(text.replace("applications_per_minute = 5", "applications_per_minute = 50"))
    monkeypatch.setenv("CASEWORK_NOW", NOW)
    app = bootstrap(home, "zhangsan")
    with TestClient(create_app(app, clock=clock)) as test_client:
        yield test_client
    app.close()


def submit(client: TestClient, key: str | None = None, **changes: Any) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post("/api/v1/applications", json={**APPLICATION, **changes}, headers=headers)


def show(cli: CliInvoke, reference: str) -> dict[str, Any]:
    result = cli("show", reference, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def test_health_answers_with_the_schema_revision(client: TestClient) -> None:
    answer = client.get("/api/v1/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "schema": HEAD_REVISION}


def test_the_openapi_document_describes_every_api_route_and_no_other(client: TestClient) -> None:
    from casework.entrypoints.http.actions import ACTIONS

    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    served = set()
    for route in client.app.routes:  # type: ignore[attr-defined]
        assert isinstance(route, Route)
        path = re.sub(r":\w+}", "}", route.path)  # {year:int} is {year} in OpenAPI
        methods = {m.lower() for m in route.methods or ()} - {"head"}
        if path == "/api/v1/cases/{case}/{action}":
            served |= {(f"/api/v1/cases/{{case}}/{action}", "post") for action in ACTIONS}
        elif path.startswith("/api/") and path != "/api/v1/openapi.json":
            served |= {(path, method) for method in methods}
    described = {(path, method) for path, item in document["paths"].items() for method in item}
    assert described == served
    assert {"confirm", "consult", "draft", "approve", "issue", "return", "deliver"} <= set(ACTIONS)
    assert {"amend", "assign"} <= set(ACTIONS)
    assert ("/api/v1/cases/{case}/documents/{sha256}/pdf", "get") in described
    assert ("/api/v1/report/{year}", "get") in described


def test_an_online_application_waits_unconfirmed_with_no_clock(
    client: TestClient, cli: CliInvoke
) -> None:
    answer = submit(client)
    assert answer.status_code == 201
    body = answer.json()
    assert set(body) == {"query_code", "state", "submitted_on", "next_steps"}
    assert body["submitted_on"] == "2026-11-20"
    assert "第三十一条第（三）项" in body["next_steps"]
    case = show(cli, body["query_code"])
    assert (case["state"], case["channel"], case["arrived_on"]) == (
        "submitted",
        "online",
        "2026-11-20",
    )
    assert (case["clock_status"], case["reply_due_on"], case["working_days_left"]) == (
        "unconfirmed",
        None,
        None,
    )
    # Confirmed by a clerk, or voided when it is spam (never received: no application).
    assert case["allowed_actions"] == ["void", "confirm"]
    text = cli("show", body["query_code"]).output
    assert "未起算：网上申请待确认收到" in text
    assert f"casework confirm {case['number']}" in text
    history = json.loads(cli("history", case["number"], "--json").output)
    assert [(e["action"], e["actor"], e["state_after"]) for e in history["events"]] == [
        ("submit", "网上申请", "submitted")
    ]
    # The applicant through the public form: no login, journalled as such (issue 15's column).
    assert history["events"][0]["identity"] == "online"


def test_confirming_fixes_the_receipt_date_issues_the_acknowledgement_and_starts_the_clock(
    client: TestClient, cli: CliInvoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = submit(client).json()["query_code"]
    number = show(cli, code)["number"]
    monkeypatch.setenv("CASEWORK_NOW", "2026-11-24T09:00:00+08:00")
    confirmed = cli("confirm", number, "--on", "2026-11-23")
    assert confirmed.exit_code == 0, confirmed.output
    case = show(cli, number)
    # Reg. art. 31 item 3: the confirmation day is the receipt; 20 working days from it.
    assert (case["state"], case["received_on"], case["arrived_on"]) == (
        "registered",
        "2026-11-23",
        "2026-11-20",
    )
    assert case["reply_due_on"] == "2026-12-21"
    assert case["clock_status"] == "running"
    assert case["handler"] == "zhangsan"
    letters = json.loads(cli("docs", number, "--json").output)
    assert [d["kind"] for d in letters] == ["acknowledgement"]
    status = client.get("/api/v1/status", params={"code": code, "name": "张三"}).json()
    assert status == {
        "state": "办理中",
        "received_on": "2026-11-23",
        "reply_due_on": "2026-12-21",
        "due_note": None,
        "replied": False,
        "reply_number": None,
        "replied_on": None,
    }


def test_confirming_before_the_application_arrived_is_refused(
    client: TestClient, cli: CliInvoke
) -> None:
    number = show(cli, submit(client).json()["query_code"])["number"]
    refused = cli("confirm", number, "--on", "2026-11-19")
    assert refused.exit_code == 1
    assert "--on（生效日期）：不能早于" in refused.output
    assert show(cli, number)["state"] == "submitted"


def test_an_unconfirmed_online_application_is_confirmed_before_it_is_amended(
    client: TestClient, cli: CliInvoke
) -> None:
    number = show(cli, submit(client).json()["query_code"])["number"]
    refused = cli("amend", number, "--applicant", "张叁", "--reason", "申请人更正姓名")
    assert refused.exit_code == 1
    assert f"网上申请尚未确认收到，不能更正登记；请先执行 casework confirm {number}" in (
        refused.output
    )
    case = show(cli, number)
    assert (case["state"], case["clock_status"], case["applicant"]["name"]) == (
        "submitted",
        "unconfirmed",
        "张三",
    )
    assert [e["action"] for e in json.loads(cli("history", number, "--json").output)["events"]] == [
        "submit"
    ]


def test_bad_fields_get_the_registers_chinese_messages_and_nothing_is_stored(
    client: TestClient, cli: CliInvoke, home: Path
) -> None:
    submit(client)  # the database exists
    before = dump(home)
    answer = submit(client, id_number="110105194912310021", applicant="")
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "validation"
    assert [p["field"] for p in error["problems"]] == ["applicant", "id_number"]
    register = cli(
        "register", "--applicant", "张三", "--applicant-type", "natural", "--id-type",
        "resident-id", "--id-number", "110105194912310021", "--channel", "online",
        "--received-on", "2026-11-20", "--description", "预算",
    )  # fmt: skip
    assert register.exit_code == 1
    rule = error["problems"][1]["message"].removeprefix("证件号码：")
    assert f"--id-number（证件号码）：{rule}" in register.output
    assert error["problems"][0]["message"] == "申请人姓名或名称：必须填写"
    assert dump(home) == before


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ("[1, 2]", 400, None),
        ("{not json", 400, None),
        ('{"applicant": 3}', 422, "applicant"),
        ('{"channel": "in-person"}', 422, "channel"),
    ],
)
def test_a_body_of_the_wrong_shape_is_refused_with_an_error_body(
    client: TestClient, body: str, status: int, field: str | None
) -> None:
    answer = client.post(
        "/api/v1/applications", content=body, headers={"content-type": "application/json"}
    )
    assert answer.status_code == status
    error = answer.json()["error"]
    assert error["field"] == field
    assert error["message"]


def test_the_same_idempotency_key_never_makes_a_second_case(
    client: TestClient, cli: CliInvoke
) -> None:
    first = submit(client, key="form-7f3a")
    again = submit(client, key="form-7f3a")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    other = submit(client, key="form-7f3a", description="另一份申请")
    assert other.status_code == 409
    assert other.json()["error"]["field"] == "Idempotency-Key"
    assert len(json.loads(cli("list", "--json").output)) == 1


def test_a_wrong_name_answers_exactly_like_an_unknown_code(client: TestClient) -> None:
    code = submit(client).json()["query_code"]
    wrong = client.get("/api/v1/status", params={"code": code, "name": "李四"})
    unknown = client.get("/api/v1/status", params={"code": "ZZZZZZZZ", "name": "张三"})
    number = client.get("/api/v1/status", params={"code": "2026-0001", "name": "张三"})
    assert wrong.status_code == unknown.status_code == number.status_code == 404
    assert wrong.json() == unknown.json() == number.json()
    assert wrong.json()["error"]["code"] == "not_found"


def test_the_status_shows_nothing_personal(client: TestClient) -> None:
    code = submit(client).json()["query_code"]
    by_phone = client.get("/api/v1/status", params={"code": code.lower(), "name": "1234"})
    assert by_phone.status_code == 200
    text = by_phone.text
    for secret in ("11010519491231002X", "13800001234", "人民路", "预算"):
        assert secret not in text
    assert by_phone.json()["state"] == "已提交，待工作人员确认收到"


def test_status_lookups_are_rate_limited_per_client_address(
    client: TestClient, clock: FakeClock
) -> None:
    code = submit(client).json()["query_code"]
    params = {"code": code, "name": "张三"}
    answers = [client.get("/api/v1/status", params=params).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]  # status_lookups_per_minute = 3
    limited = client.get("/api/v1/status", params=params)
    assert limited.json()["error"]["code"] == "rate_limited"
    assert limited.headers["Retry-After"] == "60"
    clock.now += 60
    assert client.get("/api/v1/status", params=params).status_code == 200


def test_lookups_and_requests_are_logged_as_json_without_the_name_or_query(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    code = submit(client).json()["query_code"]
    from casework.entrypoints.http.observability import JsonFormatter

    with caplog.at_level(logging.INFO, logger="casework.http"):
        client.get("/api/v1/status", params={"code": code, "name": "张三"})
        client.get("/api/v1/cases", headers={"Authorization": "Bearer cw_secret-token-value"})
    lines = [json.loads(JsonFormatter().format(record)) for record in caplog.records]
    lookup = next(line for line in lines if line["message"] == "status lookup")
    assert (lookup["code"], lookup["found"]) == (code, True)
    requests = [line for line in lines if line["message"] == "request"]
    assert [(r["method"], r["path"], r["status"]) for r in requests] == [
        ("GET", "/api/v1/status", 200),
        ("GET", "/api/v1/cases", 401),
    ]
    logged = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    assert "张三" not in logged and "secret-token" not in logged and "name=" not in logged


def test_unknown_addresses_and_methods_answer_with_the_error_body(client: TestClient) -> None:
    missing = client.get("/api/v1/nowhere")
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")
    wrong = client.delete("/api/v1/applications")
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (405, "method_not_allowed")


def _new_in_report(cli: CliInvoke) -> int:
    data = json.loads(cli("report", "annual", "--year", "2026", "--json").output)
    return int(next(row["total"] for row in data["table3"] if row["key"] == "1"))


def test_the_annual_report_counts_an_online_application_from_its_confirmation(
    client: TestClient, cli: CliInvoke
) -> None:
    number = show(cli, submit(client).json()["query_code"])["number"]
    assert _new_in_report(cli) == 0  # Reg. art. 31 item 3: not received yet
    assert cli("confirm", number).exit_code == 0
    assert _new_in_report(cli) == 1


def test_a_real_server_on_loopback_takes_an_application_and_answers_its_status(
    home: Path, tmp_path: Path
) -> None:
    import httpx2

    from tests.support.http import running_server

    with running_server(home, NOW, tmp_path / "serve.log") as base:
        posted = httpx2.post(
            f"{base}/api/v1/applications", json=APPLICATION, headers={"Idempotency-Key": "k1"}
        )
        again = httpx2.post(
            f"{base}/api/v1/applications", json=APPLICATION, headers={"Idempotency-Key": "k1"}
        )
        code = posted.json()["query_code"]
        status = httpx2.get(f"{base}/api/v1/status", params={"code": code, "name": "张三"})
    assert (posted.status_code, again.status_code, again.json()["query_code"]) == (201, 200, code)
    assert status.json()["state"] == "已提交，待工作人员确认收到"
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert '"path": "/api/v1/status"' in log and "张三" not in log


def test_the_pages_answer_in_html_also_when_refusing(client: TestClient) -> None:
    form = {**APPLICATION, "id_number": "110105194912310021"}
    refused = client.post("/apply", data=form)
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("text/html")
    assert 'id="id_number-problem"' in refused.text and "证件号码：" in refused.text
    made = client.post("/apply", data=APPLICATION)
    assert made.status_code == 201
    code = made.text.split('id="query-code">', 1)[1].split("<", 1)[0]
    answers = [
        client.get("/status", params={"code": code, "name": "张三"}).status_code for _ in range(4)
    ]
    assert answers == [200, 200, 200, 429]  # the same limit as the JSON lookup
    limited = client.get("/status", params={"code": code, "name": "张三"})
    assert limited.headers["content-type"].startswith("text/html")
    assert "查询或提交过于频繁" in limited.text
    assert "<script" not in limited.text and "http" not in limited.text.split("<body>")[0]
