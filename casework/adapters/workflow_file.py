"""Load a workflow definition file (YAML) into a ready ``Workflow``.

The YAML is parsed with the safe loader (libyaml's; no tags, no objects) and validated by
``WorkflowDefinition.from_data``; a syntax error becomes a ``ConfigurationError`` naming the file
and the line, in Chinese.  Loaded workflows are cached per file and modification time, so every
command shares one machine and an edited file is picked up without a restart.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from casework.adapters.yaml_loader import SafeLoader
from casework.domain.workflow.definition import WorkflowDefinition
from casework.domain.workflow.machine import Workflow
from casework.errors import ConfigurationError
from casework.resources import data_path


def default_workflow_path() -> Path:
    """The shipped disclosure workflow (a checkout's ``workflows/`` or the wheel's copy)."""
    return data_path("workflows") / "disclosure.yaml"


def load_workflow(path: Path) -> Workflow:
    """The workflow defined in ``path``; the same object while the file is unchanged."""
    try:
        status = path.stat()
    except OSError as error:
        raise ConfigurationError(
            f"无法读取流程定义文件：{error.strerror or error}", field=_display(path)
        ) from error
    return _load(path.resolve(), status.st_mtime_ns, status.st_size, _display(path))


@lru_cache(maxsize=16)
def _load(path: Path, mtime_ns: int, size: int, shown: str) -> Workflow:
    # mtime_ns and size are only the cache key: a changed file gets a new entry.
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigurationError(
            f"无法读取流程定义文件（须为 UTF-8 文本）：{error}", field=shown
        ) from error
    try:
        data = yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as error:
        raise _syntax_error(error, shown) from error
    if not isinstance(data, dict):
        raise ConfigurationError(
            "流程定义应为键值表（name、version、initial、states、transitions）", field=shown
        )
    return Workflow(WorkflowDefinition.from_data(data, shown))


def _syntax_error(error: yaml.YAMLError, shown: str) -> ConfigurationError:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if "tag:yaml.org,2002:value" in problem:  # YAML 1.1 reads a bare = as a special tag
        problem = '单独的「=」须加引号（"="）'
    if mark is None:
        return ConfigurationError(f"YAML 格式错误：{problem}", field=shown)
    where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列"
    return ConfigurationError(f"YAML 格式错误（{where}）：{problem}", field=shown)


def _display(path: Path) -> str:
    """The file as a clerk would name it: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
