"""The pages' words: German by default, English by the switch (cookie `kl_lang`).

A missing key shows as the key itself, so a test can find it; domain reasons the catalogue
does not know are shown in English, marked `lang="en"` for screen readers.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from web.words import REASONS as _MORE_REASONS
from web.words import WORDS as _WORDS

LANGS = ("de", "en")


def parse_day(value: str) -> date:
    """A typed day: ISO (2024-04-20, what a date picker sends) or German (20.04.2024, as typed
    where no picker helps); ValueError otherwise."""
    if "." in value:
        d, m, y = value.split(".")
        if len(y) != 4:
            raise ValueError(f"not a day: {value!r}")
        return date(int(y), int(m), int(d))
    return date.fromisoformat(value)


class Words:
    """`t("key", **values)`, `t.date(...)`, `t.money(...)` in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGS else "de"
        self._i = LANGS.index(self.lang)

    def __call__(self, key: str, **values: Any) -> str:
        pair = _WORDS.get(key)
        if pair is None:
            return key
        return pair[self._i].format(**values) if values else pair[self._i]

    def has(self, key: str) -> bool:
        return key in _WORDS

    def value(self, prefix: str, code: Any) -> str:
        """A code in words (`format`, `open_assembly` -> Offene Versammlung)."""
        key = f"{prefix}_{code}"
        return self(key) if key in _WORDS else str(code)

    def date(self, value: Any) -> str:
        if value in (None, ""):
            return self("dash")
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        return day.strftime("%d.%m.%Y") if self.lang == "de" else day.isoformat()

    def moment(self, value: Any, *, seconds: bool = True) -> str:
        """A moment in UTC (as the ledger keeps it), to the second or the minute; an ISO
        string is read first."""
        if value in (None, ""):
            return self("dash")
        at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        at = at.astimezone(UTC) if at.tzinfo else at
        day = self.date(at.date())
        clock = f"{at:%H:%M:%S}" if seconds else f"{at:%H:%M}"
        return f"{day}, {clock} UTC" if self.lang == "de" else f"{day} {clock} UTC"

    def iso(self, value: Any) -> str:
        """What a date input shows: a typed day as ISO (a browser drops any other form)."""
        try:
            return parse_day(str(value).strip()).isoformat()
        except ValueError:
            return "" if value is None else str(value)

    def number(self, value: Any) -> str:
        if value is None:
            return self("dash")
        text = f"{int(value):,}"
        return text.replace(",", ".") if self.lang == "de" else text

    def decimal(self, value: Any, places: int = 2) -> str:
        text = f"{float(value):.{places}f}"
        return text.replace(".", ",") if self.lang == "de" else text

    def quantity(self, value: Any) -> str:
        """A measured value without trailing zeros: 12,5 (de), 12.5 (en)."""
        from queries.formats import quantity

        return quantity(value, self.lang)

    def money(self, amount: Any, currency: str = "") -> str:
        text = f"{Decimal(str(amount)):,.2f}"
        if self.lang == "de":
            text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
        return f"{text} {currency}".strip()

    def reason(self, detail: str) -> tuple[str, bool]:
        """A domain reason in this language: (text, translated?)."""
        if self.lang == "en":
            return detail, True
        for pattern, german in _REASONS + _MORE_REASONS:
            found = pattern.match(detail)
            if found:
                return german(found, self), True
        return detail, False


_BEFORE_WHAT = {
    "the process's start": "dem Beginn des Prozesses",
    "the charter's establishment": "der Gründung der Charta",
    "the proposal's submission": "der Einreichung des Antrags",
    "the amendment's submission": "der Einreichung des Änderungsantrags",
    "the gathering": "der Versammlung",
    "the vote's opening": "der Eröffnung der Abstimmung",
    "the commitment was made": "der Zusage",
    "the day it was made": "dem Tag der Zusage",
    "the grant": "der Bewilligung",
    "the period's start": "dem Beginn des Förderzeitraums",
    "the cooperation's start": "dem Beginn der Kooperation",
}

_REASONS = [
    (re.compile(r"\w+ (\d{4}-\d\d-\d\d) is before (.+) \((\d{4}-\d\d-\d\d)\)$"),
     lambda m, t: f"Der {t.date(m[1])} liegt vor "
                  f"{_BEFORE_WHAT.get(m[2], 'einem früheren Ereignis')} ({t.date(m[3])})."),
    (re.compile(r"\w+ (\d{4}-\d\d-\d\d) is after the process concluded \((\d{4}-\d\d-\d\d)\)$"),
     lambda m, t: f"Der {t.date(m[1])} liegt nach dem Abschluss des Prozesses "
                  f"({t.date(m[2])})."),
    (re.compile(r"\w+ must not be empty$"), lambda m, t: "Bitte ausfüllen."),
    (re.compile(r"the process has been concluded$"),
     lambda m, t: "Der Prozess ist abgeschlossen."),
    (re.compile(r"at least one author is needed$"),
     lambda m, t: "Mindestens eine Person oder Gruppe muss den Antrag einbringen."),
    (re.compile(r"to (replace|repeal) a clause, name its clause_id$"),
     lambda m, t: "Bitte wählen Sie den Abschnitt, der geändert werden soll."),
    (re.compile(r"a clause change needs a charter_id$"),
     lambda m, t: "Bitte wählen Sie die Charta, die geändert werden soll."),
]
