"""The application service: every command is get, check, mutate, save — atomically."""

from __future__ import annotations

from eventsourcing.persistence import JSONTranscoder

from ledger.commands.base import Written  # noqa: F401  (re-exported for callers)
from ledger.commands.decisions import DecisionCommands
from ledger.commands.participation import ParticipationCommands
from ledger.commands.promises import PromiseCommands
from ledger.config import eventsourcing_env
from ledger.transcodings import DateAsISO


class Ledger(ParticipationCommands, DecisionCommands, PromiseCommands):
    """Kiezledger's application; its PostgreSQL table is `kiezledger_events`."""

    name = "Kiezledger"

    @classmethod
    def from_url(cls, url: str, *, create_table: bool = True) -> Ledger:
        return cls(env=eventsourcing_env(url, create_table=create_table))

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
