"""Marshmallow fields for the edge: strict dates, money as decimal strings, safe text."""

from __future__ import annotations

import re
from datetime import UTC, date
from decimal import Decimal, InvalidOperation
from typing import Any

from marshmallow import ValidationError, fields, validate

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DECIMAL = re.compile(r"-?\d{1,15}(\.\d{1,15})?")
# Characters that cannot be stored everywhere (NUL in PostgreSQL text, lone surrogates in UTF-8).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Control characters: invisible, they break XML exports (GraphML) and terminals. Tab and line
# breaks are text.
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# `...T10:00:00 02:00`: a `+` offset that arrived as a space.
_SPACED_OFFSET = re.compile(r"(T[\d:.]+) (\d{2}(?::?\d{2})?)$")

MAX_COUNT = 10**9  # attendance, tallies, goals: anything beyond is a typo
# Dates and moments the ledger takes: wide enough for any neighbourhood's history and plans,
# narrow enough that no date arithmetic, time zone or chart overflows (year 1 or 9999 did).
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
DATE_RANGE = f"between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}"


def check_in_range(day: date) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(f"Must lie {DATE_RANGE}.")


def check_storable(value: str) -> str:
    if _UNSTORABLE.search(value):
        raise ValidationError("Contains a character that cannot be stored "
                              "(NUL or a lone surrogate).")
    return value


class Text(fields.String):
    """A string without NUL, lone surrogates or control characters (tab and line breaks
    allowed)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = check_storable(super()._deserialize(value, attr, data, **kwargs))
        found = _CONTROL.search(text)
        if found:
            raise ValidationError(f"Contains the control character U+{ord(found.group()):04X}; "
                                  "only tab and line breaks are allowed.")
        return text


class IsoDate(fields.Date):
    """Exactly `YYYY-MM-DD` (no week dates, no basic format)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> date:
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            raise ValidationError("Not a valid date: use YYYY-MM-DD.")
        day = super()._deserialize(value, attr, data, **kwargs)
        check_in_range(day)
        return day


class Money(fields.Field):
    """A decimal string such as "90000.00"; JSON numbers are refused (floats lose cents)."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"type": "string", "pattern": _DECIMAL.pattern, "example": "90000.00"}
        super().__init__(metadata={**metadata, **kwargs.pop("metadata", {})}, **kwargs)

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        return str(Decimal(value).quantize(Decimal("0.01")))

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Decimal:
        if not isinstance(value, str) or not _DECIMAL.fullmatch(value):
            raise ValidationError('Not a decimal string: send money as e.g. "90000.00".')
        try:
            return Decimal(value)
        except InvalidOperation as exc:  # pragma: no cover - the pattern already rules it out
            raise ValidationError("Not a decimal string.") from exc


def Count(**kwargs: Any) -> fields.Integer:
    """A whole number >= 0 sent as a JSON integer (not "3", not 3.0, not true)."""
    return fields.Integer(strict=True, validate=validate.Range(min=0, max=MAX_COUNT), **kwargs)


class Moment(fields.AwareDateTime):
    """An ISO 8601 date-time; naive means UTC. A `+` sent unencoded in a query string
    arrives as a space and is read back as `+`."""

    def __init__(self, **kwargs: Any) -> None:

        super().__init__(default_timezone=UTC, **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            value = _SPACED_OFFSET.sub(r"\1+\2", check_storable(value.strip()))
        moment = super()._deserialize(value, attr, data, **kwargs)
        check_in_range(moment.date())  # before anything converts it to UTC
        return moment


class DerivedList(fields.List):
    """A list computed from the object being dumped (documented as a list of `inner`)."""

    def __init__(self, inner: fields.Field, compute: Any, **kwargs: Any) -> None:
        super().__init__(inner, dump_only=True, **kwargs)
        self.compute = compute

    def get_value(self, obj: Any, attr: Any, accessor: Any = None, default: Any = None) -> Any:
        return self.compute(obj)


class PlainList(DerivedList):
    """A DerivedList whose `compute` answers JSON values already, in the form `inner`
    documents: dumped as they are, not item by item (a vote's thousands of ballots)."""

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> Any:
        return value
