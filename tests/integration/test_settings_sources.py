"""Settings read without pydantic-settings (issue #18): config.toml below the ``CASEWORK_*``
variables below the command's options, merged key by key, as before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casework.errors import ConfigurationError
from casework.settings import load_settings
from tests.conftest import write_home


def test_a_nested_variable_overrides_one_key_and_keeps_the_files_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = write_home(tmp_path / "home")
    monkeypatch.setenv("CASEWORK_CLOCK__CORRECTION_PERIOD_DAYS", "10")
    settings = load_settings(home)
    assert settings.clock.correction_period_days == 10
    assert settings.clock.rest_day_receipt == "roll-forward"  # from the file
    assert set(settings.agencies) == {"demo", "tj"}


def test_variable_names_are_case_insensitive_and_unrelated_ones_are_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = write_home(tmp_path / "home")
    monkeypatch.setenv("casework_default_agency", "tj")
    monkeypatch.setenv("CASEWORK_NOW", "2026-04-01")
    monkeypatch.setenv("CASEWORK_HOME", str(tmp_path / "elsewhere"))
    settings = load_settings(home)
    assert settings.default_agency == "tj"
    assert settings.home == home  # the home given wins over the variable


def test_the_commands_option_wins_over_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = write_home(tmp_path / "home")
    monkeypatch.setenv("CASEWORK_USER", "lisi")
    assert load_settings(home).user == "lisi"
    assert load_settings(home, user="zhangsan").user == "zhangsan"


def test_a_table_setting_takes_json_merged_with_nested_variables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = write_home(tmp_path / "home")
    agency = {"name": "示例市财政局", "doc_code": "示财", "reconsideration_organ": "示例市人民政府"}
    monkeypatch.setenv("CASEWORK_AGENCIES", json.dumps({"cz": agency}, ensure_ascii=False))
    monkeypatch.setenv("CASEWORK_ALERTS__WEBHOOKS", '[{"agency": "cz", "url": "https://x.test/h"}]')
    settings = load_settings(home)
    assert set(settings.agencies) == {"demo", "tj", "cz"}
    assert settings.agencies["cz"].doc_code == "示财"
    assert settings.alerts.webhooks[0].agency == "cz"


def test_a_table_setting_that_is_not_json_is_refused_naming_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = write_home(tmp_path / "home")
    monkeypatch.setenv("CASEWORK_AGENCIES", "{not json")
    with pytest.raises(ConfigurationError) as refused:
        load_settings(home)
    assert refused.value.field == "CASEWORK_AGENCIES"
    assert "应为 JSON" in str(refused.value)


def test_a_nested_variable_naming_no_setting_is_refused_as_an_unknown_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = write_home(tmp_path / "home")
    monkeypatch.setenv("CASEWORK_ALERTS__SMTP__FROM", "desk@example.org")
    monkeypatch.setenv("CASEWORK_ALERTS__SMTP__HOST", "mail.example.org")
    assert load_settings(home).alerts.smtp is not None
    monkeypatch.setenv("CASEWORK_CLOCK__REPLY_DAYS", "15")
    with pytest.raises(ConfigurationError) as refused:
        load_settings(home)
    assert "clock.reply_days" in str(refused.value)
