"""The staff API in process for the tests of its endpoints: a client on a temporary home, a
user's token made with ``casework token create``, and one action with ``If-Match``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from click.testing import Result
from starlette.testclient import TestClient

from tests.support.http import APPLICATION

NOW = "2026-11-20T09:30:00+08:00"
REGISTRATION = {**APPLICATION, "channel": "in-person", "received_on": "2026-11-16"}


@contextmanager
def staff_client(home: Path) -> Iterator[TestClient]:
    """The HTTP service of ``home`` (set ``CASEWORK_NOW`` first)."""
    from casework.bootstrap import bootstrap
    from casework.entrypoints.http.app import create_app

    app = bootstrap(home, "zhangsan")
    try:
        with TestClient(create_app(app)) as client:
            yield client
    finally:
        app.close()


def bearer(made: Result) -> dict[str, str]:
    assert made.exit_code == 0, made.output
    return {"Authorization": f"Bearer {made.stdout.strip()}"}


def register(client: TestClient, auth: dict[str, str], **changes: Any) -> tuple[str, str]:
    answer = client.post("/api/v1/cases", json={**REGISTRATION, **changes}, headers=auth)
    assert answer.status_code == 201, answer.text
    return answer.json()["number"], answer.headers["ETag"]


def act(
    client: TestClient, auth: dict[str, str], number: str, action: str, etag: str, **body: Any
) -> Any:
    headers = {**auth, "If-Match": etag}
    return client.post(f"/api/v1/cases/{number}/{action}", json=body, headers=headers)
