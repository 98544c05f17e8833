"""Which module defines each ``casework`` command, so that a command imports only its own
module (issue 18: ``show`` need not import the 台账 import, the scheduler or the HTTP service's
commands).  The root group loads a command's module the first time the command is asked for;
``casework --help`` loads them all.  ``tests/e2e/test_cli_lazy.py`` checks that this table
names every top-level command the modules define, and nothing else.

Add a new command here: ``"name": ("module under casework.entrypoints.cli", "attribute")``.
"""

from __future__ import annotations

COMMANDS: dict[str, tuple[str, str]] = {
    "alerts": ("alerts", "alerts_group"),
    "amend": ("record_keeping", "amend"),
    "approve": ("review", "approve"),
    "approve-extension": ("periods", "approve_extension"),
    "archive": ("archive", "archive_group"),
    "assign": ("record_keeping", "assign"),
    "attach": ("attachments", "attach"),
    "calendar": ("calendar", "calendar_group"),
    "candidates": ("registers", "candidates"),
    "check": ("letters", "check"),
    "confirm": ("online", "confirm"),
    "consult": ("corrections", "consult"),
    "db": ("database", "db_group"),
    "defer": ("periods", "defer"),
    "deliver": ("delivery", "deliver"),
    "docs": ("letters", "docs"),
    "draft": ("review", "draft"),
    "export": ("registers", "export"),
    "extend": ("periods", "extend"),
    "history": ("journal", "history"),
    "import": ("imports", "import_"),
    "init": ("admin", "init"),
    "issue": ("review", "issue"),
    "journal": ("integrity", "journal_group"),
    "lapse": ("review", "lapse"),
    "list": ("listing", "list_"),
    "notify-fee": ("periods", "notify_fee"),
    "receive-correction": ("corrections", "receive_correction"),
    "record-notice-receipt": ("periods", "record_notice_receipt"),
    "record-opinion": ("corrections", "record_opinion"),
    "record-payment": ("periods", "record_payment"),
    "record-signed-for": ("delivery", "record_signed_for"),
    "queue": ("queue", "queue"),
    "refuse-extension": ("periods", "refuse_extension"),
    "register": ("cases", "register"),
    "remedy": ("reports", "remedy"),
    "repeats": ("search", "repeats"),
    "report": ("reports", "report_group"),
    "request-correction": ("corrections", "request_correction"),
    "request-reasons": ("periods", "request_reasons"),
    "return": ("review", "return_"),
    "scheduler": ("alerts", "scheduler_group"),
    "search": ("search", "search"),
    "serve": ("online", "serve"),
    "show": ("cases", "show"),
    "stats": ("registers", "stats"),
    "todo": ("record_keeping", "todo"),
    "token": ("online", "token_group"),
    "user": ("accounts", "user_group"),
    "verify": ("integrity", "verify"),
    "void": ("record_keeping", "void"),
    "withdraw": ("periods", "withdraw"),
    "workflow": ("review", "workflow_group"),
}
