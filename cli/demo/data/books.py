"""The books of the foundation's process funding of the Reichenberger Kiez (2022-2025) and the
process's two impact indicators: what its proof of use (Verwendungsnachweis) is made of.

Payees and payers are invented; the receipts' SHA-256 are of made-up scans (`receipt_hash`).
"""

import hashlib
from datetime import date

from cli.demo.records import (
    Books,
    Expenditure,
    Income,
    Indicator,
    Measurement,
    PlanDecision,
    PlanLine,
    Reversal,
    VolunteerWork,
)

YEARS = (2022, 2023, 2024, 2025)


def per_year(amount: str) -> tuple[tuple[int, str], ...]:
    return tuple((year, amount) for year in YEARS)


def receipt_hash(receipt: str) -> str:
    """The SHA-256 the scanned receipt would have (a made-up scan)."""
    return hashlib.sha256(f"kiezledger-demo-beleg:{receipt}".encode()).hexdigest()


PLAN = (
    PlanDecision(date(2021, 12, 10), "Finanzierungsplan des Antrags vom 15.09.2021", (
        PlanLine("personal", "Personalausgaben (Prozessbegleitung)", per_year("18000.00")),
        PlanLine("honorare", "Honorare (Moderation, Übersetzung)", per_year("6000.00")),
        PlanLine("sachkosten", "Sachausgaben (Material, Werkzeug, Pflanzen)",
                 per_year("3000.00")),
        PlanLine("miete", "Miete (Versammlungsräume)", per_year("1200.00")),
        PlanLine("oeffentlichkeit", "Öffentlichkeitsarbeit (Druck, Plakate)",
                 per_year("1800.00")),
        PlanLine("eigenmittel", "Eigenmittel (Spenden, Mitgliedsbeiträge)",
                 per_year("1500.00"), side="income"),
    )),
    PlanDecision(date(2023, 9, 1), "Änderungsantrag: mehr Material für die Entsiegelung, "
                                   "weniger Druck (Zustimmung der Stiftung vom 28.08.2023)", (
        PlanLine("sachkosten", "Sachausgaben (Material, Werkzeug, Pflanzen)",
                 ((2022, "3000.00"), (2023, "4000.00"), (2024, "4000.00"), (2025, "3000.00"))),
        PlanLine("oeffentlichkeit", "Öffentlichkeitsarbeit (Druck, Plakate)",
                 ((2022, "1800.00"), (2023, "800.00"), (2024, "800.00"), (2025, "1800.00"))),
    )),
)


