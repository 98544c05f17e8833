"""Every bad input of the corpus is refused cleanly (issue 14): exit status 1, a Chinese
message naming the field and the rule, and nothing written — the database dump and the files of
the home are byte for byte what they were."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.corpus.harness import Entry, load_entries, run_entry

ENTRIES = load_entries()


def test_the_corpus_holds_at_least_250_bad_inputs_with_distinct_names() -> None:
    assert len(ENTRIES) >= 250
    repeated = [name for name, n in Counter(e.id for e in ENTRIES).items() if n > 1]
    assert repeated == []


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_a_bad_input_is_refused_in_chinese_naming_the_field_and_changing_nothing(
    entry: Entry, populated_home: Path, tmp_path: Path
) -> None:
    outcome = run_entry(entry, populated_home, tmp_path)
    assert outcome.verdict == "refused cleanly", f"{outcome.detail}\n{outcome.output}"
