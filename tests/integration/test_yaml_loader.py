"""The shipped YAML files read by libyaml's loader exactly as by PyYAML's own (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from casework.adapters.workflow_file import load_workflow
from casework.adapters.yaml_loader import SafeLoader
from casework.errors import ConfigurationError
from casework.resources import data_path


def test_the_c_loader_is_used_where_pyyaml_has_it() -> None:
    assert yaml.__with_libyaml__, "the project's PyYAML wheels carry libyaml"
    assert SafeLoader is yaml.CSafeLoader


@pytest.mark.parametrize("name", ["disclosure.yaml", "outcomes.yaml"])
def test_shipped_files_parse_to_the_same_data(name: str) -> None:
    text = (data_path("workflows") / name).read_text(encoding="utf-8")
    assert yaml.load(text, Loader=SafeLoader) == yaml.load(text, Loader=yaml.SafeLoader)


def test_object_tags_stay_refused() -> None:
    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.load("a: !!python/object/apply:os.system ['true']", Loader=SafeLoader)


def test_a_syntax_error_still_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("name: x\nstates: [a, b\ninitial: a\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="第 3 行"):
        load_workflow(path)
