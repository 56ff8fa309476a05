"""A realistic, invented neighbourhood history for demonstrations: `load_demo(app)`.

Four participation processes in Berlin Friedrichshain-Kreuzberg, 2021 until `today`: the kiez
processes of the Reichenberger Kiez and the Samariterkiez (open assemblies twice a year, a
Kiez-Charta each, future and storytelling workshops, energy assemblies), the district process
around the Kiezgipfel/Bezirksgipfel (summits with politicians, trainings of the empowerment
programme with the Jobcenter) and a street process that depaved the tree pits of the Ohlauer
Straße and was concluded. Around them: about fifty actors, a cooperation network of two clusters
bridged by KIEZconnect and the Volkshochschule, commitments kept, kept late, withdrawn and
overdue, and process- and project-based funding with disbursements.

Place names are real; every person, decision, commitment and amount is invented.

Everything goes through the application's command methods, so every invariant is checked
exactly as for any other client, and every event is recorded as `demo`.

How it is built: the history is a set of *storylines* (Python generators) that yield the domain
date of their next step. A small scheduler runs all storylines interleaved in domain-date
order, so the global log reads chronologically and each check sees the ledger as it was on
that day, and it stops each storyline at its first step after `today`. Every storyline draws
from its own random generator, seeded from `seed` and the storyline's name, so a load with an
earlier `today` gives a prefix of the same history.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections import Counter
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

from ledger import principal
from ledger.domain.commitments import Commitment
from ledger.domain.votes import Count, outcome

if TYPE_CHECKING:  # pragma: no cover
    from ledger.application import Ledger

__all__ = ["load_demo"]

DISTRICT = "Friedrichshain-Kreuzberg"
REICH = "Reichenberger Kiez"
SAMA = "Samariterkiez"

Story = Generator[date, None, None]


class ScriptError(RuntimeError):
    """The demo script contradicts itself (a bug in this module, not in the ledger)."""


# ---------------------------------------------------------------------------------------------
# Scheduling
# ---------------------------------------------------------------------------------------------


class Timeline:
    """Runs storylines interleaved in domain-date order; none goes past `today`.

    A storyline yields the date of its next step and, when resumed, performs the actions of
    that step (all dated that day) before yielding the next date. Ties keep spawning order.
    """

    def __init__(self, today: date):
        self.today = today
        self.now = date.min
        self._queue: list[tuple[date, int, Story]] = []
        self._seq = itertools.count()

    def spawn(self, story: Story) -> None:
        self._advance(story)

    def _advance(self, story: Story) -> None:
        try:
            when = next(story)
        except StopIteration:
            return
        if when < self.now:
            raise ScriptError(f"a storyline went back in time to {when} (now {self.now})")
        if when > self.today:
            story.close()
            return
        heapq.heappush(self._queue, (when, next(self._seq), story))

    def run(self) -> None:
        while self._queue:
            when, _, story = heapq.heappop(self._queue)
            self.now = when
            self._advance(story)


def plan_story(steps: Iterable[tuple[date, Callable[[], Any]]]) -> Story:
    """A storyline from dated calls, run in date order (stable for equal dates)."""
    for when, call in sorted(steps, key=lambda step: step[0]):
        yield when
        call()


def saturday(rng: random.Random, year: int, month: int) -> date:
    """A Saturday of the month, avoiding the last days so follow-ups stay in order."""
    days = [date(year, month, d) for d in range(1, 26) if date(year, month, d).weekday() == 5]
    return rng.choice(days)


def month_end(d: date) -> date:
    nxt = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, min(d.day, 28))


# ---------------------------------------------------------------------------------------------
# Actors
# ---------------------------------------------------------------------------------------------

# key, kind, name, kiez (None: district-wide), contact
ACTORS: tuple[tuple[str, str, str, str | None, str | None], ...] = (
    # persons, Reichenberger Kiez
    ("aylin", "person", "Aylin Demir", REICH, "aylin.demir@example.org"),
    ("jonas", "person", "Jonas Albrecht", REICH, "jonas.albrecht@example.org"),
    ("mareike", "person", "Mareike Schuster", REICH, "mareike.schuster@example.org"),
    ("tarek", "person", "Tarek Haddad", REICH, "tarek.haddad@example.org"),
    ("ines", "person", "Ines Wolter", REICH, "ines.wolter@example.org"),
    ("kofi", "person", "Kofi Mensah", REICH, "kofi.mensah@example.org"),
    ("hannelore", "person", "Hannelore Brandt", REICH, "hannelore.brandt@example.org"),
    ("luca", "person", "Luca Romano", REICH, "luca.romano@example.org"),
    ("sibel", "person", "Sibel Kaya", REICH, "sibel.kaya@example.org"),
    ("wiebke", "person", "Wiebke Johannsen", REICH, "wiebke.johannsen@example.org"),
    ("oskar", "person", "Oskar Nowak", REICH, "oskar.nowak@example.org"),
    # persons, Samariterkiez
    ("paula", "person", "Paula Neumann", SAMA, "paula.neumann@example.org"),
    ("dmitri", "person", "Dmitri Sokolov", SAMA, "dmitri.sokolov@example.org"),
    ("emine", "person", "Emine Aksoy", SAMA, "emine.aksoy@example.org"),
    ("ben", "person", "Ben Hartmann", SAMA, "ben.hartmann@example.org"),
    ("clara", "person", "Clara Vogt", SAMA, "clara.vogt@example.org"),
    ("yusuf", "person", "Yusuf Öztürk", SAMA, "yusuf.oeztuerk@example.org"),
    ("greta", "person", "Greta Lindqvist", SAMA, "greta.lindqvist@example.org"),
    ("noah", "person", "Noah Brenner", SAMA, "noah.brenner@example.org"),
    ("mina", "person", "Mina Rahimi", SAMA, "mina.rahimi@example.org"),
    ("jakob", "person", "Jakob Wiesner", SAMA, "jakob.wiesner@example.org"),
    # persons in the empowerment programme (district-wide)
    ("sabine", "person", "Sabine Krüger", None, "sabine.krueger@example.org"),
    ("renate", "person", "Renate Pohl", None, "renate.pohl@example.org"),
    ("amir", "person", "Amir Saleh", None, "amir.saleh@example.org"),
    ("thomas", "person", "Thomas Lehmann", None, "thomas.lehmann@example.org"),
    # initiatives
    ("reichenberger", "initiative", "Reichenberger Kiez für alle", REICH,
     "reichenberger-kiez@example.org"),
    ("baumscheiben", "initiative", "Baumscheibenpat:innen Ohlauer Straße", REICH,
     "baumscheiben@example.org"),
    ("mieter", "initiative", "Mieter:inneninitiative Wiener Straße", REICH,
     "mieterini-wiener@example.org"),
    ("samariter", "initiative", "Samariterkiez gemeinsam", SAMA, "samariterkiez@example.org"),
    ("lastenrad", "initiative", "Lastenrad-Kollektiv Samariterkiez", SAMA,
     "lastenrad@example.org"),
    ("hofgruen", "initiative", "Hofgrün Friedrichshain", SAMA, "hofgruen@example.org"),
    # associations
    ("kiezconnect", "association", "KIEZconnect e. V.", None, "kontakt@example.org"),
    ("nachbarschaftstreff", "association", "Nachbarschaftstreff Lausitzer Platz e. V.", REICH,
     "treff-lausitzer@example.org"),
    ("buergerenergie", "association", "Bürgerenergie Friedrichshain eG", SAMA,
     "buergerenergie@example.org"),
    # administration
    ("bezirksamt", "administration", "Bezirksamt Friedrichshain-Kreuzberg", None,
     "buergerbeteiligung@example.org"),
    ("sga", "administration",
     "Bezirksamt Friedrichshain-Kreuzberg, Straßen- und Grünflächenamt", None,
     "sga@example.org"),
    ("jobcenter", "administration", "Jobcenter Friedrichshain-Kreuzberg", None,
     "jobcenter-empowerment@example.org"),
    # politics
    ("bvv", "politics", "Bezirksverordnetenversammlung Friedrichshain-Kreuzberg", None,
     "bvv-buero@example.org"),
    ("wendel", "politics", "Katrin Wendel (Bezirksverordnete)", None, "k.wendel@example.org"),
    ("jansen", "politics", "Dr. Malte Jansen (Mitglied des Abgeordnetenhauses)", None,
     "m.jansen@example.org"),
    # businesses
    ("spaeti", "business", "Späti Reichenberger Eck", REICH, None),
    ("baeckerei", "business", "Bäckerei Gündoğdu", REICH, "baeckerei-guendogdu@example.org"),
    ("fahrradladen", "business", "Fahrradladen Speiche & Nabe", REICH,
     "speiche-nabe@example.org"),
    ("cafe", "business", "Café Lausitz", REICH, "cafe-lausitz@example.org"),
    ("buchladen", "business", "Buchladen Samariterstraße", SAMA, "buchladen-sama@example.org"),
    ("bioladen", "business", "Bioladen Rigaer Ecke", SAMA, "bioladen-rigaer@example.org"),
    # schools
    ("grundschule", "school", "Grundschule an der Ohlauer Straße", REICH,
     "sekretariat-gs-ohlauer@example.org"),
    ("gemeinschaftsschule", "school", "Gemeinschaftsschule Samariterkiez", SAMA,
     "sekretariat-gms-samariter@example.org"),
    ("vhs", "school", "Volkshochschule Friedrichshain-Kreuzberg", None, "vhs-kurse@example.org"),
    # funders
    ("stiftung", "funder", "Stiftung Kiezzukunft", None, "foerderung@example.org"),
    ("senat", "funder", "Senatsverwaltung für Stadtentwicklung, Bauen und Wohnen", None,
     "quartiersfoerderung@example.org"),
    # other
    ("kirche", "other", "Evangelische Kirchengemeinde am Lausitzer Platz", REICH,
     "gemeindebuero-lausitzer@example.org"),
)

PERSONS = {
    REICH: [a[0] for a in ACTORS if a[1] == "person" and a[3] == REICH],
    SAMA: [a[0] for a in ACTORS if a[1] == "person" and a[3] == SAMA],
}
ORGANISATIONS = ("reichenberger", "baumscheiben", "mieter", "samariter", "lastenrad", "hofgruen",
                 "kiezconnect", "nachbarschaftstreff", "buergerenergie")


# ---------------------------------------------------------------------------------------------
# The script's vocabulary
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Promise:
    """A commitment made at a gathering (or on `made`), with what became of it.

    `end` is ("fulfil", date, evidence) or ("withdraw", date, reason); None leaves it open,
    so it becomes overdue once its due date has passed.
    """

    actor: str
    description: str
    due: date
    progress: tuple[tuple[date, str], ...] = ()
    end: tuple[str, date, str] | None = None
    made: date | None = None  # None: made at the gathering it belongs to


@dataclass(frozen=True)
class Amend:
    text: str
    authors: tuple[str, ...]
    outcome: str  # adopted | rejected | withdrawn
    rationale: str | None = None
    method: str = "simple_majority"


@dataclass(frozen=True)
class Item:
    """A proposal on a gathering's agenda; `clause` names the charter change, if any:
    ("add", key, heading), ("replace", key, heading | None) or ("repeal", key)."""

    title: str
    text: str
    authors: tuple[str, ...]
    outcome: str  # adopted | rejected | withdrawn
    method: str = "simple_majority"
    ballots: bool = False
    clause: tuple | None = None
    amendments: tuple[Amend, ...] = ()
    promises: tuple[Promise, ...] = ()  # made when the proposal is adopted


@dataclass(frozen=True)
class Meeting:
    year: int
    month: int
    format: str
    title: str
    place: str | None
    attendance: tuple[int, int]
    items: tuple[Item, ...] = ()
    promises: tuple[Promise, ...] = ()  # made at the gathering, without a proposal
    day: int | None = None  # None: a Saturday of the month
    charter: bool = False  # the process's charter is established at this gathering


@dataclass
class ProcessSpec:
    key: str
    title: str
    level: str
    area: str
    topics: tuple[str, ...]
    started_on: date
    goals: dict
    kiez: str | None
    voters: tuple[str, ...]
    participants: tuple[tuple[str, str, date], ...]
    phases: tuple[tuple[str, date], ...]
    meetings: tuple[Meeting, ...]
    charter_title: str | None = None
    # recurring gatherings without votes: format, title ({year}), month, attendance, place, years
    rhythm: tuple[tuple[str, str, int, tuple[int, int], str, range], ...] = ()
    promises: tuple[Promise, ...] = ()  # made outside gatherings (`made` set)
    generated_from: int | None = None  # from this year on, agendas are drawn from a pool
    conclusion: tuple[date, str] | None = None


@dataclass
class State:
    """What the loader learnt while loading: ids by script key, and what it recorded."""

    actors: dict[str, UUID] = field(default_factory=dict)
    processes: dict[str, UUID] = field(default_factory=dict)
    charters: dict[str, UUID] = field(default_factory=dict)
    clauses: dict[str, UUID] = field(default_factory=dict)
    commitments: list[UUID] = field(default_factory=list)
    fundings: dict[str, UUID] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Reichenberger Kiez: kiez process since 2021, with the first Kiez-Charta
# ---------------------------------------------------------------------------------------------

LAUSITZER = "Lausitzer Platz"
TREFF = "Nachbarschaftstreff Lausitzer Platz"

REICHENBERGER = ProcessSpec(
    key="reichenberger_kiez",
    title="Kiezprozess Reichenberger Kiez",
    level="kiez",
    area="Reichenberger Kiez, Kreuzberg",
    topics=("Begegnung", "Kiez-Charta", "Entsiegelung", "Hitzeschutz", "Energie"),
    started_on=date(2021, 3, 13),
    goals={"open_assemblies_per_year": 2},
    kiez=REICH,
    voters=tuple(PERSONS[REICH]),
    charter_title="Kiez-Charta Reichenberger Kiez",
    participants=(
        ("kiezconnect", "convenor", date(2021, 3, 13)),
        ("reichenberger", "initiative", date(2021, 3, 13)),
        ("aylin", "resident", date(2021, 3, 13)),
        ("mareike", "resident", date(2021, 3, 20)),
        ("jonas", "resident", date(2021, 4, 24)),
        ("hannelore", "resident", date(2021, 4, 24)),
        ("nachbarschaftstreff", "host", date(2021, 5, 10)),
        ("tarek", "resident", date(2021, 6, 30)),
        ("ines", "resident", date(2021, 6, 30)),
        ("baeckerei", "business", date(2021, 9, 15)),
        ("sga", "administration", date(2021, 11, 25)),
        ("bezirksamt", "administration", date(2021, 11, 25)),
        ("cafe", "business", date(2021, 11, 10)),
        ("stiftung", "funder", date(2021, 11, 30)),
        ("mieter", "initiative", date(2022, 2, 14)),
        ("luca", "resident", date(2022, 2, 14)),
        ("kofi", "resident", date(2022, 3, 26)),
        ("baumscheiben", "initiative", date(2022, 4, 9)),
        ("spaeti", "business", date(2022, 5, 2)),
        ("wendel", "politics", date(2022, 5, 30)),
        ("kirche", "host", date(2022, 6, 8)),
        ("grundschule", "school", date(2022, 9, 12)),
        ("sibel", "resident", date(2022, 11, 28)),
        ("wiebke", "resident", date(2023, 6, 30)),
        ("oskar", "resident", date(2024, 3, 28)),
    ),
    phases=(
        ("Aktivierung und Zukunftswerkstatt", date(2021, 3, 13)),
        ("Charta-Entwicklung", date(2021, 5, 1)),
        ("Umsetzung und Verstetigung", date(2022, 11, 28)),
        ("Auswertung und Weiterentwicklung", date(2025, 3, 3)),
    ),
    rhythm=(
        ("storytelling_workshop", "Erzählwerkstatt {year}: Geschichten aus dem Reichenberger Kiez",
         2, (14, 28), "Café Lausitz", range(2022, 2025)),
        ("storytelling_workshop", "Erzählwerkstatt {year}: Geschichten aus dem Reichenberger Kiez",
         2, (12, 26), TREFF, range(2025, 2100)),
        ("other", "Kiezfest {year}", 8, (180, 420), "Reichenberger Straße", range(2022, 2100)),
        ("action", "Gießaktion {year}: Baumscheiben im Reichenberger Kiez",
         7, (10, 24), "Reichenberger Straße", range(2022, 2100)),
    ),
    generated_from=2026,
    meetings=(
        Meeting(2021, 4, "future_workshop", "Zukunftswerkstatt: Unser Reichenberger Kiez 2030",
                TREFF, (30, 42), charter=True),
        Meeting(
            2021, 6, "open_assembly", "1. Offene Versammlung Reichenberger Kiez", LAUSITZER,
            (48, 72),
            items=(
                Item("Grundsatz: Ein Kiez für alle",
                     "Der Reichenberger Kiez gehört allen, die hier leben, arbeiten oder zur "
                     "Schule gehen. Die Kiez-Charta gilt für alle gleichermaßen – unabhängig von "
                     "Herkunft, Sprache, Alter, Einkommen oder Aufenthaltsstatus.",
                     ("aylin", "reichenberger"), "adopted", method="consent",
                     clause=("add", "reich:grundsatz", "Ein Kiez für alle")),
                Item("Offene Versammlungen zweimal im Jahr",
                     "Zweimal im Jahr, im Frühjahr und im Herbst, findet eine offene "
                     "Versammlung statt. Alle aus dem Kiez können teilnehmen, Anträge stellen "
                     "und abstimmen.",
                     ("kiezconnect",), "adopted",
                     clause=("add", "reich:versammlungen", "Offene Versammlungen")),
                Item("Entsiegelung und Stadtgrün",
                     "Wir wollen versiegelte Flächen im Kiez verringern und die Straßenbäume "
                     "schützen.",
                     ("jonas", "mareike"), "adopted",
                     clause=("add", "reich:entsiegelung", "Entsiegelung und Stadtgrün"),
                     amendments=(
                         Amend("Wir entsiegeln gemeinsam Baumscheiben und Gehwegflächen im Kiez, "
                               "schützen die Straßenbäume vor Hitzestress und setzen uns beim "
                               "Bezirksamt für einfache Genehmigungen ein.",
                               ("reichenberger",), "adopted",
                               rationale="Die Charta soll sagen, was wir selbst tun, nicht nur, "
                                         "was wir wollen."),
                     ),
                     promises=(
                         Promise("reichenberger",
                                 "Patenschaften für 20 Baumscheiben in der Reichenberger Straße "
                                 "vermitteln", date(2021, 10, 31),
                                 progress=((date(2021, 8, 14), "14 Patenschaften vergeben, "
                                            "Gießkannen vom Nachbarschaftstreff geliehen"),),
                                 end=("fulfil", date(2021, 10, 16),
                                      "Liste mit 23 Pat:innen, Fotodokumentation")),
                     )),
                Item("Wie wir entscheiden",
                     "Die offene Versammlung entscheidet mit einfacher Mehrheit der anwesenden "
                     "Stimmberechtigten.",
                     ("kiezconnect", "hannelore"), "adopted",
                     clause=("add", "reich:entscheidungen", "Wie wir entscheiden")),
                Item("Kiezfest nur noch alle zwei Jahre",
                     "Das Kiezfest findet künftig nur noch alle zwei Jahre statt, damit die "
                     "Organisierenden sich nicht verausgaben.",
                     ("mareike",), "rejected"),
            )),
        Meeting(
            2021, 10, "open_assembly", "2. Offene Versammlung Reichenberger Kiez", TREFF,
            (40, 62),
            items=(
                Item("Mehrsprachigkeit",
                     "Einladungen, Protokolle und die Charta erscheinen mindestens auf Deutsch, "
                     "Türkisch, Arabisch und Englisch. Bei den Versammlungen wird auf Wunsch "
                     "geflüstert übersetzt.",
                     ("tarek", "aylin"), "adopted", method="consent",
                     clause=("add", "reich:sprachen", "Mehrsprachigkeit"),
                     promises=(
                         Promise("kiezconnect",
                                 "Einladungen und Protokolle der offenen Versammlungen in vier "
                                 "Sprachen erstellen", date(2022, 3, 31),
                                 end=("fulfil", date(2022, 3, 15),
                                      "Einladung zur Frühjahrsversammlung 2022 in vier Sprachen "
                                      "verteilt")),
                     )),
                Item("Ein Kiezrat zwischen den Versammlungen",
                     "Zwischen den Versammlungen vertritt ein gewählter Kiezrat aus sieben "
                     "Personen den Kiez gegenüber Verwaltung und Politik.",
                     ("reichenberger",), "adopted",
                     clause=("add", "reich:kiezrat", "Kiezrat")),
                Item("Temporäre Spielstraße Reichenberger Straße",
                     "Die Versammlung bittet das Bezirksamt, die Reichenberger Straße zwischen "
                     "Ohlauer und Lausitzer Straße sonntags als temporäre Spielstraße zu öffnen.",
                     ("ines", "jonas"), "adopted", ballots=True,
                     promises=(
                         Promise("sga",
                                 "Temporäre Spielstraße sonntags in der Reichenberger Straße "
                                 "prüfen und anordnen", date(2022, 4, 30),
                                 progress=((date(2022, 1, 20),
                                            "Verkehrsbehördliche Anhörung eingeleitet"),
                                           (date(2022, 4, 12),
                                            "Anordnung verzögert sich: Abstimmung mit der BVG "
                                            "wegen der Buslinie nötig")),
                                 end=("fulfil", date(2022, 6, 12),
                                      "Verkehrsrechtliche Anordnung vom 10.06.2022; erster "
                                      "Spielstraßen-Sonntag am 12.06.2022")),
                     )),
            )),
        Meeting(
            2022, 5, "open_assembly", "Frühjahrsversammlung 2022 Reichenberger Kiez",
            LAUSITZER, (52, 80),
            items=(
                Item("Entsiegelung als Regel, nicht als Ausnahme",
                     "Wir entsiegeln gemeinsam Baumscheiben, Gehwegflächen und Parkbuchten. "
                     "Jede entsiegelte Fläche bekommt eine Patenschaft. Das Bezirksamt wird "
                     "gebeten, Entsiegelungen durch Anwohnende als Regelverfahren zu genehmigen.",
                     ("reichenberger", "baumscheiben"), "adopted", method="two_thirds",
                     ballots=True,
                     clause=("replace", "reich:entsiegelung", None),
                     amendments=(
                         Amend("Wir entsiegeln gemeinsam Baumscheiben und Gehwegflächen; "
                               "Parkbuchten bleiben ausgenommen. Jede entsiegelte Fläche bekommt "
                               "eine Patenschaft.",
                               ("spaeti",), "rejected",
                               rationale="Lieferverkehr und Handwerksbetriebe brauchen die "
                                         "Parkbuchten."),
                     ),
                     promises=(
                         Promise("sga",
                                 "Entsiegelung durch Anwohnende als Regelverfahren "
                                 "(vereinfachte Sondernutzungserlaubnis) einführen",
                                 date(2023, 6, 30),
                                 progress=((date(2022, 9, 19),
                                            "Rechtsamt prüft Haftungsfragen"),
                                           (date(2023, 3, 6), "Entwurf einer Verwaltungs"
                                            "vorschrift liegt vor"),
                                           (date(2023, 11, 20), "Verzögerung wegen unbesetzter "
                                            "Stellen im Straßen- und Grünflächenamt"),
                                           (date(2024, 9, 16), "Pilot in der Ohlauer Straße "
                                            "wird ausgewertet"),
                                           (date(2025, 6, 2), "Vorlage liegt beim "
                                            "Bezirksamtskollegium"))),
                     )),
                Item("Tempo 10 im ganzen Kiez",
                     "Die Versammlung fordert Tempo 10 in allen Straßen des Reichenberger "
                     "Kiezes.",
                     ("luca",), "rejected"),
            )),
        Meeting(2022, 7, "action", "Entsiegelungsaktion Baumscheiben Reichenberger Straße",
                "Reichenberger Straße 120–140", (14, 26)),
        Meeting(
            2022, 11, "open_assembly", "Herbstversammlung 2022 Reichenberger Kiez", TREFF,
            (44, 66),
            items=(
                Item("Hitzeschutz im Kiez",
                     "An heißen Tagen öffnen Nachbarschaftstreff, Kirchengemeinde und "
                     "teilnehmende Geschäfte kühle Räume und bieten Trinkwasser an. Eine Karte "
                     "der kühlen Orte hängt in allen Hausfluren.",
                     ("hannelore", "kirche"), "adopted", ballots=True,
                     clause=("add", "reich:hitze", "Hitzeschutz"),
                     amendments=(
                         Amend("An heißen Tagen öffnen Nachbarschaftstreff, Kirchengemeinde und "
                               "teilnehmende Geschäfte kühle Räume und bieten Trinkwasser an. "
                               "Eine Karte der kühlen Orte hängt in allen Hausfluren. "
                               "Hitzepat:innen rufen ältere und kranke Nachbar:innen an, die "
                               "das wünschen.",
                               ("ines",), "adopted",
                               rationale="Wer nicht mehr aus dem Haus kommt, erreicht auch "
                                         "keine kühlen Räume."),
                     ),
                     promises=(
                         Promise("baeckerei",
                                 "Refill-Station: kostenloses Leitungswasser von Juni bis "
                                 "September", date(2023, 6, 1),
                                 end=("fulfil", date(2023, 5, 22), "Aufkleber im Schaufenster, "
                                      "Eintrag in der Karte der kühlen Orte")),
                         Promise("kirche",
                                 "Kirche an Hitzetagen als kühlen Ort öffnen",
                                 date(2023, 6, 15),
                                 end=("fulfil", date(2023, 6, 10),
                                      "Öffnungszeiten an Hitzetagen 11–18 Uhr")),
                     )),
                Item("Eine eigene Kiezwährung",
                     "Der Kiez führt eine eigene Kiezwährung ein, die in den teilnehmenden "
                     "Geschäften angenommen wird.",
                     ("tarek",), "withdrawn"),
            ),
            promises=(
                Promise("cafe",
                        "Einmal im Monat Raum für die Erzählwerkstatt zur Verfügung stellen",
                        date(2025, 12, 31),
                        progress=((date(2023, 12, 11), "Elf Erzählabende im Jahr 2023"),),
                        end=("withdraw", date(2024, 11, 30),
                             "Das Café schließt zum Jahresende 2024; die Erzählwerkstatt "
                             "zieht in den Nachbarschaftstreff.")),
            )),
        Meeting(
            2023, 5, "open_assembly", "Frühjahrsversammlung 2023 Reichenberger Kiez",
            LAUSITZER, (50, 75),
            items=(
                Item("Zusagen werden nachgehalten",
                     "Zusagen von Initiativen, Geschäften, Verwaltung und Politik werden mit "
                     "Datum im Kiezledger festgehalten und bei jeder offenen Versammlung "
                     "öffentlich nachgehalten.",
                     ("kiezconnect", "aylin"), "adopted", method="consent", ballots=True,
                     clause=("add", "reich:zusagen", "Verbindlichkeit von Zusagen")),
                Item("Nachtruhe auf Plätzen und in Höfen",
                     "Ab 22 Uhr ist auf den Plätzen und in den Höfen des Kiezes Ruhe zu halten.",
                     ("hannelore",), "rejected",
                     clause=("add", "reich:nachtruhe", "Nachtruhe"),
                     amendments=(
                         Amend("Ab 23 Uhr ist auf den Plätzen und in den Höfen des Kiezes Ruhe "
                               "zu halten.", ("mareike",), "withdrawn"),
                     )),
                Item("Trinkbrunnen für den Kiez",
                     "Die Versammlung bittet das Bezirksamt um zwei öffentliche Trinkbrunnen am "
                     "Lausitzer Platz und an der Ohlauer Straße.",
                     ("ines", "hannelore"), "adopted",
                     promises=(
                         Promise("bezirksamt",
                                 "Zwei Trinkbrunnen am Lausitzer Platz und an der Ohlauer "
                                 "Straße errichten", date(2024, 6, 30),
                                 progress=((date(2023, 10, 9), "Standorte mit den "
                                            "Wasserbetrieben abgestimmt"),),
                                 end=("fulfil", date(2024, 8, 14), "Beide Trinkbrunnen seit "
                                      "14.08.2024 in Betrieb")),
                     )),
            )),
        Meeting(
            2023, 10, "open_assembly", "Herbstversammlung 2023 Reichenberger Kiez", TREFF,
            (38, 60),
            items=(
                Item("Der Kiezrat wird aufgelöst",
                     "Der Kiezrat hat seit Anfang 2023 nicht mehr getagt. Seine Aufgaben "
                     "übernimmt die offene Versammlung; für einzelne Anliegen wählt sie "
                     "Vertretungen gegenüber Verwaltung und Politik.",
                     ("reichenberger", "tarek"), "adopted", method="two_thirds",
                     clause=("repeal", "reich:kiezrat")),
                Item("Wie wir entscheiden – Zweidrittelmehrheit für die Charta",
                     "Die offene Versammlung entscheidet mit einfacher Mehrheit. Änderungen der "
                     "Charta brauchen eine Zweidrittelmehrheit. Wo möglich, suchen wir Konsent: "
                     "Ein Vorschlag gilt, wenn niemand einen schwerwiegenden Einwand hat.",
                     ("kiezconnect",), "adopted", method="two_thirds", ballots=True,
                     clause=("replace", "reich:entscheidungen", None),
                     amendments=(
                         Amend("Die offene Versammlung entscheidet mit einfacher Mehrheit. "
                               "Änderungen der Charta werden nur im Konsent beschlossen.",
                               ("jonas",), "rejected",
                               rationale="Die Charta soll niemanden überstimmen."),
                     )),
            ),
            promises=(
                Promise("grundschule", "Schulhof an den Wochenenden als Spielfläche öffnen",
                        date(2024, 4, 30),
                        progress=((date(2024, 1, 22), "Schulkonferenz hat zugestimmt"),),
                        end=("fulfil", date(2024, 4, 13), "Schulhof samstags und sonntags "
                             "10–18 Uhr geöffnet")),
            )),
        Meeting(2024, 3, "future_workshop", "Zukunftswerkstatt: Reichenberger Kiez 2035",
                TREFF, (28, 44)),
        Meeting(
            2024, 5, "open_assembly", "Frühjahrsversammlung 2024 Reichenberger Kiez",
            LAUSITZER, (46, 70),
            items=(
                Item("Energie aus dem Kiez",
                     "Wir fördern Balkonkraftwerke und gemeinschaftliche Solaranlagen auf den "
                     "Dächern des Kiezes und berichten auf jeder Herbstversammlung über den "
                     "Stand.",
                     ("oskar", "kofi"), "adopted", method="two_thirds",
                     clause=("add", "reich:energie", "Energie aus dem Kiez")),
                Item("Mehrsprachigkeit streichen",
                     "Die Regel zur Mehrsprachigkeit wird gestrichen, weil die Übersetzungen zu "
                     "teuer sind.",
                     ("luca",), "rejected", method="two_thirds",
                     clause=("repeal", "reich:sprachen")),
                Item("Kiezkasse für den Reichenberger Kiez",
                     "Die Versammlung beantragt beim Bezirk eine jährliche Kiezkasse von "
                     "3.000 Euro, über deren Vergabe die offene Versammlung entscheidet.",
                     ("reichenberger",), "adopted", ballots=True),
            )),
        Meeting(
            2024, 10, "open_assembly", "Herbstversammlung 2024 Reichenberger Kiez", TREFF,
            (40, 64),
            items=(
                Item("Ein offener Nachbarschaftsraum",
                     "Der Kiez braucht nichtkommerzielle Orte der Begegnung. Wir setzen uns "
                     "dafür ein, dass nach der Schließung des Café Lausitz ein offener "
                     "Nachbarschaftsraum entsteht.",
                     ("sibel", "nachbarschaftstreff"), "adopted", method="two_thirds",
                     clause=("add", "reich:raum", "Begegnungsräume")),
                Item("Eine gedruckte Kiezzeitung",
                     "Viermal im Jahr erscheint eine gedruckte Kiezzeitung mit den Beschlüssen "
                     "der Versammlungen.",
                     ("wiebke",), "withdrawn"),
            )),
        Meeting(
            2025, 5, "open_assembly", "Frühjahrsversammlung 2025 Reichenberger Kiez",
            LAUSITZER, (50, 78),
            items=(
                Item("Offene Versammlungen für alle erreichbar",
                     "Zweimal im Jahr, im Frühjahr und im Herbst, findet eine offene "
                     "Versammlung statt. Sie ist barrierefrei erreichbar. Wer nicht kommen "
                     "kann, reicht Anträge vorab schriftlich ein.",
                     ("aylin", "sibel"), "adopted", method="two_thirds", ballots=True,
                     clause=("replace", "reich:versammlungen", "Offene Versammlungen"),
                     amendments=(
                         Amend("Zweimal im Jahr, im Frühjahr und im Herbst, findet eine offene "
                               "Versammlung statt. Sie ist barrierefrei erreichbar, und es gibt "
                               "Kinderbetreuung. Wer nicht kommen kann, reicht Anträge vorab "
                               "schriftlich ein.",
                               ("mareike", "ines"), "adopted",
                               rationale="Eltern kleiner Kinder fehlen bisher fast ganz."),
                     )),
                Item("Ein Netz von Hitzepat:innen",
                     "Bis zum Sommer baut der Kiez ein Netz von mindestens 30 Hitzepat:innen "
                     "auf.",
                     ("hannelore", "kiezconnect"), "adopted", method="consent",
                     promises=(
                         Promise("kiezconnect", "Netz von 30 Hitzepat:innen aufbauen und "
                                 "schulen", date(2025, 6, 30),
                                 progress=((date(2025, 6, 16), "22 Hitzepat:innen geschult"),),
                                 end=("fulfil", date(2025, 7, 21), "Liste mit 31 "
                                      "Hitzepat:innen, Telefonkette getestet")),
                     )),
            )),
        Meeting(
            2025, 10, "open_assembly", "Herbstversammlung 2025 Reichenberger Kiez", TREFF,
            (42, 66),
            items=(
                Item("Stadtnatur in Höfen und Baumscheiben",
                     "Hinterhöfe und Baumscheiben sind Lebensraum. Wir pflanzen heimische "
                     "Stauden, lassen Laub liegen und schaffen Nistplätze für Spatzen und "
                     "Mauersegler.",
                     ("kofi", "baumscheiben"), "adopted", method="two_thirds",
                     clause=("add", "reich:stadtnatur", "Stadtnatur"),
                     amendments=(
                         Amend("Hinterhöfe und Baumscheiben sind Lebensraum. Wir pflanzen "
                               "heimische Stauden und schaffen Nistplätze. Laub wird auf "
                               "Gehwegen weiterhin entfernt.",
                               ("spaeti",), "rejected",
                               rationale="Nasses Laub auf Gehwegen ist eine Sturzgefahr."),
                     )),
                Item("Zweiter Entsiegelungspilot Wiener Straße",
                     "Die Versammlung bittet das Bezirksamt, die Baumscheiben der Wiener Straße "
                     "als zweiten Pilot zu entsiegeln.",
                     ("baumscheiben",), "adopted", ballots=True,
                     promises=(
                         Promise("sga", "Baumscheiben der Wiener Straße entsiegeln "
                                 "(Pilot 2)", date(2026, 5, 31),
                                 progress=((date(2026, 2, 16), "Ausschreibung der "
                                            "Tiefbauarbeiten vorbereitet"),
                                           (date(2026, 6, 22), "Vergabe verzögert sich; "
                                            "Haushaltssperre"))),
                     )),
            )),
    ),
)


# ---------------------------------------------------------------------------------------------
# Samariterkiez: kiez process since 2022; the autumn assembly of 2023 did not take place
# ---------------------------------------------------------------------------------------------

SAMARITERPLATZ = "Samariterplatz"
GEMEINDESAAL = "Gemeindesaal an der Samariterkirche"
AULA = "Aula der Gemeinschaftsschule Samariterkiez"

SAMARITER = ProcessSpec(
    key="samariterkiez",
    title="Kiezprozess Samariterkiez",
    level="kiez",
    area="Samariterkiez, Friedrichshain",
    topics=("Energie", "Kiez-Charta", "Mobilität", "Begegnung"),
    started_on=date(2022, 2, 12),
    goals={"open_assemblies_per_year": 2},
    kiez=SAMA,
    voters=tuple(PERSONS[SAMA]),
    charter_title="Kiez-Charta Samariterkiez",
    participants=(
        ("kiezconnect", "convenor", date(2022, 2, 12)),
        ("samariter", "initiative", date(2022, 2, 12)),
        ("paula", "resident", date(2022, 2, 12)),
        ("emine", "resident", date(2022, 2, 12)),
        ("lastenrad", "initiative", date(2022, 3, 5)),
        ("dmitri", "resident", date(2022, 3, 5)),
        ("ben", "resident", date(2022, 4, 30)),
        ("clara", "resident", date(2022, 4, 30)),
        ("buchladen", "business", date(2022, 5, 20)),
        ("gemeinschaftsschule", "school", date(2022, 6, 27)),
        ("yusuf", "resident", date(2022, 6, 27)),
        ("buergerenergie", "association", date(2022, 9, 5)),
        ("hofgruen", "initiative", date(2022, 10, 1)),
        ("bezirksamt", "administration", date(2022, 11, 30)),
        ("greta", "resident", date(2022, 11, 30)),
        ("jansen", "politics", date(2023, 4, 3)),
        ("noah", "resident", date(2023, 4, 3)),
        ("bioladen", "business", date(2023, 5, 6)),
        ("mina", "resident", date(2024, 3, 30)),
        ("senat", "funder", date(2024, 11, 20)),
        ("jakob", "resident", date(2025, 4, 28)),
    ),
    phases=(
        ("Aktivierung", date(2022, 2, 12)),
        ("Energie und Charta", date(2022, 6, 27)),
        ("Neuaufstellung", date(2023, 11, 27)),
        ("Verstetigung mit Prozessförderung", date(2025, 1, 6)),
    ),
    rhythm=(
        ("energy_assembly", "Energie-Versammlung {year} Samariterkiez", 9, (28, 55), AULA,
         range(2023, 2100)),
        ("action", "Pflanzaktion {year} am Samariterplatz", 4, (15, 30), SAMARITERPLATZ,
         range(2023, 2100)),
        ("action", "Lastenrad-Tag {year}", 6, (20, 45), "Samariterstraße", range(2022, 2025)),
        ("storytelling_workshop", "Erzählwerkstatt {year}: Angekommen im Samariterkiez", 1,
         (10, 22), "Buchladen Samariterstraße", range(2024, 2100)),
    ),
    promises=(
        Promise("samariter", "Neuen Raum für die offenen Versammlungen finden",
                date(2023, 10, 15), made=date(2023, 8, 26),
                progress=((date(2023, 10, 2), "Aula der Gemeinschaftsschule erst ab Januar "
                           "frei; die Herbstversammlung muss ausfallen"),),
                end=("fulfil", date(2024, 2, 10), "Vereinbarung mit der Gemeinschaftsschule: "
                     "Aula für alle offenen Versammlungen")),
        Promise("bezirksamt", "PV-Anlage auf der Turnhalle der Gemeinschaftsschule planen",
                date(2025, 12, 31), made=date(2024, 9, 20),
                progress=((date(2025, 3, 10), "Statik der Turnhalle geprüft: geeignet"),
                          (date(2025, 11, 17), "Planung an die Bürgerenergie eG übergeben; "
                           "Dachpachtvertrag in Abstimmung"))),
    ),
    generated_from=2026,
    meetings=(
        Meeting(
            2022, 4, "open_assembly", "1. Offene Versammlung Samariterkiez", SAMARITERPLATZ,
            (35, 55),
            items=(
                Item("Eine Energie-Versammlung im Herbst",
                     "Im Herbst lädt der Kiez zu einer Energie-Versammlung ein, auf der "
                     "Bürgerenergie, Balkonkraftwerke und Regenwassernutzung besprochen werden.",
                     ("samariter", "dmitri"), "adopted", method="consent"),
                Item("Lastenräder zum Ausleihen",
                     "Der Kiez bekommt Lastenräder, die alle kostenlos ausleihen können.",
                     ("lastenrad",), "adopted", ballots=True,
                     promises=(
                         Promise("lastenrad", "Zwei Lastenräder zum kostenlosen Verleih "
                                 "bereitstellen", date(2022, 9, 30),
                                 progress=((date(2022, 9, 12), "Lieferung der Räder "
                                            "verzögert sich"),),
                                 end=("fulfil", date(2022, 11, 5), "Zwei Lastenräder am "
                                      "Buchladen, Ausleihe seit 05.11.2022")),
                     )),
            )),
        Meeting(2022, 6, "future_workshop",
                "Zukunftswerkstatt Samariterkiez: Kiez-Charta und Zukunftsbild", SAMARITERPLATZ,
                (26, 40), charter=True),
        Meeting(
            2022, 9, "energy_assembly", "1. Energie-Versammlung Samariterkiez", GEMEINDESAAL,
            (32, 48),
            items=(
                Item("Eine gemeinsame Solaranlage",
                     "Der Kiez plant mit der Bürgerenergie Friedrichshain eG eine gemeinsame "
                     "Solaranlage auf einem Dach im Kiez.",
                     ("buergerenergie", "dmitri"), "adopted", ballots=True,
                     promises=(
                         Promise("buergerenergie", "Vier Beratungstermine zu Balkonkraftwerken "
                                 "im Kiez anbieten", date(2023, 3, 31),
                                 progress=((date(2022, 12, 5), "Zwei Termine mit je 20 "
                                            "Haushalten"),),
                                 end=("fulfil", date(2023, 3, 18), "Vier Termine, 71 Haushalte "
                                      "beraten")),
                     )),
            )),
        Meeting(
            2022, 11, "open_assembly", "Herbstversammlung 2022 Samariterkiez", GEMEINDESAAL,
            (38, 58),
            items=(
                Item("Gemeinsam entscheiden",
                     "Der Samariterkiez entscheidet über seine gemeinsamen Angelegenheiten in "
                     "offenen Versammlungen im Frühjahr und im Herbst. Alle, die im Kiez "
                     "wohnen, arbeiten oder lernen, haben eine Stimme.",
                     ("samariter", "paula"), "adopted", method="consent",
                     clause=("add", "sama:entscheiden", "Gemeinsam entscheiden")),
                Item("Energiewende von unten",
                     "Bis 2030 erzeugen wir die Hälfte des Stroms im Kiez auf eigenen Dächern. "
                     "Dafür arbeiten wir mit der Bürgerenergie Friedrichshain eG zusammen.",
                     ("dmitri", "buergerenergie"), "adopted", ballots=True,
                     clause=("add", "sama:energie", "Energiewende von unten"),
                     amendments=(
                         Amend("Bis 2030 erzeugen wir ein Viertel des Stroms im Kiez auf "
                               "eigenen Dächern. Dafür arbeiten wir mit der Bürgerenergie "
                               "Friedrichshain eG zusammen.",
                               ("buergerenergie",), "adopted",
                               rationale="Die Hälfte ist nach Einschätzung der Genossenschaft "
                                         "nicht erreichbar; ein Viertel ist ehrgeizig, aber "
                                         "realistisch."),
                     )),
                Item("Autofreie Samariterstraße",
                     "Die Samariterstraße wird zwischen Bänschstraße und Rigaer Straße "
                     "autofrei.",
                     ("ben",), "rejected",
                     clause=("add", "sama:autofrei", "Autofreie Samariterstraße")),
            )),
        Meeting(
            2023, 4, "open_assembly", "Frühjahrsversammlung 2023 Samariterkiez", SAMARITERPLATZ,
            (40, 62),
            items=(
                Item("Die Kiezkasse gehört der Versammlung",
                     "Die Kiezkasse des Bezirks wird in der offenen Versammlung vergeben. Jede "
                     "Vergabe wird mit Betrag und Zweck veröffentlicht.",
                     ("samariter", "clara"), "adopted",
                     clause=("add", "sama:kiezkasse", "Kiezkasse"),
                     promises=(
                         Promise("samariter", "Alle Vergaben der Kiezkasse 2023 mit Betrag und "
                                 "Zweck veröffentlichen", date(2023, 12, 31),
                                 end=("fulfil", date(2023, 12, 18), "Aushang im Buchladen und "
                                      "Liste auf der Kiez-Website")),
                     )),
                Item("Lastenräder für alle",
                     "Die Lastenräder des Kiezes werden kostenlos und ohne Anmeldung über den "
                     "Buchladen Samariterstraße verliehen.",
                     ("lastenrad", "buchladen"), "adopted", method="consent",
                     clause=("add", "sama:lastenrad", "Lastenräder")),
            ),
            promises=(
                Promise("bezirksamt", "Eine PV-Anlage auf dem Dach der Gemeinschaftsschule "
                        "prüfen", date(2024, 3, 31),
                        progress=((date(2023, 9, 4), "Statisches Gutachten beauftragt"),),
                        end=("withdraw", date(2024, 9, 20), "Statisches Gutachten: Das Dach "
                             "trägt keine PV-Anlage. Ersatzzusage: Planung auf der Turnhalle.")),
            )),
        Meeting(2023, 11, "other", "Orga-Treffen statt der ausgefallenen Herbstversammlung",
                "Buchladen Samariterstraße", (7, 11)),
        Meeting(
            2024, 3, "open_assembly", "Frühjahrsversammlung 2024 Samariterkiez", AULA,
            (45, 70),
            items=(
                Item("Stimmrecht für Schülerinnen und Schüler",
                     "Schülerinnen und Schüler der Gemeinschaftsschule haben in der offenen "
                     "Versammlung ab 12 Jahren Rede- und Stimmrecht.",
                     ("gemeinschaftsschule", "mina"), "adopted", method="two_thirds",
                     ballots=True,
                     clause=("add", "sama:schule", "Schulen im Kiez"),
                     amendments=(
                         Amend("Schülerinnen und Schüler der Gemeinschaftsschule haben in der "
                               "offenen Versammlung ab 14 Jahren Rede- und Stimmrecht.",
                               ("greta",), "rejected"),
                     )),
                Item("Lastenräder online buchen",
                     "Die Lastenräder des Kiezes werden kostenlos verliehen; gebucht wird über "
                     "die Kiez-Website oder im Buchladen Samariterstraße.",
                     ("lastenrad",), "adopted",
                     clause=("replace", "sama:lastenrad", None)),
            )),
        Meeting(
            2024, 10, "open_assembly", "Herbstversammlung 2024 Samariterkiez", AULA,
            (42, 66),
            items=(
                Item("Eine Wärme-AG",
                     "Wir gründen eine Wärme-AG, die Hausgemeinschaften beim Heizungstausch und "
                     "bei der Wärmedämmung berät.",
                     ("buergerenergie", "noah"), "adopted",
                     clause=("add", "sama:waerme", "Wärme")),
                Item("Ein Tauschregal vor jedem Haus",
                     "Vor jedem Haus im Kiez steht ein Tauschregal.",
                     ("yusuf",), "withdrawn"),
            )),
        Meeting(
            2025, 4, "open_assembly", "Frühjahrsversammlung 2025 Samariterkiez", AULA,
            (44, 68),
            items=(
                Item("Lastenräder: Regel streichen",
                     "Die Lastenräder werden seit 2025 über das Verleihsystem des Bezirks "
                     "ausgeliehen; die Regel in der Charta ist überflüssig.",
                     ("samariter",), "adopted", method="consent",
                     clause=("repeal", "sama:lastenrad")),
                Item("Fünf grüne Höfe",
                     "In diesem Jahr werden fünf Hinterhöfe im Samariterkiez entsiegelt und "
                     "begrünt.",
                     ("hofgruen", "emine"), "adopted", ballots=True,
                     promises=(
                         Promise("hofgruen", "Fünf Hinterhöfe entsiegeln und begrünen",
                                 date(2025, 10, 31),
                                 progress=((date(2025, 7, 7), "Drei Höfe fertig"),),
                                 end=("fulfil", date(2025, 9, 27), "Fotodokumentation der "
                                      "fünf Höfe")),
                     )),
            )),
        Meeting(
            2025, 10, "open_assembly", "Herbstversammlung 2025 Samariterkiez", AULA,
            (40, 64),
            items=(
                Item("Autofreier Sonntag",
                     "An jedem ersten Sonntag im Monat ist der Samariterkiez autofrei.",
                     ("ben", "clara"), "rejected", method="two_thirds", ballots=True,
                     clause=("add", "sama:sonntag", "Autofreier Sonntag")),
                Item("Schulstraße Samariterstraße",
                     "Die Versammlung bittet das Bezirksamt, die Samariterstraße vor der "
                     "Gemeinschaftsschule zu Schulbeginn und -ende als Schulstraße zu sperren.",
                     ("gemeinschaftsschule", "paula"), "adopted",
                     promises=(
                         Promise("sga", "Schulstraße Samariterstraße anordnen",
                                 date(2026, 8, 31),
                                 progress=((date(2026, 3, 9), "Verkehrszählung abgeschlossen"),),
                                 end=("fulfil", date(2026, 9, 14), "Anordnung seit Schuljahres"
                                      "beginn, Beschilderung am 14.09.2026")),
                     )),
            )),
    ),
)


# ---------------------------------------------------------------------------------------------
# District: Kiezgipfel / Bezirksgipfel, open district assembly, empowerment trainings
# ---------------------------------------------------------------------------------------------

RATHAUS = "Rathaus Kreuzberg, BVV-Saal"
ROTES_RATHAUS = "Vor dem Berliner Rathaus"
VHS = "Volkshochschule Friedrichshain-Kreuzberg"

BEZIRK = ProcessSpec(
    key="bezirk",
    title="Kiezgipfel und Beteiligung in Friedrichshain-Kreuzberg",
    level="district",
    area=DISTRICT,
    topics=("Prozessförderung", "Vernetzung", "Empowerment", "Klimaanpassung"),
    started_on=date(2021, 8, 2),
    goals={"open_assemblies_per_year": 1},
    kiez=None,
    voters=ORGANISATIONS + ("sabine", "renate", "amir", "thomas"),
    participants=(
        ("kiezconnect", "convenor", date(2021, 8, 2)),
        ("reichenberger", "initiative", date(2021, 8, 2)),
        ("nachbarschaftstreff", "association", date(2021, 8, 16)),
        ("bezirksamt", "administration", date(2021, 9, 1)),
        ("bvv", "politics", date(2021, 9, 1)),
        ("jansen", "politics", date(2021, 9, 1)),
        ("wendel", "politics", date(2021, 9, 1)),
        ("mieter", "initiative", date(2021, 9, 1)),
        ("senat", "funder", date(2021, 12, 10)),
        ("samariter", "initiative", date(2022, 2, 14)),
        ("lastenrad", "initiative", date(2022, 3, 7)),
        ("jobcenter", "administration", date(2022, 3, 7)),
        ("sga", "administration", date(2022, 9, 1)),
        ("buergerenergie", "association", date(2022, 9, 26)),
        ("hofgruen", "initiative", date(2022, 10, 3)),
        ("vhs", "school", date(2022, 10, 3)),
        ("sabine", "programme participant", date(2022, 11, 1)),
        ("renate", "programme participant", date(2022, 11, 1)),
        ("amir", "programme participant", date(2022, 11, 1)),
        ("thomas", "programme participant", date(2023, 2, 1)),
        ("baumscheiben", "initiative", date(2023, 3, 20)),
        ("stiftung", "funder", date(2023, 11, 6)),
    ),
    phases=(
        ("Vernetzung der Kieze", date(2021, 8, 2)),
        ("Gipfel und Empowerment", date(2022, 6, 1)),
        ("Prozessförderung verankern", date(2024, 1, 8)),
    ),
    rhythm=(
        ("training", "Schulung {year}: Moderation offener Versammlungen", 10, (9, 18), VHS,
         range(2022, 2100)),
        ("training", "Schulung {year}: Beschlüsse protokollieren und Zusagen nachhalten", 2,
         (8, 16), VHS, range(2023, 2100)),
        ("training", "Empowerment-Modul {year}: Fördermittel und Prozessförderung", 6, (8, 15),
         "Jobcenter Friedrichshain-Kreuzberg", range(2023, 2100)),
    ),
    generated_from=2026,
    meetings=(
        Meeting(
            2021, 9, "summit", "Kiezgipfel 2021 vor dem Berliner Rathaus", ROTES_RATHAUS,
            (110, 160),
            items=(
                Item("Prozessförderung statt Projektförderung",
                     "Der Kiezgipfel fordert Bezirk und Senat auf, Nachbarschaftsprozesse "
                     "mehrjährig und verlässlich zu fördern statt Projekt für Projekt.",
                     ("kiezconnect", "reichenberger"), "adopted", ballots=True),
            ),
            promises=(
                Promise("jansen", "Prozessförderung in den Haushaltsberatungen des "
                        "Abgeordnetenhauses einbringen", date(2021, 12, 31),
                        end=("fulfil", date(2021, 12, 9), "Redebeitrag in der "
                             "Haushaltsdebatte, Plenarprotokoll")),
            )),
        Meeting(
            2022, 3, "open_assembly", "Offene Bezirksversammlung 2022", RATHAUS, (60, 95),
            items=(
                Item("Empowerment-Programm mit dem Jobcenter",
                     "Langzeitarbeitslose, die es wünschen, unterstützen Kiezinitiativen und "
                     "werden dabei geschult und begleitet. Der Bezirk bittet das Jobcenter, "
                     "ein solches Programm zu pilotieren.",
                     ("kiezconnect",), "adopted",
                     promises=(
                         Promise("jobcenter", "12 Plätze im Empowerment-Programm für "
                                 "Langzeitarbeitslose in Kiezinitiativen schaffen",
                                 date(2023, 1, 31),
                                 progress=((date(2022, 10, 4), "Erste sieben Teilnehmende "
                                            "vermittelt"),),
                                 end=("fulfil", date(2023, 1, 20), "12 Teilnehmende in sechs "
                                      "Initiativen")),
                     )),
            )),
        Meeting(
            2022, 9, "summit", "Kiezgipfel 2022 vor dem Berliner Rathaus", ROTES_RATHAUS,
            (130, 190),
            items=(
                Item("Eine Koordinierungsstelle für Bürgerbeteiligung",
                     "Das Bezirksamt richtet eine Koordinierungsstelle für Bürgerbeteiligung "
                     "ein, mit einer festen Ansprechperson für die Kiezinitiativen.",
                     ("kiezconnect", "samariter", "reichenberger"), "adopted",
                     method="two_thirds",
                     promises=(
                         Promise("bezirksamt", "Koordinierungsstelle für Bürgerbeteiligung "
                                 "mit fester Ansprechperson einrichten", date(2023, 12, 31),
                                 progress=((date(2023, 4, 17), "Stelle im Haushaltsplan "
                                            "2024/25 angemeldet"),
                                           (date(2023, 12, 11), "Stellenausschreibung "
                                            "veröffentlicht")),
                                 end=("fulfil", date(2024, 5, 6), "Koordinierungsstelle seit "
                                      "06.05.2024 besetzt")),
                         Promise("bvv", "Antrag zur Koordinierungsstelle in der BVV "
                                 "einbringen", date(2022, 12, 31),
                                 end=("fulfil", date(2022, 11, 24), "Drucksache in der BVV "
                                      "beschlossen")),
                     )),
            )),
        Meeting(
            2023, 3, "open_assembly", "Offene Bezirksversammlung 2023", RATHAUS, (55, 90),
            items=(
                Item("Ein Schulungsprogramm für Kiezinitiativen",
                     "Für Kiezinitiativen gibt es jedes Jahr ein Schulungsprogramm: Moderation, "
                     "Protokoll, Fördermittel.",
                     ("kiezconnect", "sabine"), "adopted", method="consent",
                     promises=(
                         Promise("vhs", "Vier Schulungsmodule im Jahr für Kiezinitiativen "
                                 "anbieten", date(2023, 12, 31),
                                 end=("fulfil", date(2023, 11, 27), "Programmheft 2023, vier "
                                      "Module mit 54 Teilnehmenden")),
                     )),
            )),
        Meeting(
            2023, 11, "summit", "Bezirksgipfel 2023", RATHAUS, (90, 140),
            items=(
                Item("Ein bezirklicher Kiezfonds",
                     "Der Bezirk richtet einen Kiezfonds ein, aus dem Nachbarschaftsprozesse "
                     "gefördert werden.",
                     ("kiezconnect", "reichenberger", "samariter"), "adopted",
                     method="two_thirds", ballots=True,
                     amendments=(
                         Amend("Der Bezirk richtet einen Kiezfonds ein, aus dem "
                               "Nachbarschaftsprozesse für mindestens drei Jahre gefördert "
                               "werden.",
                               ("samariter",), "adopted",
                               rationale="Ohne Mindestlaufzeit bleibt es Projektförderung."),
                     ),
                     promises=(
                         Promise("bezirksamt", "Bezirklichen Kiezfonds mit mehrjähriger "
                                 "Prozessförderung einrichten", date(2025, 6, 30),
                                 progress=((date(2024, 3, 18), "Konzept in der Steuerungsrunde "
                                            "vorgestellt"),
                                           (date(2024, 12, 9), "Haushaltsmittel für 2026/27 "
                                            "angemeldet"),
                                           (date(2025, 9, 15), "Haushaltsberatungen abgewartet; "
                                            "Start frühestens 2027"))),
                         Promise("jansen", "Kleine Anfrage im Abgeordnetenhaus zur "
                                 "Prozessförderung stellen", date(2024, 2, 29),
                                 end=("fulfil", date(2024, 2, 20), "Drucksache mit Antwort des "
                                      "Senats")),
                     )),
                Item("Ein ausgeloster Bürger:innenrat Klimaanpassung",
                     "Der Bezirk lässt einen ausgelosten Bürger:innenrat zur Klimaanpassung "
                     "Empfehlungen erarbeiten.",
                     ("hofgruen",), "rejected"),
            )),
        Meeting(
            2024, 3, "open_assembly", "Offene Bezirksversammlung 2024", RATHAUS, (58, 92),
            items=(
                Item("Das Empowerment-Programm verlängern",
                     "Das Empowerment-Programm wird um zwei Jahre verlängert.",
                     ("kiezconnect", "renate", "amir"), "adopted", ballots=True,
                     promises=(
                         Promise("jobcenter", "Verlängerung des Empowerment-Programms um zwei "
                                 "Jahre beantragen", date(2024, 9, 30),
                                 end=("fulfil", date(2024, 9, 25), "Verlängerung bis 2026 "
                                      "bewilligt")),
                     )),
            )),
        Meeting(
            2024, 11, "summit", "Bezirksgipfel 2024", RATHAUS, (95, 150),
            items=(
                Item("Eine gemeinsame Plattform aller Initiativen",
                     "Die Initiativen des Bezirks bauen eine gemeinsame Online-Plattform.",
                     ("lastenrad",), "withdrawn"),
                Item("Entsiegelungsoffensive",
                     "Im Bezirk werden jedes Jahr mindestens 100 Baumscheiben entsiegelt, "
                     "gemeinsam mit Anwohnenden.",
                     ("baumscheiben", "reichenberger", "hofgruen"), "adopted",
                     method="consent",
                     promises=(
                         Promise("sga", "100 Baumscheiben im Jahr 2025 entsiegeln",
                                 date(2025, 12, 31),
                                 progress=((date(2025, 7, 14), "64 Baumscheiben entsiegelt"),),
                                 end=("fulfil", date(2026, 2, 23), "Bilanz 2025: 103 "
                                      "Baumscheiben entsiegelt")),
                         Promise("wendel", "Entsiegelungsoffensive in den Haushaltsberatungen "
                                 "der BVV vertreten", date(2025, 3, 31),
                                 end=("withdraw", date(2025, 2, 10), "Mandat niedergelegt "
                                      "(Umzug)")),
                     )),
            )),
        Meeting(
            2025, 3, "open_assembly", "Offene Bezirksversammlung 2025", RATHAUS, (60, 96),
            items=(
                Item("Ein jährlicher Beteiligungsbericht",
                     "Das Bezirksamt legt jedes Jahr offen, welche Zusagen aus den "
                     "Kiezprozessen umgesetzt wurden.",
                     ("kiezconnect", "thomas"), "adopted",
                     promises=(
                         Promise("bezirksamt", "Bericht über umgesetzte Zusagen aus den "
                                 "Kiezprozessen vorlegen", date(2025, 12, 31),
                                 end=("fulfil", date(2025, 12, 15), "Beteiligungsbericht 2025")),
                     )),
            )),
        Meeting(
            2025, 11, "summit", "Bezirksgipfel 2025", RATHAUS, (100, 155),
            items=(
                Item("Prozessförderung im Landeshaushalt",
                     "Der Bezirksgipfel bittet den Senat um eine Förderrichtlinie, die "
                     "Nachbarschaftsprozesse mehrjährig fördert.",
                     ("kiezconnect", "samariter"), "adopted", ballots=True,
                     promises=(
                         Promise("senat", "Förderrichtlinie für mehrjährige Prozessförderung "
                                 "von Nachbarschaften prüfen", date(2026, 6, 30),
                                 progress=((date(2026, 4, 20), "Entwurf in der "
                                            "Ressortabstimmung"),)),
                     )),
            )),
    ),
)


# ---------------------------------------------------------------------------------------------
# Street: depaving the Ohlauer Straße, 2023-2024, concluded
# ---------------------------------------------------------------------------------------------

OHLAUER = ProcessSpec(
    key="ohlauer_strasse",
    title="Entsiegelung Ohlauer Straße",
    level="street",
    area="Ohlauer Straße, Reichenberger Kiez",
    topics=("Entsiegelung", "Stadtbäume", "Hitzeschutz"),
    started_on=date(2023, 3, 18),
    goals={},
    kiez=REICH,
    voters=("aylin", "jonas", "kofi", "hannelore", "oskar", "mareike", "tarek", "wiebke"),
    participants=(
        ("reichenberger", "convenor", date(2023, 3, 18)),
        ("baumscheiben", "initiative", date(2023, 3, 18)),
        ("kiezconnect", "association", date(2023, 3, 18)),
        ("kofi", "resident", date(2023, 3, 18)),
        ("jonas", "resident", date(2023, 3, 18)),
        ("sga", "administration", date(2023, 3, 20)),
        ("aylin", "resident", date(2023, 3, 25)),
        ("hannelore", "resident", date(2023, 3, 25)),
        ("stiftung", "funder", date(2023, 4, 5)),
        ("fahrradladen", "business", date(2023, 5, 2)),
        ("grundschule", "school", date(2023, 9, 4)),
        ("baeckerei", "business", date(2023, 9, 4)),
        ("oskar", "resident", date(2024, 3, 28)),
    ),
    phases=(
        ("Planung und Genehmigung", date(2023, 3, 18)),
        ("Entsiegelungsaktionen", date(2023, 9, 1)),
        ("Pflege und Auswertung", date(2024, 7, 1)),
    ),
    meetings=(
        Meeting(2023, 3, "other", "Begehung der Ohlauer Straße mit dem Straßen- und "
                "Grünflächenamt", "Ohlauer Straße / Ecke Reichenberger Straße", (12, 18),
                day=25),
        Meeting(
            2023, 4, "open_assembly", "Anwohner:innenversammlung Ohlauer Straße 2023",
            "Hof der Grundschule an der Ohlauer Straße", (30, 46), day=22,
            items=(
                Item("Entsiegelungsplan Ohlauer Straße",
                     "Zwölf Baumscheiben und zwei Parkbuchten der Ohlauer Straße werden "
                     "gemeinsam entsiegelt und bepflanzt; jede Fläche bekommt eine "
                     "Patenschaft.",
                     ("reichenberger", "baumscheiben"), "adopted", method="consent",
                     promises=(
                         Promise("sga", "Sondernutzungserlaubnis für die Entsiegelung von "
                                 "zwölf Baumscheiben erteilen", date(2023, 6, 30),
                                 progress=((date(2023, 6, 20), "Unterlagen zur Leitungs"
                                            "auskunft nachgefordert"),),
                                 end=("fulfil", date(2023, 9, 12), "Sondernutzungserlaubnis "
                                      "vom 12.09.2023")),
                         Promise("baumscheiben", "Gießplan für den Sommer 2023 aufstellen",
                                 date(2023, 6, 15),
                                 end=("fulfil", date(2023, 6, 10), "Gießplan mit 19 "
                                      "Nachbar:innen")),
                         Promise("fahrradladen", "Drei Lastenräder für den Abtransport der "
                                 "Pflastersteine leihen", date(2023, 9, 30),
                                 end=("fulfil", date(2023, 9, 23), "Drei Lastenräder bei der "
                                      "ersten Aktion im Einsatz")),
                         Promise("sga", "Abholung der entfernten Pflastersteine beauftragen",
                                 date(2023, 10, 31),
                                 progress=((date(2023, 10, 30), "Auftrag erteilt, Termin "
                                            "steht noch aus"),),
                                 end=("fulfil", date(2023, 11, 20), "Steine am 20.11.2023 "
                                      "abgeholt")),
                     )),
            )),
        Meeting(2023, 9, "action", "Entsiegelungsaktion 1: Baumscheiben Ohlauer Straße 1–15",
                "Ohlauer Straße 1–15", (22, 34), day=23),
        Meeting(2023, 10, "action", "Entsiegelungsaktion 2: Baumscheiben Ohlauer Straße 16–30",
                "Ohlauer Straße 16–30", (18, 28)),
        Meeting(2024, 4, "action", "Pflanzaktion: Stauden für die neuen Baumscheiben",
                "Ohlauer Straße", (28, 40)),
        Meeting(
            2024, 5, "open_assembly", "Anwohner:innenversammlung Ohlauer Straße 2024",
            "Hof der Grundschule an der Ohlauer Straße", (26, 40),
            items=(
                Item("Beete statt Parkbuchten",
                     "Die Parkbuchten vor den Häusern Nr. 20 und 22 werden entsiegelt und zu "
                     "Beeten.",
                     ("baumscheiben", "kofi"), "adopted", ballots=True,
                     amendments=(
                         Amend("Die Parkbucht vor Nr. 22 wird entsiegelt und zu einem Beet; "
                               "die vor Nr. 20 bleibt Ladezone.",
                               ("fahrradladen",), "rejected",
                               rationale="Der Laden braucht eine Ladezone."),
                     )),
                Item("Sitzbänke an den Baumscheiben",
                     "An vier Baumscheiben werden Sitzbänke aufgestellt.",
                     ("hannelore",), "withdrawn"),
            )),
        Meeting(2024, 6, "action", "Entsiegelungsaktion 3: Parkbuchten vor Nr. 20 und 22",
                "Ohlauer Straße 20–22", (24, 38)),
        Meeting(2024, 10, "other", "Abschlusstreffen und Auswertung", "Ohlauer Straße",
                (18, 30), day=12),
    ),
    conclusion=(date(2024, 10, 26),
                "Zwölf Baumscheiben und zwei Parkbuchten (rund 140 m²) wurden entsiegelt und "
                "bepflanzt; 26 Baumscheibenpat:innen übernehmen die Pflege. Die Erfahrungen "
                "fließen in das geplante Regelverfahren des Bezirksamts zur Entsiegelung ein."),
)

PROCESSES = (REICHENBERGER, BEZIRK, SAMARITER, OHLAUER)


# ---------------------------------------------------------------------------------------------
# Cooperation network: a Kreuzberg cluster and a Friedrichshain cluster, bridged by
# KIEZconnect and the Volkshochschule
# ---------------------------------------------------------------------------------------------

# actor, actor, kind, started_on, ended_on, process key
COOPERATIONS: tuple[tuple[str, str, str, date, date | None, str | None], ...] = (
    # Kreuzberg: Reichenberger Kiez
    ("aylin", "reichenberger", "membership", date(2021, 3, 20), None, None),
    ("reichenberger", "kiezconnect", "partnership", date(2021, 3, 20), None,
     "reichenberger_kiez"),
    ("kiezconnect", "nachbarschaftstreff", "partnership", date(2021, 4, 1), None, None),
    ("mareike", "reichenberger", "membership", date(2021, 5, 2), None, None),
    ("kirche", "nachbarschaftstreff", "partnership", date(2021, 5, 10), None, None),
    ("baeckerei", "reichenberger", "partnership", date(2021, 9, 15), None, None),
    ("cafe", "kiezconnect", "partnership", date(2021, 11, 10), date(2024, 12, 31), None),
    ("nachbarschaftstreff", "grundschule", "partnership", date(2022, 1, 17), None, None),
    ("mieter", "reichenberger", "partnership", date(2022, 2, 14), None, None),
    ("luca", "mieter", "membership", date(2022, 2, 14), date(2025, 3, 31), None),
    ("jonas", "baumscheiben", "membership", date(2022, 4, 9), None, None),
    ("reichenberger", "baumscheiben", "partnership", date(2022, 4, 9), None, None),
    ("spaeti", "reichenberger", "joint_action", date(2022, 8, 1), date(2022, 8, 31),
     "reichenberger_kiez"),
    ("grundschule", "reichenberger", "partnership", date(2022, 9, 12), None, None),
    ("kirche", "reichenberger", "joint_action", date(2022, 11, 28), None,
     "reichenberger_kiez"),
    ("kofi", "baumscheiben", "membership", date(2023, 3, 25), None, None),
    ("fahrradladen", "baumscheiben", "joint_action", date(2023, 9, 1), date(2024, 10, 26),
     "ohlauer_strasse"),
    # Friedrichshain: Samariterkiez
    ("kiezconnect", "samariter", "partnership", date(2022, 2, 1), None, None),
    ("paula", "samariter", "membership", date(2022, 2, 12), None, None),
    ("samariter", "lastenrad", "partnership", date(2022, 3, 5), date(2025, 4, 30), None),
    ("buchladen", "samariter", "partnership", date(2022, 5, 20), None, None),
    ("dmitri", "buergerenergie", "membership", date(2022, 9, 24), None, None),
    ("samariter", "buergerenergie", "partnership", date(2022, 9, 24), None, "samariterkiez"),
    ("hofgruen", "samariter", "partnership", date(2022, 10, 1), None, None),
    ("emine", "hofgruen", "membership", date(2022, 10, 1), None, None),
    ("kiezconnect", "buergerenergie", "partnership", date(2022, 11, 14), None, None),
    ("buchladen", "lastenrad", "partnership", date(2023, 4, 1), date(2025, 4, 30), None),
    ("bioladen", "lastenrad", "joint_action", date(2023, 5, 6), date(2023, 9, 30),
     "samariterkiez"),
    ("gemeinschaftsschule", "buergerenergie", "joint_action", date(2023, 6, 1), None,
     "samariterkiez"),
    ("gemeinschaftsschule", "samariter", "partnership", date(2024, 2, 10), None, None),
    # bridges and the district level
    ("jobcenter", "kiezconnect", "partnership", date(2022, 9, 1), None, "bezirk"),
    ("vhs", "kiezconnect", "partnership", date(2022, 10, 1), None, "bezirk"),
    ("vhs", "nachbarschaftstreff", "partnership", date(2022, 10, 1), None, None),
    ("sabine", "kiezconnect", "membership", date(2023, 2, 1), None, None),
    ("amir", "samariter", "membership", date(2023, 2, 1), None, None),
    ("vhs", "hofgruen", "partnership", date(2023, 3, 1), None, None),
)


# ---------------------------------------------------------------------------------------------
# Funding: the foundation and the Senate fund processes; project grants year by year
# ---------------------------------------------------------------------------------------------


def tranches(first: date, every_months: int, count: int, amount: str) -> tuple:
    return tuple((add_months(first, i * every_months), amount) for i in range(count))


# key, funder, recipient, process, logic, period, amount, granted_on, disbursements
FUNDINGS: tuple[tuple, ...] = (
    ("stiftung_reichenberger_2022", "stiftung", "kiezconnect", "reichenberger_kiez", "process",
     (date(2022, 1, 1), date(2025, 12, 31)), "120000.00", date(2021, 11, 30),
     tranches(date(2022, 1, 14), 6, 8, "15000.00")),
    ("senat_bezirk_2022", "senat", "kiezconnect", "bezirk", "project",
     (date(2022, 1, 1), date(2022, 12, 31)), "24000.00", date(2021, 12, 10),
     ((date(2022, 2, 15), "12000.00"), (date(2022, 8, 15), "12000.00"))),
    ("jobcenter_empowerment_2022", "jobcenter", "kiezconnect", "bezirk", "project",
     (date(2022, 10, 1), date(2024, 9, 30)), "48000.00", date(2022, 9, 20),
     tranches(date(2022, 10, 14), 3, 8, "6000.00")),
    ("senat_bezirk_2023", "senat", "kiezconnect", "bezirk", "project",
     (date(2023, 1, 1), date(2023, 12, 31)), "24000.00", date(2023, 3, 20),
     ((date(2023, 4, 17), "12000.00"), (date(2023, 9, 15), "12000.00"))),
    ("stiftung_ohlauer_2023", "stiftung", "reichenberger", "ohlauer_strasse", "project",
     (date(2023, 4, 1), date(2024, 10, 31)), "18000.00", date(2023, 4, 5),
     ((date(2023, 4, 20), "9000.00"), (date(2023, 10, 16), "6000.00"),
      (date(2024, 11, 15), "3000.00"))),
    ("senat_bezirk_2024", "senat", "kiezconnect", "bezirk", "project",
     (date(2024, 1, 1), date(2024, 12, 31)), "24000.00", date(2024, 2, 12),
     ((date(2024, 3, 15), "12000.00"), (date(2024, 9, 16), "12000.00"))),
    ("jobcenter_empowerment_2024", "jobcenter", "kiezconnect", "bezirk", "project",
     (date(2024, 10, 1), date(2026, 9, 30)), "48000.00", date(2024, 9, 25),
     tranches(date(2024, 10, 14), 3, 8, "6000.00")),
    ("senat_samariterkiez_2025", "senat", "kiezconnect", "samariterkiez", "process",
     (date(2025, 1, 1), date(2027, 12, 31)), "90000.00", date(2024, 11, 20),
     tranches(date(2025, 1, 15), 3, 12, "7500.00")),
    ("stiftung_reichenberger_2026", "stiftung", "kiezconnect", "reichenberger_kiez", "process",
     (date(2026, 1, 1), date(2029, 12, 31)), "160000.00", date(2025, 10, 20),
     tranches(date(2026, 1, 15), 6, 8, "20000.00")),
)


def kiezkasse_fundings(today: date) -> tuple[tuple, ...]:
    """The district's yearly Kiezkasse: small project grants, one year at a time."""
    grants = []
    for year in range(2023, today.year + 1):
        grants.append((f"kiezkasse_samariterkiez_{year}", "bezirksamt", "samariter",
                       "samariterkiez", "project", (date(year, 1, 1), date(year, 12, 31)),
                       "3000.00", date(year, 3, 1), ((date(year, 5, 4), "3000.00"),)))
    for year in range(2025, today.year + 1):
        grants.append((f"kiezkasse_reichenberger_{year}", "bezirksamt", "reichenberger",
                       "reichenberger_kiez", "project", (date(year, 1, 1), date(year, 12, 31)),
                       "3000.00", date(year, 3, 3), ((date(year, 5, 11), "3000.00"),)))
    return tuple(grants)


