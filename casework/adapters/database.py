"""Engines for SQLite and PostgreSQL, and the schema migrations applied on first use.

SQLite gets the pragmas measured in the engineering notes and takes its write lock at the
start of every transaction (``BEGIN IMMEDIATE``), so two processes registering at the same
moment queue on the lock instead of failing halfway.  PostgreSQL is reached with psycopg 3.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from casework.errors import StorageError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# The newest revision in migrations/versions; a test keeps it equal to Alembic's head so that
# start-up can compare one string instead of importing Alembic on every command.
HEAD_REVISION = "0022"
# The execution option of a connection that only reads (``casework.adapters.case_reader``).
READ_ONLY = "casework_read_only"
CONNECT_FAILED = (
    "无法连接数据库：数据库服务器未响应、拒绝连接或拒绝登录，或数据库文件无法打开；"
    "请检查 database_url 和数据库服务"
)


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with casework's connection settings."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    try:
        if url.startswith("sqlite"):
            return _sqlite_engine(url)
        return create_engine(url, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise StorageError(
            f"无法连接数据库：{_url_problem(exc)}（应如 postgresql+psycopg://用户@主机/库名）",
            field="database_url",
        ) from exc


def _url_problem(exc: Exception) -> str:
    # SQLAlchemy's own words are English; the clerk needs to know which part is wrong.
    if isinstance(exc, ImportError) or "load plugin" in str(exc):
        return "不支持该数据库类型或驱动"
    return "数据库地址的格式不正确"


def _sqlite_engine(url: str) -> Engine:
    database = url.split("///", 1)[-1].split("?", 1)[0]
    if database and database != ":memory:" and not Path(database).parent.is_dir():
        # A mistyped path must not silently become a new, empty database (issue 15).
        raise StorageError(
            f"数据库文件所在的目录「{Path(database).parent}」不存在；请检查 database_url，"
            "或先创建该目录（不会自动创建空数据库）",
            field="database_url",
        )
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" hook below emit BEGIN, not the sqlite3 module.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=NORMAL",
            "foreign_keys=ON",
            "busy_timeout=30000",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Take the write lock up front: a deferred transaction that reads and then writes
        # fails with SQLITE_BUSY under concurrency instead of waiting.  A read-only connection
        # (show, history, list: issue #18) begins deferred: in WAL mode it reads a consistent
        # snapshot and neither waits for a writer nor holds one up.
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def display_url(url: str) -> str:
    """``url`` with its password masked (``***``), for printing (issue 15)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "（无法解析的数据库地址）"


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database, or None for an empty database."""
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
            return None if row is None else str(row[0])
    except OperationalError as exc:
        raise StorageError(CONNECT_FAILED, field="database_url") from exc


def session_login(engine: Engine) -> str:
    """The PostgreSQL login of this connection (``session_user``): the role the clerk
    authenticated as (password, client certificate, .pgpass or peer), which ``SET ROLE``
    does not change."""
    try:
        with engine.connect() as connection:
            return str(connection.execute(text("SELECT session_user")).scalar_one())
    except OperationalError as exc:
        raise StorageError(CONNECT_FAILED, field="database_url") from exc


def ensure_schema(engine: Engine) -> bool:
    """Bring the schema to the newest revision; True when migrations ran."""
    if current_revision(engine) == HEAD_REVISION:
        return False
    upgrade(engine)
    return True


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the Alembic migrations kept inside the package."""
    from alembic import command

    try:
        with engine.begin() as connection:
            config = alembic_config(connection)
            command.upgrade(config, revision)
    except SQLAlchemyError as exc:
        from casework.adapters.database_errors import describe

        raise StorageError(f"数据库迁移失败：{describe(exc).rule}", field="database_url") from exc


def alembic_config(connection: Any) -> Any:
    """An Alembic configuration bound to ``connection`` (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config
