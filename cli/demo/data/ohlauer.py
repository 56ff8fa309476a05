"""The street: depaving the Ohlauer Straße, 2023-2024, concluded."""

from datetime import date

from cli.demo.data.places import REICH
from cli.demo.records import (
    Amendment,
    Conclusion,
    Fulfilled,
    Gathering,
    Motion,
    Participant,
    Phase,
    Process,
    Progress,
    Promise,
)

OHLAUER = Process(
    key="ohlauer_strasse", title="Entsiegelung Ohlauer Straße", level="street",
    area="Ohlauer Straße, Reichenberger Kiez", topics=("Entsiegelung", "Stadtbäume", "Hitzeschutz"),
    started_on=date(2023, 3, 18), kiez=REICH,
    voters=("aylin", "jonas", "kofi", "hannelore", "oskar", "mareike", "tarek", "wiebke"),
    participants=(
        Participant(actor="reichenberger", role="convenor", joined_on=date(2023, 3, 18)),
        Participant(actor="baumscheiben", role="initiative", joined_on=date(2023, 3, 18)),
        Participant(actor="kiezconnect", role="association", joined_on=date(2023, 3, 18)),
        Participant(actor="kofi", role="resident", joined_on=date(2023, 3, 18)),
        Participant(actor="jonas", role="resident", joined_on=date(2023, 3, 18)),
        Participant(actor="sga", role="administration", joined_on=date(2023, 3, 20)),
        Participant(actor="aylin", role="resident", joined_on=date(2023, 3, 25)),
        Participant(actor="hannelore", role="resident", joined_on=date(2023, 3, 25)),
        Participant(actor="stiftung", role="funder", joined_on=date(2023, 4, 5)),
        Participant(actor="fahrradladen", role="business", joined_on=date(2023, 5, 2)),
        Participant(actor="grundschule", role="school", joined_on=date(2023, 9, 4)),
        Participant(actor="baeckerei", role="business", joined_on=date(2023, 9, 4)),
        Participant(actor="oskar", role="resident", joined_on=date(2024, 3, 28)),
    ),
    phases=(
        Phase(name="Planung und Genehmigung", started_on=date(2023, 3, 18)),
        Phase(name="Entsiegelungsaktionen", started_on=date(2023, 9, 1)),
        Phase(name="Pflege und Auswertung", started_on=date(2024, 7, 1)),
    ),
    gatherings=(
        Gathering(
            year=2023, month=3, format="other",
            title="Begehung der Ohlauer Straße mit dem Straßen- und Grünflächenamt",
            place="Ohlauer Straße / Ecke Reichenberger Straße", attendance=(12, 18), day=25,
        ),
        Gathering(
            year=2023, month=4, format="open_assembly",
            title="Anwohner:innenversammlung Ohlauer Straße 2023",
            place="Hof der Grundschule an der Ohlauer Straße", attendance=(30, 46),
            motions=(
                Motion(
                    title="Entsiegelungsplan Ohlauer Straße",
                    text="Zwölf Baumscheiben und zwei Parkbuchten der Ohlauer Straße werden "
                         "gemeinsam entsiegelt und bepflanzt; jede Fläche bekommt eine "
                         "Patenschaft.",
                    authors=("reichenberger", "baumscheiben"), outcome="adopted", method="consent",
                    promises=(
                        Promise(
                            actor="sga",
                            description="Sondernutzungserlaubnis für die Entsiegelung von zwölf "
                                        "Baumscheiben erteilen",
                            due_on=date(2023, 6, 30),
                            progress=(
                                Progress(
                                    on=date(2023, 6, 20),
                                    note="Unterlagen zur Leitungsauskunft nachgefordert",
                                ),
                            ),
                            end=Fulfilled(
                                on=date(2023, 9, 12),
                                evidence="Sondernutzungserlaubnis vom 12.09.2023",
                            ),
                        ),
                        Promise(
                            actor="baumscheiben",
                            description="Gießplan für den Sommer 2023 aufstellen",
                            due_on=date(2023, 6, 15),
                            end=Fulfilled(
                                on=date(2023, 6, 10), evidence="Gießplan mit 19 Nachbar:innen",
                            ),
                        ),
                        Promise(
                            actor="fahrradladen",
                            description="Drei Lastenräder für den Abtransport der Pflastersteine "
                                        "leihen",
                            due_on=date(2023, 9, 30),
                            end=Fulfilled(
                                on=date(2023, 9, 23),
                                evidence="Drei Lastenräder bei der ersten Aktion im Einsatz",
                            ),
                        ),
                        Promise(
                            actor="sga",
                            description="Abholung der entfernten Pflastersteine beauftragen",
                            due_on=date(2023, 10, 31),
                            progress=(
                                Progress(
                                    on=date(2023, 10, 30),
                                    note="Auftrag erteilt, Termin steht noch aus",
                                ),
                            ),
                            end=Fulfilled(
                                on=date(2023, 11, 20), evidence="Steine am 20.11.2023 abgeholt",
                            ),
                        ),
                    ),
                ),
            ),
            day=22,
        ),
        Gathering(
            year=2023, month=9, format="action",
            title="Entsiegelungsaktion 1: Baumscheiben Ohlauer Straße 1–15",
            place="Ohlauer Straße 1–15", attendance=(22, 34), day=23,
        ),
        Gathering(
            year=2023, month=10, format="action",
            title="Entsiegelungsaktion 2: Baumscheiben Ohlauer Straße 16–30",
            place="Ohlauer Straße 16–30", attendance=(18, 28),
        ),
        Gathering(
            year=2024, month=4, format="action",
            title="Pflanzaktion: Stauden für die neuen Baumscheiben", place="Ohlauer Straße",
            attendance=(28, 40),
        ),
        Gathering(
            year=2024, month=5, format="open_assembly",
            title="Anwohner:innenversammlung Ohlauer Straße 2024",
            place="Hof der Grundschule an der Ohlauer Straße", attendance=(26, 40),
            motions=(
                Motion(
                    title="Beete statt Parkbuchten",
                    text="Die Parkbuchten vor den Häusern Nr. 20 und 22 werden entsiegelt und zu "
                         "Beeten.",
                    authors=("baumscheiben", "kofi"), outcome="adopted", ballots=True,
                    amendments=(
                        Amendment(
                            text="Die Parkbucht vor Nr. 22 wird entsiegelt und zu einem Beet; die "
                                 "vor Nr. 20 bleibt Ladezone.",
                            authors=("fahrradladen",), outcome="rejected",
                            rationale="Der Laden braucht eine Ladezone.",
                        ),
                    ),
                ),
                Motion(
                    title="Sitzbänke an den Baumscheiben",
                    text="An vier Baumscheiben werden Sitzbänke aufgestellt.",
                    authors=("hannelore",), outcome="withdrawn",
                ),
            ),
        ),
        Gathering(
            year=2024, month=6, format="action",
            title="Entsiegelungsaktion 3: Parkbuchten vor Nr. 20 und 22",
            place="Ohlauer Straße 20–22", attendance=(24, 38),
        ),
        Gathering(
            year=2024, month=10, format="other", title="Abschlusstreffen und Auswertung",
            place="Ohlauer Straße", attendance=(18, 30), day=12,
        ),
    ),
    conclusion=Conclusion(
        on=date(2024, 10, 26),
        summary="Zwölf Baumscheiben und zwei Parkbuchten (rund 140 m²) wurden entsiegelt und "
                "bepflanzt; 26 Baumscheibenpat:innen übernehmen die Pflege. Die Erfahrungen "
                "fließen in das geplante Regelverfahren des Bezirksamts zur Entsiegelung ein.",
    ),
)
