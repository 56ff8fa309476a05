"""Everything the web pages take from the rest of Kiezledger, in one place.

The pages read and write through exactly what the HTTP API uses (its authentication, scope
checks, read functions and write helper), so the rules cannot drift apart. When modules move,
only these imports change.
"""

from __future__ import annotations

from api import auth, services
from api.errors import Problem
from api.idempotency import Claimed, InFlight, Mismatch, Replay
from api.idempotency import Request as IdempotentRequest
from api.resources import tokens as api_tokens
from api.resources.actors import EraseIn
from api.resources.actors import erase as erase_actor
from api.resources.common import ledger, page, visible, write
from api.resources.tokens import TokenIn
from api.tokens import ROLES, Principal, TokenInfo
from ledger.domain.actors import Actor, Cooperation
from ledger.domain.base import LedgerAggregate
from ledger.domain.charters import CLAUSE_ACTIONS, Charter
from ledger.domain.commitments import Commitment
from ledger.domain.fundings import Funding
from ledger.domain.processes import GATHERING_FORMATS, Gathering, Process
from ledger.domain.proposals import Amendment, Proposal
from ledger.domain.votes import Vote
from ledger.errors import LedgerError, NotFound, StaleVersion
from ledger.personal import ERASED
from queries.charter import charter_text
from queries.continuity import continuity_of
from queries.records import actor_labels, history, record_states, replayed
from queries.reports.figures import accountability_report
from queries.timeline import timeline
from store.sql import Cursor, Database

__all__ = [
    "CLAUSE_ACTIONS", "ERASED", "GATHERING_FORMATS", "ROLES", "Actor", "Amendment", "Charter",
    "Claimed", "Commitment", "Cooperation", "Cursor", "Database", "EraseIn", "Funding",
    "Gathering", "IdempotentRequest", "InFlight", "LedgerAggregate", "LedgerError", "Mismatch",
    "NotFound", "Principal", "Problem", "Process", "Proposal", "Replay", "StaleVersion", "TokenIn",
    "TokenInfo", "Vote", "accountability_report", "actor_labels", "api_tokens", "auth",
    "charter_text", "continuity_of", "erase_actor", "history", "ledger", "page", "record_states",
    "replayed", "services", "timeline", "visible", "write",
]
