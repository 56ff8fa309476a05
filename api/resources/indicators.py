"""Impact indicators (Wirkungsindikatoren) of a process and their measurements."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from api import auth
from api.fields import DerivedList, IsoDate, Money, Text
from api.resources.common import (
    IDEMPOTENCY_DOC,
    Blueprint,
    ResourceOut,
    add_action,
    add_reads,
    ledger,
    write,
)
from ledger.domain.indicators import SOURCE_KINDS, Indicator

blp = Blueprint("indicators", __name__, url_prefix="/v1/indicators",
                description="A process's impact indicators, targets per year and measurements")


class Quantity(Money):
    """A decimal string (`"40"`, `"12.5"`), shown without trailing zeros."""

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        text = format(Decimal(value), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text


class IndicatorIn(Schema):
    process_id = fields.UUID(required=True)
    name = Text(required=True, validate=validate.Length(min=1, max=200),
                metadata={"example": "Entsiegelte Fläche"})
    unit = Text(required=True, validate=validate.Length(min=1, max=40),
                metadata={"example": "m²"})
    target_per_year = Quantity(required=True, metadata={"example": "40"})
    counts_from = IsoDate(required=True)


class SourceIn(Schema):
    kind = Text(required=True, validate=validate.OneOf(SOURCE_KINDS))
    gathering_id = fields.UUID(metadata={"description": "For a gathering or an action."})
    document = Text(validate=validate.Length(min=1, max=500),
                    metadata={"description": "For a document: its title or reference."})

    @validates_schema
    def names_its_source(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["kind"] == "document" and not data.get("document"):
            raise ValidationError("A document source names its document.", "document")
        if data["kind"] != "document" and not data.get("gathering_id"):
            raise ValidationError("A gathering or action source names its gathering_id.",
                                  "gathering_id")


class MeasurementIn(Schema):
    measured_on = IsoDate(required=True)
    value = Quantity(required=True, metadata={"example": "12.5"})
    source = fields.Nested(SourceIn, required=True)
    corrects = fields.UUID(metadata={"description": "The measurement this one corrects."})


class SourceOut(Schema):
    kind = fields.String()
    gathering_id = fields.UUID(allow_none=True)
    document = fields.String(allow_none=True)


class MeasurementOut(Schema):
    id = fields.String()
    measured_on = fields.Date()
    value = Quantity()
    source = fields.Nested(SourceOut)
    corrects = fields.String(allow_none=True)
    corrected_by = fields.String(allow_none=True)


def _measurements(indicator: Indicator) -> list[dict[str, Any]]:
    return [{"id": key, **m} for key, m in sorted(
        indicator.measurements.items(), key=lambda km: (km[1]["measured_on"], km[0]))]


class IndicatorOut(ResourceOut):
    process_id = fields.UUID(dump_only=True)
    name = fields.String(dump_only=True)
    unit = fields.String(dump_only=True)
    target_per_year = Quantity(dump_only=True)
    counts_from = fields.Date(dump_only=True)
    measurements = DerivedList(fields.Nested(MeasurementOut), _measurements)


@blp.route("", methods=["POST"])
@blp.arguments(IndicatorIn)
@blp.response(201, IndicatorOut)
@blp.doc(parameters=[IDEMPOTENCY_DOC])
def declare_indicator(body: dict[str, Any]) -> Any:
    """Declare an impact indicator of a process: name, unit, target per year, from a day"""
    auth.check_scope(body["process_id"], field="process_id")
    return write(ledger().declare_indicator, created=True, **body)


add_action(blp, Indicator, IndicatorOut, "measurements", MeasurementIn, "measure",
           "Record a measurement (or correct an earlier one by `corrects`)")

add_reads(blp, Indicator, IndicatorOut)
