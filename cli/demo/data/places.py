"""Where the demo history happens; the place names are real."""

DISTRICT = "Friedrichshain-Kreuzberg"
REICH = "Reichenberger Kiez"
SAMA = "Samariterkiez"

LAUSITZER = "Lausitzer Platz"
TREFF = "Nachbarschaftstreff Lausitzer Platz"
SAMARITERPLATZ = "Samariterplatz"
GEMEINDESAAL = "Gemeindesaal an der Samariterkirche"
AULA = "Aula der Gemeinschaftsschule Samariterkiez"
RATHAUS = "Rathaus Kreuzberg, BVV-Saal"
ROTES_RATHAUS = "Vor dem Berliner Rathaus"
VHS = "Volkshochschule Friedrichshain-Kreuzberg"
