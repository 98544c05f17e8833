"""Issue 15 on SQLite and the command line: the operating-system login is the default
identity, the declared identity is marked wherever the journal is read, and the settings,
files and mail that a shared deployment relies on."""

from __future__ import annotations

import json
import os
import pwd
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from casework.entrypoints.cli import cli as command
from tests.conftest import USERS, write_home
from tests.support.deployment import register_args

LOGIN = pwd.getpwuid(os.geteuid()).pw_name
DRAFT = ["--outcome", "disclose", "--facts", "可以公开", "--access", "随本答复书提供"]


def run(home: Path, *args: str, **env: str | None) -> Result:
    environment: dict[str, str | None] = {"CASEWORK_NOW": "2026-11-20T09:30:00+08:00"}
    environment.update(env)
    return CliRunner().invoke(command, ["--home", str(home), *args], env=environment)


def os_home(tmp_path: Path, users: str) -> Path:
    home = write_home(tmp_path / "home")
    config = home / "config.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text[: text.index("\n[users.zhangsan]")] + users, encoding="utf-8")
    return home


@pytest.fixture
def os_identity(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("CASEWORK_IDENTITY")  # the default on SQLite: the OS login
    # Environment variables are not authentication: the login comes from the process's uid.
    monkeypatch.setenv("USER", "wangwu")
    monkeypatch.setenv("LOGNAME", "wangwu")
    yield


def registered(home: Path, **env: str | None) -> str:
    result = run(home, *register_args(), **env)
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


@pytest.mark.usefixtures("os_identity")
def test_on_sqlite_the_os_login_acts_through_its_os_user_mapping(tmp_path: Path) -> None:
    users = USERS.replace('name = "张三"', f'name = "张三"\nos_user = "{LOGIN}"')
    home = os_home(tmp_path, users)
    number = registered(home)
    events = json.loads(run(home, "history", number, "--json").output)["events"]
    assert [(e["actor"], e["identity"]) for e in events] == [("zhangsan", "os")]
    spoofed = run(home, "--user", "lisi", "approve", number)
    assert spoofed.exit_code == 1
    assert f"身份取自操作系统登录「{LOGIN}」（用户「zhangsan」），不能以「lisi」的名义办理" in (
        spoofed.output
    )
    by_env = run(home, "show", number, CASEWORK_USER="wangwu")
    assert by_env.exit_code == 1 and "不能以「wangwu」的名义办理" in by_env.output


@pytest.mark.usefixtures("os_identity")
def test_without_users_one_person_cannot_approve_their_own_draft_under_a_second_name(
    tmp_path: Path,
) -> None:
    home = os_home(tmp_path, "")
    number = registered(home)
    assert run(home, "draft", number, *DRAFT, "--on", "2026-11-20").exit_code == 0
    second_name = run(home, "--user", "reviewer", "approve", number)
    assert second_name.exit_code == 1 and "不能以「reviewer」的名义办理" in second_name.output
    own = run(home, "approve", number)
    assert own.exit_code == 1 and "审签人不能是拟稿人" in own.output
    declared = run(home, "--user", "reviewer", "approve", number, CASEWORK_IDENTITY="declared")
    assert declared.exit_code == 1 and "须在 config.toml 的 [users] 中登记" in declared.output


def test_a_declared_identity_is_marked_in_history_and_show(tmp_path: Path) -> None:
    home = write_home(tmp_path / "home")
    number = registered(home, CASEWORK_USER="zhangsan")
    text = run(home, "--user", "zhangsan", "history", number).output
    assert "zhangsan（声明身份）" in text and "未经登录认证" in text
    shown = run(home, "--user", "lisi", "show", number)
    assert "办理日志中 1 条记录的操作人为声明身份（以 --user 指定，未经登录认证）：zhangsan" in (
        shown.output
    )
    data = json.loads(run(home, "--user", "lisi", "show", number, "--json").output)
    assert data["declared_identity"] == {"entries": 1, "users": ["zhangsan"]}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            '\n[agencies.a_very_long_agency_code_of_33_chars]\nname = "x"\ndoc_code = "x"\n'
            'reconsideration_organ = "y"\n',
            "机关代码「a_very_long_agency_code_of_33_chars」超过 32 个字符",
        ),
        (
            '\n[agencies.long]\nname = "x"\ndoc_code = "' + "长" * 41 + '"\n'
            'reconsideration_organ = "y"\n',
            "doc_code（机关代字）",
        ),
        (
            "\n[users." + "u" * 65 + ']\nname = "x"\n',
            "超过 64 个字符",
        ),
    ],
)
def test_lengths_postgresql_enforces_are_refused_on_sqlite_too(
    tmp_path: Path, extra: str, message: str
) -> None:
    home = write_home(tmp_path / "home", extra=extra)
    result = run(home, "--user", "zhangsan", "list")
    assert result.exit_code == 1 and message in result.output, result.output


