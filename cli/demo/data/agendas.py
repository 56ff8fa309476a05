"""Agendas after the scripted years, drawn from these pools by each year's generator."""

from cli.demo.data.places import AULA, LAUSITZER, REICH, SAMA, SAMARITERPLATZ, TREFF
from cli.demo.records import Addition, Kiez, PoolMotion, PoolPromise

# Who stands for a kiez's roles, and where its assemblies meet.
KIEZE = {
    REICH: Kiez(
        name="Reichenberger Kiez", initiative="reichenberger", school="grundschule",
        greening="baumscheiben", place=LAUSITZER, hall=TREFF, spring_month=5, autumn_month=10,
    ),
    SAMA: Kiez(
        name="Samariterkiez", initiative="samariter", school="gemeinschaftsschule",
        greening="hofgruen", place=SAMARITERPLATZ, hall=AULA, spring_month=4, autumn_month=10,
    ),
}

# Motions for kiez assemblies; {name}, {place} and {hall} come from the kiez.
KIEZ_POOL: tuple[PoolMotion, ...] = (
    PoolMotion(
        title="Kiezfest {year}",
        text="Das Kiezfest {year} findet am letzten Augustwochenende statt. Geschäfte, Schulen "
             "und Initiativen im {name} sind eingeladen, sich mit eigenen Ständen zu beteiligen.",
        promise=PoolPromise(
            actor="initiative",
            description="Kiezfest {year} organisieren und Genehmigungen einholen", due_in_months=3,
        ),
    ),
    PoolMotion(
        title="Grüne Hinterhöfe {year}",
        text="Die Versammlung ruft die Hausgemeinschaften auf, in diesem Jahr mindestens fünf "
             "Hinterhöfe zu begrünen, und bittet die Hausverwaltungen um Zustimmung.",
        promise=PoolPromise(
            actor="greening", description="Fünf Hinterhöfe im {name} begrünen", due_in_months=6,
        ),
    ),
    PoolMotion(
        title="Sitzbänke im Schatten",
        text="Die Versammlung bittet das Bezirksamt, an drei Stellen im {name} Sitzbänke im "
             "Schatten aufzustellen.",
        promise=PoolPromise(
            actor="sga", description="Drei Sitzbänke im Schatten im {name} aufstellen",
            due_in_months=8,
        ),
    ),
    PoolMotion(
        title="Repair-Café", text="Einmal im Monat findet im {hall} ein Repair-Café statt.",
        promise=PoolPromise(
            actor="initiative", description="Repair-Café monatlich im {hall} ausrichten",
            due_in_months=4,
        ),
    ),
    PoolMotion(
        title="Kiez-Sperrmülltag",
        text="Die Versammlung bittet das Bezirksamt, gemeinsam mit der Stadtreinigung einen "
             "Kiez-Sperrmülltag im Frühjahr zu organisieren.",
        promise=PoolPromise(
            actor="bezirksamt", description="Kiez-Sperrmülltag mit der Stadtreinigung organisieren",
            due_in_months=6,
        ),
    ),
    PoolMotion(
        title="Sichere Schulwege",
        text="Die Versammlung fordert Schulwegmarkierungen und Querungshilfen rund um die Schule "
             "im {name}.",
        promise=PoolPromise(
            actor="sga", description="Schulwegmarkierungen und Querungshilfen im {name} anlegen",
            due_in_months=9,
        ),
    ),
    PoolMotion(
        title="Gießpatenschaften für alle Straßenbäume",
        text="Für jeden Straßenbaum im {name} soll es bis zum Sommer eine Gießpatenschaft geben.",
        promise=PoolPromise(
            actor="greening",
            description="Gießpatenschaften für alle Straßenbäume im {name} vermitteln",
            due_in_months=4,
        ),
    ),
    PoolMotion(
        title="Nachbarschaftsfrühstück",
        text="Einmal im Quartal lädt die offene Versammlung zu einem Nachbarschaftsfrühstück am "
             "{place} ein.",
    ),
    PoolMotion(
        title="Mehr Fahrradbügel",
        text="Die Versammlung bittet das Bezirksamt, 40 Fahrradbügel aufzustellen, vorrangig an "
             "Kreuzungen statt auf den Gehwegen.",
        promise=PoolPromise(
            actor="sga", description="40 Fahrradbügel im {name} aufstellen", due_in_months=10,
        ),
    ),
    PoolMotion(
        title="Kiezspaziergang für Neue",
        text="Zweimal im Jahr lädt der Kiez neu Zugezogene zu einem Kiezspaziergang ein.",
        promise=PoolPromise(
            actor="kiezconnect", description="Kiezspaziergänge für neu Zugezogene organisieren",
            due_in_months=5,
        ),
    ),
    PoolMotion(
        title="Regenwasser für die Bäume",
        text="Regenwasser von Dächern und Höfen soll in Zisternen gesammelt und zum Gießen der "
             "Straßenbäume genutzt werden.",
        promise=PoolPromise(
            actor="greening", description="Zwei Regenwassertonnen für die Baumpflege aufstellen",
            due_in_months=5,
        ),
    ),
)

