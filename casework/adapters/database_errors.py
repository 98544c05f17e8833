"""Database failures in the clerk's words: never the SQL statement or its parameters.

SQLAlchemy's messages carry the statement and the bound values (an applicant's identity
number, say) and psycopg's ``DETAIL`` lines the conflicting key.  ``describe`` keeps only what
a clerk or an administrator can act on: that a colleague changed the case at the same moment
(issue 15: 「案件已被他人修改，请刷新后重试」, on both engines), the name of a constraint, a
table or a column, or the kind of failure.
"""

from __future__ import annotations

import re
import sqlite3
import sys

from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from casework.errors import CaseworkError, ConflictError, StorageError

CONFLICT = "案件已被他人修改，请刷新后重试"
# Unique keys that two concurrent actions on one case race for: the journal's sequence.
RACED_CONSTRAINTS = frozenset({"uq_events_case_id_seq"})
# PostgreSQL SQLSTATEs of concurrency: serialization failure, deadlock, lock not available.
CONCURRENCY_STATES = frozenset({"40001", "40P01", "55P03"})
CONNECTION_CLASSES = ("08", "57", "28")  # connection exception, operator intervention, auth
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: ([\w., ]+)")


def describe(exc: BaseException) -> CaseworkError:
    """The casework error for a database failure ``exc`` (a SQLAlchemy or driver error)."""
    original: BaseException = exc
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        original = exc.orig
    state = str(getattr(original, "sqlstate", "") or "")
    if _stale(exc) or state in CONCURRENCY_STATES:
        return ConflictError(CONFLICT)
    if isinstance(original, sqlite3.OperationalError) and "locked" in str(original):
        return ConflictError("数据库正由他人写入，未保存任何更改；请稍后重试")
    if isinstance(exc, IntegrityError):
        return _integrity(original)
    invalidated = isinstance(exc, DBAPIError) and exc.connection_invalidated
    return _by_state(original, state, invalidated)


def _by_state(original: BaseException, state: str, invalidated: bool) -> CaseworkError:
    if state.startswith(CONNECTION_CLASSES) or invalidated:
        return StorageError(
            "无法连接数据库或连接已中断，未保存任何更改；请检查 database_url 和数据库服务",
            field="database_url",
        )
    if state == "42501":
        return StorageError(_privilege(original), field="database_url")
    if state == "22001":
        column = _diag(original, "column_name")
        where = f"（字段 {column}）" if column else ""
        return StorageError(f"内容超过数据库允许的长度{where}，未保存任何更改")
    return StorageError(f"数据库错误（{type(original).__name__}），未保存任何更改")


def _integrity(original: BaseException) -> CaseworkError:
    constraint = _diag(original, "constraint_name")
    if constraint is None and isinstance(original, sqlite3.IntegrityError):
        found = _SQLITE_UNIQUE.search(str(original))
        if found and found.group(1).replace(" ", "") == "events.case_id,events.seq":
            constraint = "uq_events_case_id_seq"
        elif found:
            constraint = found.group(1)
    if constraint in RACED_CONSTRAINTS:
        return ConflictError(CONFLICT)
    named = f"（约束 {constraint}）" if constraint else ""
    return ConflictError(f"数据冲突，未保存任何更改{named}；请刷新后重试")


def _privilege(original: BaseException) -> str:
    table = _diag(original, "table_name") or _denied_table(str(original))
    where = f"（表 {table}）" if table else ""
    if "row-level security" in str(original):
        return f"数据库拒绝写入：该记录不属于当前登录可办理的机关（行级安全策略）{where}"
    if table in ADMINISTRATORS_TABLES:
        return (
            f"{ADMINISTRATORS_TABLES[table]}只能由管理员以数据库所有者的登录创建和修改{where}，"
            "经办人本人的数据库登录无权写入；请管理员在服务器上办理（见 docs/deploy.md）"
        )
    return (
        f"数据库拒绝了此操作：当前数据库登录没有相应权限{where}；请联系管理员执行 casework db grant"
    )


# Tables only the owner's login writes (adapters/row_security.py): a token or a console
# account acts as its user, so a clerk's login that could write one could act as another.
ADMINISTRATORS_TABLES = {
    "api_tokens": "业务接口访问令牌",
    "console_accounts": "审核控制台账户",
    "console_sessions": "审核控制台登录会话",
}
_DENIED = re.compile(r"permission denied for (?:table|relation) \"?(\w+)\"?")


def _denied_table(message: str) -> str | None:
    found = _DENIED.search(message)
    return found.group(1) if found else None


def _diag(original: BaseException, name: str) -> str | None:
    diag = getattr(original, "diag", None)
    value = getattr(diag, name, None) if diag is not None else None
    return str(value) if value else None


def _stale(exc: BaseException) -> bool:
    """The ORM's lost-update error (``version_id_col``).  Only a process that loaded the ORM
    can raise it, so the read-only commands need not import ``sqlalchemy.orm`` (issue #18)."""
    orm_errors = sys.modules.get("sqlalchemy.orm.exc")
    return orm_errors is not None and isinstance(exc, orm_errors.StaleDataError)


def is_database_error(exc: BaseException) -> bool:
    return isinstance(exc, (SQLAlchemyError, sqlite3.Error)) or type(exc).__module__.startswith(
        "psycopg"
    )