# ---------------------------------------------------------------------------------------------
# Agendas after the scripted years, drawn from a pool
# ---------------------------------------------------------------------------------------------

# Per kiez: who stands for the initiative, the school, the greening group; where people meet.
KIEZ_ROLES = {
    REICH: {"init": "reichenberger", "school": "grundschule", "green": "baumscheiben",
            "place": LAUSITZER, "hall": TREFF, "name": "Reichenberger Kiez",
            "spring": 5, "autumn": 10},
    SAMA: {"init": "samariter", "school": "gemeinschaftsschule", "green": "hofgruen",
           "place": SAMARITERPLATZ, "hall": AULA, "name": "Samariterkiez",
           "spring": 4, "autumn": 10},
}

# title, text, (promising actor or role, description, months until due) or None
KIEZ_POOL: tuple[tuple[str, str, tuple[str, str, int] | None], ...] = (
    ("Kiezfest {year}",
     "Das Kiezfest {year} findet am letzten Augustwochenende statt. Geschäfte, Schulen und "
     "Initiativen im {name} sind eingeladen, sich mit eigenen Ständen zu beteiligen.",
     ("init", "Kiezfest {year} organisieren und Genehmigungen einholen", 3)),
    ("Grüne Hinterhöfe {year}",
     "Die Versammlung ruft die Hausgemeinschaften auf, in diesem Jahr mindestens fünf "
     "Hinterhöfe zu begrünen, und bittet die Hausverwaltungen um Zustimmung.",
     ("green", "Fünf Hinterhöfe im {name} begrünen", 6)),
    ("Sitzbänke im Schatten",
     "Die Versammlung bittet das Bezirksamt, an drei Stellen im {name} Sitzbänke im Schatten "
     "aufzustellen.",
     ("sga", "Drei Sitzbänke im Schatten im {name} aufstellen", 8)),
    ("Repair-Café",
     "Einmal im Monat findet im {hall} ein Repair-Café statt.",
     ("init", "Repair-Café monatlich im {hall} ausrichten", 4)),
    ("Kiez-Sperrmülltag",
     "Die Versammlung bittet das Bezirksamt, gemeinsam mit der Stadtreinigung einen "
     "Kiez-Sperrmülltag im Frühjahr zu organisieren.",
     ("bezirksamt", "Kiez-Sperrmülltag mit der Stadtreinigung organisieren", 6)),
    ("Sichere Schulwege",
     "Die Versammlung fordert Schulwegmarkierungen und Querungshilfen rund um die Schule im "
     "{name}.",
     ("sga", "Schulwegmarkierungen und Querungshilfen im {name} anlegen", 9)),
    ("Gießpatenschaften für alle Straßenbäume",
     "Für jeden Straßenbaum im {name} soll es bis zum Sommer eine Gießpatenschaft geben.",
     ("green", "Gießpatenschaften für alle Straßenbäume im {name} vermitteln", 4)),
    ("Nachbarschaftsfrühstück",
     "Einmal im Quartal lädt die offene Versammlung zu einem Nachbarschaftsfrühstück am "
     "{place} ein.",
     None),
    ("Mehr Fahrradbügel",
     "Die Versammlung bittet das Bezirksamt, 40 Fahrradbügel aufzustellen, vorrangig an "
     "Kreuzungen statt auf den Gehwegen.",
     ("sga", "40 Fahrradbügel im {name} aufstellen", 10)),
    ("Kiezspaziergang für Neue",
     "Zweimal im Jahr lädt der Kiez neu Zugezogene zu einem Kiezspaziergang ein.",
     ("kiezconnect", "Kiezspaziergänge für neu Zugezogene organisieren", 5)),
    ("Regenwasser für die Bäume",
     "Regenwasser von Dächern und Höfen soll in Zisternen gesammelt und zum Gießen der "
     "Straßenbäume genutzt werden.",
     ("green", "Zwei Regenwassertonnen für die Baumpflege aufstellen", 5)),
)

