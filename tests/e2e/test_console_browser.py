"""The review console in a real browser (Debian's Chromium driven by Selenium) against a real
``casework serve`` on 127.0.0.1 (issue 20): the reviewer signs in, opens the queue, reads the
draft's page images, returns it with a comment; the clerk's colleague signs in and re-drafts
in the console; the reviewer approves; the head approves an extension.  A screenshot of each page goes to
``tmp/artifacts/console/`` of the checkout (and the test's temporary directory)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.conftest import CliInvoke
from tests.support.console import NOW, PASSWORD, add_account, drafted_case, register
from tests.support.http import REPO, running_server

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
BETTER = "在公文系统和档案室中以“预算”为关键词检索了2025年1月至11月的收文、发文"
ARTIFACTS = REPO / "tmp" / "artifacts" / "console"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (shutil.which(CHROMIUM) and shutil.which(DRIVER)),
        reason="chromium and chromium-driver are installed by .ci/install-debian-packages",
    ),
]


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1366,768")  # the office screen of issue 20
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.implicitly_wait(10)
    yield driver
    driver.quit()


class Shots:
    """Screenshots of each page, into the test's directory and the checkout's artifacts."""

    def __init__(self, browser: WebDriver, folder: Path) -> None:
        self.browser, self.folder = browser, folder
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def __call__(self, name: str) -> None:
        target = self.folder / f"{name}.png"
        self.browser.save_screenshot(str(target))
        assert target.read_bytes().startswith(b"\x89PNG")
        shutil.copyfile(target, ARTIFACTS / target.name)


def sign_in(browser: WebDriver, base: str, user: str) -> None:
    browser.get(f"{base}/console/")
    assert browser.current_url == f"{base}/console/signin"
    browser.find_element(By.ID, "user").send_keys(user)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.ID, "signin").click()
    assert browser.find_element(By.ID, "signed-in-user").text == f"当前用户：{user}"


def redraft(browser: WebDriver, base: str, number: str) -> None:
    """The clerk's colleague signs in, opens the returned draft from 我的退回件, reads the
    reviewer's comment and rewrites the search process in the prefilled 拟稿 form."""
    sign_in(browser, base, "zhangsan")
    browser.find_element(By.ID, f"returned-{number}").click()
    comment = browser.find_element(By.ID, "returned-comment").text
    assert "检索过程请写明检索的系统和时间范围" in comment
    search = browser.find_element(By.ID, "fact-search_process")
    assert "以“预算”为关键词检索" in (search.get_attribute("value") or "")  # prefilled
    search.clear()
    search.send_keys(BETTER)
    browser.execute_script("arguments[0].scrollIntoView()", browser.find_element(By.ID, "redraft"))


def without_tls(home: Path) -> None:
    """127.0.0.1 without TLS: the Secure flag off, as docs/deploy.md allows for this only."""
    config = home / "config.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "applications_per_minute = 5",
            "applications_per_minute = 5\nconsole_secure_cookie = false",
        ),
        encoding="utf-8",
    )


def test_a_reviewer_returns_and_approves_a_draft_and_the_head_approves_an_extension(
    home: Path, tmp_path: Path, cli: CliInvoke, browser: WebDriver
) -> None:
    without_tls(home)
    for user in ("lisi", "wangwu", "zhangsan"):
        add_account(cli, user)
    number = drafted_case(cli)
    extended = register(cli)
    assert cli("extend", extended, "--days", "15", "--reason", "需调阅档案").exit_code == 0
    shot = Shots(browser, tmp_path)
    with running_server(home, NOW, tmp_path / "serve.log") as base:
        browser.get(f"{base}/console/signin")
        shot("1-signin")
        sign_in(browser, base, "lisi")
        assert browser.execute_script("return document.scripts.length") == 0
        assert browser.find_element(By.TAG_NAME, "h1").text == "待审队列"
        shot("2-queue")

        browser.find_element(By.ID, f"case-{number}-draft").click()
        image = browser.find_element(By.ID, "page-2-1")
        width = browser.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth", image
        )
        assert width > 500  # the rendered page, not a broken image
        assert "事实与检索过程" in browser.find_element(By.ID, "findings-2").text
        browser.execute_script(
            "arguments[0].scrollIntoView()", browser.find_element(By.ID, "letter-2")
        )
        shot("3-case")

        comment = browser.find_element(By.ID, "comment")
        comment.send_keys("检索过程请写明检索的系统和时间范围")
        browser.find_element(By.ID, "return").click()
        assert browser.find_element(By.ID, "done").text == "已办理：退回修改。"
        assert "检索过程请写明检索的系统和时间范围" in browser.find_element(By.ID, "history").text
        shot("4-returned")

        browser.find_element(By.ID, "signout").click()

        redraft(browser, base, number)
        shot("4b-redraft")
        browser.find_element(By.ID, "submit-draft").click()
        assert browser.find_element(By.ID, "done").text == "已办理：拟稿。"
        browser.find_element(By.ID, "signout").click()

        sign_in(browser, base, "lisi")
        browser.find_element(By.ID, f"case-{number}-draft").click()
        browser.find_element(By.ID, "approve").click()
        assert browser.find_element(By.ID, "done").text == "已办理：审签。"
        shot("5-approved")
        browser.find_element(By.ID, "signout").click()

        sign_in(browser, base, "wangwu")
        browser.find_element(By.ID, f"case-{extended}-extension").click()
        assert "申请延期 15 个工作日" in browser.find_element(By.ID, "extension-request").text
        shot("6-extension")
        browser.find_element(By.ID, "approve-extension").click()
        assert browser.find_element(By.ID, "done").text == "已办理：批准延期。"
        shot("7-extension-approved")
    events = json.loads(cli("history", number, "--json").output)["events"]
    done = [(e["action"], e["actor"], e["identity"]) for e in events[-3:]]
    assert done == [
        ("return", "lisi", "console"),
        ("draft", "zhangsan", "console"),
        ("approve", "lisi", "console"),
    ]
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert PASSWORD not in log
