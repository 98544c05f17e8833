"""The bad-input corpus (issue 14): entries as data, a populated home, one run per entry.

Each entry of ``tests/corpus/*.yaml`` is a command line (with its environment and any files to
create, such as a batch file or an edited config.toml) that casework must refuse.  ``run_entry``
runs it through the CLI in-process on a copy of a home holding cases in many states, and
classifies what happened: refused cleanly (exit status 1, a Chinese message naming the field
and the rule, the database and the home's files byte for byte as before), accepted, crashed,
or changed data while refusing.  ``python -m tests.corpus.harness`` prints the figures.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as default
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

from tests.conftest import write_home

CORPUS = Path(__file__).resolve().parent
NOW = "2026-11-20T09:30:00+08:00"
# Byte 0xFF, as Python hands an argument or environment value that is not UTF-8 to a program
# (PEP 383 surrogateescape).
INVALID_UTF8 = b"\xff".decode("utf-8", "surrogateescape")
TOKEN = re.compile(r"\{(invalid-utf8|repeat:(\d+):(.)|dir|home)\}")

# Valid registration options; entries of ``base: register`` change one or two of them.
REGISTER = {
    "--applicant": "张三",
    "--applicant-type": "natural",
    "--id-type": "resident-id",
    "--id-number": "11010519491231002X",
    "--contact": "13800000000",
    "--channel": "in-person",
    "--received-on": "2026-11-10",
    "--description": "2025年度部门预算",
    "--form": "electronic",
    "--delivery": "email",
}

# Three or more English words in a row, or the marks of untranslated library messages.
ENGLISH_PROSE = re.compile(r"[A-Za-z]{2,}(?:[ ,:()]+[A-Za-z]{2,}){2,}")
ENGLISH_MARKS = (
    "Traceback",
    "Error",
    "Usage:",
    "Try '",
    "Input should",
    "Expecting",
    "Invalid",
    "should be",
    "not a valid",
    "required",
    "line ",
    "column",
)
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Entry:
    """One bad input and what its refusal must say."""

    id: str
    source: str
    args: list[str]
    field: str
    rule: str
    env: dict[str, str] = default(default_factory=dict)
    files: dict[str, str] = default(default_factory=dict)
    files_hex: dict[str, str] = default(default_factory=dict)
    config_append: str = ""
    config_replace: list[tuple[str, str]] = default(default_factory=list)
    user: str | None = "zhangsan"
    home_option: bool = True


@dataclass(frozen=True)
class Outcome:
    """What running an entry did; ``verdict`` is one of VERDICTS."""

    entry: Entry
    verdict: str
    detail: str
    output: str


VERDICTS = ("refused cleanly", "refused unclearly", "accepted", "crashed", "changed data")


class _Loader(yaml.SafeLoader):
    """YAML without implicit dates: ``2026-13-01`` in an entry stays the text typed."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_entries() -> list[Entry]:
    """Every entry of every ``*.yaml`` file here, in file order."""
    entries = []
    for path in sorted(CORPUS.glob("*.yaml")):
        for raw in yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or []:
            entries.append(_entry(raw, path.stem))
    return entries


def _entry(raw: dict[str, Any], source: str) -> Entry:
    unknown = set(raw) - {
        "id",
        "base",
        "set",
        "drop",
        "args",
        "field",
        "rule",
        "env",
        "files",
        "files_hex",
        "config_append",
        "config_replace",
        "user",
        "home_option",
        "note",
    }
    assert not unknown, f"{raw.get('id')}: unknown keys {unknown}"
    args = [str(a) for a in raw.get("args", [])]
    if raw.get("base") == "register":
        options = dict(REGISTER)
        for name in raw.get("drop", []):
            options.pop(name)
        options.update({k: str(v) for k, v in (raw.get("set") or {}).items()})
        args = ["register", *[x for pair in options.items() for x in pair], *args]
    return Entry(
        id=raw["id"],
        source=source,
        args=args,
        field=str(raw["field"]),
        rule=str(raw["rule"]),
        env={k: str(v) for k, v in (raw.get("env") or {}).items()},
        files=raw.get("files") or {},
        files_hex=raw.get("files_hex") or {},
        config_append=raw.get("config_append", ""),
        config_replace=[(a, b) for a, b in raw.get("config_replace", [])],
        user=raw.get("user", "zhangsan"),
        home_option=raw.get("home_option", True),
    )


def expand(text: str, workdir: Path, home: Path) -> str:
    def replace(match: re.Match[str]) -> str:
        token = match.group(1)
        if token == "invalid-utf8":
            return INVALID_UTF8
        if token == "dir":
            return str(workdir)
        if token == "home":
            return str(home)
        return match.group(3) * int(match.group(2))

    return TOKEN.sub(replace, text)


# -- the populated home ------------------------------------------------------------------

