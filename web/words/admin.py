"""The admin pages' words: tokens (issue, list, revoke) and erasing a person.

Each entry is (German, English).
"""

WORDS: dict[str, tuple[str, str]] = {
    "admin_nav": ("Zugänge", "Access tokens"),
    "admin_only": ("Diese Seite ist der Verwaltung vorbehalten (Rolle Verwaltung).",
                   "This page is for administrators only."),
    "tok_title": ("Zugangsschlüssel", "Access tokens"),
    "tok_intro": ("Wer Kiezledger benutzt, meldet sich mit einem Zugangsschlüssel an (auch die "
                  "HTTP-Schnittstelle nimmt ihn an). Die Rolle legt fest, was er darf; ein "
                  "Bereich beschränkt ihn auf einzelne Prozesse.",
                  "Everyone who uses Kiezledger signs in with an access token (the HTTP API "
                  "takes it too). Its role says what it may do; a scope limits it to some "
                  "processes."),
    "tok_issue": ("Neuen Schlüssel ausstellen", "Issue a new token"),
    "tok_issue_button": ("Ausstellen", "Issue"),
    "tok_name_help": ("Für wen er ist, z. B. initiative-wrangelkiez: 1–100 Buchstaben, Ziffern "
                      "oder . _ @ : - (am Anfang ein Buchstabe oder eine Ziffer). Der Name "
                      "steht bei allem, was mit dem Schlüssel eingetragen wird, und bleibt "
                      "vergeben.",
                      "Who it is for, e.g. initiative-wrangelkiez: 1-100 letters, digits or "
                      ". _ @ : - (starting with a letter or digit). The name is shown with "
                      "everything recorded with the token and stays taken."),
    "tok_role_help": ("Verwaltung: alles; Redaktion: lesen und eintragen; Prüfung: nur lesen.",
                      "Administrator: everything; editor: read and record; auditor: read "
                      "only."),
    "tok_scope": ("Bereich", "Scope"),
    "tok_scope_help": ("Keinen Prozess wählen: der Schlüssel gilt für alle Prozesse.",
                       "Choose no process: the token covers every process."),
    "tok_expires_on": ("Läuft ab am", "Expires on"),
    "tok_expires_help": ("Ab diesem Tag (0 Uhr UTC) wird der Schlüssel nicht mehr "
                         "angenommen. Leer lassen: unbefristet.",
                         "From this day (0:00 UTC) the token is no longer accepted. Leave "
                         "empty: it does not expire."),
    "tok_err_name": ("Bitte 1–100 Buchstaben, Ziffern oder . _ @ : - angeben, am Anfang ein "
                     "Buchstabe oder eine Ziffer.",
                     "Please give 1-100 letters, digits or . _ @ : -, starting with a letter "
                     "or digit."),
    "tok_err_taken": ("Diesen Namen trägt schon ein Schlüssel (auch widerrufene behalten "
                      "ihren Namen). Bitte einen anderen wählen.",
                      "A token has this name already (revoked ones keep theirs too). Please "
                      "choose another."),
    "tok_err_future": ("Bitte einen Tag nach heute angeben (TT.MM.JJJJ oder JJJJ-MM-TT).",
                       "Please give a day after today (YYYY-MM-DD)."),
    "tok_new": ("Neuer Schlüssel für {name}", "New token for {name}"),
    "tok_new_label": ("Zugangsschlüssel", "Access token"),
    "tok_shown_once": ("Kopieren Sie ihn jetzt und geben Sie ihn sicher weiter: er wird nicht "
                       "wieder angezeigt, auch nicht auf dieser Seite. Kiezledger speichert "
                       "nur eine Prüfsumme davon.",
                       "Copy it now and pass it on safely: it will not be shown again, not "
                       "on this page either. Kiezledger keeps only a digest of it."),
    "tok_list": ("Alle Schlüssel", "All tokens"),
    "tok_list_caption": ("Alle ausgestellten Schlüssel, ohne die Schlüssel selbst",
                         "Every token issued, without the tokens themselves"),
    "tok_created": ("Ausgestellt", "Created"),
    "tok_expires": ("Läuft ab", "Expires"),
    "tok_revoked": ("Widerrufen", "Revoked"),
    "tok_never": ("nie", "never"),
    "tok_state": ("Stand", "State"),
    "tok_state_active": ("gültig", "active"),
    "tok_state_expired": ("abgelaufen", "expired"),
    "tok_state_revoked": ("widerrufen", "revoked"),
    "tok_actions": ("Aktion", "Action"),
    "tok_revoke": ("Widerrufen", "Revoke"),
    "tok_revoke_named": ("{name} widerrufen", "Revoke {name}"),
    "tok_yours": ("Ihr Zugang", "your token"),
    "tok_none": ("Noch keine Schlüssel.", "No tokens yet."),
    "tok_revoked_done": ("Der Schlüssel {name} ist widerrufen. Wer mit ihm angemeldet war, "
                         "wird bei der nächsten Seite abgemeldet.",
                         "The token {name} is revoked. Whoever was signed in with it is signed "
                         "out on their next page."),
    "tok_revoke_title": ("Schlüssel widerrufen", "Revoke a token"),
    "tok_revoke_text": ("Der Schlüssel {name} wird sofort ungültig: für die HTTP-Schnittstelle "
                        "und für jede Anmeldung im Browser. Das lässt sich nicht rückgängig "
                        "machen; der Name bleibt vergeben.",
                        "The token {name} stops working at once: for the HTTP API and for "
                        "every browser signed in with it. This cannot be undone; the name "
                        "stays taken."),
    "tok_revoke_own": ("Das ist der Schlüssel, mit dem Sie gerade angemeldet sind: danach "
                       "sind Sie abgemeldet.",
                       "This is the token you are signed in with: you will be signed out."),
    "tok_already_revoked": ("Dieser Schlüssel ist schon widerrufen.",
                            "This token is revoked already."),
    "cancel": ("Abbrechen", "Cancel"),
    "first_page": ("Erste Seite", "First page"),
    # erasing a person
    "erase_link": ("Personenbezogene Daten löschen", "Erase personal data"),
    "erase_title": ("Personenbezogene Daten löschen", "Erase personal data"),
    "erase_text_person": ("Sie löschen Name und Kontakt von {name}.",
                          "You are erasing the name and contact of {name}."),
    "erase_text_other": ("Sie löschen den Kontakt von {name}; der Name einer Organisation "
                         "bleibt.",
                         "You are erasing the contact of {name}; an organisation's name "
                         "stays."),
    "erase_consequences": ("Alle Einträge bleiben und die Prüfsummenkette bleibt gültig; an "
                           "ihrer Stelle steht dann „[gelöscht]“. Das lässt sich nicht "
                           "rückgängig machen (Recht auf Löschung, Art. 17 DSGVO).",
                           "Every record stays and the hash chain still verifies; \"[erased]\" "
                           "stands in their place. This cannot be undone (right to erasure, "
                           "GDPR Art. 17)."),
    "erase_reason": ("Grund", "Reason"),
    "erase_reason_help": ("Wird mit der Löschung aufgezeichnet, z. B. „Antrag nach Art. 17 "
                          "DSGVO vom 01.12.2026“. Bitte keine personenbezogenen Daten.",
                          "Recorded with the erasure, e.g. \"request under GDPR Art. 17 of "
                          "2026-12-01\". Please no personal data."),
    "erase_button": ("Endgültig löschen", "Erase for good"),
    "erase_done_already": ("Die personenbezogenen Daten sind schon gelöscht.",
                           "The personal data has been erased already."),
    "err_unstorable": ("Enthält ein Steuerzeichen, das nicht gespeichert werden kann "
                       "(erlaubt sind Tabulator und Zeilenumbruch).",
                       "Contains a control character that cannot be stored (tab and line "
                       "breaks are allowed)."),
    "f_erased_on": ("Gelöscht am", "Erased on"),
}
