"""The application service: every command is get, check, mutate, save — atomically."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import JSONTranscoder, Mapper, Transcoder

from ledger.commands.base import Written  # noqa: F401  (re-exported for callers)
from ledger.commands.decisions import DecisionCommands
from ledger.commands.participation import ParticipationCommands
from ledger.commands.promises import PromiseCommands
from ledger.config import eventsourcing_env
from ledger.immutability import install_guards
from ledger.personal import PersonalDataMapper, key_store_for
from ledger.transcodings import DateAsISO, LedgerJSONTranscoder, UUIDAsHexInterned


class Ledger(ParticipationCommands, DecisionCommands, PromiseCommands):
    """Kiezledger's application; its PostgreSQL table is `kiezledger_events`."""

    name = "Kiezledger"

    def __init__(self, env: dict[str, str] | None = None) -> None:
        super().__init__(env)
        # Personal fields are sealed per person; their keys live beside the event table.
        self.personal_keys = key_store_for(self)
        self.mapper.keys = self.personal_keys  # type: ignore[attr-defined]
        if getattr(self.factory, "env_create_table", lambda: False)():
            self.personal_keys.create_table()
            install_guards(self)  # the event table refuses UPDATE, DELETE, TRUNCATE

    def save(self, *objects: Any, **kwargs: Any) -> Any:
        # Personal keys for a whole batch in one transaction, not one per new person.
        self.mapper.prepare(objects)  # type: ignore[attr-defined]
        return super().save(*objects, **kwargs)

    def construct_mapper(self) -> Mapper:
        return self.factory.mapper(
            transcoder=self.construct_transcoder(), mapper_class=PersonalDataMapper
        )

    @classmethod
    def from_url(cls, url: str, *, create_table: bool = True) -> Ledger:
        return cls(env=eventsourcing_env(url, create_table=create_table))

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
