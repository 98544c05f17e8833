"""The annual report of one fixed, varied population, pinned: every cell of tables 三 and 四 for
five years and three scopes, as the report statement gave them before its reshaping for speed
(issue 18; the digest was taken on the statement of commit 58173a8), on SQLite and PostgreSQL.

The population is drawn from a seeded generator: every applicant type and outcome, two
agencies, cases open across year boundaries, reopened cases (the first conclusion counted, AR),
remedies of every kind and result, voided registrations and unconfirmed online submissions
(neither counted, Reg. art. 31 item 3).  The property test compares the counts with the
definitions on small random populations; this one pins the whole report on a larger one, so a
faster statement that changed any cell, any row key or the order of the rows fails here.
"""

from __future__ import annotations

import hashlib
import json
import random
from datetime import date, timedelta

from sqlalchemy import update
from sqlalchemy.engine import Engine

from casework.adapters.orm import cases
from casework.adapters.outcome_file import default_outcomes_path, load_outcomes
from casework.adapters.report_queries import SqlReportQueries
from casework.domain.report.annual import build_report
from casework.domain.workflow.outcomes import STATUTORY_CODES
from tests.support.report_populations import AGENCIES, KINDS, REMEDY_KINDS, Row, insert_population

CATALOGUE = load_outcomes(default_outcomes_path())
SIZE = 1500
# sha256 of the JSON of the 15 reports, taken on SQLite and PostgreSQL alike before the change.
PINNED = "36d5fdb847d13e7e32cbd2b9fdce5dac64b7f873cf59fcce475457720ffb40cf"


def _row(rng: random.Random) -> Row:
    received = date(2023, 1, 1) + timedelta(days=rng.randrange(4 * 365))
    concluded = None if rng.random() < 0.1 else received + timedelta(days=rng.randrange(400))
    outcome = rng.choice(STATUTORY_CODES) if concluded else None
    first = None
    if concluded and rng.random() < 0.08:  # reopened: open again, or concluded later
        first = (concluded, outcome or "disclose")
        later = None if rng.random() < 0.4 else concluded + timedelta(days=rng.randrange(200))
        concluded, outcome = later, (rng.choice(STATUTORY_CODES) if later else None)
    remedies = []
    for kind in rng.sample(REMEDY_KINDS, rng.choice([0, 0, 0, 1, 2])):
        filed = received + timedelta(days=rng.randrange(400))
        result = rng.choice(["upheld", "corrected", "other", "pending"])
        decided = None if result == "pending" else filed + timedelta(days=rng.randrange(300))
        remedies.append((kind, filed, result, decided))
    return Row(
        rng.choice(AGENCIES),
        rng.choice(KINDS),
        received,
        concluded,
        outcome,
        first,
        tuple(remedies),
    )


def population() -> list[Row]:
    rng = random.Random(18)
    return [_row(rng) for _ in range(SIZE)]


def reports(engine: Engine) -> str:
    """The digest of the JSON of every report: years 2023-2027, each agency and all of them."""
    insert_population(engine, population())
    with engine.begin() as connection:
        # Voided registrations and unconfirmed online submissions are no applications.
        connection.execute(update(cases).where(cases.c.id % 23 == 0).values(state="voided"))
        connection.execute(update(cases).where(cases.c.id % 29 == 0).values(state="submitted"))
    queries = SqlReportQueries(engine)
    data = []
    for year in range(2023, 2028):
        for agency in (None, *AGENCIES):
            counts = queries.case_counts(year, agency)
            remedies = queries.remedy_counts(year, agency)
            data.append(build_report(year, agency, counts, remedies, CATALOGUE).to_data())
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_the_report_of_a_varied_population_is_unchanged(engine: Engine) -> None:
    assert reports(engine) == PINNED
