"""Impact indicators (Wirkungsindikatoren) of a process and their measurements.

A process declares, beside `open_assemblies_per_year`, indicators with a name, a unit and a
target per year (m² entsiegelt 40, trees given a tree-pit 10), each counting from a day.
Measurements are dated records with a value and a source (a gathering, an action or a
document); a wrong one is corrected by a new measurement that refers to it, never edited.
One aggregate per indicator, so that measuring never loads the process's history.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, TypedDict
from uuid import UUID

from eventsourcing.domain import event

from ledger.domain.base import (
    LedgerAggregate,
    OccurredOn,
    not_before,
    one_of,
    require,
    require_text,
)
from ledger.domain.processes import Gathering, Process
from ledger.errors import InvalidValue

SOURCE_KINDS = ("gathering", "action", "document")
MAX_VALUE = Decimal(10) ** 12


class Source(TypedDict, total=False):
    kind: str
    gathering_id: UUID | None
    document: str | None


class Measurement(TypedDict):
    measured_on: date
    value: Decimal
    source: Source
    corrects: str | None
    corrected_by: str | None


def amount_of(value: Any, field: str, *, positive: bool = False) -> Decimal:
    """A finite Decimal >= 0 (> 0 when `positive`), at most 2 places, below a trillion."""
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0 \
            or value >= MAX_VALUE:
        raise InvalidValue(f"{field} must be a decimal number >= 0", field=field)
    if positive and value == 0:
        raise InvalidValue(f"{field} must be more than 0", field=field)
    if value != value.quantize(Decimal("0.01")):
        raise InvalidValue(f"{field} has more than two decimal places", field=field)
    return value


class Indicator(LedgerAggregate):
    collection = "indicators"

    @event("Declared")
    def __init__(self, process_id: UUID, name: str, unit: str, target_per_year: Decimal,
                 counts_from: OccurredOn) -> None:
        self.process_id: UUID = process_id
        self.name = name
        self.unit = unit
        self.target_per_year = target_per_year
        self.counts_from = counts_from
        self.measurements: dict[str, Measurement] = {}

    @classmethod
    def declare(cls, *, process: Process, name: str, unit: str, target_per_year: Decimal,
                counts_from: date) -> Indicator:
        process.check_date(counts_from, "counts_from")
        process.check_running()
        return cls(process_id=process.id, name=require_text(name, "name"),
                   unit=require_text(unit, "unit"),
                   target_per_year=amount_of(target_per_year, "target_per_year",
                                             positive=True),
                   counts_from=counts_from)

    def measure(self, *, measurement_id: UUID, process: Process, measured_on: date,
                value: Decimal, source: dict[str, Any], gathering: Gathering | None = None,
                corrects: UUID | None = None) -> None:
        """`gathering`: the record `source["gathering_id"]` names (looked up by the caller)."""
        value = amount_of(value, "value")
        not_before(measured_on, self.counts_from, "the day the indicator counts from",
                   "measured_on")
        process.check_date(measured_on, "measured_on")
        checked = self._source(source, gathering)
        if corrects is not None:
            old = self.measurements.get(str(corrects))
            require(old is not None, f"this indicator has no measurement {corrects}",
                    field="corrects")
            assert old is not None
            require(old["corrected_by"] is None,
                    f"the measurement {corrects} has already been corrected", field="corrects")
        self._measure(measurement_id, measured_on, value, checked, corrects)

    def _source(self, source: dict[str, Any], gathering: Gathering | None) -> Source:
        kind = one_of((source or {}).get("kind"), SOURCE_KINDS, "source")
        if kind == "document":
            return Source(kind=kind, gathering_id=None,
                          document=require_text(source.get("document"), "source"))
        if gathering is None:
            raise InvalidValue(f"a source of kind {kind} names its gathering_id", field="source")
        require(gathering.process_id == self.process_id,
                "the gathering belongs to another process", field="source")
        if kind == "action":
            require(gathering.format == "action", "the gathering is not an action",
                    field="source")
        return Source(kind=kind, gathering_id=gathering.id, document=None)

    @event("Measured")
    def _measure(self, measurement_id: UUID, measured_on: OccurredOn, value: Decimal,
                 source: Source, corrects: UUID | None) -> None:
        key = str(measurement_id)
        found = dict(self.measurements)
        found[key] = Measurement(measured_on=measured_on, value=value, source=source,
                                 corrects=None if corrects is None else str(corrects),
                                 corrected_by=None)
        if corrects is not None:
            found[str(corrects)] = Measurement(**{**found[str(corrects)], "corrected_by": key})
        self.measurements = found

    def current(self) -> list[tuple[str, Measurement]]:
        """The measurements in force (none that a later one corrected), by day."""
        return sorted(((k, m) for k, m in self.measurements.items()
                       if m["corrected_by"] is None), key=lambda km: km[1]["measured_on"])
