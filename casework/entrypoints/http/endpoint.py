"""One clerk action of the staff API: its service function, the body fields it takes (named
as the command's options without ``--``, ``-`` as ``_``) and how they become the service's
keyword arguments.

Only the shape is checked here — text, ``YYYY-MM-DD`` dates, whole numbers, ``true``/``false``
flags, lists of text, files — and required fields present; every rule is the service's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from casework.entrypoints.http.errors import ApiError
from casework.entrypoints.http.files import attachment_request
from casework.entrypoints.http.parsing import MAX_BODY, MAX_FILE_BODY, date_field, unknown_field

Build = Callable[[dict[str, Any]], dict[str, Any]]


def _unchanged(values: dict[str, Any]) -> dict[str, Any]:
    return values


@dataclass(frozen=True)
class Endpoint:
    """One action: its service, the body fields it takes and which of them are required."""

    service: Callable[..., Any]
    summary: str
    texts: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    # The kind of papers ``attach`` receives by default (the CLI's ``--attach-kind``); None:
    # the action takes no files.
    attach_kind: str | None = None
    dated: bool = True  # takes ``on`` (the effective date), as the command's ``--on``
    renamed: tuple[tuple[str, str], ...] = ()  # (option's name, the service's argument)
    build: Build = _unchanged  # the arguments as the service takes them (draft, amend)

    @property
    def fields(self) -> frozenset[str]:
        names = {*self.texts, *self.dates, *self.numbers, *self.flags, *self.lists, "agency"}
        if self.dated:
            names.add("on")
        if self.attach_kind is not None:
            names |= {"attach", "attach_kind"}
        return frozenset(names)

    @property
    def body_limit(self) -> int:
        return MAX_FILE_BODY if self.attach_kind is not None else MAX_BODY

    def arguments(self, data: dict[str, Any]) -> dict[str, Any]:
        """The service's keyword arguments from a body (refused when its shape is wrong)."""
        unknown_field(data, self.fields)
        for name in self.required:
            if not _text(data, name).strip():
                raise ApiError(422, "validation", "必须填写", field=name)
        values: dict[str, Any] = {"agency": _optional_text(data, "agency")}
        if self.dated:
            values["on"] = date_field(_texts_of(data, ("on",)), "on")
        for name in self.dates:
            values[name] = date_field(_texts_of(data, (name,)), name)
        for name in self.numbers:
            values[name] = _whole_number(data, name)
        for name in self.flags:
            values[name] = _flag(data, name)
        for name in self.lists:
            values[name] = _text_list(data, name)
        values.update({name: _optional_text(data, name) for name in self.texts})
        if self.attach_kind is not None:
            values["attach"] = _attachments(data, self.attach_kind)
        for option, argument in self.renamed:
            values[argument] = values.pop(option)
        return self.build(values)


def _attachments(data: dict[str, Any], default_kind: str) -> Any:
    kind = _optional_text(data, "attach_kind") or default_kind
    if data.get("attach") is None:
        return None
    return attachment_request(data["attach"], kind, None, "attach")


def _optional_text(data: dict[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise ApiError(422, "validation", "应为文字（字符串）或 null", field=name)
    return value


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if isinstance(value, list):  # a required list: present when it has an entry
        return "x" if value else ""
    return _optional_text(data, name) or ""


def _texts_of(data: dict[str, Any], names: tuple[str, ...]) -> dict[str, str | None]:
    return {name: _optional_text(data, name) for name in names}


def _whole_number(data: dict[str, Any], name: str) -> int | None:
    text = (_optional_text(data, name) or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise ApiError(422, "validation", f'「{text}」应为正整数（写成文字，如 "15"）', field=name)
    return int(text)


def _flag(data: dict[str, Any], name: str) -> bool:
    value = data.get(name, False)
    if not isinstance(value, bool):
        raise ApiError(422, "validation", "应为 true 或 false", field=name)
    return value


def _text_list(data: dict[str, Any], name: str) -> tuple[str, ...]:
    value = data.get(name)
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ApiError(422, "validation", "应为文字列表（[…]）或一项文字", field=name)
    return tuple(value)
