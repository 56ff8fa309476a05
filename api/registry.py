"""The API's collections and the aggregate class behind each."""

from __future__ import annotations

from ledger.domain.actors import Actor, Cooperation
from ledger.domain.base import LedgerAggregate
from ledger.domain.charters import Charter
from ledger.domain.commitments import Commitment
from ledger.domain.fundings import Funding
from ledger.domain.processes import Gathering, Process
from ledger.domain.proposals import Amendment, Proposal
from ledger.domain.votes import Vote

AGGREGATES: tuple[type[LedgerAggregate], ...] = (
    Actor, Cooperation, Process, Gathering, Charter, Proposal, Amendment, Vote, Commitment,
    Funding,
)
COLLECTIONS: dict[str, type[LedgerAggregate]] = {cls.collection: cls for cls in AGGREGATES}
_BY_CLASS_NAME = {cls.__name__: cls.collection for cls in AGGREGATES}


def collection_of(event_type: str) -> str:
    """`Proposal.Submitted` -> `proposals` (the aggregate class is the first name)."""
    return _BY_CLASS_NAME.get(event_type.split(".", 1)[0], "unknown")
