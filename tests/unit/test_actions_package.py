"""``casework.services.actions`` loads each action's module when the action is named (issue 18):
every public name still resolves to its module's object, and a name it lacks is an error."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from casework.services import actions

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", actions.__all__)
def test_every_public_action_is_the_object_its_module_defines(name: str) -> None:
    home = actions._HOMES[name]
    module = importlib.import_module(f"casework.services.actions.{home}")
    assert getattr(actions, name) is getattr(module, name)
    assert name in dir(actions)


def test_the_public_names_are_exactly_the_mapped_ones() -> None:
    assert sorted(actions.__all__) == sorted(actions._HOMES)


def test_a_name_the_package_lacks_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_action"):
        actions.no_such_action  # noqa: B018


def test_naming_one_action_loads_its_module_and_not_the_others() -> None:
    script = (
        "import sys\n"
        "from casework.services import actions\n"
        "actions.request_correction\n"
        "prefix = 'casework.services.actions.'\n"
        "print(sorted(m[len(prefix):] for m in sys.modules if m.startswith(prefix)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    assert done.stdout.strip() == "['corrections']"
