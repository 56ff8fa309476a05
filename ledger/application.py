"""The application service: every command is get, check, mutate, save — atomically."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from eventsourcing.domain import DomainEventProtocol, MutableOrImmutableAggregate
from eventsourcing.persistence import ApplicationRecorder, JSONTranscoder, Recording, Transcoder
from eventsourcing.popo import POPOApplicationRecorder, POPOFactory

from ledger.ballot_store import BallotStore, MemoryBallotStore
from ledger.commands.ballots import BallotIndex
from ledger.commands.base import Written  # noqa: F401  (re-exported for callers)
from ledger.commands.decisions import DecisionCommands
from ledger.commands.funds import FundsCommands
from ledger.commands.participation import ParticipationCommands
from ledger.commands.promises import PromiseCommands
from ledger.personal import KeyStore, MemoryKeyStore, PersonalDataMapper
from ledger.preconditions import ChecksPreconditions, MemoryRecorder
from ledger.transcodings import DateAsISO, LedgerJSONTranscoder, UUIDAsHexInterned


class Ledger(ParticipationCommands, DecisionCommands, PromiseCommands, FundsCommands):
    """Kiezledger's application; its PostgreSQL table is `kiezledger_events`.

    Storage pieces are handed in: `key_store(app)` makes the store of personal keys,
    `ballot_store(app)` the ballot index's store, `signing_key(app)` loads the key that signs
    checkpoints. Without them keys and ballot rows are kept in memory, which only the
    in-memory event store may do (open a database through `store.ledger.open_ledger`, which
    also sets up its tables).
    """

    name = "Kiezledger"
    mapper: PersonalDataMapper  # made by construct_mapper

    def __init__(self, env: dict[str, str] | None = None, *,
                 key_store: Callable[[Ledger], KeyStore] | None = None,
                 ballot_store: Callable[[Ledger], BallotStore] | None = None,
                 signing_key: Callable[[Ledger], Ed25519PrivateKey] | None = None) -> None:
        super().__init__(env)
        if not isinstance(self.recorder, ChecksPreconditions):
            raise ValueError("this Ledger's event store does not check preconditions: "
                             "open it with store.ledger.open_ledger")
        self._signing_key = signing_key
        in_memory = isinstance(self.recorder, POPOApplicationRecorder)
        if (key_store is None or ballot_store is None) and not in_memory:
            raise ValueError("a Ledger over a database needs its key and ballot stores: "
                             "open it with store.ledger.open_ledger")
        # Personal fields are sealed per person; their keys live beside the event table.
        self.personal_keys = key_store(self) if key_store is not None else MemoryKeyStore()
        self.mapper.keys = self.personal_keys
        ballots = ballot_store(self) if ballot_store is not None else MemoryBallotStore()
        self.ballot_index = BallotIndex(self.recorder, self.mapper, ballots)

    def signing_key(self) -> Ed25519PrivateKey:
        """The deployment's key for signed checkpoints (exports sign their head with it)."""
        if self._signing_key is None:
            raise RuntimeError("this Ledger has no signing key: open it with "
                               "store.ledger.open_ledger")
        return self._signing_key(self)

    def save(
        self,
        *objects: MutableOrImmutableAggregate[UUID] | DomainEventProtocol[UUID] | None,
        **kwargs: Any,  # eventsourcing's signature: passed on to the recorder
    ) -> list[Recording[UUID]]:
        # Personal keys for a whole batch in one transaction, not one per new person.
        self.mapper.prepare(objects)
        return super().save(*objects, **kwargs)

    def construct_recorder(self) -> ApplicationRecorder:
        # In memory, the store that checks a save's preconditions (ledger.preconditions);
        # store/config.py names the SQLite and PostgreSQL ones.
        if type(self.factory) is POPOFactory:
            return MemoryRecorder()
        return super().construct_recorder()

    def construct_mapper(self) -> PersonalDataMapper:
        # eventsourcing's factory answers its base Mapper type for any mapper_class.
        return cast(PersonalDataMapper, self.factory.mapper(
            transcoder=self.construct_transcoder(), mapper_class=PersonalDataMapper
        ))

    def construct_transcoder(self) -> Transcoder:
        transcoder = self.factory.transcoder()
        if type(transcoder) is JSONTranscoder:  # the default: the same, decoding faster
            transcoder = LedgerJSONTranscoder()
        if isinstance(transcoder, JSONTranscoder):
            self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(UUIDAsHexInterned())  # replaces UUIDAsHex: same stored form
        transcoder.register(DateAsISO())
