"""Numbers, money and days as a German or an English reader writes them: one place for the
reports, the timeline's sentences and anything else the read side puts into words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

LANGS = ("de", "en")
DASH = "–"


def day(value: Any, lang: str) -> str:
    """`2024-03-14` -> `14.03.2024` (de) or `2024-03-14` (en); a dash for nothing."""
    if value in (None, ""):
        return DASH
    d = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return d.strftime("%d.%m.%Y") if lang == "de" else d.isoformat()


def number(value: Any, lang: str) -> str:
    """`15000` -> `15.000` (de) or `15,000` (en)."""
    if value is None:
        return DASH
    text = f"{int(value):,}"
    return text.replace(",", ".") if lang == "de" else text


def quantity(value: Any, lang: str) -> str:
    """A decimal count without trailing zeros: `1250.50` -> `1.250,5` (de), `1,250.5` (en)."""
    if value in (None, ""):
        return DASH
    d = Decimal(str(value))
    whole = int(abs(d))
    part = str(abs(d) - whole).partition(".")[2].rstrip("0")
    text = ("-" if d < 0 else "") + number(whole, lang)
    return text + (("," if lang == "de" else ".") + part if part else "")


def money(amount: Any, currency: str, lang: str) -> str:
    """A decimal amount: `15.000,00 EUR` (de) or `15,000.00 EUR` (en)."""
    if amount is None:
        return DASH
    text = f"{Decimal(str(amount)):,.2f}"
    if lang == "de":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return f"{text} {currency or ''}".strip()
