"""Funding: the foundation and the Senate fund processes; project grants year by year."""

from datetime import date

from cli.demo.records import Disbursement, Funding
from cli.demo.timeline import add_months


def tranches(first: date, every_months: int, count: int, amount: str) -> tuple[Disbursement, ...]:
    """`count` equal payments, one every `every_months` months from `first`."""
    return tuple(Disbursement(add_months(first, i * every_months), amount) for i in range(count))


FUNDINGS: tuple[Funding, ...] = (
    Funding(
        key="stiftung_reichenberger_2022", funder="stiftung", recipient="kiezconnect",
        process="reichenberger_kiez", logic="process", period_start=date(2022, 1, 1),
        period_end=date(2025, 12, 31), amount="120000.00", granted_on=date(2021, 11, 30),
        disbursements=tranches(date(2022, 1, 14), every_months=6, count=8, amount="15000.00"),
    ),
    Funding(
        key="senat_bezirk_2022", funder="senat", recipient="kiezconnect", process="bezirk",
        logic="project", period_start=date(2022, 1, 1), period_end=date(2022, 12, 31),
        amount="24000.00", granted_on=date(2021, 12, 10),
        disbursements=(
            Disbursement(paid_on=date(2022, 2, 15), amount="12000.00"),
            Disbursement(paid_on=date(2022, 8, 15), amount="12000.00"),
        ),
    ),
    Funding(
        key="jobcenter_empowerment_2022", funder="jobcenter", recipient="kiezconnect",
        process="bezirk", logic="project", period_start=date(2022, 10, 1),
        period_end=date(2024, 9, 30), amount="48000.00", granted_on=date(2022, 9, 20),
        disbursements=tranches(date(2022, 10, 14), every_months=3, count=8, amount="6000.00"),
    ),
    Funding(
        key="senat_bezirk_2023", funder="senat", recipient="kiezconnect", process="bezirk",
        logic="project", period_start=date(2023, 1, 1), period_end=date(2023, 12, 31),
        amount="24000.00", granted_on=date(2023, 3, 20),
        disbursements=(
            Disbursement(paid_on=date(2023, 4, 17), amount="12000.00"),
            Disbursement(paid_on=date(2023, 9, 15), amount="12000.00"),
        ),
    ),
    Funding(
        key="stiftung_ohlauer_2023", funder="stiftung", recipient="reichenberger",
        process="ohlauer_strasse", logic="project", period_start=date(2023, 4, 1),
        period_end=date(2024, 10, 31), amount="18000.00", granted_on=date(2023, 4, 5),
        disbursements=(
            Disbursement(paid_on=date(2023, 4, 20), amount="9000.00"),
            Disbursement(paid_on=date(2023, 10, 16), amount="6000.00"),
            Disbursement(paid_on=date(2024, 10, 25), amount="3000.00"),  # before the conclusion
        ),
    ),
    Funding(
        key="senat_bezirk_2024", funder="senat", recipient="kiezconnect", process="bezirk",
        logic="project", period_start=date(2024, 1, 1), period_end=date(2024, 12, 31),
        amount="24000.00", granted_on=date(2024, 2, 12),
        disbursements=(
            Disbursement(paid_on=date(2024, 3, 15), amount="12000.00"),
            Disbursement(paid_on=date(2024, 9, 16), amount="12000.00"),
        ),
    ),
    Funding(
        key="jobcenter_empowerment_2024", funder="jobcenter", recipient="kiezconnect",
        process="bezirk", logic="project", period_start=date(2024, 10, 1),
        period_end=date(2026, 9, 30), amount="48000.00", granted_on=date(2024, 9, 25),
        disbursements=tranches(date(2024, 10, 14), every_months=3, count=8, amount="6000.00"),
    ),
    Funding(
        key="senat_samariterkiez_2025", funder="senat", recipient="kiezconnect",
        process="samariterkiez", logic="process", period_start=date(2025, 1, 1),
        period_end=date(2027, 12, 31), amount="90000.00", granted_on=date(2024, 11, 20),
        disbursements=tranches(date(2025, 1, 15), every_months=3, count=12, amount="7500.00"),
    ),
    Funding(
        key="stiftung_reichenberger_2026", funder="stiftung", recipient="kiezconnect",
        process="reichenberger_kiez", logic="process", period_start=date(2026, 1, 1),
        period_end=date(2029, 12, 31), amount="160000.00", granted_on=date(2025, 10, 20),
        disbursements=tranches(date(2026, 1, 15), every_months=6, count=8, amount="20000.00"),
    ),
)


def kiezkasse_fundings(today: date) -> tuple[Funding, ...]:
    """The district's yearly Kiezkasse: small project grants, one year at a time."""
    samariter = tuple(
        Funding(key=f"kiezkasse_samariterkiez_{year}", funder="bezirksamt", recipient="samariter",
                process="samariterkiez", logic="project", period_start=date(year, 1, 1),
                period_end=date(year, 12, 31), amount="3000.00", granted_on=date(year, 3, 1),
                disbursements=(Disbursement(date(year, 5, 4), "3000.00"),))
        for year in range(2023, today.year + 1)
    )
    reichenberger = tuple(
        Funding(key=f"kiezkasse_reichenberger_{year}", funder="bezirksamt",
                recipient="reichenberger", process="reichenberger_kiez", logic="project",
                period_start=date(year, 1, 1), period_end=date(year, 12, 31), amount="3000.00",
                granted_on=date(year, 3, 3),
                disbursements=(Disbursement(date(year, 5, 11), "3000.00"),))
        for year in range(2025, today.year + 1)
    )
    return samariter + reichenberger
