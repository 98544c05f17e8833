"""The one serialiser of a case's decisions: ``CaseDecisions`` to JSON-ready data and back.

The case row keeps its decisions in one JSON column (``cases.facts``); this module is the only
code that knows its keys.  Each record is written with its field names as keys, dates as ISO
text, and absent (``None``) or empty values left out; reading fills the defaults back in.  The
layout is that of Alembic revision 0007, which converted the rows written before it.

Reading is on the alert sweep's path (every candidate case), so each record class's field
readers are worked out once and kept.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from types import NoneType, UnionType
from typing import Any

from casework.domain.case.decisions import CaseDecisions

Reader = Callable[[Any], Any]
Writer = Callable[[Any], Any]
EMPTY = CaseDecisions()


def decisions_to_json(decisions: CaseDecisions) -> dict[str, Any]:
    """``decisions`` as JSON-ready data (what the case row stores)."""
    data: dict[str, Any] = _writer(CaseDecisions)(decisions)
    return data


def decisions_from_json(data: Mapping[str, Any] | None) -> CaseDecisions:
    """The decisions stored as ``data`` (an empty record for none)."""
    if not data:
        return EMPTY
    decisions: CaseDecisions = _reader(CaseDecisions)(data)
    return decisions


def journal_data(record: Any) -> dict[str, Any]:
    """One decision record as the journal entry of the action that took it: every field, the
    absent ones as ``None`` (the journal shows what was and was not given), dates as ISO."""
    return {f.name: _journal_value(getattr(record, f.name)) for f in dataclasses.fields(record)}


def _journal_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return journal_data(value)
    if isinstance(value, tuple):
        return [_journal_value(item) for item in value]
    if isinstance(value, Mapping):
        return dict(value)
    return value


# --- the machinery: readers and writers per annotated type ---------------------------------


def _is_record(kind: Any) -> bool:
    return isinstance(kind, type) and dataclasses.is_dataclass(kind)


@cache
def _reader(cls: type) -> Reader:
    """A reader of ``cls`` records that sets the fields directly: a frozen dataclass's
    ``__init__`` assigns each field through ``object.__setattr__``, three times the cost,
    and the sweep reads tens of thousands of cases.  Missing required fields and unknown
    keys are refused as ``__init__`` would refuse them."""
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    converting = {}  # the fields whose stored form is not already their value
    for f in fields:
        read_one = _read(hints[f.name])
        if read_one is not _identity:
            converting[f.name] = read_one
    names = frozenset(f.name for f in fields)
    defaults = {f.name: f.default for f in fields if f.default is not dataclasses.MISSING}
    factories = {
        f.name: f.default_factory for f in fields if f.default_factory is not dataclasses.MISSING
    }
    required = names - defaults.keys() - factories.keys()

    def read(data: Mapping[str, Any]) -> Any:
        values = dict(data)
        if not required <= values.keys() or not values.keys() <= names:
            raise TypeError(
                f"{cls.__name__}: missing {sorted(required - values.keys())}, "
                f"unknown {sorted(values.keys() - names)}"
            )
        for name in converting.keys() & values.keys():
            values[name] = converting[name](values[name])
        record: Any = object.__new__(cls)
        state = record.__dict__
        state.update(defaults)
        for name, make in factories.items():
            state[name] = make()
        state.update(values)
        return record

    return read


@cache
def _writer(cls: type) -> Writer:
    hints = typing.get_type_hints(cls)
    fields = [(f.name, _write(hints[f.name])) for f in dataclasses.fields(cls)]

    def write(record: Any) -> dict[str, Any]:
        out = {}
        for name, write_one in fields:
            value = getattr(record, name)
            if value is None or value in ((), {}):
                continue
            written = write_one(value)
            if written != {}:  # an empty nested record (a round with nothing decided yet)
                out[name] = written
        return out

    return write


def _read(kind: Any) -> Reader:
    if _is_record(kind):
        return _reader(kind)
    if kind is date:
        return date.fromisoformat
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (UnionType, typing.Union):
        (inner,) = [a for a in args if a is not NoneType]
        read_inner = _read(inner)
        if read_inner is _identity:
            return _identity
        return lambda value: None if value is None else read_inner(value)
    if origin is tuple:
        read_item = _read(args[0])
        return lambda value: tuple(read_item(item) for item in value)
    if origin is Mapping or kind in (int, str, bool):
        return _identity
    raise TypeError(f"no reader for {kind!r}")


def _write(kind: Any) -> Writer:
    if _is_record(kind):
        # A nested record's writer is worked out when a value of it is first written: a new
        # case writes none of its nineteen record types (start-up of ``register``, issue 18).
        return lambda value: _writer(kind)(value)  # noqa: PLW0108  (late on purpose)
    if kind is date:
        return date.isoformat
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (UnionType, typing.Union):
        (inner,) = [a for a in args if a is not NoneType]
        return _write(inner)
    if origin is tuple:
        write_item = _write(args[0])
        return lambda value: [write_item(item) for item in value]
    if origin is Mapping:
        return dict
    if kind in (int, str, bool):
        return _identity
    raise TypeError(f"no writer for {kind!r}")


def _identity(value: Any) -> Any:
    return value