DISTRICT_POOL: tuple[tuple[str, str, tuple[str, str, int] | None], ...] = (
    ("Kiezfonds {next} sichern",
     "Der Bezirk führt den Kiezfonds im Haushalt {next} mindestens auf dem Niveau von {year} "
     "fort.",
     ("bvv", "Haushaltsantrag zum Kiezfonds {next} einbringen", 3)),
    ("Schulungsprogramm {next}",
     "Das Schulungsprogramm für Kiezinitiativen wird {next} mit mindestens vier Modulen "
     "fortgesetzt.",
     ("vhs", "Schulungsprogramm {next} mit vier Modulen planen", 4)),
    ("Hitzeschutz im Bezirk",
     "Jeder Kiez bekommt bis zum Sommer einen Hitzeaktionsplan mit kühlen Orten und "
     "Trinkwasser.",
     ("bezirksamt", "Hitzeaktionspläne für alle Kieze unterstützen", 7)),
    ("Offene Daten der Beteiligung",
     "Der Bezirk veröffentlicht die Zusagen aus den Kiezprozessen als offene Daten.",
     ("bezirksamt", "Zusagen aus den Kiezprozessen als offene Daten veröffentlichen", 6)),
    ("Räume für Initiativen",
     "Leerstehende bezirkliche Räume werden Kiezinitiativen mietfrei zur Verfügung gestellt.",
     ("bezirksamt", "Liste leerstehender bezirklicher Räume für Initiativen vorlegen", 5)),
    ("Empowerment weiterführen",
     "Das Empowerment-Programm mit dem Jobcenter wird verstetigt.",
     ("jobcenter", "Verstetigung des Empowerment-Programms prüfen", 6)),
)

