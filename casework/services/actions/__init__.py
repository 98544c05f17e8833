"""The clerk actions before the decision: correction, consultation, extension and deferral,
fees, withdrawal and voiding.  Each records a typed, dated decision on the case and fires one
transition; ``casework.services.review`` holds the decision and reply actions.
"""

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
