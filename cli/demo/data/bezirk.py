"""The district: Kiezgipfel / Bezirksgipfel, the open district assembly, empowerment trainings."""

from datetime import date

from cli.demo.data.actors import ORGANISATIONS
from cli.demo.data.places import DISTRICT, RATHAUS, ROTES_RATHAUS, VHS
from cli.demo.records import (
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
    Withdrawn,
)

BEZIRK = Process(
    key="bezirk", title="Kiezgipfel und Beteiligung in Friedrichshain-Kreuzberg", level="district",
    area=DISTRICT, topics=("Prozessförderung", "Vernetzung", "Empowerment", "Klimaanpassung"),
    started_on=date(2021, 8, 2), goals={"open_assemblies_per_year": 1},
    voters=ORGANISATIONS + ("sabine", "renate", "amir", "thomas"),
    participants=(
        Participant(actor="kiezconnect", role="convenor", joined_on=date(2021, 8, 2)),
        Participant(actor="reichenberger", role="initiative", joined_on=date(2021, 8, 2)),
        Participant(actor="nachbarschaftstreff", role="association", joined_on=date(2021, 8, 16)),
        Participant(actor="bezirksamt", role="administration", joined_on=date(2021, 9, 1)),
        Participant(actor="bvv", role="politics", joined_on=date(2021, 9, 1)),
        Participant(actor="jansen", role="politics", joined_on=date(2021, 9, 1)),
        Participant(actor="wendel", role="politics", joined_on=date(2021, 9, 1)),
        Participant(actor="mieter", role="initiative", joined_on=date(2021, 9, 1)),
        Participant(actor="senat", role="funder", joined_on=date(2021, 12, 10)),
        Participant(actor="samariter", role="initiative", joined_on=date(2022, 2, 14)),
        Participant(actor="lastenrad", role="initiative", joined_on=date(2022, 3, 7)),
        Participant(actor="jobcenter", role="administration", joined_on=date(2022, 3, 7)),
        Participant(actor="sga", role="administration", joined_on=date(2022, 9, 1)),
        Participant(actor="buergerenergie", role="association", joined_on=date(2022, 9, 26)),
        Participant(actor="hofgruen", role="initiative", joined_on=date(2022, 10, 3)),
        Participant(actor="vhs", role="school", joined_on=date(2022, 10, 3)),
        Participant(actor="sabine", role="programme participant", joined_on=date(2022, 11, 1)),
        Participant(actor="renate", role="programme participant", joined_on=date(2022, 11, 1)),
        Participant(actor="amir", role="programme participant", joined_on=date(2022, 11, 1)),
        Participant(actor="thomas", role="programme participant", joined_on=date(2023, 2, 1)),
        Participant(actor="baumscheiben", role="initiative", joined_on=date(2023, 3, 20)),
        Participant(actor="stiftung", role="funder", joined_on=date(2023, 11, 6)),
    ),
    phases=(
        Phase(name="Vernetzung der Kieze", started_on=date(2021, 8, 2)),
        Phase(name="Gipfel und Empowerment", started_on=date(2022, 6, 1)),
        Phase(name="Prozessförderung verankern", started_on=date(2024, 1, 8)),
    ),
    recurring=(
        Recurring(
            format="training", title="Schulung {year}: Moderation offener Versammlungen", month=10,
            attendance=(9, 18), place=VHS, years=range(2022, 2100),
        ),
        Recurring(
            format="training",
            title="Schulung {year}: Beschlüsse protokollieren und Zusagen nachhalten", month=2,
            attendance=(8, 16), place=VHS, years=range(2023, 2100),
        ),
        Recurring(
            format="training", title="Empowerment-Modul {year}: Fördermittel und Prozessförderung",
            month=6, attendance=(8, 15), place="Jobcenter Friedrichshain-Kreuzberg",
            years=range(2023, 2100),
        ),
    ),
    agendas_from=2026,
    gatherings=(
        Gathering(
            year=2021, month=9, format="summit", title="Kiezgipfel 2021 vor dem Berliner Rathaus",
            place=ROTES_RATHAUS, attendance=(110, 160),
            motions=(
                Motion(
                    title="Prozessförderung statt Projektförderung",
                    text="Der Kiezgipfel fordert Bezirk und Senat auf, Nachbarschaftsprozesse "
                         "mehrjährig und verlässlich zu fördern statt Projekt für Projekt.",
                    authors=("kiezconnect", "reichenberger"), outcome="adopted", ballots=True,
                ),
            ),
            promises=(
                Promise(
                    actor="jansen",
                    description="Prozessförderung in den Haushaltsberatungen des "
                                "Abgeordnetenhauses einbringen",
                    due_on=date(2021, 12, 31),
                    end=Fulfilled(
                        on=date(2021, 12, 9),
                        evidence="Redebeitrag in der Haushaltsdebatte, Plenarprotokoll",
                    ),
                ),
            ),
        ),
        Gathering(
            year=2022, month=3, format="open_assembly", title="Offene Bezirksversammlung 2022",
            place=RATHAUS, attendance=(60, 95),
            motions=(
                Motion(
                    title="Empowerment-Programm mit dem Jobcenter",
                    text="Langzeitarbeitslose, die es wünschen, unterstützen Kiezinitiativen und "
                         "werden dabei geschult und begleitet. Der Bezirk bittet das Jobcenter, "
                         "ein solches Programm zu pilotieren.",
                    authors=("kiezconnect",), outcome="adopted",
                    promises=(
                        Promise(
                            actor="jobcenter",
                            description="12 Plätze im Empowerment-Programm für "
                                        "Langzeitarbeitslose in Kiezinitiativen schaffen",
                            due_on=date(2023, 1, 31),
                            progress=(
                                Progress(
                                    on=date(2022, 10, 4),
                                    note="Erste sieben Teilnehmende vermittelt",
                                ),
                            ),
                            end=Fulfilled(
                                on=date(2023, 1, 20),
                                evidence="12 Teilnehmende in sechs Initiativen",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Gathering(
            year=2022, month=9, format="summit", title="Kiezgipfel 2022 vor dem Berliner Rathaus",
            place=ROTES_RATHAUS, attendance=(130, 190),
            motions=(
                Motion(
                    title="Eine Koordinierungsstelle für Bürgerbeteiligung",
                    text="Das Bezirksamt richtet eine Koordinierungsstelle für Bürgerbeteiligung "
                         "ein, mit einer festen Ansprechperson für die Kiezinitiativen.",
                    authors=("kiezconnect", "samariter", "reichenberger"), outcome="adopted",
                    method="two_thirds",
                    promises=(
                        Promise(
                            actor="bezirksamt",
                            description="Koordinierungsstelle für Bürgerbeteiligung mit fester "
                                        "Ansprechperson einrichten",
                            due_on=date(2023, 12, 31),
                            progress=(
                                Progress(
                                    on=date(2023, 4, 17),
                                    note="Stelle im Haushaltsplan 2024/25 angemeldet",
                                ),
                                Progress(
                                    on=date(2023, 12, 11),
                                    note="Stellenausschreibung veröffentlicht",
                                ),
                            ),
                            end=Fulfilled(
                                on=date(2024, 5, 6),
                                evidence="Koordinierungsstelle seit 06.05.2024 besetzt",
                            ),
                        ),
                        Promise(
                            actor="bvv",
                            description="Antrag zur Koordinierungsstelle in der BVV einbringen",
                            due_on=date(2022, 12, 31),
                            end=Fulfilled(
                                on=date(2022, 11, 24), evidence="Drucksache in der BVV beschlossen",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Gathering(
            year=2023, month=3, format="open_assembly", title="Offene Bezirksversammlung 2023",
            place=RATHAUS, attendance=(55, 90),
            motions=(
                Motion(
                    title="Ein Schulungsprogramm für Kiezinitiativen",
                    text="Für Kiezinitiativen gibt es jedes Jahr ein Schulungsprogramm: "
                         "Moderation, Protokoll, Fördermittel.",
                    authors=("kiezconnect", "sabine"), outcome="adopted", method="consent",
                    promises=(
                        Promise(
                            actor="vhs",
                            description="Vier Schulungsmodule im Jahr für Kiezinitiativen anbieten",
                            due_on=date(2023, 12, 31),
                            end=Fulfilled(
                                on=date(2023, 11, 27),
                                evidence="Programmheft 2023, vier Module mit 54 Teilnehmenden",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Gathering(
            year=2023, month=11, format="summit", title="Bezirksgipfel 2023", place=RATHAUS,
            attendance=(90, 140),
            motions=(
                Motion(
                    title="Ein bezirklicher Kiezfonds",
                    text="Der Bezirk richtet einen Kiezfonds ein, aus dem Nachbarschaftsprozesse "
                         "gefördert werden.",
                    authors=("kiezconnect", "reichenberger", "samariter"), outcome="adopted",
                    method="two_thirds", ballots=True,
                    amendments=(
                        Amendment(
                            text="Der Bezirk richtet einen Kiezfonds ein, aus dem "
                                 "Nachbarschaftsprozesse für mindestens drei Jahre gefördert "
                                 "werden.",
                            authors=("samariter",), outcome="adopted",
                            rationale="Ohne Mindestlaufzeit bleibt es Projektförderung.",
                        ),
                    ),
                    promises=(
                        Promise(
                            actor="bezirksamt",
                            description="Bezirklichen Kiezfonds mit mehrjähriger Prozessförderung "
                                        "einrichten",
                            due_on=date(2025, 6, 30),
                            progress=(
                                Progress(
                                    on=date(2024, 3, 18),
                                    note="Konzept in der Steuerungsrunde vorgestellt",
                                ),
                                Progress(
                                    on=date(2024, 12, 9),
                                    note="Haushaltsmittel für 2026/27 angemeldet",
                                ),
                                Progress(
                                    on=date(2025, 9, 15),
                                    note="Haushaltsberatungen abgewartet; Start frühestens 2027",
                                ),
                            ),
                        ),
                        Promise(
                            actor="jansen",
                            description="Kleine Anfrage im Abgeordnetenhaus zur Prozessförderung "
                                        "stellen",
                            due_on=date(2024, 2, 29),
                            end=Fulfilled(
                                on=date(2024, 2, 20), evidence="Drucksache mit Antwort des Senats",
                            ),
                        ),
                    ),
                ),
                Motion(
                    title="Ein ausgeloster Bürger:innenrat Klimaanpassung",
                    text="Der Bezirk lässt einen ausgelosten Bürger:innenrat zur Klimaanpassung "
                         "Empfehlungen erarbeiten.",
                    authors=("hofgruen",), outcome="rejected",
                ),
            ),
        ),
        Gathering(
            year=2024, month=3, format="open_assembly", title="Offene Bezirksversammlung 2024",
            place=RATHAUS, attendance=(58, 92),
            motions=(
                Motion(
                    title="Das Empowerment-Programm verlängern",
                    text="Das Empowerment-Programm wird um zwei Jahre verlängert.",
                    authors=("kiezconnect", "renate", "amir"), outcome="adopted", ballots=True,
                    promises=(
                        Promise(
                            actor="jobcenter",
                            description="Verlängerung des Empowerment-Programms um zwei Jahre "
                                        "beantragen",
                            due_on=date(2024, 9, 30),
                            end=Fulfilled(
                                on=date(2024, 9, 25), evidence="Verlängerung bis 2026 bewilligt",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Gathering(
            year=2024, month=11, format="summit", title="Bezirksgipfel 2024", place=RATHAUS,
            attendance=(95, 150),
            motions=(
                Motion(
                    title="Eine gemeinsame Plattform aller Initiativen",
                    text="Die Initiativen des Bezirks bauen eine gemeinsame Online-Plattform.",
                    authors=("lastenrad",), outcome="withdrawn",
                ),
                Motion(
                    title="Entsiegelungsoffensive",
                    text="Im Bezirk werden jedes Jahr mindestens 100 Baumscheiben entsiegelt, "
                         "gemeinsam mit Anwohnenden.",
                    authors=("baumscheiben", "reichenberger", "hofgruen"), outcome="adopted",
                    method="consent",
                    promises=(
                        Promise(
                            actor="sga", description="100 Baumscheiben im Jahr 2025 entsiegeln",
                            due_on=date(2025, 12, 31),
                            progress=(
                                Progress(on=date(2025, 7, 14), note="64 Baumscheiben entsiegelt"),
                            ),
                            end=Fulfilled(
                                on=date(2026, 2, 23),
                                evidence="Bilanz 2025: 103 Baumscheiben entsiegelt",
                            ),
                        ),
                        Promise(
                            actor="wendel",
                            description="Entsiegelungsoffensive in den Haushaltsberatungen der "
                                        "BVV vertreten",
                            due_on=date(2025, 3, 31),
                            end=Withdrawn(
                                on=date(2025, 2, 10), reason="Mandat niedergelegt (Umzug)",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Gathering(
            year=2025, month=3, format="open_assembly", title="Offene Bezirksversammlung 2025",
            place=RATHAUS, attendance=(60, 96),
            motions=(
                Motion(
                    title="Ein jährlicher Beteiligungsbericht",
                    text="Das Bezirksamt legt jedes Jahr offen, welche Zusagen aus den "
                         "Kiezprozessen umgesetzt wurden.",
                    authors=("kiezconnect", "thomas"), outcome="adopted",
                    promises=(
                        Promise(
                            actor="bezirksamt",
                            description="Bericht über umgesetzte Zusagen aus den Kiezprozessen "
                                        "vorlegen",
                            due_on=date(2025, 12, 31),
                            end=Fulfilled(
                                on=date(2025, 12, 15), evidence="Beteiligungsbericht 2025",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Gathering(
            year=2025, month=11, format="summit", title="Bezirksgipfel 2025", place=RATHAUS,
            attendance=(100, 155),
            motions=(
                Motion(
                    title="Prozessförderung im Landeshaushalt",
                    text="Der Bezirksgipfel bittet den Senat um eine Förderrichtlinie, die "
                         "Nachbarschaftsprozesse mehrjährig fördert.",
                    authors=("kiezconnect", "samariter"), outcome="adopted", ballots=True,
                    promises=(
                        Promise(
                            actor="senat",
                            description="Förderrichtlinie für mehrjährige Prozessförderung von "
                                        "Nachbarschaften prüfen",
                            due_on=date(2026, 6, 30),
                            progress=(
                                Progress(
                                    on=date(2026, 4, 20), note="Entwurf in der Ressortabstimmung",
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)