POPULATION: list[tuple[str, list[str]]] = [
    # (user, args); every case received in November 2026, NOW is 2026-11-20.
    ("zhangsan", ["register", "--received-on", "2026-11-02"]),  # 0001 registered
    ("zhangsan", ["register", "--received-on", "2026-11-02"]),  # 0002 correcting
    (
        "zhangsan",
        ["request-correction", "2026-0002", "--items", "请写明文件名称", "--on", "2026-11-03"],
    ),
    ("zhangsan", ["register", "--received-on", "2026-11-03"]),  # 0003 consulting
    (
        "zhangsan",
        [
            "consult",
            "2026-0003",
            "--party",
            "某某公司",
            "--party-kind",
            "third-party",
            "--concern",
            "涉及该单位的经营数据，公开可能损害其商业秘密",
            "--on",
            "2026-11-04",
        ],
    ),
    ("zhangsan", ["register", "--received-on", "2026-11-03"]),  # 0004 awaiting fee
    (
        "zhangsan",
        ["notify-fee", "2026-0004", "--method", "per-page", "--pages", "150", "--on", "2026-11-04"],
    ),
    ("zhangsan", ["register", "--received-on", "2026-11-04"]),  # 0005 reviewing
    ("zhangsan", ["register", "--received-on", "2026-11-04"]),  # 0006 approved
    ("zhangsan", ["register", "--received-on", "2026-11-05"]),  # 0007 replied
    ("zhangsan", ["register", "--received-on", "2026-11-05"]),  # 0008 delivered
    ("zhangsan", ["register", "--received-on", "2026-11-06"]),  # 0009 archived
    ("zhangsan", ["register", "--received-on", "2026-11-06"]),  # 0010 withdrawn
    (
        "zhangsan",
        [
            "withdraw",
            "2026-0010",
            "--how",
            "written",
            "--reason",
            "申请人书面撤回",
            "--on",
            "2026-11-09",
        ],
    ),
    # 0011: a correction window that ended before NOW, so a lapse is due.
    ("zhangsan", ["register", "--received-on", "2026-10-09", "--channel", "post"]),
    (
        "zhangsan",
        [
            "request-correction",
            "2026-0011",
            "--items",
            "请写明文号",
            "--on",
            "2026-10-12",
            "--period",
            "5",
        ],
    ),
    ("zhangsan", ["register", "--received-on", "2026-11-02", "--agency", "tj"]),  # tj 0001
]
DECIDED = {"2026-0005": 0, "2026-0006": 1, "2026-0007": 2, "2026-0008": 3, "2026-0009": 4}


def _population() -> Iterator[tuple[str, list[str]]]:
    for user, args in POPULATION:
        if args[0] == "register":
            options = dict(REGISTER)
            extra = dict(zip(args[1::2], args[2::2], strict=True))
            options.update(extra)
            if options["--channel"] != "in-person":
                options["--arrived-on"] = options["--received-on"]
            yield user, ["register", *[x for pair in options.items() for x in pair]]
        else:
            yield user, args
    for number, depth in DECIDED.items():
        on = ["--on", "2026-11-16"]
        yield (
            "zhangsan",
            [
                "draft",
                number,
                "--outcome",
                "disclose",
                "--facts",
                "经审查可以公开",
                "--access",
                "随本答复书提供电子文档",
                *on,
            ],
        )
        if depth >= 1:
            yield "lisi", ["approve", number, *on]
        if depth >= 2:
            yield "lisi", ["issue", number, *on]
        if depth >= 3:
            yield (
                "zhangsan",
                ["deliver", number, "--method", "in-person", "--signed-on", "2026-11-16", *on],
            )
        if depth >= 4:
            yield "zhangsan", ["archive", number, "--on", "2026-11-18"]


def clean_environment() -> dict[str, str | None]:
    """Every CASEWORK_ variable unset, CASEWORK_NOW fixed, the identity declared (the corpus
    names its users with --user on one machine; issue 15)."""
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("CASEWORK_")}
    env["CASEWORK_NOW"] = NOW
    env["CASEWORK_IDENTITY"] = "declared"
    return env


def populate(home: Path) -> Path:
    """A home with cases in every state of the machine (made once per session)."""
    from casework.entrypoints.cli import cli

    write_home(home)
    runner = CliRunner()
    for user, args in _population():
        result = runner.invoke(
            cli, ["--home", str(home), "--user", user, *args], env=clean_environment()
        )
        assert result.exit_code == 0, (args, result.output)
    return home


# -- running an entry --------------------------------------------------------------------


def dump(home: Path) -> list[str]:
    connection = sqlite3.connect(home / "casework.db")
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def listing(home: Path) -> list[tuple[str, str]]:
    """Every file of the home but the database and config.toml, with its sha256."""
    skip = {"casework.db", "casework.db-wal", "casework.db-shm", "config.toml"}
    return sorted(
        (str(path.relative_to(home)), hashlib.sha256(path.read_bytes()).hexdigest())
        for path in home.rglob("*")
        if path.is_file() and path.name not in skip
    )


