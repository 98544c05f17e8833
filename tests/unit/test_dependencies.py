"""Every runtime dependency in pyproject.toml is imported by the casework package itself, so
an unused one (pydantic-settings once ``casework.settings_sources`` replaced it) is noticed and
removed instead of being installed and shipped for nothing."""

from __future__ import annotations

import ast
import functools
import re
import tomllib
from importlib.metadata import distribution
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Used without an import statement of their own: psycopg is the driver SQLAlchemy loads for
# ``postgresql+psycopg://`` URLs (casework.adapters.database).
INDIRECT = frozenset({"psycopg"})


def _declared() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [
        _normalise(re.split(r"[\[<>=!~ ;]", spec, maxsplit=1)[0])
        for spec in project["dependencies"]
    ]


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.cache
def _imported() -> frozenset[str]:
    """The top-level modules imported anywhere in the casework package."""
    found: set[str] = set()
    for path in (ROOT / "casework").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return frozenset(found)


def _top_level(name: str) -> set[str]:
    """The top-level modules the installed distribution ``name`` provides (from its RECORD)."""
    files = distribution(name).files or []
    parts = {file.parts[0] for file in files if len(file.parts) > 1 or file.suffix == ".py"}
    return {part.removesuffix(".py") for part in parts if ".dist-info" not in part}


def _used_distributions() -> set[str]:
    imported = _imported()
    return {name for name in _declared() if _top_level(name) & imported}


def test_every_runtime_dependency_is_imported_by_the_package() -> None:
    unused = [name for name in _declared() if name not in _used_distributions() | INDIRECT]
    assert unused == []


def test_the_scan_sees_the_package_s_own_imports() -> None:
    # Guards the check above against passing on an empty scan.
    assert {"click", "sqlalchemy", "pydantic", "docxtpl"} <= _used_distributions()
    assert "click" in _declared()