def test_a_case_number_format_too_long_for_its_column_is_refused(tmp_path: Path) -> None:
    home = write_home(tmp_path / "home")
    config = home / "config.toml"
    text = config.read_text(encoding="utf-8").replace(
        'case_number_format = "{year}-{seq:04d}"',
        'case_number_format = "' + "申" * 40 + '{agency}-{year}-{seq:04d}"',
    )
    config.write_text(text, encoding="utf-8")
    result = run(home, "--user", "zhangsan", "list")
    assert result.exit_code == 1 and "超过 48 个字符" in result.output


def test_a_user_name_longer_than_the_journal_keeps_is_refused(tmp_path: Path) -> None:
    home = write_home(tmp_path / "home")
    result = run(home, "--user", "u" * 65, "list")
    assert result.exit_code == 1 and "--user（经办人）：不能超过 64 个字符" in result.output


def test_a_database_in_a_missing_directory_is_refused_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dir"
    home = write_home(tmp_path / "home", f"sqlite:///{missing}/casework.db")
    result = run(home, "--user", "zhangsan", "list")
    assert result.exit_code == 1 and "不存在" in result.output and "不会自动创建" in result.output
    assert not missing.exists()


def test_a_world_readable_config_holding_a_database_password_is_refused(tmp_path: Path) -> None:
    home = write_home(tmp_path / "home", "postgresql+psycopg://clerk:s3cret@127.0.0.1:1/db")
    config = home / "config.toml"
    config.chmod(0o644)
    result = run(home, "--user", "zhangsan", "list")
    assert result.exit_code == 1 and "chmod 600" in result.output
    assert "s3cret" not in result.output


def test_init_makes_the_home_private_whatever_the_umask(tmp_path: Path) -> None:
    home = tmp_path / "fresh"
    previous = os.umask(0o022)
    try:
        result = run(home, "init")
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    assert os.umask(previous) == previous  # the command restored the caller's umask
    assert (home.stat().st_mode & 0o777, (home / "config.toml").stat().st_mode & 0o777) == (
        0o700,
        0o600,
    )
    assert (home / "casework.db").stat().st_mode & 0o077 == 0


def test_smtp_uses_starttls_and_refuses_a_login_in_clear_unless_allowed(tmp_path: Path) -> None:
    from casework.settings import SmtpSettings

    assert SmtpSettings.model_validate({"host": "h", "from": "a@b.cn"}).starttls is True
    plain = '\n[alerts.smtp]\nhost = "h"\nfrom = "a@b.cn"\nuser = "u"\nstarttls = false\n'
    refused = run(write_home(tmp_path / "a", extra=plain), "--user", "zhangsan", "list")
    assert refused.exit_code == 1 and "未加密的连接" in refused.output
    allowed = write_home(tmp_path / "b", extra=plain + "allow_plain_login = true\n")
    assert run(allowed, "--user", "zhangsan", "list").exit_code == 0