def prepare(entry: Entry, populated: Path, workdir: Path) -> tuple[Path, list[str], dict[str, Any]]:
    """Copy the home, write the entry's files and config; return the home, args and env."""
    home = workdir / "home"
    shutil.copytree(populated, home)
    config = home / "config.toml"
    text = config.read_text(encoding="utf-8")
    for old, new in entry.config_replace:
        assert old in text, f"{entry.id}: {old!r} not in config.toml"
        text = text.replace(old, expand(new, workdir, home), 1)
    config.write_text(text + expand(entry.config_append, workdir, home), encoding="utf-8")
    for name, content in entry.files.items():
        (workdir / name).write_text(expand(content, workdir, home), encoding="utf-8")
    for name, hexed in entry.files_hex.items():
        (workdir / name).write_bytes(bytes.fromhex(hexed))
    args = [expand(a, workdir, home) for a in entry.args]
    prefix = ["--home", str(home)] if entry.home_option else []
    if entry.user is not None:
        prefix += ["--user", expand(entry.user, workdir, home)]
    env: dict[str, Any] = clean_environment()
    env.update({k: expand(v, workdir, home) for k, v in entry.env.items()})
    return home, [*prefix, *args], env


def run_entry(entry: Entry, populated: Path, workdir: Path) -> Outcome:
    from casework.entrypoints.cli import cli

    home, args, env = prepare(entry, populated, workdir)
    before = (dump(home), listing(home))
    result = CliRunner().invoke(cli, args, env=env, prog_name="casework")
    after = (dump(home), listing(home))
    given = [*args, *[value for value in env.values() if value]]
    verdict, detail = _judge(entry, result, workdir, given)
    if verdict not in ("crashed", "accepted") and before != after:
        verdict, detail = "changed data", _difference(before, after)
    return Outcome(entry, verdict, detail, result.output)


def _judge(entry: Entry, result: Result, workdir: Path, given: list[str]) -> tuple[str, str]:
    """The verdict on one run; ``given`` are the values typed, which a message may echo."""
    error = result.exception
    if error is not None and not isinstance(error, SystemExit):
        return "crashed", f"{type(error).__name__}: {error}"
    if result.exit_code == 0:
        return "accepted", "exit status 0"
    try:
        result.output.encode("utf-8")
    except UnicodeEncodeError:
        return "crashed", "the message cannot be written to a UTF-8 terminal"
    problem = _message_problem(entry, result, workdir, given)
    return ("refused unclearly", problem) if problem else ("refused cleanly", "")


def _message_problem(entry: Entry, result: Result, workdir: Path, given: list[str]) -> str:
    output = result.output
    if result.exit_code != 1:
        return f"exit status {result.exit_code}, expected 1"
    if entry.field not in output:
        return f"the field {entry.field!r} is not named"
    if entry.rule not in output:
        return f"the rule {entry.rule!r} is not stated"
    plain = output.replace(str(workdir), "")
    for value in given:
        if len(value) > 2:
            plain = plain.replace(value, "")
    if not CJK.search(plain.replace(entry.field, "")):
        return "no Chinese text besides the field"
    marks = [mark for mark in ENGLISH_MARKS if mark in plain]
    if marks:
        return f"untranslated text {marks[0]!r}"
    prose = ENGLISH_PROSE.search(plain)
    return f"English text {prose.group()!r}" if prose else ""


def _difference(before: tuple[list[Any], list[Any]], after: tuple[list[Any], list[Any]]) -> str:
    rows = sorted(set(after[0]) ^ set(before[0]))
    files = sorted(set(after[1]) ^ set(before[1]))
    return f"database rows changed: {rows[:3]}; files changed: {files[:3]}"


def main() -> None:
    """Print the corpus figures (tried, refused cleanly, accepted, crashed, changed data)."""
    import tempfile

    entries = load_entries()
    with tempfile.TemporaryDirectory() as tmp:
        populated = populate(Path(tmp) / "populated")
        outcomes = []
        for index, entry in enumerate(entries):
            workdir = Path(tmp) / f"e{index}"
            workdir.mkdir()
            outcomes.append(run_entry(entry, populated, workdir))
            shutil.rmtree(workdir)
    counts = Counter(o.verdict for o in outcomes)
    print(f"tried: {len(outcomes)}")
    for verdict in VERDICTS:
        print(f"{verdict}: {counts.get(verdict, 0)}")
    for outcome in outcomes:
        if outcome.verdict != "refused cleanly":
            print(f"- {outcome.entry.id} [{outcome.verdict}] {outcome.detail}")
            print("    " + outcome.output.strip().replace("\n", "\n    ")[:600])


if __name__ == "__main__":
    main()
