"""A small neighbourhood to test against, and the `refused` check used by every refusal test."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from ledger.application import Ledger
from ledger.errors import LedgerError

# The days the scene's records happened on, in order.
PROCESS_START = date(2022, 1, 10)
CHARTER_DAY = date(2022, 1, 15)
SUBMITTED = date(2022, 2, 1)
ASSEMBLY = date(2022, 3, 1)
LATER = date(2022, 6, 1)

_ANY = object()


@contextmanager
def refused(
    app: Ledger, error: type[LedgerError], *, field: Any = _ANY,
) -> Iterator[pytest.ExceptionInfo]:
    """The command in the block is refused with exactly `error` (and `field`), storing nothing."""
    before = app.recorder.max_notification_id()
    with pytest.raises(LedgerError) as info:
        yield info
    assert type(info.value) is error, f"expected {error.__name__}, got {info.value!r}"
    if field is not _ANY:
        assert info.value.field == field, f"field {info.value.field!r}, expected {field!r}"
    assert app.recorder.max_notification_id() == before, "a refused command stored events"


@dataclass
class Scene:
    """A running process in a Kiez: actors, a charter, an open assembly."""

    app: Ledger
    anna: UUID
    ben: UUID
    ini: UUID
    office: UUID
    funder: UUID
    process: UUID
    charter: UUID
    assembly: UUID
    # Made beforehand for refusal-only tests (see the `refusal_scene` fixture).
    open_proposal: UUID | None = None
    open_vote: UUID | None = None
    grant: UUID | None = None

    @classmethod
    def build(cls, app: Ledger) -> Scene:
        def actor(kind: str, name: str) -> UUID:
            return app.register_actor(kind=kind, name=name).record.id

        anna, ben = actor("person", "Anna"), actor("person", "Ben")
        ini, office = actor("initiative", "Kiez hilft"), actor("administration", "Bezirksamt")
        funder = actor("funder", "Stiftung Nachbarschaft")
        process = app.start_process(
            title="Kiez-Charta Wrangelkiez", level="kiez", started_on=PROCESS_START,
            topics=["charter"], goals={"open_assemblies_per_year": 2},
        ).record.id
        charter = app.establish_charter(
            process_id=process, title="Kiez-Charta", established_on=CHARTER_DAY,
        ).record.id
        assembly = app.record_gathering(
            process_id=process, format="open_assembly", title="Frühjahrsversammlung",
            held_on=ASSEMBLY, attendance=80,
        ).record.id
        return cls(app, anna, ben, ini, office, funder, process, charter, assembly)

    # -- lookups ---------------------------------------------------------------------------

    def get(self, id: UUID) -> Any:  # noqa: A002
        return self.app.repository.get(id)

    def position(self) -> int | None:
        return self.app.recorder.max_notification_id()

    # -- more records ----------------------------------------------------------------------

    def actor(self, name: str = "Someone", kind: str = "person") -> UUID:
        return self.app.register_actor(kind=kind, name=name).record.id

    def voters(self, n: int) -> list[UUID]:
        return [self.actor(f"Voter {i}") for i in range(n)]

    def other_process(self, started_on: date = PROCESS_START) -> UUID:
        return self.app.start_process(
            title="Depaving Reuterkiez", level="kiez", started_on=started_on,
        ).record.id

    def gathering(self, process: UUID | None = None, held_on: date = ASSEMBLY) -> UUID:
        return self.app.record_gathering(
            process_id=process or self.process, format="open_assembly", title="Versammlung",
            held_on=held_on,
        ).record.id

    def proposal(
        self, *, text: str = "Streets are for people.", submitted_on: date = SUBMITTED,
        clause: dict | None = None, process: UUID | None = None,
    ) -> UUID:
        return self.app.submit_proposal(
            process_id=process or self.process, title="Proposal", text=text,
            author_ids=[self.anna], submitted_on=submitted_on,
            charter_id=self.charter if clause else None, clause=clause,
        ).record.id

    def amendment(
        self, proposal: UUID, *, text: str = "Streets are for people and trees.",
        submitted_on: date = SUBMITTED,
    ) -> UUID:
        return self.app.submit_amendment(
            proposal, author_ids=[self.ben], text=text, submitted_on=submitted_on,
        ).record.id

    def vote(
        self, subject: UUID, *, subject_type: str = "proposal",
        method: str = "simple_majority", opened_on: date = ASSEMBLY,
        gathering: UUID | None = None,
    ) -> UUID:
        return self.app.open_vote(
            subject_type=subject_type, subject_id=subject,
            gathering_id=gathering or self.assembly, method=method, opened_on=opened_on,
        ).record.id

    def decide(
        self, subject: UUID, *, adopt: bool = True, subject_type: str = "proposal",
        closed_on: date = ASSEMBLY,
    ) -> Any:
        """Open a vote on `subject`, count a clear tally and close it; answers the vote."""
        vote = self.vote(subject, subject_type=subject_type)
        self.app.count_tally(vote, yes=30 if adopt else 2, no=2 if adopt else 30, abstain=1)
        return self.app.close_vote(vote, closed_on=closed_on).record

    def add_clause(self, heading: str = "Streets", text: str = "Streets are for people.") -> UUID:
        """Adopt a proposal adding a clause; answers the new clause's id."""
        proposal = self.proposal(text=text, clause={"action": "add", "heading": heading})
        self.decide(proposal)
        return self.get(proposal).clause["new_clause_id"]

    def commitment(self, *, made_on: date = ASSEMBLY, due_on: date = LATER) -> UUID:
        return self.app.make_commitment(
            actor_id=self.office, process_id=self.process,
            description="Unseal the schoolyard", made_on=made_on, due_on=due_on,
        ).record.id

    def funding(self, *, amount: Decimal = Decimal("90000.00"), granted_on: date = CHARTER_DAY,
                currency: str = "EUR") -> UUID:
        return self.app.grant_funding(
            funder_id=self.funder, recipient_id=self.ini, process_id=self.process,
            logic="process", period_start=date(2022, 1, 1), period_end=date(2024, 12, 31),
            amount=amount, currency=currency, granted_on=granted_on,
        ).record.id


def run_threads(targets: list[Any], timeout: float = 120) -> list[BaseException]:
    """Run each target in its own thread, all released at once; the exceptions they raised."""
    errors: list[BaseException] = []
    start = threading.Barrier(len(targets))

    def run(target: Any) -> None:
        start.wait()
        try:
            target()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    return errors