# Motions for the district; {year} and {next} are the year and the one after.
DISTRICT_POOL: tuple[PoolMotion, ...] = (
    PoolMotion(
        title="Kiezfonds {next} sichern",
        text="Der Bezirk führt den Kiezfonds im Haushalt {next} mindestens auf dem Niveau von "
             "{year} fort.",
        promise=PoolPromise(
            actor="bvv", description="Haushaltsantrag zum Kiezfonds {next} einbringen",
            due_in_months=3,
        ),
    ),
    PoolMotion(
        title="Schulungsprogramm {next}",
        text="Das Schulungsprogramm für Kiezinitiativen wird {next} mit mindestens vier Modulen "
             "fortgesetzt.",
        promise=PoolPromise(
            actor="vhs", description="Schulungsprogramm {next} mit vier Modulen planen",
            due_in_months=4,
        ),
    ),
    PoolMotion(
        title="Hitzeschutz im Bezirk",
        text="Jeder Kiez bekommt bis zum Sommer einen Hitzeaktionsplan mit kühlen Orten und "
             "Trinkwasser.",
        promise=PoolPromise(
            actor="bezirksamt", description="Hitzeaktionspläne für alle Kieze unterstützen",
            due_in_months=7,
        ),
    ),
    PoolMotion(
        title="Offene Daten der Beteiligung",
        text="Der Bezirk veröffentlicht die Zusagen aus den Kiezprozessen als offene Daten.",
        promise=PoolPromise(
            actor="bezirksamt",
            description="Zusagen aus den Kiezprozessen als offene Daten veröffentlichen",
            due_in_months=6,
        ),
    ),
    PoolMotion(
        title="Räume für Initiativen",
        text="Leerstehende bezirkliche Räume werden Kiezinitiativen mietfrei zur Verfügung "
             "gestellt.",
        promise=PoolPromise(
            actor="bezirksamt",
            description="Liste leerstehender bezirklicher Räume für Initiativen vorlegen",
            due_in_months=5,
        ),
    ),
    PoolMotion(
        title="Empowerment weiterführen",
        text="Das Empowerment-Programm mit dem Jobcenter wird verstetigt.",
        promise=PoolPromise(
            actor="jobcenter", description="Verstetigung des Empowerment-Programms prüfen",
            due_in_months=6,
        ),
    ),
)

# What drawn progress reports say.
PROGRESS_NOTES = (
    "Erste Gespräche geführt",
    "Zwischenstand in der offenen Versammlung berichtet",
    "Angebote eingeholt",
    "Verzögerung wegen Personalmangel",
    "Abstimmung mit den Beteiligten läuft",
    "Hälfte umgesetzt",
)

# What a drawn amendment adds to a motion's text, and why.
AMENDMENT_ADDITIONS = (
    Addition(
        text="Die Umsetzung wird auf der nächsten offenen Versammlung ausgewertet.",
        rationale="Wir wollen wissen, ob es wirkt.",
    ),
    Addition(
        text="Die Kosten werden vorab offengelegt.", rationale="Transparenz vor der Entscheidung.",
    ),
    Addition(
        text="Kinder und Jugendliche werden an der Planung beteiligt.",
        rationale="Es betrifft sie am meisten.",
    ),
)

# Evidence for a drawn promise kept.
EVIDENCE = (
    "In der offenen Versammlung bestätigt",
    "Fotodokumentation",
    "Bericht an die Versammlung",
    "Protokollnotiz",
)

# Reasons for a drawn promise withdrawn.
WITHDRAWAL_REASONS = (
    "Die Zuständigkeit liegt beim Senat; das Anliegen wurde dorthin weitergegeben.",
    "Im laufenden Haushalt sind keine Mittel dafür vorhanden.",
    "Die Aufgabe geht an die offene Versammlung zurück.",
)
