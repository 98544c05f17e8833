"""The HTTP service on a temporary home: in process (Starlette's TestClient, httpx) or as a
real ``casework serve`` on 127.0.0.1 at a free port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2

REPO = Path(__file__).resolve().parents[2]
APPLICATION = {
    "applicant": "张三",
    "applicant_type": "natural",
    "id_type": "resident-id",
    "id_number": "11010519491231002X",
    "contact": "13800001234",
    "address": "示例市人民路2号",
    "description": "2025年度本机关部门预算及“三公”经费说明",
    "form": "electronic",
    "delivery": "email",
}


class FakeClock:
    """Seconds for the rate limits' windows, moved by the test."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(home: Path, now: str, log: Path) -> Iterator[str]:
    """``casework serve`` in a child process; yields its base URL, stops it by its pid."""
    port = free_port()
    env = {**os.environ, "CASEWORK_NOW": now, "CASEWORK_USER": "zhangsan", "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "casework", "--home", str(home), "serve", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, process, log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def _wait_for(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"casework serve exited: {log.read_text(encoding='utf-8')}")
        try:
            if httpx2.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx2.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"casework serve did not start: {log.read_text(encoding='utf-8')}")
