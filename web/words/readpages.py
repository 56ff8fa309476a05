"""The words of the reading pages: charter as recorded and its redline, network, commitments
board, reports, integrity. Each entry is (German, English)."""

WORDS: dict[str, tuple[str, str]] = {
    # navigation and filters
    "network": ("Netzwerk", "Network"),
    "board": ("Selbstverpflichtungen", "Commitments"),
    "reports": ("Berichte", "Reports"),
    "integrity": ("Integrität", "Integrity"),
    "all_processes": ("alle Prozesse", "all processes"),
    "all_actors": ("alle", "everyone"),
    "all_statuses": ("jeder Stand", "any status"),
    "filter_errors": ("Bitte prüfen Sie die markierten Angaben.",
                      "Please check the marked fields."),
    "err_moment": ("Bitte einen Zeitpunkt angeben (Datum und Uhrzeit).",
                   "Please give a moment (date and time)."),
    "err_period": ("Das Ende liegt vor dem Anfang.", "The end lies before the start."),
    "err_value": ("Dieser Wert passt nicht.", "This value does not fit."),
    "err_download": ("Diese Auswahl kann nicht heruntergeladen werden. Bitte wählen Sie auf "
                     "der Seite neu.", "This choice cannot be downloaded. Please choose again "
                                       "on the page."),
    "since_day": ("seit {day}", "since {day}"),
    "late": ("verspätet", "late"),
    "more_of_process": ("Mehr zu diesem Prozess", "More on this process"),
    "network_of_process": ("Sein Netzwerk", "Its network"),
    "board_of_process": ("Seine Selbstverpflichtungen", "Its commitments"),
    "report_of_process": ("Sein Rechenschaftsbericht", "Its accountability report"),
    # charter
    "charter_which": ("Welche Fassung", "Which version"),
    "charter_as_of": ("Wie aufgezeichnet bis (UTC, freiwillig)",
                      "As recorded by (UTC, optional)"),
    "charter_as_of_help": ("Zeigt, was das Register zu diesem Zeitpunkt wusste; später "
                           "nachgetragene Beschlüsse fehlen dann.",
                           "Shows what the ledger knew at that moment; decisions recorded "
                           "later are left out."),
    "as_recorded_at": ("wie aufgezeichnet bis {moment}", "as recorded by {moment}"),
    "charter_unrecorded": ("Zu diesem Zeitpunkt war die Charta noch nicht aufgezeichnet.",
                           "At that moment the charter had not been recorded yet."),
    "charter_diff_link": ("Änderungen zwischen zwei Tagen", "Changes between two days"),
    "charter_text_link": ("Text an einem Tag", "Text on a day"),
    "charter_markdown": ("Text vom {day} als Markdown herunterladen",
                         "Download the text of {day} as Markdown"),
    "what_changed": ("was sich änderte", "what changed"),
    "diff_title": ("Änderungen", "Changes"),
    "diff_days": ("Zwischen welchen Tagen", "Between which days"),
    "diff_from": ("Von", "From"),
    "diff_to": ("Bis", "To"),
    "diff_between": ("Geändert zwischen dem {a} und dem {b}", "Changed between {a} and {b}"),
    "diff_legend": ("Gestrichene Wörter sind durchgestrichen, neue unterstrichen:",
                    "Removed words are struck through, new ones underlined:"),
    "diff_removed_sample": ("gestrichen", "removed"),
    "diff_added_sample": ("eingefügt", "inserted"),
    "diff_del": ("gestrichen", "removed"),
    "diff_ins": ("eingefügt", "inserted"),
    "diff_none": ("In dieser Zeit hat sich nichts geändert.", "Nothing changed in that time."),
    "change_added": ("hinzugefügt", "added"),
    "change_replaced": ("neu gefasst", "replaced"),
    "change_repealed": ("aufgehoben", "repealed"),
    # network
    "network_lead": ("Wer an einem Tag mit wem kooperiert, und wer getrennte Gruppen verbindet.",
                     "Who cooperates with whom on a day, and who bridges separate groups."),
    "network_on": ("Stand am", "On"),
    "network_graphml": ("Als GraphML herunterladen", "Download as GraphML"),
    "network_on_day": ("Am {day}: {actors} Akteur:innen, {links} Kooperationen",
                       "On {day}: {actors} actors, {links} cooperations"),
    "network_empty": ("An diesem Tag bestand keine Kooperation.",
                      "No cooperation was in effect that day."),
    "network_desc": ("Punkte sind Akteur:innen, Linien ihre Kooperationen; die Tabelle darunter "
                     "nennt alle.", "Dots are actors, lines their cooperations; the table below "
                                    "lists them all."),
    "bridging_are": ("Verbindend:", "Bridging:"),
    "legend_bridge": ("Raute und ◆: verbindet getrennte Gruppen (Zwischenzentralität ab {value})",
                      "Diamond and ◆: bridges separate groups (betweenness from {value})"),
    "legend_actor": ("Kreis: Akteur:in (größer mit mehr Partner:innen)",
                     "Circle: actor (larger with more partners)"),
    "network_table": ("Akteur:innen und ihre Kooperationen", "Actors and their cooperations"),
    "network_table_caption": ("Verbindende zuerst, dann nach Zahl der Partner:innen",
                              "Bridging actors first, then by number of partners"),
    "bridging": ("Verbindend", "Bridging"),
    "bridging_yes": ("verbindet Gruppen", "bridges groups"),
    "betweenness": ("Zwischenzentralität", "Betweenness"),
    "cooperations_with": ("Kooperiert mit", "Cooperates with"),
    # commitments board
    "board_lead": ("Wer was bis wann zugesagt hat, und was daraus wurde.",
                   "Who promised what by when, and what came of it."),
    "board_on": ("Stand am", "On"),
    "board_on_day": ("Stand am {day}", "As of {day}"),
    "board_caption": ("Nach Fälligkeit geordnet", "By due date"),
    "board_empty": ("Keine Selbstverpflichtungen zu dieser Auswahl.",
                    "No commitments for this choice."),
    "overdue_count": ("{n} überfällig", "{n} overdue"),
    # reports
    "reports_lead": ("Rechenschafts- und Förderberichte für einen Zeitraum, als Web-Seite, PDF, "
                     "CSV oder JSON.", "Accountability and funding reports for a period, as a "
                                       "web page, PDF, CSV or JSON."),
    "report_which": ("Bericht über", "Report on"),
    "report_kind": ("Art des Berichts", "Kind of report"),
    "report_accountability": ("Rechenschaftsbericht eines Prozesses",
                              "Accountability report of a process"),
    "report_funding": ("Förderbericht eines Fördergebers", "Funding report of a funder"),
    "report_process": ("Prozess", "Process"),
    "report_process_help": ("Für den Rechenschaftsbericht.", "For the accountability report."),
    "report_funder": ("Fördergeber", "Funder"),
    "report_funder_help": ("Für den Förderbericht.", "For the funding report."),
    "report_proof-of-use": ("Verwendungsnachweis einer Förderung",
                            "Proof of use of a funding (Verwendungsnachweis)"),
    "report_funding_choice": ("Förderung", "Funding"),
    "report_funding_choice_help": ("Für den Verwendungsnachweis.", "For the proof of use."),
    "report_period": ("Zeitraum", "Period"),
    "report_show": ("Bericht zeigen", "Show the report"),
    "report_counted_at": ("gezählt bei Position {position}", "counted at position {position}"),
    "download_html": ("Als Web-Seite öffnen (HTML)", "Open as a web page (HTML)"),
    "download_pdf": ("PDF herunterladen", "Download PDF"),
    "download_csv": ("CSV herunterladen", "Download CSV"),
    "download_json": ("JSON herunterladen", "Download JSON"),
    # integrity
    "integrity_lead": ("Jedes Ereignis ist mit dem vorigen über eine Prüfsumme verkettet; so "
                       "lässt sich zeigen, dass nichts nachträglich geändert wurde.",
                       "Every event is chained to the one before by a hash, so anyone can "
                       "show that nothing was changed afterwards."),
    "integrity_head": ("Aktueller Stand der Kette", "Head of the chain"),
    "checkpoint": ("Signierter Prüfpunkt", "Signed checkpoint"),
    "checkpoint_text": ("Der Stand oben, mit dem Schlüssel dieses Kiezledgers signiert. "
                        "Bewahren Sie ihn auf, um später zu prüfen, dass bis hierher nichts "
                        "geändert wurde.", "The head above, signed with this Kiezledger's key. "
                                           "Keep it to check later that nothing up to here "
                                           "was changed."),
    "signed_at": ("Signiert am", "Signed at"),
    "signature": ("Signatur", "Signature"),
    "checkpoint_download": ("Prüfpunkt herunterladen (checkpoint.json)",
                            "Download the checkpoint (checkpoint.json)"),
    "public_key": ("Öffentlicher Schlüssel", "Public key"),
    "algorithm": ("Verfahren", "Algorithm"),
    "fingerprint": ("Fingerabdruck (SHA-256)", "Fingerprint (SHA-256)"),
    "fingerprint_help": ("Vergleichen Sie den Fingerabdruck auf einem zweiten Weg, etwa "
                         "telefonisch oder im Förderbescheid.",
                         "Compare the fingerprint by a second channel, e.g. by phone or in "
                         "the grant letter."),
    "key_download": ("Schlüssel herunterladen (kiezledger.pub.pem)",
                     "Download the key (kiezledger.pub.pem)"),
    "verify_now": ("Jetzt prüfen", "Verify now"),
    "verify_help": ("Berechnet die Kette aus allen gespeicherten Ereignissen neu und vergleicht "
                    "sie mit jedem ausgegebenen Prüfpunkt.",
                    "Recomputes the chain from every stored event and compares it with every "
                    "checkpoint handed out."),
    "verify_ok": ("In Ordnung: {n} Ereignisse geprüft, nichts wurde verändert.",
                  "Intact: {n} events checked, nothing was changed."),
    "verify_bad": ("Nicht in Ordnung ab Position {position}.",
                   "Not intact from position {position} on."),
    "verify_offline": ("Ohne Server prüfen", "Verify offline"),
    "offline_1": ("Laden Sie den Prüfpunkt und den Schlüssel oben herunter und heben Sie beide "
                  "auf (z. B. mit dem Bericht).",
                  "Download the checkpoint and the key above and keep both (e.g. with the "
                  "report)."),
    "offline_2": ("Lassen Sie sich später einen Export geben (kiezledger export --output "
                  "ledger.ndjson).", "Later, ask for an export (kiezledger export --output "
                                     "ledger.ndjson)."),
    "offline_3": ("Prüfen Sie ihn ohne Datenbank:", "Check it without any database:"),
    "offline_4": ("Ergebnis 0 heißt: der Export ist unversehrt und Ihr Prüfpunkt liegt auf "
                  "seiner Kette. Ergebnis 1 nennt die erste Position, die nicht stimmt.",
                  "Exit status 0 means the export is intact and your checkpoint lies on its "
                  "chain; status 1 names the first position that does not verify."),
}
