"""Benchmark of letter rendering; run ``python bench/bench_letters.py``.

Renders 200 reply letters (every outcome of the catalogue in turn) the way the actions do —
context built from the case record, docxtpl with ``autoescape=True`` and a strict environment,
stored by its sha256 in the document store of a SQLite database, one commit per letter — and,
in the same run, bare docxtpl rendering of the same template with the same (prebuilt) context saved to a file.
Prints both timings and the ratio (goal: under 1.3x).  No assertions.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from docxtpl import DocxTemplate

from casework.adapters.database import ensure_schema, make_engine
from casework.adapters.letters import DocxLetterRenderer
from casework.adapters.orm import start_mappers
from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.adapters.repository import SqlUnitOfWork
from casework.domain.agency import AgencyProfile
from casework.domain.letters.content import template_context
from casework.resources import data_path
from tests.support.letter_cases import decided_case, decision_subject

LETTERS = 200
ROUNDS = 3
PROFILE = AgencyProfile(
    name="示例市发展和改革委员会", doc_code="示发改", reconsideration_organ="示例市人民政府"
)


def main() -> None:
    # The mapping instruments Case: start it before the first record is made, as the
    # commands do (a record made before the mapper has no instrumented state).
    start_mappers()
    catalogue = load_outcomes(default_outcomes_path())
    templates = data_path("templates") / "replies"
    codes = [c for c in catalogue.codes if c not in ("correction_lapsed", "fee_lapsed")]
    cases = [
        decided_case(catalogue.get(codes[i % len(codes)]), issued=True) for i in range(LETTERS)
    ]
    subjects = [decision_subject(case, final=True) for case in cases]
    contexts = [
        template_context(c, s, PROFILE, catalogue) for c, s in zip(cases, subjects, strict=True)
    ]
    template = templates / "reply.docx"

    with tempfile.TemporaryDirectory(prefix="bench-letters-") as folder:
        out = Path(folder)

        def bare() -> None:
            for index, context in enumerate(contexts):
                document = DocxTemplate(str(template))
                document.render(context, autoescape=True)
                document.save(str(out / f"bare-{index}.docx"))

        renderer = DocxLetterRenderer(templates)
        engine = make_engine(f"sqlite:///{out / 'casework.db'}")
        ensure_schema(engine)

        def ours() -> None:
            for case, subject in zip(cases, subjects, strict=True):
                context = template_context(case, subject, PROFILE, catalogue)
                with SqlUnitOfWork(engine) as uow:
                    uow.store.put(renderer.render("reply", context, None))
                    uow.commit()

        bare()  # warm up imports and the file cache
        timings = {"bare docxtpl": [], "casework": []}
        for _ in range(ROUNDS):
            for name, run in (("bare docxtpl", bare), ("casework", ours)):
                began = time.perf_counter()
                run()
                timings[name].append(time.perf_counter() - began)
        engine.dispose()

    best = {name: min(values) for name, values in timings.items()}
    for name, seconds in best.items():
        print(
            f"{name:>13}: {LETTERS} reply letters in {seconds:.2f} s ({seconds / LETTERS * 1000:.1f} ms each)"
        )
    ratio = best["casework"] / best["bare docxtpl"]
    print(f"ratio casework / bare docxtpl: {ratio:.2f}x (goal < 1.3x)")


if __name__ == "__main__":
    main()
