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

# `...T10:00:00 02:00`: a `+` offset that arrived as a space.
_SPACED_OFFSET = re.compile(r"(T[\d:.]+) (\d{2}(?::?\d{2})?)$")

MAX_COUNT = 10**9  # attendance, tallies, goals: anything beyond is a typo


def check_storable(value: str) -> str:
    if _UNSTORABLE.search(value):
        raise ValidationError("Contains a character that cannot be stored "
                              "(NUL or a lone surrogate).")
    return value


class Text(fields.String):
    """A string without NUL or lone surrogates."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        return check_storable(super()._deserialize(value, attr, data, **kwargs))


class IsoDate(fields.Date):
    """Exactly `YYYY-MM-DD` (no week dates, no basic format)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> date:
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            raise ValidationError("Not a valid date: use YYYY-MM-DD.")
        return super()._deserialize(value, attr, data, **kwargs)


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
        return super()._deserialize(value, attr, data, **kwargs)


class DerivedList(fields.List):
    """A list computed from the object being dumped (documented as a list of `inner`)."""

    def __init__(self, inner: fields.Field, compute: Any, **kwargs: Any) -> None:
        super().__init__(inner, dump_only=True, **kwargs)
        self.compute = compute

    def get_value(self, obj: Any, attr: Any, accessor: Any = None, default: Any = None) -> Any:
        return self.compute(obj)
