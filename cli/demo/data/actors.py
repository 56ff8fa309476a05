"""About fifty actors: people, initiatives, associations, administration, politics, businesses,
schools and funders. Every person and organisation is invented."""

from cli.demo.data.places import REICH, SAMA
from cli.demo.records import Actor

ACTORS: tuple[Actor, ...] = (
    # persons, Reichenberger Kiez
    Actor(
        key="aylin", kind="person", name="Aylin Demir", kiez=REICH,
        contact="aylin.demir@example.org",
    ),
    Actor(
        key="jonas", kind="person", name="Jonas Albrecht", kiez=REICH,
        contact="jonas.albrecht@example.org",
    ),
    Actor(
        key="mareike", kind="person", name="Mareike Schuster", kiez=REICH,
        contact="mareike.schuster@example.org",
    ),
    Actor(
        key="tarek", kind="person", name="Tarek Haddad", kiez=REICH,
        contact="tarek.haddad@example.org",
    ),
    Actor(
        key="ines", kind="person", name="Ines Wolter", kiez=REICH,
        contact="ines.wolter@example.org",
    ),
    Actor(
        key="kofi", kind="person", name="Kofi Mensah", kiez=REICH,
        contact="kofi.mensah@example.org",
    ),
    Actor(
        key="hannelore", kind="person", name="Hannelore Brandt", kiez=REICH,
        contact="hannelore.brandt@example.org",
    ),
    Actor(
        key="luca", kind="person", name="Luca Romano", kiez=REICH,
        contact="luca.romano@example.org",
    ),
    Actor(
        key="sibel", kind="person", name="Sibel Kaya", kiez=REICH, contact="sibel.kaya@example.org",
    ),
    Actor(
        key="wiebke", kind="person", name="Wiebke Johannsen", kiez=REICH,
        contact="wiebke.johannsen@example.org",
    ),
    Actor(
        key="oskar", kind="person", name="Oskar Nowak", kiez=REICH,
        contact="oskar.nowak@example.org",
    ),
    # persons, Samariterkiez
    Actor(
        key="paula", kind="person", name="Paula Neumann", kiez=SAMA,
        contact="paula.neumann@example.org",
    ),
    Actor(
        key="dmitri", kind="person", name="Dmitri Sokolov", kiez=SAMA,
        contact="dmitri.sokolov@example.org",
    ),
    Actor(
        key="emine", kind="person", name="Emine Aksoy", kiez=SAMA,
        contact="emine.aksoy@example.org",
    ),
    Actor(
        key="ben", kind="person", name="Ben Hartmann", kiez=SAMA,
        contact="ben.hartmann@example.org",
    ),
    Actor(
        key="clara", kind="person", name="Clara Vogt", kiez=SAMA, contact="clara.vogt@example.org",
    ),
    Actor(
        key="yusuf", kind="person", name="Yusuf Öztürk", kiez=SAMA,
        contact="yusuf.oeztuerk@example.org",
    ),
    Actor(
        key="greta", kind="person", name="Greta Lindqvist", kiez=SAMA,
        contact="greta.lindqvist@example.org",
    ),
    Actor(
        key="noah", kind="person", name="Noah Brenner", kiez=SAMA,
        contact="noah.brenner@example.org",
    ),
    Actor(
        key="mina", kind="person", name="Mina Rahimi", kiez=SAMA, contact="mina.rahimi@example.org",
    ),
    Actor(
        key="jakob", kind="person", name="Jakob Wiesner", kiez=SAMA,
        contact="jakob.wiesner@example.org",
    ),
    # persons in the empowerment programme (district-wide)
    Actor(
        key="sabine", kind="person", name="Sabine Krüger", kiez=None,
        contact="sabine.krueger@example.org",
    ),
    Actor(
        key="renate", kind="person", name="Renate Pohl", kiez=None,
        contact="renate.pohl@example.org",
    ),
    Actor(
        key="amir", kind="person", name="Amir Saleh", kiez=None, contact="amir.saleh@example.org",
    ),
    Actor(
        key="thomas", kind="person", name="Thomas Lehmann", kiez=None,
        contact="thomas.lehmann@example.org",
    ),
    # initiatives
    Actor(
        key="reichenberger", kind="initiative", name="Reichenberger Kiez für alle", kiez=REICH,
        contact="reichenberger-kiez@example.org",
    ),
    Actor(
        key="baumscheiben", kind="initiative", name="Baumscheibenpat:innen Ohlauer Straße",
        kiez=REICH, contact="baumscheiben@example.org",
    ),
    Actor(
        key="mieter", kind="initiative", name="Mieter:inneninitiative Wiener Straße", kiez=REICH,
        contact="mieterini-wiener@example.org",
    ),
    Actor(
        key="samariter", kind="initiative", name="Samariterkiez gemeinsam", kiez=SAMA,
        contact="samariterkiez@example.org",
    ),
    Actor(
        key="lastenrad", kind="initiative", name="Lastenrad-Kollektiv Samariterkiez", kiez=SAMA,
        contact="lastenrad@example.org",
    ),
    Actor(
        key="hofgruen", kind="initiative", name="Hofgrün Friedrichshain", kiez=SAMA,
        contact="hofgruen@example.org",
    ),
    # associations
    Actor(
        key="kiezconnect", kind="association", name="KIEZconnect e. V.", kiez=None,
        contact="kontakt@example.org",
    ),
    Actor(
        key="nachbarschaftstreff", kind="association",
        name="Nachbarschaftstreff Lausitzer Platz e. V.", kiez=REICH,
        contact="treff-lausitzer@example.org",
    ),
    Actor(
        key="buergerenergie", kind="association", name="Bürgerenergie Friedrichshain eG", kiez=SAMA,
        contact="buergerenergie@example.org",
    ),
    # administration
    Actor(
        key="bezirksamt", kind="administration", name="Bezirksamt Friedrichshain-Kreuzberg",
        kiez=None, contact="buergerbeteiligung@example.org",
    ),
    Actor(
        key="sga", kind="administration",
        name="Bezirksamt Friedrichshain-Kreuzberg, Straßen- und Grünflächenamt", kiez=None,
        contact="sga@example.org",
    ),
    Actor(
        key="jobcenter", kind="administration", name="Jobcenter Friedrichshain-Kreuzberg",
        kiez=None, contact="jobcenter-empowerment@example.org",
    ),
    # politics
    Actor(
        key="bvv", kind="politics", name="Bezirksverordnetenversammlung Friedrichshain-Kreuzberg",
        kiez=None, contact="bvv-buero@example.org",
    ),
    Actor(
        key="wendel", kind="politics", name="Katrin Wendel (Bezirksverordnete)", kiez=None,
        contact="k.wendel@example.org",
    ),
    Actor(
        key="jansen", kind="politics", name="Dr. Malte Jansen (Mitglied des Abgeordnetenhauses)",
        kiez=None, contact="m.jansen@example.org",
    ),
    # businesses
    Actor(key="spaeti", kind="business", name="Späti Reichenberger Eck", kiez=REICH, contact=None),
    Actor(
        key="baeckerei", kind="business", name="Bäckerei Gündoğdu", kiez=REICH,
        contact="baeckerei-guendogdu@example.org",
    ),
    Actor(
        key="fahrradladen", kind="business", name="Fahrradladen Speiche & Nabe", kiez=REICH,
        contact="speiche-nabe@example.org",
    ),
    Actor(
        key="cafe", kind="business", name="Café Lausitz", kiez=REICH,
        contact="cafe-lausitz@example.org",
    ),
    Actor(
        key="buchladen", kind="business", name="Buchladen Samariterstraße", kiez=SAMA,
        contact="buchladen-sama@example.org",
    ),
    Actor(
        key="bioladen", kind="business", name="Bioladen Rigaer Ecke", kiez=SAMA,
        contact="bioladen-rigaer@example.org",
    ),
    # schools
    Actor(
        key="grundschule", kind="school", name="Grundschule an der Ohlauer Straße", kiez=REICH,
        contact="sekretariat-gs-ohlauer@example.org",
    ),
    Actor(
        key="gemeinschaftsschule", kind="school", name="Gemeinschaftsschule Samariterkiez",
        kiez=SAMA, contact="sekretariat-gms-samariter@example.org",
    ),
    Actor(
        key="vhs", kind="school", name="Volkshochschule Friedrichshain-Kreuzberg", kiez=None,
        contact="vhs-kurse@example.org",
    ),
    # funders
    Actor(
        key="stiftung", kind="funder", name="Stiftung Kiezzukunft", kiez=None,
        contact="foerderung@example.org",
    ),
    Actor(
        key="senat", kind="funder", name="Senatsverwaltung für Stadtentwicklung, Bauen und Wohnen",
        kiez=None, contact="quartiersfoerderung@example.org",
    ),
    # other
    Actor(
        key="kirche", kind="other", name="Evangelische Kirchengemeinde am Lausitzer Platz",
        kiez=REICH, contact="gemeindebuero-lausitzer@example.org",
    ),
)

PERSONS = {
    kiez: tuple(a.key for a in ACTORS if a.kind == "person" and a.kiez == kiez)
    for kiez in (REICH, SAMA)
}
ORGANISATIONS = ("reichenberger", "baumscheiben", "mieter", "samariter", "lastenrad", "hofgruen",
                 "kiezconnect", "nachbarschaftstreff", "buergerenergie")
