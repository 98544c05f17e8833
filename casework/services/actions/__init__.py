"""The clerk actions before the decision: correction, consultation, extension and deferral,
fees, withdrawal and voiding.  Each records a typed, dated decision on the case and fires one
transition; ``casework.services.review`` holds the decision and reply actions.

Each action's module loads when the action is first named (``actions.request_correction``
imports ``corrections`` alone): a command runs one action, and the others' modules and the
domain they pull in (fees, consultation) are start-up it need not pay (issue 18).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casework.services.actions.consultations import OPINIONS, consult, record_opinion
    from casework.services.actions.corrections import (
        receive_correction,
        record_notice_receipt,
        request_correction,
    )
    from casework.services.actions.fees import notify_fee, record_payment
    from casework.services.actions.periods import (
        approve_extension,
        defer,
        extend,
        refuse_extension,
    )
    from casework.services.actions.voiding import void
    from casework.services.actions.withdrawal import withdraw

# Each public name → the module of this package that defines it.
_HOMES = {
    "OPINIONS": "consultations",
    "consult": "consultations",
    "record_opinion": "consultations",
    "receive_correction": "corrections",
    "record_notice_receipt": "corrections",
    "request_correction": "corrections",
    "notify_fee": "fees",
    "record_payment": "fees",
    "approve_extension": "periods",
    "defer": "periods",
    "extend": "periods",
    "refuse_extension": "periods",
    "void": "voiding",
    "withdraw": "withdrawal",
}

__all__ = [
    "OPINIONS",
    "approve_extension",
    "consult",
    "defer",
    "extend",
    "notify_fee",
    "receive_correction",
    "record_notice_receipt",
    "record_opinion",
    "record_payment",
    "refuse_extension",
    "request_correction",
    "void",
    "withdraw",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # the next lookup is an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