def _year(year: int) -> tuple:
    """One year's entries: the salary by quarter, fees, material, rent, print, income and
    volunteer work. 2024 spends more on material than even the changed plan allows."""
    n = iter(range(1, 100))

    def beleg() -> str:
        return f"{year}-{next(n):03d}"

    material = ("1450.00", "1320.50", "2100.00") if year == 2024 else ("980.00", "1040.25",
                                                                       "875.40")
    return (
        *(Expenditure(date(year, month, 28), "4500.00", "personal", "KIEZconnect e. V.",
                      beleg(), f"Prozessbegleitung, Quartal {q}")
          for q, month in enumerate((3, 6, 9, 12), start=1)),
        Expenditure(date(year, 3, 20), "1200.00", "honorare", "Moderation Sommer & Partner",
                    beleg(), "Moderation der Frühjahrsversammlung"),
        Expenditure(date(year, 6, 12), "850.00", "honorare", "Sprachmittlung Berlin",
                    beleg(), "Übersetzung Türkisch und Arabisch"),
        Expenditure(date(year, 10, 16), "1400.00", "honorare", "Moderation Sommer & Partner",
                    beleg(), "Moderation der Herbstversammlung"),
        Expenditure(date(year, 4, 8), material[0], "sachkosten", "Baustoffhandel Görlitzer",
                    beleg(), "Pflastersteine lösen, Werkzeug, Container"),
        Expenditure(date(year, 7, 2), material[1], "sachkosten", "Gärtnerei am Kanal", beleg(),
                    "Stauden und Erde für die Baumscheiben"),
        Expenditure(date(year, 9, 14), material[2], "sachkosten", "Holzwerkstatt Lausitz",
                    beleg(), "Einfassungen für Baumscheiben"),
        Expenditure(date(year, 4, 30), "600.00", "miete", "Nachbarschaftstreff Lausitzer Platz",
                    beleg(), "Saalmiete Frühjahrsversammlung"),
        Expenditure(date(year, 10, 30), "600.00", "miete", "Nachbarschaftstreff Lausitzer Platz",
                    beleg(), "Saalmiete Herbstversammlung"),
        Expenditure(date(year, 3, 5), "420.00", "oeffentlichkeit", "Druckerei Kreuzberg",
                    beleg(), "Plakate und Flyer Frühjahrsversammlung"),
        Expenditure(date(year, 9, 25), "380.00", "oeffentlichkeit", "Druckerei Kreuzberg",
                    beleg(), "Plakate und Flyer Herbstversammlung"),
        Income(date(year, 5, 15), "600.00", "own_contribution", "Reichenberger Kiez für alle",
               beleg(), "Mitgliedsbeiträge", line="eigenmittel"),
        Income(date(year, 7, 10), "350.00", "donation", "Späti Reichenberger Eck", beleg(),
               "Spende zur Gießaktion"),
        Income(date(year, 12, 5), "480.00", "donation", "Sammelbox Herbstversammlung",
               beleg(), "Spenden der Versammlung", line="eigenmittel"),
        VolunteerWork(date(year, 7, 20), "aylin", "4.5", "15.00", "Gießaktion: Organisation"),
        VolunteerWork(date(year, 7, 20), "jonas", "3", "15.00", "Gießaktion: Baumscheiben"),
        VolunteerWork(date(year, 10, 12), "mareike", "6", "15.00",
                      "Protokoll und Auswertung der Herbstversammlung"),
    )


BOOKS = Books(
    funding="stiftung_reichenberger_2022", plan=PLAN,
    entries=(
        *_year(2022), *_year(2023),
        Income(date(2023, 11, 2), "2000.00", "other_funder", "Bezirksamt Friedrichshain-"
               "Kreuzberg (Kiezkasse)", "2023-K01", "Zuschuss Baumscheiben-Einfassungen"),
        Expenditure(date(2023, 11, 20), "380.00", "oeffentlichkeit", "Druckerei Kreuzberg",
                    "2023-099", "Plakate und Flyer Herbstversammlung"),
        Reversal(date(2023, 12, 4), "2023-099", "doppelt gebucht (siehe Beleg 2023-014)"),
        *_year(2024), *_year(2025),
    ),
)

INDICATORS = (
    Indicator(
        process="reichenberger_kiez", name="Entsiegelte Fläche", unit="m²",
        target_per_year="40", counts_from=date(2022, 1, 1),
        measurements=(
            Measurement(date(2022, 7, 25), "18", action_year=2022),
            Measurement(date(2022, 10, 5), "14", document="Aufmaß Straßen- und Grünflächenamt"),
            Measurement(date(2023, 7, 24), "26", action_year=2023),
            Measurement(date(2023, 10, 9), "22", document="Aufmaß Herbst 2023"),
            Measurement(date(2023, 10, 9), "12.5", document="Aufmaß Herbst 2023, berichtigt",
                        corrects_previous=True),
            Measurement(date(2024, 7, 22), "31", action_year=2024),
            Measurement(date(2024, 10, 7), "16.5", document="Aufmaß Herbst 2024"),
            Measurement(date(2025, 7, 21), "24", action_year=2025),
        ),
    ),
    Indicator(
        process="reichenberger_kiez", name="Baumscheiben in Pflege", unit="Baumscheiben",
        target_per_year="10", counts_from=date(2022, 3, 1),
        measurements=(
            Measurement(date(2022, 7, 25), "7", action_year=2022),
            Measurement(date(2023, 7, 24), "11", action_year=2023),
            Measurement(date(2024, 7, 22), "13", action_year=2024),
            Measurement(date(2025, 7, 21), "12", action_year=2025),
        ),
    ),
)
