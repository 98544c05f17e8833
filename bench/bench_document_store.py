"""Benchmark of where a letter's bytes go; run ``python bench/bench_document_store.py [PG_URL]``.

Each action stores its letter in its own transaction, so every variant commits once per letter
(300 letters of 40 KiB of random bytes: a .docx is a zip and does not compress further).  The
bare baseline, measured in the same run on the same engine, commits a row without the bytes.

- SQLite: the bytes in the database (a ``document_blobs`` row, the same transaction as the
  letter's row) against the bytes beside the database (a file written, fsynced and renamed into
  place, its directory fsynced, then the row committed: what a crash-safe file store costs, and
  it still leaves a window between the rename and the commit).
- PostgreSQL (when a URL to an empty database is given): ``bytea`` in a table row against a
  large object (``lo_from_bytea``, its oid in the row).  Reading all letters back is timed too.

Prints milliseconds per letter and ratios against the baseline.  No assertions.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

LETTERS = 300
SIZE = 40 * 1024
ROUNDS = 3


def letters() -> list[tuple[str, bytes]]:
    blobs = [os.urandom(SIZE) for _ in range(LETTERS)]
    return [(hashlib.sha256(b).hexdigest(), b) for b in blobs]


def best(run: Callable[[], None], reset: Callable[[], None]) -> float:
    """The best of ``ROUNDS`` runs of ``run`` (seconds), ``reset`` before each."""
    times = []
    for _ in range(ROUNDS):
        reset()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def sqlite_bench(data: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = sqlite3.connect(folder / "bench.db", isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL"):
            db.execute(f"PRAGMA {pragma}")
        db.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, sha256 TEXT, path TEXT)")
        db.execute("CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size INTEGER, content BLOB)")

        def reset() -> None:
            db.execute("DELETE FROM docs")
            db.execute("DELETE FROM blobs")
            for file in (folder / "files").glob("*"):
                file.unlink()
            (folder / "files").mkdir(exist_ok=True)

        def bare() -> None:
            for digest, _blob in data:
                db.execute("BEGIN IMMEDIATE")
                db.execute("INSERT INTO docs (sha256, path) VALUES (?, ?)", (digest, digest))
                db.execute("COMMIT")

        def in_database() -> None:
            for digest, blob in data:
                db.execute("BEGIN IMMEDIATE")
                db.execute(
                    "INSERT INTO blobs VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    (digest, len(blob), blob),
                )
                db.execute("INSERT INTO docs (sha256, path) VALUES (?, ?)", (digest, digest))
                db.execute("COMMIT")

        def beside() -> None:
            directory = os.open(folder / "files", os.O_RDONLY)
            try:
                for digest, blob in data:
                    staged = folder / "files" / f".{digest}.part"
                    with staged.open("wb") as out:
                        out.write(blob)
                        out.flush()
                        os.fsync(out.fileno())
                    os.replace(staged, folder / "files" / digest)
                    os.fsync(directory)
                    db.execute("BEGIN IMMEDIATE")
                    db.execute("INSERT INTO docs (sha256, path) VALUES (?, ?)", (digest, digest))
                    db.execute("COMMIT")
            finally:
                os.close(directory)

        def read_database() -> None:
            for digest, _blob in data:
                db.execute("SELECT content FROM blobs WHERE sha256 = ?", (digest,)).fetchone()

        def read_files() -> None:
            for digest, _blob in data:
                (folder / "files" / digest).read_bytes()

        base = best(bare, reset)
        report("SQLite", "bare row", base, base)
        report("SQLite", "bytes in the database", best(in_database, reset), base)
        report("SQLite", "bytes in a file beside", best(beside, reset), base)
        in_database()  # the files of the last ``beside`` run are still there
        report("SQLite", "read back, database", best(read_database, lambda: None), base)
        report("SQLite", "read back, files", best(read_files, lambda: None), base)
        db.close()


def postgres_bench(url: str, data: list[tuple[str, bytes]]) -> None:
    import psycopg

    url = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as db:
        db.execute("CREATE TABLE docs (id serial PRIMARY KEY, sha256 text, lo oid)")
        db.execute("CREATE TABLE blobs (sha256 text PRIMARY KEY, size int, content bytea)")
        db.commit()

        def reset() -> None:
            db.execute("SELECT lo_unlink(lo) FROM docs WHERE lo IS NOT NULL")
            db.execute("TRUNCATE docs, blobs")
            db.commit()

        def bare() -> None:
            for digest, _blob in data:
                db.execute("INSERT INTO docs (sha256) VALUES (%s)", (digest,))
                db.commit()

        def bytea() -> None:
            for digest, blob in data:
                db.execute(
                    "INSERT INTO blobs VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                    (digest, len(blob), blob),
                )
                db.execute("INSERT INTO docs (sha256) VALUES (%s)", (digest,))
                db.commit()

        def large_object() -> None:
            for digest, blob in data:
                db.execute(
                    "INSERT INTO docs (sha256, lo) VALUES (%s, lo_from_bytea(0, %s))",
                    (digest, blob),
                )
                db.commit()

        def read_bytea() -> None:
            for digest, _blob in data:
                db.execute("SELECT content FROM blobs WHERE sha256 = %s", (digest,)).fetchone()
            db.commit()

        def read_large_objects() -> None:
            for digest, _blob in data:
                db.execute("SELECT lo_get(lo) FROM docs WHERE sha256 = %s", (digest,)).fetchone()
            db.commit()

        base = best(bare, reset)
        report("PostgreSQL", "bare row", base, base)
        report("PostgreSQL", "bytea", best(bytea, reset), base)
        report("PostgreSQL", "large object", best(large_object, reset), base)
        bytea()
        large_object()
        report("PostgreSQL", "read back, bytea", best(read_bytea, lambda: None), base)
        report(
            "PostgreSQL", "read back, large object", best(read_large_objects, lambda: None), base
        )
        reset()
        db.execute("DROP TABLE docs, blobs")
        db.commit()


def report(engine: str, variant: str, seconds: float, base: float) -> None:
    per_letter = seconds / LETTERS * 1000
    print(f"{engine:<11} {variant:<26} {per_letter:7.3f} ms/letter  {seconds / base:5.2f}x bare")


def main() -> None:
    data = letters()
    print(f"{LETTERS} letters of {SIZE // 1024} KiB, one commit each, best of {ROUNDS}")
    sqlite_bench(data)
    if len(sys.argv) > 1:
        postgres_bench(sys.argv[1], data)


if __name__ == "__main__":
    main()
