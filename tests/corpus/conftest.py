"""The populated home of the bad-input corpus, made once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus.harness import populate


@pytest.fixture(scope="session")
def populated_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return populate(tmp_path_factory.mktemp("corpus") / "home")
