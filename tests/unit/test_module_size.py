"""The house limit (common working rules; design.md "Habits"): no module of the casework
package is longer than 350 lines, so a module over it fails the build, not a later review.

Every ``.py`` file under ``casework/`` counts, the Alembic revisions included: they are
written by hand, not generated.  Nothing in the package is generated today; a generated
module would be listed in ``GENERATED`` with the tool that writes it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "casework"
LIMIT = 350
GENERATED: frozenset[str] = frozenset()


def _modules() -> list[Path]:
    return sorted(
        p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).as_posix() not in GENERATED
    )


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_the_package_has_modules_to_measure() -> None:
    # Guards the check below against passing on an empty or mislocated tree.
    assert len(_modules()) > 100
    assert (PACKAGE / "adapters" / "orm.py") in _modules()


def test_no_casework_module_is_longer_than_the_house_limit() -> None:
    too_long = {
        p.relative_to(PACKAGE).as_posix(): _lines(p) for p in _modules() if _lines(p) > LIMIT
    }
    assert too_long == {}, f"modules over {LIMIT} lines: {too_long}"


@pytest.mark.parametrize("lines, over", [(LIMIT, False), (LIMIT + 1, True)])
def test_the_limit_counts_lines_as_an_editor_shows_them(
    tmp_path: Path, lines: int, over: bool
) -> None:
    module = tmp_path / "module.py"
    module.write_text("x = 1\n" * lines, encoding="utf-8")
    assert (_lines(module) > LIMIT) is over
