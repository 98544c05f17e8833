"""The case file over the staff API (issue 19): documents and their bytes, the PDF rendition,
attachments (base64 JSON), the letters check, earlier requests and remedies — each the same
JSON as its command's --json."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.conftest import CliInvoke
from tests.support.clerk import PDF
from tests.support.staff_api import NOW, act, bearer, register, staff_client

NOT_HELD = {
    "outcome": "not_held",
    "search_process": "在档案室和公文系统中以“预算”为关键词检索了2025年以来的收文、发文记录",
    "facts": "经检索，本机关未制作该信息",
}


@pytest.fixture
def client(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("CASEWORK_NOW", NOW)
    with staff_client(home) as test_client:
        yield test_client


@pytest.fixture
def auth(cli: CliInvoke) -> dict[str, str]:
    return bearer(cli("token", "create", "zhangsan"))


def cli_json(cli: CliInvoke, *args: str) -> Any:
    result = cli(*args, "--json")
    assert result.output, result
    return json.loads(result.output)


def drafted(client: TestClient, auth: dict[str, str]) -> str:
    number, etag = register(client, auth)
    answer = act(client, auth, number, "draft", etag, **NOT_HELD)
    assert answer.status_code == 200, answer.text
    return number


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def test_documents_are_listed_as_docs_json_and_downloaded_by_sha256(
    client: TestClient, auth: dict[str, str], cli: CliInvoke
) -> None:
    number = drafted(client, auth)
    listed = client.get(f"/api/v1/cases/{number}/documents", headers=auth)
    assert listed.json() == cli_json(cli, "docs", number)
    letters = [d for d in listed.json() if d["kind"] != "attachment"]
    assert letters
    for letter in letters:
        answer = client.get(f"/api/v1/cases/{number}/documents/{letter['sha256']}", headers=auth)
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
        assert hashlib.sha256(answer.content).hexdigest() == letter["sha256"]
        assert "filename*=UTF-8''" in answer.headers["content-disposition"]
    missing = client.get(f"/api/v1/cases/{number}/documents/{'0' * 64}", headers=auth)
    assert (missing.status_code, missing.json()["error"]["field"]) == (404, "sha256")


def test_a_letter_is_converted_to_pdf_and_stored_once(
    client: TestClient, auth: dict[str, str], cli: CliInvoke
) -> None:
    number = drafted(client, auth)
    letter = next(d for d in cli_json(cli, "docs", number) if d["kind"] != "attachment")
    url = f"/api/v1/cases/{number}/documents/{letter['sha256']}/pdf"
    first = client.get(url, headers=auth)
    assert first.status_code == 200, first.text
    assert first.headers["content-type"] == "application/pdf"
    assert first.content.startswith(b"%PDF")
    again = client.get(url, headers=auth)
    assert again.content == first.content  # the stored rendition, not a second conversion


def test_files_are_attached_as_base64_json_and_read_back(
    client: TestClient, auth: dict[str, str], cli: CliInvoke
) -> None:
    number, _etag = register(client, auth)
    scan = PDF + b"%application form"
    body = {
        "kind": "application_scan",
        "note": "申请表",
        "files": [{"name": "申请表.pdf", "content_base64": b64(scan)}],
    }
    attached = client.post(f"/api/v1/cases/{number}/attachments", json=body, headers=auth)
    assert attached.status_code == 201, attached.text
    entry = attached.json()["attachments"][0]
    assert (entry["name"], entry["media_type"], entry["sha256"]) == (
        "申请表.pdf",
        "application/pdf",
        hashlib.sha256(scan).hexdigest(),
    )
    assert client.get(f"/api/v1/cases/{number}/documents", headers=auth).json() == cli_json(
        cli, "docs", number
    )
    copy = client.get(f"/api/v1/cases/{number}/documents/{entry['sha256']}", headers=auth)
    assert (copy.content, copy.headers["content-type"]) == (scan, "application/pdf")
    history = cli_json(cli, "history", number)
    assert [e["action"] for e in history["events"]] == ["register", "attach"]


@pytest.mark.parametrize(
    ("files", "field", "words"),
    [
        ([{"name": "a.pdf", "content_base64": "不是base64"}], "files[0]", "Base64"),
        ([{"name": "a.pdf"}], "files[0]", "content_base64"),
        ("a.pdf", "files", "文件列表"),
        (
            [{"name": "程序.pdf", "content_base64": b64(b"\x7fELF\x02" + b"\x00" * 64)}],
            "files[0]",
            "「程序.pdf」：文件内容不是可接受的类型",
        ),
        ([], "files", "至少附一个文件"),
    ],
)
def test_a_bad_file_is_refused_with_its_field_and_nothing_is_stored(
    client: TestClient, auth: dict[str, str], files: object, field: str, words: str
) -> None:
    number, _etag = register(client, auth)
    body = {"kind": "other", "files": files}
    refused = client.post(f"/api/v1/cases/{number}/attachments", json=body, headers=auth)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["field"] == field
    assert words in refused.json()["error"]["message"]
    listed = client.get(f"/api/v1/cases/{number}/documents", headers=auth).json()
    assert listed and all(d["kind"] != "attachment" for d in listed)
    history = client.get(f"/api/v1/cases/{number}/history", headers=auth).json()
    assert [e["action"] for e in history["events"]] == ["register"]


def test_a_body_over_the_file_limit_is_refused_before_it_is_read_whole(
    client: TestClient, auth: dict[str, str]
) -> None:
    number, _etag = register(client, auth)
    large = b"x" * (31 * 1024 * 1024)
    refused = client.post(
        f"/api/v1/cases/{number}/attachments",
        content=large,
        headers={**auth, "Content-Type": "application/json"},
    )
    assert (refused.status_code, refused.json()["error"]["code"]) == (413, "too_large")


def test_a_delivery_carries_its_proof_in_the_same_request(
    client: TestClient, cli: CliInvoke, auth: dict[str, str]
) -> None:
    reviewer = bearer(cli("token", "create", "lisi"))
    number = drafted(client, auth)
    etag = client.get(f"/api/v1/cases/{number}", headers=auth).headers["ETag"]
    etag = act(client, reviewer, number, "approve", etag).headers["ETag"]
    etag = act(client, reviewer, number, "issue", etag).headers["ETag"]
    proof = PDF + b"%signed receipt"
    delivered = act(
        client, auth, number, "deliver", etag, method="post", tracking="EA123456789CN",
        attach=[{"name": "回执.pdf", "content_base64": b64(proof)}],
    )  # fmt: skip
    assert delivered.status_code == 200, delivered.text
    kinds = [(d["kind"], d.get("attachment_kind")) for d in cli_json(cli, "docs", number)]
    assert ("attachment", "delivery_proof") in kinds


def test_check_repeats_and_remedies_answer_as_their_commands(
    client: TestClient, auth: dict[str, str], cli: CliInvoke
) -> None:
    number = drafted(client, auth)
    later, _etag = register(client, auth)
    assert client.get(f"/api/v1/cases/{number}/check", headers=auth).json() == cli_json(
        cli, "check", number
    )
    repeats = client.get(f"/api/v1/cases/{later}/repeats", headers=auth).json()
    assert repeats == cli_json(cli, "repeats", later)
    assert [e["number"] for e in repeats["earlier"]] == [number]
    etag = client.get(f"/api/v1/cases/{number}", headers=auth).headers["ETag"]
    url = f"/api/v1/cases/{number}/remedies"
    body = {"kind": "reconsideration", "filed_on": "2026-11-19", "organ": "示例市人民政府"}
    bare = client.post(url, json=body, headers=auth)
    assert bare.status_code == 428
    recorded = client.post(url, json=body, headers={**auth, "If-Match": etag})
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["created"] is True
    assert recorded.json()["remedy"]["kind_label"] == "行政复议"
    assert client.get(url, headers=auth).json() == cli_json(cli, "remedy", number)
    stray = client.post(url, json={**body, "reply_days": "15"}, headers={**auth, "If-Match": etag})
    assert (stray.status_code, stray.json()["error"]["field"]) == (422, "decision_received_on")


def test_a_draft_over_a_third_partys_objection_takes_the_override_over_the_api(
    client: TestClient, auth: dict[str, str], cli: CliInvoke
) -> None:
    reviewer = bearer(cli("token", "create", "lisi"))
    number, etag = register(client, auth)
    steps = [
        ("consult", {"party": "某公司", "party_kind": "third-party", "concern": "合同附件中该公司的报价涉及其商业秘密"}),
        ("record-opinion", {"party": "某公司", "opinion": "object"}),
    ]  # fmt: skip
    for action, body in steps:
        answer = act(client, auth, number, action, etag, **body)
        assert answer.status_code == 200, answer.text
        etag = answer.headers["ETag"]
    disclose = {"outcome": "disclose", "access": "随本答复书提供"}
    missing = act(
        client,
        auth,
        number,
        "draft",
        etag,
        **disclose,
        override_objection=True,
        provide_on="2026-11-27",
    )
    assert (missing.status_code, missing.json()["error"]["field"]) == (422, "public_interest")
    assert "条例第三十二条" in missing.json()["error"]["message"]
    not_a_flag = act(client, auth, number, "draft", etag, **disclose, override_objection="yes")
    assert (not_a_flag.status_code, not_a_flag.json()["error"]["field"]) == (
        422,
        "override_objection",
    )
    drafted = act(
        client, auth, number, "draft", etag, **disclose, override_objection=True,
        public_interest="该报价关系饮用水工程的公共安全，不公开会对公共利益造成重大影响",
        provide_on="2026-11-27",
    )  # fmt: skip
    assert drafted.status_code == 200, drafted.text
    assert drafted.json()["event"]["data"]["override"]["provide_on"] == "2026-11-27"
    etag = act(client, reviewer, number, "approve", drafted.headers["ETag"]).headers["ETag"]
    assert act(client, reviewer, number, "issue", etag).status_code == 200
    kinds = {
        d["kind"] for d in client.get(f"/api/v1/cases/{number}/documents", headers=auth).json()
    }
    assert {"reply", "disclosure_notice"} <= kinds  # the 公开告知书 to the third party
