"""The ledger's refusals. Each one means: nothing was stored."""

from __future__ import annotations


class LedgerError(Exception):
    """Base of every refusal the ledger makes."""

    title = "Refused"

    def __init__(self, detail: str, *, field: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.field = field


class RuleViolation(LedgerError):
    """A domain rule forbids the command (a closed vote, a second ballot, a date too early)."""

    title = "Domain rule violated"


class NotFound(LedgerError):
    """The resource named in the path does not exist (or did not exist then)."""

    title = "Not found"


class UnknownReference(LedgerError):
    """A field refers to an id the ledger does not know, or one of the wrong kind."""

    title = "Unknown reference"


class InvalidValue(LedgerError):
    """A value is well-formed but not acceptable (a negative amount, an empty author list)."""

    title = "Invalid value"


class StaleVersion(LedgerError):
    """The client's If-Match names a version that is no longer current."""

    title = "Stale version"


class ConcurrentWrites(LedgerError):
    """Other writers kept changing the same records; the command gave up after retrying."""

    title = "Too many concurrent writes"
