"""Issue #18: casework switches pydantic's plugin scan off before its settings models are
built (casework uses no pydantic plugin), unless the deployment set the variable itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Builds the settings models (pydantic asks for its plugins as it builds each one), then reports the variable and whether
# pydantic's loader ever scanned the entry points (``_plugins`` stays None until it does).
SCRIPT = """
import os
from pydantic.plugin import _loader
import casework.settings, casework.alert_settings
print(os.environ.get("PYDANTIC_DISABLE_PLUGINS"), _loader._plugins is None)
"""


def run(extra: dict[str, str]) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": str(REPO), **extra},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_importing_casework_switches_the_plugin_scan_off() -> None:
    assert run({}) == ["__all__", "True"]


def test_a_value_set_by_the_deployment_is_kept() -> None:
    # "none-such" disables only a plugin of that name: the scan then runs, as the user asked.
    assert run({"PYDANTIC_DISABLE_PLUGINS": "none-such"}) == ["none-such", "False"]
