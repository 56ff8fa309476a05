"""A realistic, invented neighbourhood history for demonstrations: `load_demo(app)`.

Four participation processes in Berlin Friedrichshain-Kreuzberg, 2021 until `today`: the kiez
processes of the Reichenberger Kiez and the Samariterkiez (open assemblies twice a year, a
Kiez-Charta each, future and storytelling workshops, energy assemblies), the district process
around the Kiezgipfel/Bezirksgipfel (summits with politicians, trainings of the empowerment
programme with the Jobcenter) and a street process that depaved the tree pits of the Ohlauer
Straße and was concluded. Around them: about fifty actors, a cooperation network of two clusters
bridged by KIEZconnect and the Volkshochschule, commitments kept, kept late, withdrawn and
overdue, and process- and project-based funding with disbursements; the foundation's process
funding of the Reichenberger Kiez keeps its books (plan, receipts, income, volunteer work, a
reversal) and the process measures two impact indicators, for a proof of use.

Place names are real; every person, decision, commitment and amount is invented.

Everything goes through the application's command methods, so every invariant is checked
exactly as for any other client, and every event is recorded as `demo`.

How it is built: the history is data (`cli.demo.data`, named records from `cli.demo.records`)
played as a set of *storylines* (generators) that yield the domain date of their next step: one
per process, gathering, commitment and grant, and one for the network. A small scheduler
(`cli.demo.timeline`) runs them interleaved in domain-date order, so the global log reads
chronologically and each check sees the ledger as it was on that day, and it stops each
storyline at its first step after `today`. Every storyline draws from its own random generator,
seeded from `seed` and the storyline's name, so a load with an earlier `today` gives a prefix of
the same history.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from cli.demo.books import books_story, indicator_story
from cli.demo.context import Context
from cli.demo.data.actors import ACTORS
from cli.demo.data.bezirk import BEZIRK
from cli.demo.data.books import BOOKS, INDICATORS
from cli.demo.data.fundings import FUNDINGS, kiezkasse_fundings
from cli.demo.data.ohlauer import OHLAUER
from cli.demo.data.places import DISTRICT
from cli.demo.data.reichenberger import REICHENBERGER
from cli.demo.data.samariter import SAMARITER
from cli.demo.fundings import funding_story
from cli.demo.network import network_story
from cli.demo.processes import process_story
from cli.demo.summary import summarise
from ledger import principal

if TYPE_CHECKING:  # pragma: no cover
    from ledger.application import Ledger

__all__ = ["load_demo"]

PROCESSES = (REICHENBERGER, BEZIRK, SAMARITER, OHLAUER)


def load_demo(app: Ledger, *, seed: int = 7, today: date | None = None) -> dict:
    """Load the demo history into an empty ledger; nothing is dated after `today`.

    Deterministic for a given `seed` and `today` (only the ids differ between loads).
    Returns a summary: what was recorded, by kind and state, and the ids of the processes,
    charters, funders, fundings and actors by their key in the demo's data.
    """
    today = today or date.today()
    if app.recorder.max_notification_id():
        raise ValueError("load_demo needs an empty ledger: this one already has events")
    ctx = Context(app, seed, today)
    with principal.recording_as("demo"):
        load(ctx)
    return summarise(ctx)


def load(ctx: Context) -> None:
    """The actors first, then every storyline, run in date order."""
    for actor in ACTORS:
        written = ctx.app.register_actor(kind=actor.kind, name=actor.name, district=DISTRICT,
                                          kiez=actor.kiez, contact=actor.contact)
        ctx.state.actors[actor.key] = written.record.id
    for process in PROCESSES:
        ctx.timeline.spawn(process_story(ctx, process))
    ctx.timeline.spawn(network_story(ctx))
    for funding in FUNDINGS + kiezkasse_fundings(ctx.today):
        ctx.timeline.spawn(funding_story(ctx, funding))
    ctx.timeline.spawn(books_story(ctx, BOOKS))
    for indicator in INDICATORS:
        ctx.timeline.spawn(indicator_story(ctx, indicator))
    ctx.timeline.run()