PROGRESS_NOTES = (
    "Erste Gespräche geführt",
    "Zwischenstand in der offenen Versammlung berichtet",
    "Angebote eingeholt",
    "Verzögerung wegen Personalmangel",
    "Abstimmung mit den Beteiligten läuft",
    "Hälfte umgesetzt",
)

AMENDMENT_ADDITIONS = (
    ("Die Umsetzung wird auf der nächsten offenen Versammlung ausgewertet.",
     "Wir wollen wissen, ob es wirkt."),
    ("Die Kosten werden vorab offengelegt.", "Transparenz vor der Entscheidung."),
    ("Kinder und Jugendliche werden an der Planung beteiligt.",
     "Es betrifft sie am meisten."),
)

EVIDENCE = ("In der offenen Versammlung bestätigt", "Fotodokumentation", "Bericht an die "
            "Versammlung", "Protokollnotiz")
WITHDRAWAL_REASONS = (
    "Die Zuständigkeit liegt beim Senat; das Anliegen wurde dorthin weitergegeben.",
    "Im laufenden Haushalt sind keine Mittel dafür vorhanden.",
    "Die Aufgabe geht an die offene Versammlung zurück.",
)


# ---------------------------------------------------------------------------------------------
# The loader
# ---------------------------------------------------------------------------------------------


