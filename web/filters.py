"""A page's GET form read with the API's own query schema, so a page accepts exactly what the
API accepts; what it refuses comes back per field as a word key for the page to show there."""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields

from web.reads import IsoDate, Moment


def parsed(schema: type[Schema], args: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """(the query as the API reads it, {field as named in the form: word key}). An empty
    field means "not given", as a form sends an untouched date control."""
    raw = {key: value for key, value in args.items() if value != ""}
    try:
        return schema().load(raw, unknown=EXCLUDE), {}
    except ValidationError as exc:
        messages = exc.messages if isinstance(exc.messages, dict) else {}
        return {}, {name: _why(schema, name, raw) for name in messages}


def _why(schema: type[Schema], name: str, raw: dict[str, Any]) -> str:
    field = next((f for f in schema().fields.values() if (f.data_key or f.name) == name), None)
    if name not in raw:
        return "err_required"
    try:  # the value alone is fine: the fields disagree (a period in the wrong order)
        schema().load({name: raw[name]}, unknown=EXCLUDE, partial=True)
        return "err_period"
    except ValidationError:
        pass
    if isinstance(field, Moment):
        return "err_moment"
    if isinstance(field, IsoDate):
        return "err_date"
    if isinstance(field, fields.UUID | fields.String):
        return "err_choice"
    return "err_value"
