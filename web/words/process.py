"""Words of the process page: the continuity chart and the participants' usual roles."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "continuity_h": ("Kontinuität", "Continuity"),
    "continuity_text": ("Offene Versammlungen je Jahr; der Strich markiert das Ziel des Prozesses.",
                        "Open assemblies per year; the line marks the process's goal."),
    "continuity_none": ("Noch kein Jahr zu zeigen.", "No year to show yet."),
    "goal_line": ("Ziel: {goal}", "Goal: {goal}"),
    # participants' roles are typed freely; the usual ones read in the page's language
    "prole_convenor": ("Einberufung", "convenor"),
    "prole_initiative": ("Initiative", "initiative"),
    "prole_resident": ("Anwohner:in", "resident"),
    "prole_host": ("Gastgeber:in", "host"),
    "prole_business": ("Gewerbe", "business"),
    "prole_administration": ("Verwaltung", "administration"),
    "prole_funder": ("Förderung", "funder"),
    "prole_politics": ("Politik", "politics"),
    "prole_school": ("Schule", "school"),
    "prole_association": ("Verein", "association"),
    "prole_moderator": ("Moderation", "moderator"),
}
