"""The applicant's pages in a real browser (Debian's Chromium driven by Selenium) against a
real ``casework serve`` on 127.0.0.1: fill in the form, submit, read the query code, look it up
(issue 19).  Screenshots go to the test's temporary directory."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from tests.support.http import running_server

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
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
    options.add_argument("--window-size=412,1400")  # a phone's width
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.implicitly_wait(10)
    yield driver
    driver.quit()


def test_an_applicant_applies_and_looks_the_case_up_in_a_browser(
    home: Path, tmp_path: Path, browser: WebDriver
) -> None:
    with running_server(home, "2026-11-20T09:30:00+08:00", tmp_path / "serve.log") as base:
        browser.get(f"{base}/")
        assert browser.find_element(By.TAG_NAME, "h1").text == "政府信息公开网上申请"
        assert browser.execute_script("return document.scripts.length") == 0
        browser.find_element(By.ID, "applicant").send_keys("王小明")
        Select(browser.find_element(By.ID, "applicant_type")).select_by_visible_text("自然人")
        browser.find_element(By.ID, "contact").send_keys("13900005678")
        browser.find_element(By.ID, "description").send_keys(
            "2025年度本机关政府信息公开工作年度报告的底稿"
        )
        browser.save_screenshot(str(tmp_path / "1-form.png"))
        browser.find_element(By.ID, "submit").click()

        code = browser.find_element(By.ID, "query-code").text
        assert len(code) == 8
        assert "第三十一条第（三）项" in browser.page_source
        browser.save_screenshot(str(tmp_path / "2-submitted.png"))

        browser.find_element(By.LINK_TEXT, "查询办理进度").click()
        assert browser.find_element(By.ID, "code").get_attribute("value") == code
        browser.find_element(By.ID, "name").send_keys("5678")
        browser.find_element(By.ID, "lookup").click()
        assert browser.find_element(By.ID, "state").text == "已提交，待工作人员确认收到"
        assert browser.find_element(By.ID, "received-on").text == "尚未确认收到"
        assert "5678" not in browser.current_url.split("name=")[0]
        browser.save_screenshot(str(tmp_path / "3-status.png"))

        browser.get(f"{base}/status?code={code}&name=李四")
        assert "未找到" in browser.find_element(By.ID, "status-message").text
    for shot in ("1-form.png", "2-submitted.png", "3-status.png"):
        assert (tmp_path / shot).read_bytes().startswith(b"\x89PNG")
    assert '"path": "/status"' in (tmp_path / "serve.log").read_text(encoding="utf-8")


def test_a_refused_form_shows_each_problem_beside_its_field(
    home: Path, tmp_path: Path, browser: WebDriver
) -> None:
    with running_server(home, "2026-11-20T09:30:00+08:00", tmp_path / "serve.log") as base:
        browser.get(f"{base}/")
        browser.find_element(By.ID, "applicant").send_keys("王小明")
        Select(browser.find_element(By.ID, "applicant_type")).select_by_visible_text("自然人")
        Select(browser.find_element(By.ID, "id_type")).select_by_visible_text("居民身份证")
        browser.find_element(By.ID, "id_number").send_keys("110105194912310021")
        browser.find_element(By.ID, "description").send_keys("预算")
        browser.find_element(By.ID, "submit").click()
        problem = browser.find_element(By.ID, "id_number-problem").text
        assert problem.startswith("证件号码：")
        field = browser.find_element(By.ID, "id_number")
        assert field.get_attribute("aria-invalid") == "true"
        # What was typed is kept, so the applicant corrects only the field at fault.
        assert browser.find_element(By.ID, "applicant").get_attribute("value") == "王小明"
        browser.save_screenshot(str(tmp_path / "refused.png"))
    assert (tmp_path / "refused.png").read_bytes().startswith(b"\x89PNG")
