"""PostgreSQL row-level security: each clerk's login sees and writes only its agencies' rows.

The mapping of database logins to agencies lives in the database (``agency_grants``: a role
and an agency code, ``*`` for every agency), written by ``casework db grant`` from the
``[users.X] db_role`` / ``agencies`` settings, so that the server enforces it whatever a client
machine's config.toml says.  Policies (``CREATE POLICY``) use two helper functions:

- ``casework_agency_allowed(agency)`` for a table with an agency column;
- ``casework_case_allowed(case_id)`` for a table reached through the case: true when the case
  row is visible to the caller, that is when the cases table's own policy lets it through.

Adding a table later (the document store, say) is one call in its migration:
``op.execute(agency_policy("new_table"))`` or ``op.execute(case_policy("new_table"))``.  The
owner of the tables (the role that runs ``casework db upgrade``, the scheduler) is not subject
to row-level security; clerks' roles are.  SQLite has no roles: nothing here applies to it.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import column, delete, insert, table, text
from sqlalchemy.engine import Engine

from casework.errors import StorageError

GRANTS_TABLE = "agency_grants"
POLICY = "casework_agency"
ALL_AGENCIES = "*"
# Tables with an agency column, and tables whose rows belong to a case.
AGENCY_TABLES = ("cases", "number_sequences", "alerts")
CASE_TABLES = ("events", "documents", "remedies")
# The journal is append-only (0001's triggers); clerks may only add to it.  So is the document
# store's content (revision 0010): bytes are added, never changed.
APPEND_ONLY_TABLES = ("events", "document_blobs")
# The review console's passwords and sessions (issue 20): a clerk's login that could write them
# could set a colleague's password and sign in to the console as them; only the owner (who
# runs `casework serve` and `casework user`) touches them.
OWNER_ONLY_TABLES = ("console_accounts", "console_sessions")
# Tables a clerk's login only reads.  api_tokens (revision 0016): a token acts as its user in
# the staff API, so a login that could insert a row could mint the power to act as another
# person (the head, a reviewer) and pass the four-eyes rule; tokens are made and revoked
# from the owner's home (``casework token``), which the policies do not restrict.
READ_ONLY_TABLES = (GRANTS_TABLE, "alembic_version", "api_tokens")
# The document store (revision 0010): a rendition (the PDF) is visible with its document; the
# bytes, keyed by sha256 and shared by identical letters of any agency, are readable when a
# visible document or rendition names them, and anyone may add bytes (INSERT … ON CONFLICT DO
# NOTHING, no RETURNING: new bytes are not readable until their document row is written).
STORE_POLICIES = f"""
ALTER TABLE document_renditions ENABLE ROW LEVEL SECURITY;
CREATE POLICY {POLICY} ON document_renditions
  USING (EXISTS (SELECT 1 FROM documents d WHERE d.id = document_id))
  WITH CHECK (EXISTS (SELECT 1 FROM documents d WHERE d.id = document_id));
ALTER TABLE document_blobs ENABLE ROW LEVEL SECURITY;
CREATE POLICY {POLICY} ON document_blobs FOR SELECT USING (
  EXISTS (SELECT 1 FROM documents d WHERE d.sha256 = document_blobs.sha256)
  OR EXISTS (SELECT 1 FROM document_renditions r WHERE r.sha256 = document_blobs.sha256)
);
CREATE POLICY {POLICY}_add ON document_blobs FOR INSERT WITH CHECK (true);
"""
DROP_STORE_POLICIES = (
    f"DROP POLICY {POLICY}_add ON document_blobs;"
    f"DROP POLICY {POLICY} ON document_blobs;"
    "ALTER TABLE document_blobs DISABLE ROW LEVEL SECURITY;"
    f"DROP POLICY {POLICY} ON document_renditions;"
    "ALTER TABLE document_renditions DISABLE ROW LEVEL SECURITY;"
)

FUNCTIONS = f"""
CREATE FUNCTION casework_agency_allowed(code text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM {GRANTS_TABLE} g
    WHERE g.role_name = current_user AND g.agency IN (code, '{ALL_AGENCIES}')
  )
