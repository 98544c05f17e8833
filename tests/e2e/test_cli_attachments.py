"""Attachments through the CLI on both engines (issue 17): ``attach`` stores files in the
document store with their sha256 in the journal, ``show`` and ``docs`` list them, ``docs --out``
copies them; ``deliver``, ``record-payment``, ``record-opinion`` and ``remedy`` take
``--attach`` all-or-nothing with the action; bad files are refused in Chinese, changing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_home
from tests.support.clerk import NOW, PDF, Clerk, decided, sha, write
from tests.support.png import solid_png


@pytest.fixture
def run(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Clerk:
    monkeypatch.setenv("CASEWORK_NOW", NOW)
    monkeypatch.delenv("CASEWORK_HOME", raising=False)
    monkeypatch.delenv("CASEWORK_USER", raising=False)
    return Clerk(write_home(tmp_path / "home", database_url))


def test_attached_files_are_stored_listed_journaled_and_copied_out(
    run: Clerk, tmp_path: Path
) -> None:
    number = run.new_case()
    scan = write(tmp_path / "in", "申请表.pdf", PDF)
    photo = write(tmp_path / "in", "身份证.png", solid_png(4, 4))
    added = run.json(
        "attach", number, str(scan), str(photo), "--kind", "identity_proof", "--note", "复印件"
    )
    assert [(a["name"], a["media_type"], a["sha256"]) for a in added["attachments"]] == [
        ("申请表.pdf", "application/pdf", sha(PDF)),
        ("身份证.png", "image/png", sha(solid_png(4, 4))),
    ]
    event = run.json("history", number)["events"][-1]
    assert event["action"] == "attach" and event["state_after"] == "registered"
    assert [a["sha256"] for a in event["data"]["attachments"]] == [sha(PDF), sha(solid_png(4, 4))]
    shown = run.json("show", number)["attachments"]
    assert [(a["kind"], a["note"], a["size"]) for a in shown] == [
        ("identity_proof", "复印件", len(PDF)),
        ("identity_proof", "复印件", len(solid_png(4, 4))),
    ]
    assert "身份证明" in run("show", number).output and "申请表.pdf" in run("docs", number).output
    listed = run.json("docs", number)
    assert [d["kind"] for d in listed] == ["acknowledgement", "attachment", "attachment"]
    copies = run.json("docs", number, "--out", str(tmp_path / "out"))
    files = {c["name"]: Path(c["file"]).read_bytes() for c in copies if c["kind"] == "attachment"}
    assert files == {"附件01-申请表.pdf": PDF, "附件02-身份证.png": solid_png(4, 4)}


@pytest.mark.parametrize(
    ("name", "data", "rule"),
    [
        ("空.pdf", b"", "文件为空"),
        (
            "照片.pdf",
            b"\xff\xd8\xff\xe0" + b"\x00" * 64,
            "文件内容是JPEG 图片，与扩展名「.pdf」不符",
        ),
        ("程序.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "文件内容不是可接受的类型"),
        ("伪装.txt", b"MZ\x90\x00\x03\x00\x00\x00", "文件内容不是可接受的类型"),
        ("压缩包.docx", b"PK\x03\x04not really a zip", "文件内容不是可接受的类型"),
    ],
)
def test_a_bad_file_is_refused_in_chinese_and_changes_nothing(
    run: Clerk, tmp_path: Path, name: str, data: bytes, rule: str
) -> None:
    number = run.new_case()
    good = write(tmp_path / "in", "申请表.pdf", PDF)
    bad = write(tmp_path / "in", name, data)
    before = run.state()
    result = run("attach", number, str(good), str(bad), "--kind", "other", ok=False)
    assert result.exit_code == 1
    assert f"FILE（附件文件）「{name}」" in result.stderr and rule in result.stderr
    assert run.state() == before


def test_a_file_over_the_size_limit_or_missing_is_refused(run: Clerk, tmp_path: Path) -> None:
    number = run.new_case()
    before = run.state()
    large = write(tmp_path / "in", "大.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024))
    result = run("attach", number, str(large), "--kind", "other", ok=False)
    assert result.exit_code == 1 and "超过上限 20 MB" in result.stderr
    missing = run("attach", number, str(tmp_path / "无.pdf"), "--kind", "other", ok=False)
    assert missing.exit_code == 1 and "文件不存在" in missing.stderr
    assert run.state() == before


def test_deliver_with_attach_stores_the_proof_with_the_action_or_neither(
    run: Clerk, tmp_path: Path
) -> None:
    number = decided(run)
    deliver = ("deliver", number, "--method", "post", "--tracking", "EMS1234567890CN")
    bad = write(tmp_path / "in", "回执.jpg", PDF)
    before = run.state()
    refused = run(*deliver, "--attach", str(bad), ok=False)
    assert refused.exit_code == 1 and "与扩展名「.jpg」不符" in refused.stderr
    assert run.state() == before  # not delivered, nothing attached
    receipt = write(tmp_path / "in", "回执.pdf", PDF)
    run(*deliver, "--attach", str(receipt))
    event = run.json("history", number)["events"][-1]
    assert event["action"] == "deliver"
    assert [(a["kind"], a["sha256"]) for a in event["data"]["attachments"]] == [
        ("delivery_proof", sha(PDF))
    ]
    assert run.json("show", number)["state"] == "delivered"
    remedy = ("remedy", number, "--kind", "reconsideration", "--filed-on", "2026-06-10")
    decision = write(tmp_path / "in", "复议决定书.pdf", PDF + b"%decision")
    run(*remedy, "--result", "upheld", "--decided-on", "2026-06-20", "--attach", str(decision))
    attached = run.json("show", number)["attachments"]
    assert [a["kind"] for a in attached] == ["delivery_proof", "remedy_decision"]
    assert run.json("history", number)["events"][-1]["action"] == "remedy"


def test_a_refused_payment_keeps_its_receipt_out_and_an_accepted_one_stores_it(
    run: Clerk, tmp_path: Path
) -> None:
    number = run.new_case()
    run("notify-fee", number, "--method", "per-page", "--pages", "150", "--on", "2026-04-08")
    events = run.json("history", number)["events"]
    amount = next(e["data"]["amount"] for e in events if e["action"] == "notify-fee")
    receipt = write(tmp_path / "in", "票据.jpg", b"\xff\xd8\xff\xe0receipt")
    payment = ("record-payment", number, "--receipt", "0012345", "--on", "2026-04-10")
    before = run.state()
    wrong = run(*payment, "--amount", "80", "--attach", str(receipt), ok=False)
    assert wrong.exit_code == 1 and "--amount（缴费金额）" in wrong.stderr
    assert run.state() == before  # the action refused: its receipt is not kept either
    run(*payment, "--amount", amount, "--attach", str(receipt))
    event = run.json("history", number)["events"][-1]
    assert event["action"] == "record-payment"
    assert [(a["kind"], a["media_type"]) for a in event["data"]["attachments"]] == [
        ("payment_receipt", "image/jpeg")
    ]


def test_an_opinion_takes_its_letter_and_the_kind_can_be_an_agencys(
    run: Clerk, tmp_path: Path
) -> None:
    number = run.new_case()
    run(
        "consult", number, "--party", "示例市财政局", "--party-kind", "agency", "--on", "2026-04-08"
    )
    letter = write(tmp_path / "in", "复函.pdf", PDF + b"%opinion")
    run(
        "record-opinion",
        number,
        "--party",
        "示例市财政局",
        "--opinion",
        "agree",
        "--on",
        "2026-04-15",
        "--attach",
        str(letter),
        "--attach-kind",
        "agency_opinion",
    )
    attached = run.json("show", number)["attachments"]
    assert [(a["kind"], a["name"]) for a in attached] == [("agency_opinion", "复函.pdf")]
    assert run.json("history", number)["events"][-1]["action"] == "record-opinion"
