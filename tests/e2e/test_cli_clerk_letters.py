"""Issue 21, the letters of a clerk's day read back from the rendered .docx: the 登记回执 of a
late registration states both dates, the 送达回证 of an electronic delivery the applicant's
consent and the address used."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import CliInvoke
from tests.e2e.test_cli_workflow_paths import decide, new_case, run
from tests.support.letter_copies import letter_paragraphs

__all__ = ["run"]  # the fixture, imported for pytest


def letter_of(run: CliInvoke, number: str, kind: str) -> str:
    listed: list[dict[str, Any]] = json.loads(run("docs", number, "--json").output)
    document = next(d for d in listed if d["kind"] == kind)
    return "".join(letter_paragraphs(run, number, document))


def check_items(run: CliInvoke, number: str) -> list[dict[str, Any]]:
    return list(json.loads(run("check", number, "--json", ok=False).output))


def test_the_acknowledgement_of_a_late_registration_states_both_dates(run: CliInvoke) -> None:
    number = new_case(run, received_on="2026-06-22")  # today is 2026-06-30
    text = letter_of(run, number, "acknowledgement")
    assert "本申请于2026年6月22日收到，本机关于2026年6月30日登记" in text
    assert "答复期限仍自收到申请之日（2026年6月22日）起计算" in text
    assert "自收到申请之日起20个工作日内予以答复" in text
    assert text.split("（联系人")[0].endswith("2026年6月30日")  # dated the day it is issued
    # The reply period runs from the receipt: 20 working days after 2026-06-22 (no holiday).
    assert json.loads(run("show", number, "--json").output)["reply_due_on"] == "2026-07-20"


def test_the_acknowledgement_of_a_same_day_registration_states_the_receipt_only(
    run: CliInvoke,
) -> None:
    number = new_case(run, received_on="2026-06-30")
    text = letter_of(run, number, "acknowledgement")
    assert "本机关于2026年6月30日收到您提出的政府信息公开申请" in text
    assert "登记；本回执落款日期" not in text


def test_the_checker_passes_the_late_acknowledgement_on_both_dates(run: CliInvoke) -> None:
    number = new_case(run, received_on="2026-06-22")
    items = {
        i["element"]: i for i in check_items(run, number) if i["document"] == "acknowledgement"
    }
    assert items["收到申请之日"]["status"] == "pass"
    assert items["登记日期"]["status"] == "pass" and "2026年6月30日" in items["登记日期"]["detail"]


def test_the_delivery_record_of_an_electronic_delivery_prints_consent_and_address(
    run: CliInvoke,
) -> None:
    number = new_case(run)
    decide(run, number, "2026-04-20")
    run(
        "deliver", number, "--method", "electronic", "--consent", "申请表勾选同意电子送达",
        "--address", "zhang@example.cn", "--on", "2026-04-21",
    )  # fmt: skip
    text = letter_of(run, number, "delivery_record")
    assert "电子送达" in text
    assert "申请人同意电子送达申请表勾选同意电子送达" in text
    assert "电子送达地址zhang@example.cn" in text
    items = [i for i in check_items(run, number) if i["document"] == "delivery_record"]
    consent = next(i for i in items if i["element"] == "申请人同意电子送达")
    assert consent["status"] == "pass"


def test_the_delivery_record_of_a_posted_reply_leaves_the_electronic_rows_empty(
    run: CliInvoke,
) -> None:
    number = new_case(run)
    decide(run, number, "2026-04-20")
    run("deliver", number, "--method", "post", "--tracking", "EA123456789CN", "--on", "2026-04-21")
    text = letter_of(run, number, "delivery_record")
    assert "EA123456789CN" in text
    assert "申请人同意电子送达电子送达地址" in text  # both rows, no values