$$;
CREATE FUNCTION casework_case_allowed(case_ref integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM cases c WHERE c.id = case_ref)
$$;
"""

# Applicants have no agency; one is visible while no case refers to it yet (registration
# inserts the applicant first) or when a case of an allowed agency does.  The function runs
# as the owner (SECURITY DEFINER) so that it sees every case, and is told the caller.
APPLICANT_FUNCTION = f"""
CREATE FUNCTION casework_applicant_allowed(applicant integer, who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {{schema}}, pg_temp AS $$
  SELECT NOT EXISTS (SELECT 1 FROM cases c WHERE c.applicant_id = applicant)
      OR EXISTS (
        SELECT 1 FROM cases c JOIN {GRANTS_TABLE} g ON g.agency IN (c.agency, '{ALL_AGENCIES}')
        WHERE c.applicant_id = applicant AND g.role_name = who
      )
$$;
"""

DROP_FUNCTIONS = (
    "DROP FUNCTION casework_applicant_allowed(integer, name);"
    "DROP FUNCTION casework_case_allowed(integer);"
    "DROP FUNCTION casework_agency_allowed(text);"
)


def _policy(table: str, condition: str) -> str:
    return (
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;"
        f"CREATE POLICY {POLICY} ON {table} USING ({condition}) WITH CHECK ({condition});"
    )


def agency_policy(table: str, column: str = "agency") -> str:
    """Row-level security on a table with an agency column: reads and writes alike."""
    return _policy(table, f"casework_agency_allowed({column})")


def case_policy(table: str, column: str = "case_id") -> str:
    """Row-level security on a table whose rows belong to a case (``column``)."""
    return _policy(table, f"casework_case_allowed({column})")


def applicant_policy() -> str:
    return _policy("applicants", "casework_applicant_allowed(id, current_user)")


def drop_policy(table: str) -> str:
    return f"DROP POLICY {POLICY} ON {table};ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;"


def grant_statements(role: str, tables: list[str]) -> list[str]:
    """The privileges of a clerk's login: read and write the case tables (row-level security
    narrows them to its agencies), append to the journal, read the rest."""
    quoted = f'"{role}"'
    statements = [f"GRANT USAGE ON SCHEMA {{schema}} TO {quoted}"]
    for name in tables:
        if name in OWNER_ONLY_TABLES:
            continue
        if name in APPEND_ONLY_TABLES:
            privileges = "SELECT, INSERT"
        elif name in READ_ONLY_TABLES:
            privileges = "SELECT"
            # A grant made by an earlier version is taken back (db grant is re-run).
            statements.append(f"REVOKE INSERT, UPDATE, DELETE ON {name} FROM {quoted}")
        else:
            privileges = "SELECT, INSERT, UPDATE, DELETE"
        statements.append(f"GRANT {privileges} ON {name} TO {quoted}")
    statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {{schema}} TO {quoted}")
    return statements


def sync_grants(engine: Engine, roles: Mapping[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """Give each PostgreSQL login of ``roles`` (role → agency codes; empty: every agency) its
    privileges and its agencies in ``agency_grants``; the (role, agency) rows written.  Run by
    the owner of the tables (``casework db grant``)."""
    if engine.dialect.name != "postgresql":
        raise StorageError(
            "行级安全和数据库登录只适用于 PostgreSQL；SQLite 数据库按操作系统用户区分身份",
            field="database_url",
        )
    rows = [(role, agency) for role, agencies in roles.items() for agency in agencies or ("*",)]
    with engine.begin() as connection:
        existing = set(connection.execute(text("SELECT rolname FROM pg_roles")).scalars())
        missing = sorted(set(roles) - existing)
        if missing:
            raise StorageError(
                f"数据库中没有登录角色：{'、'.join(missing)}；请先由管理员执行 "
                "CREATE ROLE <名称> LOGIN（见 docs/deploy.md）",
                field="users.*.db_role",
            )
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        tables = sorted(
            connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            ).scalars()
        )
        for role in roles:
            for statement in grant_statements(role, tables):
                connection.execute(text(statement.format(schema=f'"{schema}"')))
        grants = table(GRANTS_TABLE, column("role_name"), column("agency"))
        connection.execute(delete(grants).where(grants.c.role_name.in_(list(roles))))
        if rows:
            connection.execute(insert(grants), [{"role_name": r, "agency": a} for r, a in rows])
    return rows
