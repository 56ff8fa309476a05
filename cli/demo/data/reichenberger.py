"""Reichenberger Kiez: the kiez process since 2021, with the first Kiez-Charta."""

from datetime import date

from cli.demo.data.actors import PERSONS
from cli.demo.data.places import LAUSITZER, REICH, TREFF
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

REICHENBERGER = Process(
    key="reichenberger_kiez", title="Kiezprozess Reichenberger Kiez", level="kiez",
    area="Reichenberger Kiez, Kreuzberg",
    topics=("Begegnung", "Kiez-Charta", "Entsiegelung", "Hitzeschutz", "Energie"),
    started_on=date(2021, 3, 13), goals={"open_assemblies_per_year": 2}, kiez=REICH,
    voters=PERSONS[REICH], charter_title="Kiez-Charta Reichenberger Kiez",
    participants=(
        Participant(actor="kiezconnect", role="convenor", joined_on=date(2021, 3, 13)),
        Participant(actor="reichenberger", role="initiative", joined_on=date(2021, 3, 13)),
        Participant(actor="aylin", role="resident", joined_on=date(2021, 3, 13)),
        Participant(actor="mareike", role="resident", joined_on=date(2021, 3, 20)),
        Participant(actor="jonas", role="resident", joined_on=date(2021, 4, 24)),
        Participant(actor="hannelore", role="resident", joined_on=date(2021, 4, 24)),
        Participant(actor="nachbarschaftstreff", role="host", joined_on=date(2021, 5, 10)),
        Participant(actor="tarek", role="resident", joined_on=date(2021, 6, 30)),
        Participant(actor="ines", role="resident", joined_on=date(2021, 6, 30)),
        Participant(actor="baeckerei", role="business", joined_on=date(2021, 9, 15)),
        Participant(actor="sga", role="administration", joined_on=date(2021, 11, 25)),
        Participant(actor="bezirksamt", role="administration", joined_on=date(2021, 11, 25)),
        Participant(actor="cafe", role="business", joined_on=date(2021, 11, 10)),
        Participant(actor="stiftung", role="funder", joined_on=date(2021, 11, 30)),
        Participant(actor="mieter", role="initiative", joined_on=date(2022, 2, 14)),
        Participant(actor="luca", role="resident", joined_on=date(2022, 2, 14)),
        Participant(actor="kofi", role="resident", joined_on=date(2022, 3, 26)),
        Participant(actor="baumscheiben", role="initiative", joined_on=date(2022, 4, 9)),
        Participant(actor="spaeti", role="business", joined_on=date(2022, 5, 2)),
        Participant(actor="wendel", role="politics", joined_on=date(2022, 5, 30)),
        Participant(actor="kirche", role="host", joined_on=date(2022, 6, 8)),
        Participant(actor="grundschule", role="school", joined_on=date(2022, 9, 12)),
        Participant(actor="sibel", role="resident", joined_on=date(2022, 11, 28)),
        Participant(actor="wiebke", role="resident", joined_on=date(2023, 6, 30)),
        Participant(actor="oskar", role="resident", joined_on=date(2024, 3, 28)),
    ),
    phases=(
        Phase(name="Aktivierung und Zukunftswerkstatt", started_on=date(2021, 3, 13)),
        Phase(name="Charta-Entwicklung", started_on=date(2021, 5, 1)),
        Phase(name="Umsetzung und Verstetigung", started_on=date(2022, 11, 28)),
        Phase(name="Auswertung und Weiterentwicklung", started_on=date(2025, 3, 3)),
    ),
    recurring=(
        Recurring(
            format="storytelling_workshop",
            title="Erzählwerkstatt {year}: Geschichten aus dem Reichenberger Kiez", month=2,
            attendance=(14, 28), place="Café Lausitz", years=range(2022, 2025),
        ),
        Recurring(
            format="storytelling_workshop",
            title="Erzählwerkstatt {year}: Geschichten aus dem Reichenberger Kiez", month=2,
            attendance=(12, 26), place=TREFF, years=range(2025, 2100),
        ),
        Recurring(
            format="other", title="Kiezfest {year}", month=8, attendance=(180, 420),
            place="Reichenberger Straße", years=range(2022, 2100),
        ),
        Recurring(
            format="action", title="Gießaktion {year}: Baumscheiben im Reichenberger Kiez", month=7,
            attendance=(10, 24), place="Reichenberger Straße", years=range(2022, 2100),
        ),
    ),
    agendas_from=2026,
    gatherings=(
        Gathering(
            year=2021, month=4, format="future_workshop",
            title="Zukunftswerkstatt: Unser Reichenberger Kiez 2030", place=TREFF,
            attendance=(30, 42), charter=True,
        ),
        Gathering(
            year=2021, month=6, format="open_assembly",
            title="1. Offene Versammlung Reichenberger Kiez", place=LAUSITZER, attendance=(48, 72),
            motions=(
                Motion(
                    title="Grundsatz: Ein Kiez für alle",
                    text="Der Reichenberger Kiez gehört allen, die hier leben, arbeiten oder zur "
                         "Schule gehen. Die Kiez-Charta gilt für alle gleichermaßen – unabhängig "
                         "von Herkunft, Sprache, Alter, Einkommen oder Aufenthaltsstatus.",
                    authors=("aylin", "reichenberger"), outcome="adopted", method="consent",
                    clause=AddClause(key="reich:grundsatz", heading="Ein Kiez für alle"),
                ),
                Motion(
                    title="Offene Versammlungen zweimal im Jahr",
                    text="Zweimal im Jahr, im Frühjahr und im Herbst, findet eine offene "
                         "Versammlung statt. Alle aus dem Kiez können teilnehmen, Anträge stellen "
                         "und abstimmen.",
                    authors=("kiezconnect",), outcome="adopted",
                    clause=AddClause(key="reich:versammlungen", heading="Offene Versammlungen"),
                ),
                Motion(
                    title="Entsiegelung und Stadtgrün",
                    text="Wir wollen versiegelte Flächen im Kiez verringern und die Straßenbäume "
                         "schützen.",
                    authors=("jonas", "mareike"), outcome="adopted",
                    clause=AddClause(
                        key="reich:entsiegelung", heading="Entsiegelung und Stadtgrün",
                    ),
                    amendments=(
                        Amendment(
                            text="Wir entsiegeln gemeinsam Baumscheiben und Gehwegflächen im "
                                 "Kiez, schützen die Straßenbäume vor Hitzestress und setzen uns "
                                 "beim Bezirksamt für einfache Genehmigungen ein.",
                            authors=("reichenberger",), outcome="adopted",
                            rationale="Die Charta soll sagen, was wir selbst tun, nicht nur, was "
                                      "wir wollen.",
                        ),
                    ),
                    promises=(
                        Promise(
                            actor="reichenberger",
                            description="Patenschaften für 20 Baumscheiben in der Reichenberger "
                                        "Straße vermitteln",
                            due_on=date(2021, 10, 31),
                            progress=(
                                Progress(
                                    on=date(2021, 8, 14),
                                    note="14 Patenschaften vergeben, Gießkannen vom "
                                         "Nachbarschaftstreff geliehen",
                                ),
                            ),
                            end=Fulfilled(
                                on=date(2021, 10, 16),
                                evidence="Liste mit 23 Pat:innen, Fotodokumentation",
                            ),
                        ),
                    ),
                ),
                Motion(
                    title="Wie wir entscheiden",
                    text="Die offene Versammlung entscheidet mit einfacher Mehrheit der "
                         "anwesenden Stimmberechtigten.",
                    authors=("kiezconnect", "hannelore"), outcome="adopted",
                    clause=AddClause(key="reich:entscheidungen", heading="Wie wir entscheiden"),
                ),
                Motion(
                    title="Kiezfest nur noch alle zwei Jahre",
                    text="Das Kiezfest findet künftig nur noch alle zwei Jahre statt, damit die "
                         "Organisierenden sich nicht verausgaben.",
                    authors=("mareike",), outcome="rejected",
                ),
            ),
        ),
        Gathering(
            year=2021, month=10, format="open_assembly",
            title="2. Offene Versammlung Reichenberger Kiez", place=TREFF, attendance=(40, 62),
            motions=(
                Motion(
                    title="Mehrsprachigkeit",
                    text="Einladungen, Protokolle und die Charta erscheinen mindestens auf "
                         "Deutsch, Türkisch, Arabisch und Englisch. Bei den Versammlungen wird "
                         "auf Wunsch geflüstert übersetzt.",
                    authors=("tarek", "aylin"), outcome="adopted", method="consent",
                    clause=AddClause(key="reich:sprachen", heading="Mehrsprachigkeit"),
                    promises=(
                        Promise(
                            actor="kiezconnect",
                            description="Einladungen und Protokolle der offenen Versammlungen in "
                                        "vier Sprachen erstellen",
                            due_on=date(2022, 3, 31),
                            end=Fulfilled(
                                on=date(2022, 3, 15),
                                evidence="Einladung zur Frühjahrsversammlung 2022 in vier "
                                         "Sprachen verteilt",
                            ),
                        ),
                    ),
                ),
                Motion(
                    title="Ein Kiezrat zwischen den Versammlungen",
                    text="Zwischen den Versammlungen vertritt ein gewählter Kiezrat aus sieben "
                         "Personen den Kiez gegenüber Verwaltung und Politik.",
                    authors=("reichenberger",), outcome="adopted",
                    clause=AddClause(key="reich:kiezrat", heading="Kiezrat"),
                ),
                Motion(
                    title="Temporäre Spielstraße Reichenberger Straße",
                    text="Die Versammlung bittet das Bezirksamt, die Reichenberger Straße "
                         "zwischen Ohlauer und Lausitzer Straße sonntags als temporäre "
                         "Spielstraße zu öffnen.",
                    authors=("ines", "jonas"), outcome="adopted", ballots=True,
                    promises=(
                        Promise(
                            actor="sga",
                            description="Temporäre Spielstraße sonntags in der Reichenberger "
                                        "Straße prüfen und anordnen",
                            due_on=date(2022, 4, 30),
                            progress=(
                                Progress(
                                    on=date(2022, 1, 20),
                                    note="Verkehrsbehördliche Anhörung eingeleitet",
                                ),
                                Progress(
                                    on=date(2022, 4, 12),
                                    note="Anordnung verzögert sich: Abstimmung mit der BVG wegen "
                                         "der Buslinie nötig",
                                ),
                            ),
                            end=Fulfilled(
                                on=date(2022, 6, 12),
                                evidence="Verkehrsrechtliche Anordnung vom 10.06.2022; erster "
                                         "Spielstraßen-Sonntag am 12.06.2022",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Gathering(
            year=2022, month=5, format="open_assembly",
            title="Frühjahrsversammlung 2022 Reichenberger Kiez", place=LAUSITZER,
            attendance=(52, 80),
            motions=(
                Motion(
                    title="Entsiegelung als Regel, nicht als Ausnahme",
                    text="Wir entsiegeln gemeinsam Baumscheiben, Gehwegflächen und Parkbuchten. "
                         "Jede entsiegelte Fläche bekommt eine Patenschaft. Das Bezirksamt wird "
                         "gebeten, Entsiegelungen durch Anwohnende als Regelverfahren zu "
                         "genehmigen.",
                    authors=("reichenberger", "baumscheiben"), outcome="adopted",
                    method="two_thirds", ballots=True,
                    clause=ReplaceClause(key="reich:entsiegelung"),
                    amendments=(
                        Amendment(
                            text="Wir entsiegeln gemeinsam Baumscheiben und Gehwegflächen; "
                                 "Parkbuchten bleiben ausgenommen. Jede entsiegelte Fläche "
                                 "bekommt eine Patenschaft.",
                            authors=("spaeti",), outcome="rejected",
                            rationale="Lieferverkehr und Handwerksbetriebe brauchen die "
                                      "Parkbuchten.",
                        ),
                    ),
                    promises=(
                        Promise(
                            actor="sga",
                            description="Entsiegelung durch Anwohnende als Regelverfahren "
                                        "(vereinfachte Sondernutzungserlaubnis) einführen",
                            due_on=date(2023, 6, 30),
                            progress=(
                                Progress(
                                    on=date(2022, 9, 19), note="Rechtsamt prüft Haftungsfragen",
                                ),
                                Progress(
                                    on=date(2023, 3, 6),
                                    note="Entwurf einer Verwaltungsvorschrift liegt vor",
                                ),
                                Progress(
                                    on=date(2023, 11, 20),
                                    note="Verzögerung wegen unbesetzter Stellen im Straßen- und "
                                         "Grünflächenamt",
                                ),
                                Progress(
                                    on=date(2024, 9, 16),
                                    note="Pilot in der Ohlauer Straße wird ausgewertet",
                                ),
                                Progress(
                                    on=date(2025, 6, 2),
                                    note="Vorlage liegt beim Bezirksamtskollegium",
                                ),
                            ),
                        ),
                    ),
                ),
                Motion(
                    title="Tempo 10 im ganzen Kiez",
                    text="Die Versammlung fordert Tempo 10 in allen Straßen des Reichenberger "
                         "Kiezes.",
                    authors=("luca",), outcome="rejected",
                ),
            ),
        ),
        Gathering(
            year=2022, month=7, format="action",
            title="Entsiegelungsaktion Baumscheiben Reichenberger Straße",
            place="Reichenberger Straße 120–140", attendance=(14, 26),
        ),
        Gathering(
            year=2022, month=11, format="open_assembly",
            title="Herbstversammlung 2022 Reichenberger Kiez", place=TREFF, attendance=(44, 66),
            motions=(
                Motion(
                    title="Hitzeschutz im Kiez",
                    text="An heißen Tagen öffnen Nachbarschaftstreff, Kirchengemeinde und "
                         "teilnehmende Geschäfte kühle Räume und bieten Trinkwasser an. Eine "
                         "Karte der kühlen Orte hängt in allen Hausfluren.",
                    authors=("hannelore", "kirche"), outcome="adopted", ballots=True,
                    clause=AddClause(key="reich:hitze", heading="Hitzeschutz"),
                    amendments=(
                        Amendment(
                            text="An heißen Tagen öffnen Nachbarschaftstreff, Kirchengemeinde und "
                                 "teilnehmende Geschäfte kühle Räume und bieten Trinkwasser an. "
                                 "Eine Karte der kühlen Orte hängt in allen Hausfluren. "
                                 "Hitzepat:innen rufen ältere und kranke Nachbar:innen an, die "
                                 "das wünschen.",
                            authors=("ines",), outcome="adopted",
                            rationale="Wer nicht mehr aus dem Haus kommt, erreicht auch keine "
                                      "kühlen Räume.",
                        ),
                    ),
                    promises=(
                        Promise(
                            actor="baeckerei",
                            description="Refill-Station: kostenloses Leitungswasser von Juni bis "
                                        "September",
                            due_on=date(2023, 6, 1),
                            end=Fulfilled(
                                on=date(2023, 5, 22),
                                evidence="Aufkleber im Schaufenster, Eintrag in der Karte der "
                                         "kühlen Orte",
                            ),
                        ),
                        Promise(
                            actor="kirche",
                            description="Kirche an Hitzetagen als kühlen Ort öffnen",
                            due_on=date(2023, 6, 15),
                            end=Fulfilled(
                                on=date(2023, 6, 10),
                                evidence="Öffnungszeiten an Hitzetagen 11–18 Uhr",
                            ),
                        ),
                    ),
                ),
                Motion(
                    title="Eine eigene Kiezwährung",
                    text="Der Kiez führt eine eigene Kiezwährung ein, die in den teilnehmenden "
                         "Geschäften angenommen wird.",
                    authors=("tarek",), outcome="withdrawn",
                ),
            ),
            promises=(
                Promise(
                    actor="cafe",
                    description="Einmal im Monat Raum für die Erzählwerkstatt zur Verfügung "
                                "stellen",
                    due_on=date(2025, 12, 31),
                    progress=(
                        Progress(on=date(2023, 12, 11), note="Elf Erzählabende im Jahr 2023"),
                    ),
                    end=Withdrawn(
                        on=date(2024, 11, 30),
                        reason="Das Café schließt zum Jahresende 2024; die Erzählwerkstatt zieht "
                               "in den Nachbarschaftstreff.",
                    ),
                ),
            ),
        ),
        Gathering(
            year=2023, month=5, format="open_assembly",
            title="Frühjahrsversammlung 2023 Reichenberger Kiez", place=LAUSITZER,
            attendance=(50, 75),
            motions=(
                Motion(
                    title="Zusagen werden nachgehalten",
                    text="Zusagen von Initiativen, Geschäften, Verwaltung und Politik werden mit "
                         "Datum im Kiezledger festgehalten und bei jeder offenen Versammlung "
                         "öffentlich nachgehalten.",
                    authors=("kiezconnect", "aylin"), outcome="adopted", method="consent",
                    ballots=True,
                    clause=AddClause(key="reich:zusagen", heading="Verbindlichkeit von Zusagen"),
                ),
                Motion(
                    title="Nachtruhe auf Plätzen und in Höfen",
                    text="Ab 22 Uhr ist auf den Plätzen und in den Höfen des Kiezes Ruhe zu "
                         "halten.",
                    authors=("hannelore",), outcome="rejected",
                    clause=AddClause(key="reich:nachtruhe", heading="Nachtruhe"),
                    amendments=(
                        Amendment(
                            text="Ab 23 Uhr ist auf den Plätzen und in den Höfen des Kiezes Ruhe "
                                 "zu halten.",
                            authors=("mareike",), outcome="withdrawn",
                        ),
                    ),
                ),
                Motion(
                    title="Trinkbrunnen für den Kiez",
                    text="Die Versammlung bittet das Bezirksamt um zwei öffentliche Trinkbrunnen "
                         "am Lausitzer Platz und an der Ohlauer Straße.",
                    authors=("ines", "hannelore"), outcome="adopted",
                    promises=(
                        Promise(
                            actor="bezirksamt",
                            description="Zwei Trinkbrunnen am Lausitzer Platz und an der Ohlauer "
                                        "Straße errichten",
                            due_on=date(2024, 6, 30),
                            progress=(
                                Progress(
                                    on=date(2023, 10, 9),
                                    note="Standorte mit den Wasserbetrieben abgestimmt",
                                ),
                            ),
                            end=Fulfilled(
                                on=date(2024, 8, 14),
                                evidence="Beide Trinkbrunnen seit 14.08.2024 in Betrieb",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Gathering(
            year=2023, month=10, format="open_assembly",
            title="Herbstversammlung 2023 Reichenberger Kiez", place=TREFF, attendance=(38, 60),
            motions=(
                Motion(
                    title="Der Kiezrat wird aufgelöst",
                    text="Der Kiezrat hat seit Anfang 2023 nicht mehr getagt. Seine Aufgaben "
                         "übernimmt die offene Versammlung; für einzelne Anliegen wählt sie "
                         "Vertretungen gegenüber Verwaltung und Politik.",
                    authors=("reichenberger", "tarek"), outcome="adopted", method="two_thirds",
                    clause=RepealClause(key="reich:kiezrat"),
                ),
                Motion(
                    title="Wie wir entscheiden – Zweidrittelmehrheit für die Charta",
                    text="Die offene Versammlung entscheidet mit einfacher Mehrheit. Änderungen "
                         "der Charta brauchen eine Zweidrittelmehrheit. Wo möglich, suchen wir "
                         "Konsent: Ein Vorschlag gilt, wenn niemand einen schwerwiegenden Einwand "
                         "hat.",
                    authors=("kiezconnect",), outcome="adopted", method="two_thirds", ballots=True,
                    clause=ReplaceClause(key="reich:entscheidungen"),
                    amendments=(
                        Amendment(
                            text="Die offene Versammlung entscheidet mit einfacher Mehrheit. "
                                 "Änderungen der Charta werden nur im Konsent beschlossen.",
                            authors=("jonas",), outcome="rejected",
                            rationale="Die Charta soll niemanden überstimmen.",
                        ),
                    ),
                ),
            ),
            promises=(
                Promise(
                    actor="grundschule",
                    description="Schulhof an den Wochenenden als Spielfläche öffnen",
                    due_on=date(2024, 4, 30),
                    progress=(
                        Progress(on=date(2024, 1, 22), note="Schulkonferenz hat zugestimmt"),
                    ),
                    end=Fulfilled(
                        on=date(2024, 4, 13),
                        evidence="Schulhof samstags und sonntags 10–18 Uhr geöffnet",
                    ),
                ),
            ),
        ),
        Gathering(
            year=2024, month=3, format="future_workshop",
            title="Zukunftswerkstatt: Reichenberger Kiez 2035", place=TREFF, attendance=(28, 44),
        ),
        Gathering(
            year=2024, month=5, format="open_assembly",
            title="Frühjahrsversammlung 2024 Reichenberger Kiez", place=LAUSITZER,
            attendance=(46, 70),
            motions=(
                Motion(
                    title="Energie aus dem Kiez",
                    text="Wir fördern Balkonkraftwerke und gemeinschaftliche Solaranlagen auf den "
                         "Dächern des Kiezes und berichten auf jeder Herbstversammlung über den "
                         "Stand.",
                    authors=("oskar", "kofi"), outcome="adopted", method="two_thirds",
                    clause=AddClause(key="reich:energie", heading="Energie aus dem Kiez"),
                ),
                Motion(
                    title="Mehrsprachigkeit streichen",
                    text="Die Regel zur Mehrsprachigkeit wird gestrichen, weil die Übersetzungen "
                         "zu teuer sind.",
                    authors=("luca",), outcome="rejected", method="two_thirds",
                    clause=RepealClause(key="reich:sprachen"),
                ),
                Motion(
                    title="Kiezkasse für den Reichenberger Kiez",
                    text="Die Versammlung beantragt beim Bezirk eine jährliche Kiezkasse von "
                         "3.000 Euro, über deren Vergabe die offene Versammlung entscheidet.",
                    authors=("reichenberger",), outcome="adopted", ballots=True,
                ),
            ),
        ),
        Gathering(
            year=2024, month=10, format="open_assembly",
            title="Herbstversammlung 2024 Reichenberger Kiez", place=TREFF, attendance=(40, 64),
            motions=(
                Motion(
                    title="Ein offener Nachbarschaftsraum",
                    text="Der Kiez braucht nichtkommerzielle Orte der Begegnung. Wir setzen uns "
                         "dafür ein, dass nach der Schließung des Café Lausitz ein offener "
                         "Nachbarschaftsraum entsteht.",
                    authors=("sibel", "nachbarschaftstreff"), outcome="adopted",
                    method="two_thirds",
                    clause=AddClause(key="reich:raum", heading="Begegnungsräume"),
                ),
                Motion(
                    title="Eine gedruckte Kiezzeitung",
                    text="Viermal im Jahr erscheint eine gedruckte Kiezzeitung mit den "
                         "Beschlüssen der Versammlungen.",
                    authors=("wiebke",), outcome="withdrawn",
                ),
            ),
        ),
        Gathering(
            year=2025, month=5, format="open_assembly",
            title="Frühjahrsversammlung 2025 Reichenberger Kiez", place=LAUSITZER,
            attendance=(50, 78),
            motions=(
                Motion(
                    title="Offene Versammlungen für alle erreichbar",
                    text="Zweimal im Jahr, im Frühjahr und im Herbst, findet eine offene "
                         "Versammlung statt. Sie ist barrierefrei erreichbar. Wer nicht kommen "
                         "kann, reicht Anträge vorab schriftlich ein.",
                    authors=("aylin", "sibel"), outcome="adopted", method="two_thirds",
                    ballots=True,
                    clause=ReplaceClause(key="reich:versammlungen", heading="Offene Versammlungen"),
                    amendments=(
                        Amendment(
                            text="Zweimal im Jahr, im Frühjahr und im Herbst, findet eine offene "
                                 "Versammlung statt. Sie ist barrierefrei erreichbar, und es gibt "
                                 "Kinderbetreuung. Wer nicht kommen kann, reicht Anträge vorab "
                                 "schriftlich ein.",
                            authors=("mareike", "ines"), outcome="adopted",
                            rationale="Eltern kleiner Kinder fehlen bisher fast ganz.",
                        ),
                    ),
                ),
                Motion(
                    title="Ein Netz von Hitzepat:innen",
                    text="Bis zum Sommer baut der Kiez ein Netz von mindestens 30 Hitzepat:innen "
                         "auf.",
                    authors=("hannelore", "kiezconnect"), outcome="adopted", method="consent",
                    promises=(
                        Promise(
                            actor="kiezconnect",
                            description="Netz von 30 Hitzepat:innen aufbauen und schulen",
                            due_on=date(2025, 6, 30),
                            progress=(
                                Progress(on=date(2025, 6, 16), note="22 Hitzepat:innen geschult"),
                            ),
                            end=Fulfilled(
                                on=date(2025, 7, 21),
                                evidence="Liste mit 31 Hitzepat:innen, Telefonkette getestet",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Gathering(
            year=2025, month=10, format="open_assembly",
            title="Herbstversammlung 2025 Reichenberger Kiez", place=TREFF, attendance=(42, 66),
            motions=(
                Motion(
                    title="Stadtnatur in Höfen und Baumscheiben",
                    text="Hinterhöfe und Baumscheiben sind Lebensraum. Wir pflanzen heimische "
                         "Stauden, lassen Laub liegen und schaffen Nistplätze für Spatzen und "
                         "Mauersegler.",
                    authors=("kofi", "baumscheiben"), outcome="adopted", method="two_thirds",
                    clause=AddClause(key="reich:stadtnatur", heading="Stadtnatur"),
                    amendments=(
                        Amendment(
                            text="Hinterhöfe und Baumscheiben sind Lebensraum. Wir pflanzen "
                                 "heimische Stauden und schaffen Nistplätze. Laub wird auf "
                                 "Gehwegen weiterhin entfernt.",
                            authors=("spaeti",), outcome="rejected",
                            rationale="Nasses Laub auf Gehwegen ist eine Sturzgefahr.",
                        ),
                    ),
                ),
                Motion(
                    title="Zweiter Entsiegelungspilot Wiener Straße",
                    text="Die Versammlung bittet das Bezirksamt, die Baumscheiben der Wiener "
                         "Straße als zweiten Pilot zu entsiegeln.",
                    authors=("baumscheiben",), outcome="adopted", ballots=True,
                    promises=(
                        Promise(
                            actor="sga",
                            description="Baumscheiben der Wiener Straße entsiegeln (Pilot 2)",
                            due_on=date(2026, 5, 31),
                            progress=(
                                Progress(
                                    on=date(2026, 2, 16),
                                    note="Ausschreibung der Tiefbauarbeiten vorbereitet",
                                ),
                                Progress(
                                    on=date(2026, 6, 22),
                                    note="Vergabe verzögert sich; Haushaltssperre",
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)
