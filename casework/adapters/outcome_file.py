"""Reading the outcome catalogue (办理结果目录) from ``workflows/outcomes.yaml``.

The file is YAML that legal staff edit; this adapter parses it with the safe loader (libyaml's) and
hands the data to ``OutcomeCatalogue.from_data``, which checks every key (domain.md §1.7).
Syntax errors, unreadable files and duplicate keys (which plain YAML would silently let the
last one win) become a ``ConfigurationError`` in Chinese naming the file and the line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from casework.adapters.yaml_loader import SafeLoader
from casework.domain.workflow.catalogue import OutcomeCatalogue
from casework.errors import ConfigurationError
from casework.resources import data_path


def default_outcomes_path() -> Path:
    """The shipped catalogue: ``workflows/outcomes.yaml`` in a checkout or the wheel."""
    return data_path("workflows") / "outcomes.yaml"


def load_outcomes(path: Path) -> OutcomeCatalogue:
    """The catalogue in ``path``, checked; ``ConfigurationError`` naming file and key if not."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ConfigurationError("文件不是 UTF-8 编码", field=str(path)) from error
    except OSError as error:
        raise ConfigurationError(
            f"无法读取办理结果目录文件：{error.strerror or error}", field=str(path)
        ) from error
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # a safe loader (no tags, no objects)
    except yaml.MarkedYAMLError as error:
        raise ConfigurationError(_describe(error), field=str(path)) from error
    except yaml.YAMLError as error:
        raise ConfigurationError(f"不是有效的 YAML 文件：{error}", field=str(path)) from error
    return OutcomeCatalogue.from_data(data, source=str(path))


class _UniqueKeyLoader(SafeLoader):
    """The safe loader (libyaml's when present) refusing a key repeated in one mapping."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"重复的键 {key}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def _describe(error: yaml.MarkedYAMLError) -> str:
    """「第 N 行第 M 列：problem」 from a YAML error with a position."""
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "格式错误"
    if mark is None:
        return f"不是有效的 YAML 文件：{problem}"
    return f"不是有效的 YAML 文件：第 {mark.line + 1} 行第 {mark.column + 1} 列：{problem}"
