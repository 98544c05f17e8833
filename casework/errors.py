"""The one exception family of casework.

Every error a clerk can see is a ``CaseworkError`` whose message is Simplified Chinese, names
the field at fault and the rule it broke, and says what to do.  Library errors are translated
into these where the library is called (adapters); the CLI is the only place that prints them.
"""

from __future__ import annotations


class CaseworkError(Exception):
    """Base of every error casework raises on purpose.

    ``field`` is the user-facing name of the input at fault (e.g. ``--id-number（证件号码）``),
    ``rule`` the rule it broke, in Chinese.  ``str(error)`` is the full message.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.field = field
        self.rule = message
        super().__init__(f"{field}：{message}" if field else message)

    @property
    def message(self) -> str:
        return str(self)


class ValidationError(CaseworkError):
    """Bad input: a value that breaks a rule of the law or of the data format.

    ``problems`` lists every (field, rule) found, so a clerk fixes them all in one go.
    """

    problems: list[tuple[str, str]]

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.problems = [(field or "", message)]

    @classmethod
    def many(cls, problems: list[tuple[str, str]]) -> ValidationError:
        """One error for several problems; the message has one line per problem."""
        if len(problems) == 1:
            return cls(problems[0][1], field=problems[0][0])
        error = cls("\n".join(f"{field}：{rule}" for field, rule in problems))
        error.field = problems[0][0]
        error.problems = list(problems)
        return error


class NotFoundError(CaseworkError):
    """A case, agency, user or document that does not exist."""


class ConflictError(CaseworkError):
    """Someone else changed the record at the same time; reload and retry."""


class ActionNotAllowedError(CaseworkError):
    """A workflow action that the case's current state or the user's role does not allow."""


class CalendarDataError(CaseworkError):
    """Working-calendar data that is missing, malformed or contradictory."""


class ConfigurationError(CaseworkError):
    """A setting in config.toml or the environment that cannot be used."""


class StorageError(CaseworkError):
    """The database could not be reached or refused an operation."""


class ReportCheckError(CaseworkError):
    """An annual-report table broke one of its own sums (AR 勾稽关系): a bug, never printed."""


class DocumentError(CaseworkError):
    """A letter file that cannot be read back, or a PDF conversion (LibreOffice) that failed."""


class NotificationError(CaseworkError):
    """An alert could not be delivered (mail server, webhook); the sweep retries it later."""


class AuthenticationError(CaseworkError):
    """A staff API request without a valid token (missing, unknown, expired or revoked)."""
