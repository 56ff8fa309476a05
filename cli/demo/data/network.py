"""The cooperation network: a Kreuzberg cluster and a Friedrichshain cluster, bridged by
KIEZconnect and the Volkshochschule."""

from datetime import date

from cli.demo.records import Cooperation

COOPERATIONS: tuple[Cooperation, ...] = (
    # Kreuzberg: Reichenberger Kiez
    Cooperation(actors=("aylin", "reichenberger"), kind="membership", started_on=date(2021, 3, 20)),
    Cooperation(
        actors=("reichenberger", "kiezconnect"), kind="partnership", started_on=date(2021, 3, 20),
        process="reichenberger_kiez",
    ),
    Cooperation(
        actors=("kiezconnect", "nachbarschaftstreff"), kind="partnership",
        started_on=date(2021, 4, 1),
    ),
    Cooperation(
        actors=("mareike", "reichenberger"), kind="membership", started_on=date(2021, 5, 2),
    ),
    Cooperation(
        actors=("kirche", "nachbarschaftstreff"), kind="partnership", started_on=date(2021, 5, 10),
    ),
    Cooperation(
        actors=("baeckerei", "reichenberger"), kind="partnership", started_on=date(2021, 9, 15),
    ),
    Cooperation(
        actors=("cafe", "kiezconnect"), kind="partnership", started_on=date(2021, 11, 10),
        ended_on=date(2024, 12, 31),
    ),
    Cooperation(
        actors=("nachbarschaftstreff", "grundschule"), kind="partnership",
        started_on=date(2022, 1, 17),
    ),
    Cooperation(
        actors=("mieter", "reichenberger"), kind="partnership", started_on=date(2022, 2, 14),
    ),
    Cooperation(
        actors=("luca", "mieter"), kind="membership", started_on=date(2022, 2, 14),
        ended_on=date(2025, 3, 31),
    ),
    Cooperation(actors=("jonas", "baumscheiben"), kind="membership", started_on=date(2022, 4, 9)),
    Cooperation(
        actors=("reichenberger", "baumscheiben"), kind="partnership", started_on=date(2022, 4, 9),
    ),
    Cooperation(
        actors=("spaeti", "reichenberger"), kind="joint_action", started_on=date(2022, 8, 1),
        ended_on=date(2022, 8, 31), process="reichenberger_kiez",
    ),
    Cooperation(
        actors=("grundschule", "reichenberger"), kind="partnership", started_on=date(2022, 9, 12),
    ),
    Cooperation(
        actors=("kirche", "reichenberger"), kind="joint_action", started_on=date(2022, 11, 28),
        process="reichenberger_kiez",
    ),
    Cooperation(actors=("kofi", "baumscheiben"), kind="membership", started_on=date(2023, 3, 25)),
    Cooperation(
        actors=("fahrradladen", "baumscheiben"), kind="joint_action", started_on=date(2023, 9, 1),
        ended_on=date(2024, 10, 26), process="ohlauer_strasse",
    ),
    # Friedrichshain: Samariterkiez
    Cooperation(
        actors=("kiezconnect", "samariter"), kind="partnership", started_on=date(2022, 2, 1),
    ),
    Cooperation(actors=("paula", "samariter"), kind="membership", started_on=date(2022, 2, 12)),
    Cooperation(
        actors=("samariter", "lastenrad"), kind="partnership", started_on=date(2022, 3, 5),
        ended_on=date(2025, 4, 30),
    ),
    Cooperation(
        actors=("buchladen", "samariter"), kind="partnership", started_on=date(2022, 5, 20),
    ),
    Cooperation(
        actors=("dmitri", "buergerenergie"), kind="membership", started_on=date(2022, 9, 24),
    ),
    Cooperation(
        actors=("samariter", "buergerenergie"), kind="partnership", started_on=date(2022, 9, 24),
        process="samariterkiez",
    ),
    Cooperation(actors=("hofgruen", "samariter"), kind="partnership", started_on=date(2022, 10, 1)),
    Cooperation(actors=("emine", "hofgruen"), kind="membership", started_on=date(2022, 10, 1)),
    Cooperation(
        actors=("kiezconnect", "buergerenergie"), kind="partnership", started_on=date(2022, 11, 14),
    ),
    Cooperation(
        actors=("buchladen", "lastenrad"), kind="partnership", started_on=date(2023, 4, 1),
        ended_on=date(2025, 4, 30),
    ),
    Cooperation(
        actors=("bioladen", "lastenrad"), kind="joint_action", started_on=date(2023, 5, 6),
        ended_on=date(2023, 9, 30), process="samariterkiez",
    ),
    Cooperation(
        actors=("gemeinschaftsschule", "buergerenergie"), kind="joint_action",
        started_on=date(2023, 6, 1), process="samariterkiez",
    ),
    Cooperation(
        actors=("gemeinschaftsschule", "samariter"), kind="partnership",
        started_on=date(2024, 2, 10),
    ),
    # bridges and the district level
    Cooperation(
        actors=("jobcenter", "kiezconnect"), kind="partnership", started_on=date(2022, 9, 1),
        process="bezirk",
    ),
    Cooperation(
        actors=("vhs", "kiezconnect"), kind="partnership", started_on=date(2022, 10, 1),
        process="bezirk",
    ),
    Cooperation(
        actors=("vhs", "nachbarschaftstreff"), kind="partnership", started_on=date(2022, 10, 1),
    ),
    Cooperation(actors=("sabine", "kiezconnect"), kind="membership", started_on=date(2023, 2, 1)),
    Cooperation(actors=("amir", "samariter"), kind="membership", started_on=date(2023, 2, 1)),
    Cooperation(actors=("vhs", "hofgruen"), kind="partnership", started_on=date(2023, 3, 1)),
)
