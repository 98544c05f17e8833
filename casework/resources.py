"""Where the shipped data lives: workflows, templates, calendars and the example config.

In a source checkout they are top-level folders beside the package; in an installed wheel
hatchling copies them to ``casework/_data`` (``force-include`` in pyproject.toml).  A setting
may point elsewhere (e.g. an agency's own templates).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def data_path(name: str, override: Path | None = None) -> Path:
    """The shipped data file or folder ``name`` (``workflows``, ``templates`` …)."""
    if override is not None:
        return override
    for candidate in (PACKAGE_DIR / "_data" / name, PACKAGE_DIR.parent / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"shipped data {name!r} not found beside {PACKAGE_DIR}")
