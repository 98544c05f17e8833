"""``casework scheduler run`` as a real process for the daemon tests: started with its own
environment, its output collected on a thread, stopped with SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai_times_from_now(*seconds: int) -> list[str]:
    """Times of day ``seconds`` from now on the real clock (what the scheduler's cron uses)."""
    now = datetime.now(SHANGHAI)
    return [(now + timedelta(seconds=s)).strftime("%H:%M:%S") for s in seconds]


class DaemonProcess:
    """One ``casework scheduler run`` on ``home``; ``now`` pins the business clock
    (CASEWORK_NOW) while the scheduler's triggers follow the real clock."""

    def __init__(self, home: Path, now: str, user: str = "zhangsan") -> None:
        env = {**os.environ, "CASEWORK_NOW": now, "PYTHONUNBUFFERED": "1"}
        env.pop("CASEWORK_HOME", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "casework", "--home", str(home), "--user", user,
             "scheduler", "run"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )  # fmt: skip
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, text: str, count: int = 1, timeout: float = 30.0) -> None:
        """Until ``text`` appeared on ``count`` lines; fails with the output so far."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if sum(text in line for line in self.lines) >= count:
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"「{text}」 x{count} not seen; output:\n{self.output}")

    def terminate(self, timeout: float = 30.0) -> tuple[int, str]:
        """SIGTERM; the exit code and the whole output."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=timeout)
        self.reader.join(timeout=5)
        return code, self.output

    def __enter__(self) -> DaemonProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.process.poll() is None:
            self.process.kill()  # our own child, by its handle
            self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()
