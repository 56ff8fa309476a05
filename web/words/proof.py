"""Words of the impact indicators on the process page, their record page and the timeline."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "impact_h": ("Wirkung", "Impact"),
    "impact_text": ("Wirkungsindikatoren je Jahr: gemessene Werte gegen das Jahresziel; der "
                    "Strich markiert das Ziel.",
                    "Impact indicators per year: measured values against the yearly target; "
                    "the line marks the target."),
    "impact_none": ("Dieser Prozess hat keine Wirkungsindikatoren erklärt.",
                    "This process declares no impact indicators."),
    "impact_target": ("Ziel: {target} {unit} pro Jahr, gezählt ab {day}.",
                      "Target: {target} {unit} a year, counted from {day}."),
    "value_of_target": ("{value} von {target} {unit}", "{value} of {target} {unit}"),
    "kind_indicator": ("Wirkungsindikator", "Indicator"),
    "f_unit": ("Einheit", "Unit"),
    "f_target_per_year": ("Ziel pro Jahr", "Target per year"),
    "f_counts_from": ("Gezählt ab", "Counted from"),
    "tl_plan_decided": ("Finanzierungsplan beschlossen", "Financing plan decided"),
    "tl_indicator_declared": ("Wirkungsindikator", "Indicator declared"),
    "tl_indicator_measured": ("Messung", "Measurement"),
}
