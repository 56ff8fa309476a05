"""Samariterkiez: the kiez process since 2022; the autumn assembly of 2023 did not take place."""

from datetime import date

from cli.demo.data.actors import PERSONS
from cli.demo.data.places import AULA, GEMEINDESAAL, SAMA, SAMARITERPLATZ
from cli.demo.records import (
    AddClause,
    Amendment,
    Fulfilled,
    Gathering,
    Motion,
    Participant,
    Phase,
    Process,
    Progress,
    Promise,
    Recurring,
    RepealClause,
    ReplaceClause,
    Withdrawn,
)

SAMARITER = Process(
    key="samariterkiez", title="Kiezprozess Samariterkiez", level="kiez",
    area="Samariterkiez, Friedrichshain",
    topics=("Energie", "Kiez-Charta", "Mobilität", "Begegnung"), started_on=date(2022, 2, 12),
    goals={"open_assemblies_per_year": 2}, kiez=SAMA, voters=PERSONS[SAMA],
    charter_title="Kiez-Charta Samariterkiez",
    participants=(
        Participant(actor="kiezconnect", role="convenor", joined_on=date(2022, 2, 12)),
        Participant(actor="samariter", role="initiative", joined_on=date(2022, 2, 12)),
        Participant(actor="paula", role="resident", joined_on=date(2022, 2, 12)),
        Participant(actor="emine", role="resident", joined_on=date(2022, 2, 12)),
        Participant(actor="lastenrad", role="initiative", joined_on=date(2022, 3, 5)),
        Participant(actor="dmitri", role="resident", joined_on=date(2022, 3, 5)),
        Participant(actor="ben", role="resident", joined_on=date(2022, 4, 30)),
        Participant(actor="clara", role="resident", joined_on=date(2022, 4, 30)),
        Participant(actor="buchladen", role="business", joined_on=date(2022, 5, 20)),
        Participant(actor="gemeinschaftsschule", role="school", joined_on=date(2022, 6, 27)),
        Participant(actor="yusuf", role="resident", joined_on=date(2022, 6, 27)),
        Participant(actor="buergerenergie", role="association", joined_on=date(2022, 9, 5)),
        Participant(actor="hofgruen", role="initiative", joined_on=date(2022, 10, 1)),
        Participant(actor="bezirksamt", role="administration", joined_on=date(2022, 11, 30)),
        Participant(actor="greta", role="resident", joined_on=date(2022, 11, 30)),
        Participant(actor="jansen", role="politics", joined_on=date(2023, 4, 3)),
        Participant(actor="noah", role="resident", joined_on=date(2023, 4, 3)),
        Participant(actor="bioladen", role="business", joined_on=date(2023, 5, 6)),
        Participant(actor="mina", role="resident", joined_on=date(2024, 3, 30)),
        Participant(actor="senat", role="funder", joined_on=date(2024, 11, 20)),
        Participant(actor="jakob", role="resident", joined_on=date(2025, 4, 28)),
    ),
    phases=(
        Phase(name="Aktivierung", started_on=date(2022, 2, 12)),
        Phase(name="Energie und Charta", started_on=date(2022, 6, 27)),
        Phase(name="Neuaufstellung", started_on=date(2023, 11, 27)),
        Phase(name="Verstetigung mit Prozessförderung", started_on=date(2025, 1, 6)),
    ),
    recurring=(
        Recurring(
            format="energy_assembly", title="Energie-Versammlung {year} Samariterkiez", month=9,
            attendance=(28, 55), place=AULA, years=range(2023, 2100),
        ),
        Recurring(
            format="action", title="Pflanzaktion {year} am Samariterplatz", month=4,
            attendance=(15, 30), place=SAMARITERPLATZ, years=range(2023, 2100),
        ),
        Recurring(
            format="action", title="Lastenrad-Tag {year}", month=6, attendance=(20, 45),
            place="Samariterstraße", years=range(2022, 2025),
        ),
        Recurring(
            format="storytelling_workshop",
            title="Erzählwerkstatt {year}: Angekommen im Samariterkiez", month=1,
            attendance=(10, 22), place="Buchladen Samariterstraße", years=range(2024, 2100),
        ),
    ),
    promises=(
        Promise(
            actor="samariter", description="Neuen Raum für die offenen Versammlungen finden",
            due_on=date(2023, 10, 15),
            progress=(
                Progress(
                    on=date(2023, 10, 2),
                    note="Aula der Gemeinschaftsschule erst ab Januar frei; die Herbstversammlung "
                         "muss ausfallen",
                ),
            ),
            end=Fulfilled(
                on=date(2024, 2, 10),
                evidence="Vereinbarung mit der Gemeinschaftsschule: Aula für alle offenen "
                         "Versammlungen",
            ),
            made_on=date(2023, 8, 26),
        ),
        Promise(
            actor="bezirksamt",
            description="PV-Anlage auf der Turnhalle der Gemeinschaftsschule planen",
            due_on=date(2025, 12, 31),
            progress=(
                Progress(on=date(2025, 3, 10), note="Statik der Turnhalle geprüft: geeignet"),
                Progress(
                    on=date(2025, 11, 17),
                    note="Planung an die Bürgerenergie eG übergeben; Dachpachtvertrag in "
                         "Abstimmung",
                ),
            ),
            made_on=date(2024, 9, 20),
        ),
    ),
    agendas_from=2026,
    gatherings=(
        Gathering(
            year=2022, month=4, format="open_assembly", title="1. Offene Versammlung Samariterkiez",
            place=SAMARITERPLATZ, attendance=(35, 55),
            motions=(
                Motion(
                    title="Eine Energie-Versammlung im Herbst",
                    text="Im Herbst lädt der Kiez zu einer Energie-Versammlung ein, auf der "
                         "Bürgerenergie, Balkonkraftwerke und Regenwassernutzung besprochen "
                         "werden.",
                    authors=("samariter", "dmitri"), outcome="adopted", method="consent",
                ),
                Motion(
                    title="Lastenräder zum Ausleihen",
                    text="Der Kiez bekommt Lastenräder, die alle kostenlos ausleihen können.",
                    authors=("lastenrad",), outcome="adopted", ballots=True,
                    promises=(
                        Promise(
                            actor="lastenrad",
                            description="Zwei Lastenräder zum kostenlosen Verleih bereitstellen",
                            due_on=date(2022, 9, 30),
                            progress=(
                                Progress(
                                    on=date(2022, 9, 12), note="Lieferung der Räder verzögert sich",
                                ),
                            ),
                            end=Fulfilled(
                                on=date(2022, 11, 5),
                                evidence="Zwei Lastenräder am Buchladen, Ausleihe seit 05.11.2022",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Gathering(
            year=2022, month=6, format="future_workshop",
            title="Zukunftswerkstatt Samariterkiez: Kiez-Charta und Zukunftsbild",
            place=SAMARITERPLATZ, attendance=(26, 40), charter=True,
        ),
        Gathering(
            year=2022, month=9, format="energy_assembly",
            title="1. Energie-Versammlung Samariterkiez", place=GEMEINDESAAL, attendance=(32, 48),
            motions=(
                Motion(
                    title="Eine gemeinsame Solaranlage",
                    text="Der Kiez plant mit der Bürgerenergie Friedrichshain eG eine gemeinsame "
                         "Solaranlage auf einem Dach im Kiez.",
                    authors=("buergerenergie", "dmitri"), outcome="adopted", ballots=True,
                    promises=(
                        Promise(
                            actor="buergerenergie",
                            description="Vier Beratungstermine zu Balkonkraftwerken im Kiez "
                                        "anbieten",
                            due_on=date(2023, 3, 31),
                            progress=(
                                Progress(
                                    on=date(2022, 12, 5), note="Zwei Termine mit je 20 Haushalten",
                                ),
                            ),
                            end=Fulfilled(
                                on=date(2023, 3, 18), evidence="Vier Termine, 71 Haushalte beraten",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Gathering(
            year=2022, month=11, format="open_assembly",
            title="Herbstversammlung 2022 Samariterkiez", place=GEMEINDESAAL, attendance=(38, 58),
            motions=(
                Motion(
                    title="Gemeinsam entscheiden",
                    text="Der Samariterkiez entscheidet über seine gemeinsamen Angelegenheiten in "
                         "offenen Versammlungen im Frühjahr und im Herbst. Alle, die im Kiez "
                         "wohnen, arbeiten oder lernen, haben eine Stimme.",
                    authors=("samariter", "paula"), outcome="adopted", method="consent",
                    clause=AddClause(key="sama:entscheiden", heading="Gemeinsam entscheiden"),
                ),
                Motion(
                    title="Energiewende von unten",
                    text="Bis 2030 erzeugen wir die Hälfte des Stroms im Kiez auf eigenen "
                         "Dächern. Dafür arbeiten wir mit der Bürgerenergie Friedrichshain eG "
                         "zusammen.",
                    authors=("dmitri", "buergerenergie"), outcome="adopted", ballots=True,
                    clause=AddClause(key="sama:energie", heading="Energiewende von unten"),
                    amendments=(
                        Amendment(
                            text="Bis 2030 erzeugen wir ein Viertel des Stroms im Kiez auf "
                                 "eigenen Dächern. Dafür arbeiten wir mit der Bürgerenergie "
                                 "Friedrichshain eG zusammen.",
                            authors=("buergerenergie",), outcome="adopted",
                            rationale="Die Hälfte ist nach Einschätzung der Genossenschaft nicht "
                                      "erreichbar; ein Viertel ist ehrgeizig, aber realistisch.",
                        ),
                    ),
                ),
                Motion(
                    title="Autofreie Samariterstraße",
                    text="Die Samariterstraße wird zwischen Bänschstraße und Rigaer Straße "
                         "autofrei.",
                    authors=("ben",), outcome="rejected",
                    clause=AddClause(key="sama:autofrei", heading="Autofreie Samariterstraße"),
                ),
            ),
        ),
        Gathering(
            year=2023, month=4, format="open_assembly",
            title="Frühjahrsversammlung 2023 Samariterkiez", place=SAMARITERPLATZ,
            attendance=(40, 62),
            motions=(
                Motion(
                    title="Die Kiezkasse gehört der Versammlung",
                    text="Die Kiezkasse des Bezirks wird in der offenen Versammlung vergeben. "
                         "Jede Vergabe wird mit Betrag und Zweck veröffentlicht.",
                    authors=("samariter", "clara"), outcome="adopted",
                    clause=AddClause(key="sama:kiezkasse", heading="Kiezkasse"),
                    promises=(
                        Promise(
                            actor="samariter",
                            description="Alle Vergaben der Kiezkasse 2023 mit Betrag und Zweck "
                                        "veröffentlichen",
                            due_on=date(2023, 12, 31),
                            end=Fulfilled(
                                on=date(2023, 12, 18),
                                evidence="Aushang im Buchladen und Liste auf der Kiez-Website",
                            ),
                        ),
                    ),
                ),
                Motion(
                    title="Lastenräder für alle",
                    text="Die Lastenräder des Kiezes werden kostenlos und ohne Anmeldung über den "
                         "Buchladen Samariterstraße verliehen.",
                    authors=("lastenrad", "buchladen"), outcome="adopted", method="consent",
                    clause=AddClause(key="sama:lastenrad", heading="Lastenräder"),
                ),
            ),
            promises=(
                Promise(
                    actor="bezirksamt",
                    description="Eine PV-Anlage auf dem Dach der Gemeinschaftsschule prüfen",
                    due_on=date(2024, 3, 31),
                    progress=(
                        Progress(on=date(2023, 9, 4), note="Statisches Gutachten beauftragt"),
                    ),
                    end=Withdrawn(
                        on=date(2024, 9, 20),
                        reason="Statisches Gutachten: Das Dach trägt keine PV-Anlage. "
                               "Ersatzzusage: Planung auf der Turnhalle.",
                    ),
                ),
            ),
        ),
        Gathering(
            year=2023, month=11, format="other",
            title="Orga-Treffen statt der ausgefallenen Herbstversammlung",
            place="Buchladen Samariterstraße", attendance=(7, 11),
        ),
        Gathering(
            year=2024, month=3, format="open_assembly",
            title="Frühjahrsversammlung 2024 Samariterkiez", place=AULA, attendance=(45, 70),
            motions=(
                Motion(
                    title="Stimmrecht für Schülerinnen und Schüler",
                    text="Schülerinnen und Schüler der Gemeinschaftsschule haben in der offenen "
                         "Versammlung ab 12 Jahren Rede- und Stimmrecht.",
                    authors=("gemeinschaftsschule", "mina"), outcome="adopted", method="two_thirds",
                    ballots=True, clause=AddClause(key="sama:schule", heading="Schulen im Kiez"),
                    amendments=(
                        Amendment(
                            text="Schülerinnen und Schüler der Gemeinschaftsschule haben in der "
                                 "offenen Versammlung ab 14 Jahren Rede- und Stimmrecht.",
                            authors=("greta",), outcome="rejected",
                        ),
                    ),
                ),
                Motion(
                    title="Lastenräder online buchen",
                    text="Die Lastenräder des Kiezes werden kostenlos verliehen; gebucht wird "
                         "über die Kiez-Website oder im Buchladen Samariterstraße.",
                    authors=("lastenrad",), outcome="adopted",
                    clause=ReplaceClause(key="sama:lastenrad"),
                ),
            ),
        ),
        Gathering(
            year=2024, month=10, format="open_assembly",
            title="Herbstversammlung 2024 Samariterkiez", place=AULA, attendance=(42, 66),
            motions=(
                Motion(
                    title="Eine Wärme-AG",
                    text="Wir gründen eine Wärme-AG, die Hausgemeinschaften beim Heizungstausch "
                         "und bei der Wärmedämmung berät.",
                    authors=("buergerenergie", "noah"), outcome="adopted",
                    clause=AddClause(key="sama:waerme", heading="Wärme"),
                ),
                Motion(
                    title="Ein Tauschregal vor jedem Haus",
                    text="Vor jedem Haus im Kiez steht ein Tauschregal.", authors=("yusuf",),
                    outcome="withdrawn",
                ),
            ),
        ),
        Gathering(
            year=2025, month=4, format="open_assembly",
            title="Frühjahrsversammlung 2025 Samariterkiez", place=AULA, attendance=(44, 68),
            motions=(
                Motion(
                    title="Lastenräder: Regel streichen",
                    text="Die Lastenräder werden seit 2025 über das Verleihsystem des Bezirks "
                         "ausgeliehen; die Regel in der Charta ist überflüssig.",
                    authors=("samariter",), outcome="adopted", method="consent",
                    clause=RepealClause(key="sama:lastenrad"),
                ),
                Motion(
                    title="Fünf grüne Höfe",
                    text="In diesem Jahr werden fünf Hinterhöfe im Samariterkiez entsiegelt und "
                         "begrünt.",
                    authors=("hofgruen", "emine"), outcome="adopted", ballots=True,
                    promises=(
                        Promise(
                            actor="hofgruen", description="Fünf Hinterhöfe entsiegeln und begrünen",
                            due_on=date(2025, 10, 31),
                            progress=(Progress(on=date(2025, 7, 7), note="Drei Höfe fertig"),),
                            end=Fulfilled(
                                on=date(2025, 9, 27), evidence="Fotodokumentation der fünf Höfe",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Gathering(
            year=2025, month=10, format="open_assembly",
            title="Herbstversammlung 2025 Samariterkiez", place=AULA, attendance=(40, 64),
            motions=(
                Motion(
                    title="Autofreier Sonntag",
                    text="An jedem ersten Sonntag im Monat ist der Samariterkiez autofrei.",
                    authors=("ben", "clara"), outcome="rejected", method="two_thirds", ballots=True,
                    clause=AddClause(key="sama:sonntag", heading="Autofreier Sonntag"),
                ),
                Motion(
                    title="Schulstraße Samariterstraße",
                    text="Die Versammlung bittet das Bezirksamt, die Samariterstraße vor der "
                         "Gemeinschaftsschule zu Schulbeginn und -ende als Schulstraße zu sperren.",
                    authors=("gemeinschaftsschule", "paula"), outcome="adopted",
                    promises=(
                        Promise(
                            actor="sga", description="Schulstraße Samariterstraße anordnen",
                            due_on=date(2026, 8, 31),
                            progress=(
                                Progress(on=date(2026, 3, 9), note="Verkehrszählung abgeschlossen"),
                            ),
                            end=Fulfilled(
                                on=date(2026, 9, 14),
                                evidence="Anordnung seit Schuljahresbeginn, Beschilderung am "
                                         "14.09.2026",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)
