"""Under identity = "database" (issue 15) a clerk's PostgreSQL login must not reach the console's
password hashes and sessions (issue 20): with them it could sign in to the console as anyone."""

from __future__ import annotations


def test_a_clerks_database_login_gets_no_privilege_on_the_console_passwords() -> None:
    from casework.adapters.row_security import grant_statements

    granted = "\n".join(
        grant_statements("clerk_a", ["cases", "console_accounts", "console_sessions"])
    )
    assert "ON cases TO" in granted
    assert "console_accounts" not in granted and "console_sessions" not in granted
