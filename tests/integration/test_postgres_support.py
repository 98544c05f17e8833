"""The throwaway PostgreSQL server of tests/support/postgres.py starts, serves and stops."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text

from tests.support.postgres import (
    find_postgres_bin_dir,
    libpq_url,
    process_exists,
    start_postgres,
)


@pytest.mark.postgres
def test_a_started_server_serves_utf8_databases_and_is_gone_after_stop(tmp_path: Path) -> None:
    server = start_postgres(tmp_path)
    try:
        assert server.url == f"postgresql+psycopg://postgres@127.0.0.1:{server.port}/casework_test"
        assert process_exists(server.pid)
        with psycopg.connect(libpq_url(server.url)) as connection:
            row = connection.execute("SHOW server_encoding").fetchone()
            assert row == ("UTF8",)
            echoed = connection.execute("SELECT %s::text", ["政府信息公开"]).fetchone()
            assert echoed == ("政府信息公开",)

        second_url = server.make_database("casework_case_two")
        assert second_url.endswith(f":{server.port}/casework_case_two")
        engine = create_engine(second_url)
        try:
            with engine.connect() as connection:
                assert connection.execute(text("SELECT current_database()")).scalar_one() == (
                    "casework_case_two"
                )
        finally:
            engine.dispose()
    finally:
        server.stop()

    assert not process_exists(server.pid)
    assert not server.data_dir.exists()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", server.port), timeout=1):
        pass
    assert (tmp_path / f"postgres-{server.root_dir.name}.log").exists()
    server.stop()  # a second stop is harmless


@pytest.mark.postgres
def test_a_database_name_that_would_need_quoting_is_refused(tmp_path: Path) -> None:
    with start_postgres(tmp_path) as server, pytest.raises(ValueError, match="database name"):
        server.make_database("Robert'); DROP")


def test_the_highest_installed_version_is_chosen(tmp_path: Path) -> None:
    for version in ("9.6", "15", "16", "not-a-version"):
        bin_dir = tmp_path / version / "bin"
        bin_dir.mkdir(parents=True)
        (bin_dir / "initdb").touch()
        (bin_dir / "pg_ctl").touch()
    assert find_postgres_bin_dir(tmp_path) == tmp_path / "16" / "bin"


def test_missing_binaries_tell_the_developer_which_script_installs_them(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match=r"\.ci/install-debian-packages"):
        start_postgres(tmp_path / "base", install_root=tmp_path / "nothing-here")
    assert not (tmp_path / "base").exists() or not os.listdir(tmp_path / "base")
