"""Everything the web pages take from the rest of Kiezledger, in one place.

The pages read and write through exactly what the HTTP API uses (its authentication, scope
checks, read functions and write helper), so the rules cannot drift apart. When modules move,
only these imports change.
"""

from __future__ import annotations

from api import auth, services
from api.errors import Problem
from api.fields import FIRST_DAY, LAST_DAY, IsoDate, Moment
from api.idempotency import Claimed, InFlight, Mismatch, Replay
from api.idempotency import Request as IdempotentRequest
from api.resources import tokens as api_tokens
from api.resources.actors import EraseIn
from api.resources.actors import erase as erase_actor
from api.resources.charter_texts import DiffQuery, TextQuery
from api.resources.commitments import BoardQuery, scoped_board
from api.resources.common import ledger, may_write_to, page, visible, write
from api.resources.integrity import VERIFIERS, public_key_info, signed_head, verification
from api.resources.network import NetworkQuery, scoped_network
from api.resources.reports import (
    ACCOUNTABILITY_READERS,
    FUNDING_READERS,
    AccountabilityQuery,
    FundingQuery,
    ProofOfUseQuery,
    scoped_report,
)
from api.resources.tokens import TokenIn
from api.tokens import ROLES, Principal, TokenInfo
from ledger.domain.actors import ACTOR_KINDS, COOPERATION_KINDS, Actor, Cooperation
from ledger.domain.base import LedgerAggregate
from ledger.domain.charters import CLAUSE_ACTIONS, Charter
from ledger.domain.commitments import Commitment
from ledger.domain.fundings import LOGICS, Funding
from ledger.domain.indicators import Indicator
from ledger.domain.processes import GATHERING_FORMATS, LEVELS, Gathering, Process
from ledger.domain.proposals import Amendment, Proposal
from ledger.domain.votes import CHOICES, METHODS, Vote
from ledger.errors import LedgerError, NotFound, StaleVersion
from ledger.personal import ERASED
from queries.charter import charter_diff, charter_markdown, charter_text
from queries.commitments import STATUSES
from queries.continuity import continuity_of
from queries.network import network_graphml
from queries.records import actor_labels, history, record_states, replayed
from queries.reports import FORMATS as REPORT_FORMATS
from queries.reports.figures import accountability_report
from queries.reports.make import slug
from queries.reports.proof import process_indicators
from queries.timeline import timeline
from store.sql import Cursor, Database

__all__ = [
    "ACCOUNTABILITY_READERS", "FUNDING_READERS", "REPORT_FORMATS", "STATUSES", "VERIFIERS",
    "AccountabilityQuery", "BoardQuery", "DiffQuery", "FundingQuery", "ProofOfUseQuery",
    "IsoDate", "Moment",
    "NetworkQuery",
    "TextQuery", "charter_diff", "charter_markdown", "network_graphml", "public_key_info",
    "scoped_board", "scoped_network", "scoped_report", "signed_head", "slug", "verification",
    "CLAUSE_ACTIONS", "GATHERING_FORMATS", "Actor", "Amendment", "Charter", "Claimed",
    "Commitment", "Cooperation", "Cursor", "Database", "Funding", "Gathering", "IdempotentRequest",
    "InFlight", "Indicator", "LedgerAggregate", "LedgerError", "Mismatch", "NotFound", "Principal",
    "Problem", "Process", "Proposal", "Replay", "StaleVersion", "Vote",
    "accountability_report", "auth", "charter_text", "history", "ledger", "page", "replayed",
    "process_indicators", "services", "timeline", "visible", "write",
    # for the recording forms
    "ACTOR_KINDS", "CHOICES", "COOPERATION_KINDS", "FIRST_DAY", "LAST_DAY", "LEVELS", "LOGICS",
    "METHODS", "may_write_to",
    # for the admin pages and the batched reads of links
    "ERASED", "ROLES", "EraseIn", "TokenIn", "TokenInfo", "actor_labels", "api_tokens",
    "continuity_of", "erase_actor", "record_states",
]
