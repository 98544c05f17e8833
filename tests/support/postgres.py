"""A real, throwaway PostgreSQL server on loopback for the integration tests.

``start_postgres`` runs Debian's ``initdb`` and ``pg_ctl`` on a fresh data directory with
``fsync`` off (about two seconds), listening on 127.0.0.1 and a free port, with trust
authentication for the ``postgres`` role, and creates the ``casework_test`` database.  Tests
that need isolation make their own database with ``make_database``.  ``stop`` shuts the server
down (``pg_ctl stop -m fast``) and removes its data directory, keeping the server log beside
the caller's ``base_dir``.  initdb refuses to run as root, so under root the server runs as the
``postgres`` OS user (created by Debian's ``postgresql`` package) in a directory under /tmp it
can reach.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import psycopg
from psycopg import sql

POSTGRES_INSTALL_ROOT = Path("/usr/lib/postgresql")
TEST_DATABASE = "casework_test"
SUPERUSER = "postgres"
OS_USER = "postgres"

# Any world-traversable directory works under root; pytest's own temp root is mode 0700.
_ROOT_TEMP_PARENT = Path("/tmp")
# Linux limits a Unix socket path to 107 bytes; beyond that we listen on TCP only.
_MAX_SOCKET_PATH = 100
_COMMAND_TIMEOUT = 120
_START_ATTEMPTS = 3
_DATABASE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


@dataclass
class PostgresServer:
    """A running throwaway server; ``url`` is the SQLAlchemy URL of ``casework_test``."""

    bin_dir: Path
    root_dir: Path
    port: int
    pid: int
    log_copy: Path
    run_as_postgres: bool
    stopped: bool = field(default=False, init=False)

    @property
    def url(self) -> str:
        return self.url_for(TEST_DATABASE)

    @property
    def data_dir(self) -> Path:
        return self.root_dir / "data"

    @property
    def log_file(self) -> Path:
        return self.root_dir / "postgres.log"

    def url_for(self, database: str) -> str:
        """The SQLAlchemy URL (psycopg 3 driver) of ``database`` on this server."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def make_database(self, name: str) -> str:
        """Create database ``name`` (lower-case letters, digits, ``_``) and return its URL."""
        if not _DATABASE_NAME.fullmatch(name):
            raise ValueError(f"database name must match {_DATABASE_NAME.pattern}: {name!r}")
        # CREATE DATABASE cannot run inside a transaction block: autocommit.
        with psycopg.connect(libpq_url(self.url_for("postgres")), autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url_for(name)

    def stop(self) -> None:
        """Shut the server down (fast mode), remove its files and keep a copy of its log."""
        if self.stopped:
            return
        self.stopped = True
        try:
            result = _run(
                self,
                [
                    str(self.bin_dir / "pg_ctl"),
                    "stop",
                    "-D",
                    str(self.data_dir),
                    "-m",
                    "fast",
                    "-w",
                ],
            )
            # pg_ctl returns once postmaster.pid is gone; the process itself may take a moment
            # longer.  If pg_ctl failed, end the postmaster we started, by its pid.
            if self.pid > 0 and (result.returncode != 0 or not _wait_gone(self.pid, 10.0)):
                _kill_and_wait(self.pid)
        finally:
            with contextlib.suppress(OSError):
                shutil.copyfile(self.log_file, self.log_copy)
            shutil.rmtree(self.root_dir, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def libpq_url(sqlalchemy_url: str) -> str:
    """The plain libpq URL for ``psycopg.connect`` of a ``postgresql+psycopg://`` URL."""
    return sqlalchemy_url.replace("postgresql+psycopg://", "postgresql://", 1)


def find_postgres_bin_dir(install_root: Path = POSTGRES_INSTALL_ROOT) -> Path:
    """The ``bin`` directory of the highest installed PostgreSQL version that has initdb."""
    candidates = [
        initdb.parent
        for initdb in install_root.glob("*/bin/initdb")
        if (initdb.parent / "pg_ctl").exists() and _version_key(initdb.parent.parent.name)
    ]
    if not candidates:
        raise RuntimeError(
            f"PostgreSQL server binaries (initdb, pg_ctl) not found under {install_root}/*/bin; "
            "run .ci/install-debian-packages (it installs the Debian package `postgresql`)"
        )
    return max(candidates, key=lambda bin_dir: _version_key(bin_dir.parent.name))


def _version_key(name: str) -> tuple[int, ...]:
    """("15" -> (15,), "9.6" -> (9, 6)); () for a directory that is not a version."""
    parts = name.split(".")
    return tuple(int(part) for part in parts) if all(p.isdigit() for p in parts) else ()


def start_postgres(base_dir: Path, *, install_root: Path = POSTGRES_INSTALL_ROOT) -> PostgresServer:
    """Initialise and start a server, create ``casework_test`` and return the running server."""
    bin_dir = find_postgres_bin_dir(install_root)
    run_as_postgres = os.geteuid() == 0
    base_dir.mkdir(parents=True, exist_ok=True)
    root_dir = _make_root_dir(base_dir, run_as_postgres)
    try:
        server = _init_and_start(bin_dir, root_dir, base_dir, run_as_postgres)
    except BaseException:
        shutil.rmtree(root_dir, ignore_errors=True)
        raise
    try:
        server.make_database(TEST_DATABASE)
    except BaseException:
        server.stop()
        raise
    return server


def _make_root_dir(base_dir: Path, run_as_postgres: bool) -> Path:
    if not run_as_postgres:
        return Path(tempfile.mkdtemp(prefix="pg-", dir=base_dir))
    root_dir = Path(tempfile.mkdtemp(prefix="casework-pg-", dir=_ROOT_TEMP_PARENT))
    root_dir.chmod(0o755)
    shutil.chown(root_dir, user=OS_USER, group=OS_USER)
    return root_dir


def _init_and_start(
    bin_dir: Path, root_dir: Path, base_dir: Path, run_as_postgres: bool
) -> PostgresServer:
    server = PostgresServer(
        bin_dir=bin_dir,
        root_dir=root_dir,
        port=0,
        pid=0,
        log_copy=base_dir / f"postgres-{root_dir.name}.log",
        run_as_postgres=run_as_postgres,
    )
    _initdb(server)
    for attempt in range(1, _START_ATTEMPTS + 1):
        server.port = _free_port()
        result = _run(server, _start_command(server))
        if result.returncode == 0:
            server.pid = int((server.data_dir / "postmaster.pid").read_text().split()[0])
            return server
        log = _read_log(server)
        # Another process may take the free port between our probe and the server's bind.
        if "could not bind" not in log or attempt == _START_ATTEMPTS:
            raise RuntimeError(f"pg_ctl start failed:\n{result.stdout}{result.stderr}\n{log}")
    raise AssertionError("unreachable")


def _initdb(server: PostgresServer) -> None:
    common = [
        str(server.bin_dir / "initdb"),
        "-A",
        "trust",
        "-U",
        SUPERUSER,
        "-D",
        str(server.data_dir),
        "--encoding=UTF8",
    ]
    result = _run(server, [*common, "--locale=C.UTF-8"])
    if result.returncode != 0:
        # The C.UTF-8 locale may be missing on a minimal system; the C locale works with UTF8.
        shutil.rmtree(server.data_dir, ignore_errors=True)
        fallback = _run(server, [*common, "--no-locale"])
        if fallback.returncode != 0:
            raise RuntimeError(
                "initdb failed:\n" + result.stderr + fallback.stdout + fallback.stderr
            )


def _start_command(server: PostgresServer) -> list[str]:
    socket_dir = str(server.root_dir)
    if len(f"{socket_dir}/.s.PGSQL.{server.port}") > _MAX_SOCKET_PATH:
        socket_dir = ""  # too long for a Unix socket: TCP on loopback only
    options = (
        f"-c listen_addresses=127.0.0.1 -p {server.port} -k {shlex.quote(socket_dir)} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    return [
        str(server.bin_dir / "pg_ctl"),
        "-D",
        str(server.data_dir),
        "-o",
        options,
        "-w",
        "-l",
        str(server.log_file),
        "start",
    ]


def _run(server: PostgresServer, command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a server command, as the ``postgres`` OS user when we are root."""
    if server.run_as_postgres:
        command = ["runuser", "-u", OS_USER, "--", *command]
    return subprocess.run(
        command,
        cwd=server.root_dir,  # the postgres user may not be allowed into our working directory
        capture_output=True,
        text=True,
        timeout=_COMMAND_TIMEOUT,
        check=False,  # callers read the return code and add the server log to the error
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _read_log(server: PostgresServer) -> str:
    try:
        return server.log_file.read_text(errors="replace")
    except OSError:
        return ""


def process_exists(pid: int) -> bool:
    """Whether process ``pid`` is still running; a zombie (exited, not yet reaped) is not."""
    try:
        os.kill(pid, 0)  # signal 0: existence check only
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # The postmaster is reparented to PID 1 once pg_ctl exits, and PID 1 reaps it a little
    # later: until then signal 0 still succeeds.  /proc/<pid>/stat field 3 is the state.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while process_exists(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)
    return True


def _kill_and_wait(pid: int, timeout: float = 30.0) -> None:
    """SIGINT is PostgreSQL's fast shutdown; SIGQUIT (immediate) if it does not go in time."""
    for signum in (signal.SIGINT, signal.SIGQUIT):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)
        if _wait_gone(pid, timeout):
            return
