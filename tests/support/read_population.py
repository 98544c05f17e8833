"""A home holding cases in every kind of state, for comparing the Core reader of ``show``,
``history`` and ``list`` with the ORM unit of work (issue #18).

Every case is made by the real commands: imported from a 台账 (two finished, one open),
registered, in correction and corrected, in consultation and consulted, with an extension
asked and one granted, replied, archived, withdrawn, voided, with an attachment, and one case
of the second agency whose number is also a first-agency number.  Today is 2026-06-30.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from casework.entrypoints.cli import cli as root_command
from tests.e2e.test_cli_import import CLEAN, HEADER, _csv
from tests.support.clerk import PDF, write

NOW = "2026-06-30T10:00:00+08:00"
ENVIRONMENT = {
    "CASEWORK_NOW": NOW,
    "CASEWORK_IDENTITY": "declared",
    "CASEWORK_HOME": None,
    "CASEWORK_USER": None,
}
REGISTER = (
    "register",
    "--applicant",
    "张三",
    "--applicant-type",
    "natural",
    "--id-type",
    "resident-id",
    "--id-number",
    "11010519491231002X",
    "--contact",
    "13800000000",
    "--channel",
    "in-person",
    "--received-on",
    "2026-04-01",
    "--description",
    "2025年度部门预算",
)
CONSULT = (
    "--party",
    "某某科技有限公司",
    "--party-kind",
    "third-party",
    "--concern",
    "涉及该单位的经营数据，公开可能损害其商业秘密",
    "--on",
    "2026-04-08",
)
DRAFT = ("--outcome", "disclose", "--facts", "经审查，所申请信息可以公开")
ACCESS = ("--access", "随本答复书提供电子文档")


class Desk:
    """``casework`` in-process on ``home`` with the population's environment."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.runner = CliRunner()

    def __call__(self, *args: str, user: str = "zhangsan", ok: bool = True) -> Result:
        result = self.runner.invoke(
            root_command, ["--home", str(self.home), "--user", user, *args], env=ENVIRONMENT
        )
        if ok:
            assert result.exit_code == 0, result.output + result.stderr
        return result

    def new_case(self, *extra: str) -> str:
        return self(*REGISTER, *extra).output.strip().splitlines()[-1]


def populate(home: Path, files: Path) -> dict[str, str]:
    """Fill ``home`` with the population; the case numbers by what was done to them."""
    desk = Desk(home)
    desk("import", str(_csv(files / "台账.csv", [HEADER, *CLEAN])))
    cases = {"imported-replied": "2025-0001", "imported-partial": "2025-0002"}
    cases["imported-open"] = "2026-0001"
    cases["registered"] = number = desk.new_case()
    desk("attach", number, str(write(files, "申请表.pdf", PDF)), "--kind", "other")
    cases["correcting"] = number = desk.new_case()
    desk("request-correction", number, "--items", "请写明文件名称", "--on", "2026-04-03")
    cases["corrected"] = number = desk.new_case()
    desk("request-correction", number, "--items", "请写明文件名称", "--on", "2026-04-03")
    desk("receive-correction", number, "--other", "补充了联系电话", "--on", "2026-04-15")
    cases["consulting"] = number = desk.new_case()
    desk("consult", number, *CONSULT)
    cases["consulted"] = number = desk.new_case()
    desk("consult", number, *CONSULT)
    desk("record-opinion", number, "--party", "某某科技有限公司", "--opinion", "object")
    cases["extension-asked"] = number = desk.new_case()
    desk("extend", number, "--days", "20", "--reason", "需调取档案", "--on", "2026-04-28")
    cases["extended"] = number = desk.new_case()
    desk("extend", number, "--days", "20", "--reason", "需调取档案", "--on", "2026-04-28")
    desk("approve-extension", number, "--on", "2026-04-28", user="wangwu")
    cases["replied"] = number = desk.new_case()
    _reply(desk, number)
    cases["archived"] = number = desk.new_case()
    _reply(desk, number)
    desk(
        "deliver", number, "--method", "post", "--tracking", "EMS1234567890CN", "--on", "2026-05-01"
    )
    desk("archive", number, "--on", "2026-05-06")
    cases["withdrawn"] = number = desk.new_case()
    desk("withdraw", number, "--how", "written", "--reason", "申请人书面撤回", "--on", "2026-04-09")
    cases["voided"] = number = desk.new_case()
    desk("void", number, "--reason", "同一申请重复登记")
    cases["second-agency"] = desk.new_case("--agency", "tj")
    return cases


def _reply(desk: Desk, number: str) -> None:
    desk("draft", number, *DRAFT, *ACCESS, "--on", "2026-04-20")
    desk("approve", number, "--on", "2026-04-21", user="lisi")
    desk("issue", number, "--on", "2026-04-28", user="lisi")


def commands(cases: dict[str, str], query_code: str) -> list[tuple[str, ...]]:
    """What a clerk reads: every case shown and its journal, as text and JSON, and lists."""
    read: list[tuple[str, ...]] = []
    for number in sorted(set(cases.values())):
        for command in ("show", "history"):
            read += [(command, number), (command, number, "--json")]
    read += [
        ("show", cases["second-agency"], "--agency", "tj", "--json"),
        ("history", cases["second-agency"], "--agency", "tj"),
        ("show", query_code, "--json"),
        ("show", "2099-0001"),
        ("history", "2099-0001", "--json"),
        ("list",),
        ("list", "--json"),
        ("list", "--all"),
        ("list", "--all", "--json"),
        ("list", "--all-agencies", "--all", "--json"),
        ("list", "--agency", "tj", "--json"),
        ("list", "--state", "registered", "--sort", "due", "--json"),
        ("list", "--overdue", "--all-agencies"),
        ("list", "--due-within", "30", "--all-agencies", "--json"),
        ("list", "--handler", "zhangsan", "--page", "1"),
        ("list", "--page", "2"),
    ]
    return read
