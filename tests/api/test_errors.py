"""Ledger errors map to HTTP statuses by their class hierarchy."""

from __future__ import annotations

from api.errors import ledger_status
from ledger.errors import LedgerError, NotFound, RuleViolation
from ledger.personal import ErasedSubject


def test_a_subclass_answers_as_its_base() -> None:
    assert issubclass(ErasedSubject, RuleViolation)
    assert ledger_status(ErasedSubject("erased")) == ledger_status(RuleViolation("no"))
    assert ledger_status(ErasedSubject("erased")) == (409, "rule-violation")


def test_a_subclass_of_not_found_is_404() -> None:
    class Gone(NotFound):
        pass

    assert ledger_status(Gone("gone")) == (404, "not-found")


def test_an_unmapped_error_is_a_plain_refusal() -> None:
    assert ledger_status(LedgerError("no")) == (409, "refused")
