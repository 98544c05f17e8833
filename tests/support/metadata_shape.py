"""A SQLAlchemy metadata as plain values, to compare two loadings of it (issue #18: the Core
tables of ``casework.adapters.tables`` without the ORM, and with it)."""

from __future__ import annotations

from typing import Any


def describe(metadata: Any) -> list[Any]:
    """Every table with its columns, keys, indexes and constraints, as plain values."""
    described = []
    for table in sorted(metadata.tables.values(), key=lambda t: t.name):
        columns = [
            [c.name, repr(c.type), c.nullable, c.primary_key, sorted(f.target_fullname for f in c.foreign_keys)]
            for c in table.columns
        ]  # fmt: skip
        indexes = sorted([i.name, [c.name for c in i.columns], i.unique] for i in table.indexes)
        constraints = sorted([type(k).__name__, str(k.name)] for k in table.constraints)
        described.append([table.name, columns, indexes, constraints])
    return described