class Loader:
    def __init__(self, app: Ledger, seed: int, today: date):
        self.app = app
        self.seed = seed
        self.today = today
        self.timeline = Timeline(today)
        self.state = State()

    def rng(self, *name: object) -> random.Random:
        """A generator of its own for each storyline: histories stay stable across `today`."""
        return random.Random(":".join(["kiezledger-demo", str(self.seed), *map(str, name)]))

    def actor(self, key: str) -> UUID:
        return self.state.actors[key]

    def process(self, key: str) -> UUID:
        try:
            return self.state.processes[key]
        except KeyError:
            raise ScriptError(f"process {key!r} is used before it started") from None

    # -- the whole history -------------------------------------------------------------------

    def load(self) -> None:
        for key, kind, name, kiez, contact in ACTORS:
            written = self.app.register_actor(kind=kind, name=name, district=DISTRICT,
                                              kiez=kiez, contact=contact)
            self.state.actors[key] = written.record.id
        for spec in PROCESSES:
            self.timeline.spawn(self.process_story(spec))
        self.timeline.spawn(self.network_story())
        for funding in FUNDINGS + kiezkasse_fundings(self.today):
            self.timeline.spawn(self.funding_story(*funding))
        self.timeline.run()

    # -- processes ---------------------------------------------------------------------------

    def process_story(self, spec: ProcessSpec) -> Story:
        yield spec.started_on
        pid = self.app.start_process(
            title=spec.title, level=spec.level, started_on=spec.started_on,
            topics=list(spec.topics), area=spec.area, goals=dict(spec.goals),
        ).record.id
        self.state.processes[spec.key] = pid
        app = self.app
        steps: list[tuple[date, Callable[[], Any]]] = []
        for name, on in spec.phases:
            steps.append((on, lambda name=name, on=on: app.start_phase(
                pid, name=name, started_on=on)))
        for key, role, on in spec.participants:
            steps.append((on, lambda key=key, role=role, on=on: app.add_participant(
                pid, actor_id=self.actor(key), role=role, joined_on=on)))
        self.timeline.spawn(plan_story(steps))

        meetings = list(spec.meetings)
        for fmt, title, month, attendance, place, years in spec.rhythm:
            for year in years:
                if year > self.today.year:
                    break
                meetings.append(Meeting(year, month, fmt, title.format(year=year), place,
                                        attendance))
        if spec.generated_from is not None:
            for year in range(spec.generated_from, self.today.year + 1):
                meetings.extend(self.generated_meetings(spec, year))
        for meeting in meetings:
            self.timeline.spawn(self.meeting_story(spec, meeting))
        for promise in spec.promises:
            self.timeline.spawn(self.promise_story(spec, promise))
        if spec.conclusion:
            on, summary = spec.conclusion
            self.timeline.spawn(plan_story([(on, lambda: app.conclude_process(
                pid, concluded_on=on, summary=summary))]))

    def meeting_story(self, spec: ProcessSpec, m: Meeting) -> Story:
        """Proposals filed weeks before, amendments until the day, then the gathering: votes,
        charter changes, commitments."""
        rng = self.rng(spec.key, m.year, m.title)
        held = date(m.year, m.month, m.day) if m.day else saturday(rng, m.year, m.month)
        attendance = rng.randint(*m.attendance)
        app = self.app
        proposals: dict[int, Any] = {}
        amendments: dict[tuple[int, int], UUID] = {}
        steps: list[tuple[date, Callable[[], Any]]] = []

        def submit(i: int, item: Item, on: date) -> None:
            charter_id = clause = None
            if item.clause:
                charter_id = self.state.charters[spec.key]
                action, key = item.clause[0], item.clause[1]
                clause = {"action": action}
                if action == "add":
                    clause["heading"] = item.clause[2]
                else:
                    clause["clause_id"] = self.state.clauses[key]
                    if action == "replace" and item.clause[2]:
                        clause["heading"] = item.clause[2]
            proposals[i] = app.submit_proposal(
                process_id=self.process(spec.key), title=item.title, text=item.text,
                author_ids=[self.actor(a) for a in item.authors], submitted_on=on,
                charter_id=charter_id, clause=clause,
            ).record

        def amend(i: int, j: int, a: Amend, on: date) -> None:
            amendments[i, j] = app.submit_amendment(
                proposals[i].id, author_ids=[self.actor(k) for k in a.authors], text=a.text,
                submitted_on=on, rationale=a.rationale,
            ).record.id

        for i, item in enumerate(m.items):
            if item.outcome == "withdrawn" and item.amendments:
                raise ScriptError(f"{item.title!r}: a withdrawn proposal with amendments")
            submitted = max(spec.started_on, held - timedelta(days=rng.randint(14, 42)))
            steps.append((submitted, lambda i=i, item=item, on=submitted: submit(i, item, on)))
            window = (held - submitted).days
            for j, a in enumerate(item.amendments):
                filed = submitted + timedelta(days=rng.randint(window // 2, window))
                steps.append((filed, lambda i=i, j=j, a=a, on=filed: amend(i, j, a, on)))
                if a.outcome == "withdrawn":
                    steps.append((held, lambda i=i, j=j: app.withdraw_amendment(
                        amendments[i, j], withdrawn_on=held)))
            if item.outcome == "withdrawn":
                gone = submitted + timedelta(days=rng.randint(1, max(1, window - 1)))
                steps.append((gone, lambda i=i, on=gone: app.withdraw_proposal(
                    proposals[i].id, withdrawn_on=on)))

        def hold() -> None:
            pid = self.process(spec.key)
            gathering_id = app.record_gathering(
                process_id=pid, format=m.format, title=m.title, held_on=held, place=m.place,
                attendance=attendance,
            ).record.id
            if m.charter:
                self.state.charters[spec.key] = app.establish_charter(
                    process_id=pid, title=spec.charter_title, established_on=held).record.id
            for i, item in enumerate(m.items):
                if item.outcome == "withdrawn":
                    continue
                for j, a in enumerate(item.amendments):
                    if a.outcome != "withdrawn":
                        self.vote(rng, "amendment", amendments[i, j], gathering_id, held,
                                  a.method, a.outcome == "adopted", item.ballots, spec.voters,
                                  attendance)
                proposal = proposals[i]
                adopted = item.outcome == "adopted"
                self.vote(rng, "proposal", proposal.id, gathering_id, held, item.method,
                          adopted, item.ballots, spec.voters, attendance)
                if not adopted:
                    continue
                if item.clause and item.clause[0] == "add":
                    self.state.clauses[item.clause[1]] = proposal.clause["new_clause_id"]
                elif item.clause and item.clause[0] == "repeal":
                    del self.state.clauses[item.clause[1]]
                for promise in item.promises:
                    self.promise(spec, promise, made=held, proposal_id=proposal.id,
                                 gathering_id=gathering_id)
            for promise in m.promises:
                self.promise(spec, promise, made=held, gathering_id=gathering_id)

        steps.append((held, hold))
        yield from plan_story(steps)

    def vote(self, rng: random.Random, subject_type: str, subject_id: UUID, gathering_id: UUID,
             on: date, method: str, adopt: bool, ballots: bool, voters: tuple[str, ...],
             attendance: int) -> None:
        """Open, count (named ballots, or a tally from the room) and close on the day."""
        app = self.app
        vote_id = app.open_vote(subject_type=subject_type, subject_id=subject_id,
                                gathering_id=gathering_id, method=method,
                                opened_on=on).record.id
        if ballots:
            n = min(len(voters), attendance, rng.randint(6, 12))
            count = counts(rng, method, adopt, n)
            choices = (["yes"] * count.yes + ["no"] * count.no + ["abstain"] * count.abstain
                       + ["object"] * count.objections)
            rng.shuffle(choices)
            for voter, choice in zip(rng.sample(voters, n), choices, strict=True):
                app.cast_ballot(vote_id, voter_id=self.actor(voter), choice=choice)
        else:
            n = max(5, round(attendance * rng.uniform(0.6, 0.92)))
            count = counts(rng, method, adopt, n)
            app.count_tally(vote_id, yes=count.yes, no=count.no, abstain=count.abstain,
                            objections=count.objections)
        result = app.close_vote(vote_id, closed_on=on).record.result
        if (result["outcome"] == "adopted") != adopt:
            raise ScriptError(f"vote on {subject_type} {subject_id}: {result}")

    def promise(self, spec: ProcessSpec, p: Promise, *, made: date,
                proposal_id: UUID | None = None, gathering_id: UUID | None = None) -> None:
        """Make the commitment now; what became of it follows as a storyline of its own."""
        app = self.app
        cid = app.make_commitment(
            actor_id=self.actor(p.actor), process_id=self.process(spec.key),
            description=p.description, made_on=made, due_on=p.due, proposal_id=proposal_id,
            gathering_id=gathering_id,
        ).record.id
        self.state.commitments.append(cid)
        steps: list[tuple[date, Callable[[], Any]]] = [
            (on, lambda on=on, note=note: app.report_progress(cid, reported_on=on, note=note))
            for on, note in p.progress
        ]
        if p.end:
            how, on, text = p.end
            if how == "fulfil":
                steps.append((on, lambda: app.fulfil_commitment(cid, fulfilled_on=on,
                                                                evidence=text)))
            else:
                steps.append((on, lambda: app.withdraw_commitment(cid, withdrawn_on=on,
                                                                  reason=text)))
        self.timeline.spawn(plan_story(steps))

    def promise_story(self, spec: ProcessSpec, p: Promise) -> Story:
        if p.made is None:
            raise ScriptError(f"{p.description!r} is made outside a gathering but has no date")
        yield p.made
        self.promise(spec, p, made=p.made)

    # -- agendas after the script ------------------------------------------------------------

    def generated_meetings(self, spec: ProcessSpec, year: int) -> list[Meeting]:
        rng = self.rng(spec.key, "agenda", year)
        if spec.level == "kiez":
            roles = KIEZ_ROLES[spec.kiez]
            sessions = (("Frühjahrsversammlung", roles["spring"], roles["place"], (40, 70)),
                        ("Herbstversammlung", roles["autumn"], roles["hall"], (36, 64)))
            pool, fmt, authors = KIEZ_POOL, "open_assembly", PERSONS[spec.kiez]
            names = {"name": roles["name"], "place": roles["place"], "hall": roles["hall"]}
        else:
            roles = {}
            sessions = (("Offene Bezirksversammlung", 3, RATHAUS, (55, 95)),
                        ("Bezirksgipfel", 11, RATHAUS, (90, 150)))
            pool, fmt, authors = DISTRICT_POOL, None, list(ORGANISATIONS)
            names = {}
        meetings = []
        for title, month, place, attendance in sessions:
            held = saturday(rng, year, month)
            entries = rng.sample(pool, rng.randint(1, 3 if fmt else 2))
            items = tuple(self.pool_item(rng, entry, held, roles, authors,
                                         dict(names, year=year, next=year + 1))
                          for entry in entries)
            meeting_format = fmt or ("summit" if title == "Bezirksgipfel" else "open_assembly")
            meetings.append(Meeting(year, month, meeting_format,
                                    f"{title} {year}" + (f" {names['name']}" if fmt else ""),
                                    place, attendance, items=items, day=held.day))
        return meetings

    @staticmethod
    def pool_item(rng: random.Random, entry: tuple, held: date, roles: dict,
                  authors: list[str], names: dict) -> Item:
        title, text, promise = entry
        text = text.format(**names)
        result = rng.choices(("adopted", "rejected", "withdrawn"), weights=(7, 2, 1))[0]
        method = rng.choice(("simple_majority", "simple_majority", "consent"))
        amendments: tuple[Amend, ...] = ()
        if result != "withdrawn" and rng.random() < 0.3:
            addition, why = rng.choice(AMENDMENT_ADDITIONS)
            amendments = (Amend(f"{text} {addition}", (rng.choice(authors),),
                                rng.choice(("adopted", "rejected")), rationale=why),)
        promises: tuple[Promise, ...] = ()
        if promise and result == "adopted":
            who, description, months = promise
            due = month_end(add_months(held, months))
            fate = rng.choices(("on_time", "late", "open", "withdrawn"), weights=(5, 3, 2, 1))[0]
            end: tuple[str, date, str] | None = None
            if fate == "on_time":
                end = ("fulfil", due - timedelta(days=rng.randint(1, 20)), rng.choice(EVIDENCE))
            elif fate == "late":
                end = ("fulfil", due + timedelta(days=rng.randint(10, 120)),
                       rng.choice(EVIDENCE))
            elif fate == "withdrawn":
                end = ("withdraw", held + timedelta(days=rng.randint(21, (due - held).days)),
                       rng.choice(WITHDRAWAL_REASONS))
            horizon = end[1] if end else due + timedelta(days=90)
            span = (horizon - held).days
            progress = tuple(
                (held + timedelta(days=d), rng.choice(PROGRESS_NOTES))
                for d in sorted(rng.sample(range(7, span), min(rng.randint(0, 2), span - 7)))
            ) if span > 8 else ()
            promises = (Promise(roles.get(who, who), description.format(**names), due,
                                progress=progress, end=end),)
        return Item(title.format(**names), text, tuple(rng.sample(authors, rng.randint(1, 2))),
                    result, method=method, ballots=rng.random() < 0.35, amendments=amendments,
                    promises=promises)

    # -- network and money -------------------------------------------------------------------

    def network_story(self) -> Story:
        app = self.app
        started: dict[int, UUID] = {}
        steps: list[tuple[date, Callable[[], Any]]] = []

        def start(i: int, a: str, b: str, kind: str, on: date, process: str | None) -> None:
            started[i] = app.start_cooperation(
                actor_ids=[self.actor(a), self.actor(b)], kind=kind, started_on=on,
                process_id=self.process(process) if process else None,
            ).record.id

        for i, (a, b, kind, on, ended, process) in enumerate(COOPERATIONS):
            steps.append((on, lambda i=i, a=a, b=b, kind=kind, on=on, process=process:
                          start(i, a, b, kind, on, process)))
            if ended:
                steps.append((ended, lambda i=i, ended=ended: app.end_cooperation(
                    started[i], ended_on=ended)))
        yield from plan_story(steps)

    def funding_story(self, key: str, funder: str, recipient: str, process: str, logic: str,
                      period: tuple[date, date], amount: str, granted_on: date,
                      disbursements: tuple[tuple[date, str], ...]) -> Story:
        yield granted_on
        funding_id = self.app.grant_funding(
            funder_id=self.actor(funder), recipient_id=self.actor(recipient),
            process_id=self.process(process), logic=logic, period_start=period[0],
            period_end=period[1], amount=Decimal(amount), currency="EUR",
            granted_on=granted_on,
        ).record.id
        self.state.fundings[key] = funding_id
        for paid_on, paid in disbursements:
            yield paid_on
            self.app.disburse(funding_id, amount=Decimal(paid), paid_on=paid_on)


def counts(rng: random.Random, method: str, adopt: bool, n: int) -> Count:
    """A plausible count of `n` votes that gives the scripted outcome under `method`."""
    wanted = "adopted" if adopt else "rejected"
    for _ in range(500):
        if method == "consent":
            objections = 0 if adopt else rng.randint(1, max(1, n // 8))
            abstain = rng.randint(0, n // 6)
            no = 0
        else:
            if method == "two_thirds":
                share = rng.uniform(0.7, 0.92) if adopt else rng.uniform(0.45, 0.64)
            else:
                share = rng.uniform(0.55, 0.85) if adopt else rng.uniform(0.25, 0.5)
            yes = round(n * share)
            abstain = rng.randint(0, max(0, (n - yes) // 3))
            objections = 1 if rng.random() < 0.15 and n - yes - abstain > 1 else 0
            no = n - yes - abstain - objections
        yes = n - no - abstain - objections
        count = Count(yes=yes, no=no, abstain=abstain, objections=objections)
        if min(yes, no, abstain, objections) >= 0 and outcome(method, count) == wanted:
            return count
    raise ScriptError(f"no count of {n} votes is {wanted} under {method}")


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def load_demo(app: Ledger, *, seed: int = 7, today: date | None = None) -> dict:
    """Load the demo history into an empty ledger; nothing is dated after `today`.

    Deterministic for a given `seed` and `today` (only the ids differ between loads).
    Returns a summary: what was recorded, by kind and state, and the ids of the processes,
    charters, funders, fundings and actors by their key in this module.
    """
    today = today or date.today()
    if app.recorder.max_notification_id():
        raise ValueError("load_demo needs an empty ledger: this one already has events")
    loader = Loader(app, seed, today)
    with principal.recording_as("demo"):
        loader.load()
    return summarise(app, loader, seed, today)


def summarise(app: Ledger, loader: Loader, seed: int, today: date) -> dict:
    from ledger.domain.charters import Charter
    from ledger.domain.processes import Process

    types: Counter[str] = Counter()
    formats: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    position = 0
    while True:
        page = app.recorder.select_notifications(start=position + 1, limit=500)
        if not page:
            break
        for notification in page:
            name = notification.topic.rsplit(":", 1)[-1]
            types[name] += 1
            if name in ("Gathering.Held", "Actor.Registered"):
                event = app.mapper.to_domain_event(notification)
                if name == "Gathering.Held":
                    formats[event.format] += 1
                else:
                    kinds[event.kind] += 1
        position = page[-1].id
    state = loader.state
    statuses: Counter[str] = Counter()
    for cid in state.commitments:
        commitment = app.find(Commitment, cid)
        status = commitment.status_on(today)
        statuses["fulfilled_late" if commitment.fulfilled_late else status] += 1
    clauses = sum(len(app.find(Charter, cid).clauses) for cid in state.charters.values())
    concluded = sum(1 for pid in state.processes.values()
                    if app.find(Process, pid).concluded_on is not None)
    return {
        "seed": seed,
        "today": today,
        "events": position,
        "counts": {
            "actors": types["Actor.Registered"],
            "processes": types["Process.Started"],
            "processes_concluded": concluded,
            "participants": types["Process.ParticipantJoined"],
            "phases": types["Process.PhaseStarted"],
            "gatherings": types["Gathering.Held"],
            "charters": types["Charter.Established"],
            "clauses": clauses,
            "clauses_added": types["Charter.ClauseAdded"],
            "clauses_replaced": types["Charter.ClauseReplaced"],
            "clauses_repealed": types["Charter.ClauseRepealed"],
            "proposals": types["Proposal.Submitted"],
            "proposals_adopted": types["Proposal.Adopted"],
            "proposals_rejected": types["Proposal.Rejected"],
            "proposals_withdrawn": types["Proposal.Withdrawn"],
            "amendments": types["Amendment.Submitted"],
            "amendments_adopted": types["Amendment.Adopted"],
            "amendments_rejected": types["Amendment.Rejected"],
            "amendments_withdrawn": types["Amendment.Withdrawn"],
            "votes": types["Vote.Opened"],
            "ballots": types["Vote.BallotCast"],
            "tallies": types["Vote.TallyCounted"],
            "commitments": types["Commitment.Made"],
            "progress_notes": types["Commitment.ProgressReported"],
            "cooperations": types["Cooperation.Started"],
            "cooperations_ended": types["Cooperation.Ended"],
            "fundings": types["Funding.Granted"],
            "disbursements": types["Funding.Disbursed"],
        },
        "actors_by_kind": dict(sorted(kinds.items())),
        "gatherings_by_format": dict(sorted(formats.items())),
        "commitments_by_status": dict(sorted(statuses.items())),
        "event_types": dict(sorted(types.items())),
        "processes": dict(state.processes),
        "charters": dict(state.charters),
        "funders": {key: state.actors[key] for key, kind, *_ in ACTORS if kind == "funder"},
        "fundings": dict(state.fundings),
        "actors": dict(state.actors),
    }
