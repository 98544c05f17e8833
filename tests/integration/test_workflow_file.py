"""Workflow definition files: the shipped YAML, syntax errors by line, the per-file cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from casework.adapters.workflow_file import default_workflow_path, load_workflow
from casework.errors import ConfigurationError

SHIPPED = default_workflow_path()


def write(folder: Path, text: str) -> Path:
    path = folder / "workflows" / "disclosure.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_default_path_is_the_shipped_disclosure_workflow() -> None:
    assert SHIPPED.parts[-2:] == ("workflows", "disclosure.yaml")
    assert SHIPPED.is_file()


def test_the_shipped_workflow_loads_with_the_labels_clerks_already_see() -> None:
    workflow = load_workflow(SHIPPED)
    assert (workflow.name, workflow.version, workflow.initial) == ("disclosure", "6", "registered")
    assert {state: workflow.state_label(state) for state in workflow.states} == {
        "submitted": "待确认（网上申请）",
        "registered": "已登记/办理中",
        "correcting": "待补正",
        "consulting": "征求意见中",
        "awaiting_fee": "待缴费",
        "reviewing": "审核中",
        "approved": "已审签",
        "replied": "已答复",
        "delivered": "已送达",
        "archived": "已归档",
        "voided": "已作废",
        "withdrawn": "已撤回",
    }
    # 22 (record-signed-for, issue 21), void (issue 17), approve-extension (issue 15),
    # confirm (issue 19) and refuse-extension (issue 20)
    assert len(workflow.actions) == 26
    assert all(workflow.action_label(action) != action for action in workflow.actions)


def test_an_unchanged_file_gives_the_same_workflow_and_an_edited_one_is_read_again(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, SHIPPED.read_text(encoding="utf-8"))
    first = load_workflow(path)
    assert load_workflow(path) is first
    path.write_text(
        path.read_text(encoding="utf-8").replace('version: "6"', 'version: "7"'), encoding="utf-8"
    )
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = load_workflow(path)
    assert second is not first
    assert second.version == "7"


def test_a_yaml_syntax_error_names_the_file_and_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, 'name: disclosure\nversion: "1"\nstates: [\n  {name: registered\n')
    with pytest.raises(ConfigurationError) as refused:
        load_workflow(Path("workflows/disclosure.yaml"))
    assert refused.value.field == "workflows/disclosure.yaml"
    assert str(refused.value).startswith("workflows/disclosure.yaml：YAML 格式错误（第 5 行")


def test_an_unquoted_reflexive_destination_is_refused_with_its_line(tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace('dest: "=", label', "dest: =, label", 1)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "dest: =, label" in row)
    path = write(tmp_path, text)
    with pytest.raises(ConfigurationError) as refused:
        load_workflow(path)
    assert f"YAML 格式错误（第 {line} 行" in str(refused.value)
    assert '单独的「=」须加引号（"="）' in str(refused.value)


def test_a_misspelt_state_is_refused_naming_the_file_and_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = SHIPPED.read_text(encoding="utf-8").replace("dest: replied", "dest: replyed")
    write(tmp_path, text)
    with pytest.raises(ConfigurationError) as refused:
        load_workflow(tmp_path / "workflows" / "disclosure.yaml")
    assert (
        str(refused.value) == "workflows/disclosure.yaml transitions[19].dest：未知状态「replyed」"
    )


def test_a_file_outside_the_working_directory_is_named_by_its_full_path(tmp_path: Path) -> None:
    path = write(tmp_path, "- registered\n- replied\n")
    with pytest.raises(ConfigurationError) as refused:
        load_workflow(path)
    assert refused.value.field == str(path)
    assert "流程定义应为键值表" in str(refused.value)


def test_a_missing_file_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="无法读取流程定义文件"):
        load_workflow(tmp_path / "nowhere.yaml")
