"""What the HTML and PDF renderers share: the report arranged as title, sections, metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass
class Head:
    position: int | None = None
    hash: str | None = None


def head_of(head: Any) -> Head:
    """The ledger head in any of the forms callers have: None, a hex string,
    `ledger.integrity.head(app)`'s `(position, hash)` or a mapping with `hash`/`position`."""
    if head is None:
        return Head()
    if isinstance(head, Head):
        return head
    if isinstance(head, str):
        return Head(None, head)
    if isinstance(head, dict):
        position = head.get("position")
        return Head(None if position is None else int(position),
                    head.get("hash") or head.get("head") or head.get("digest"))
    if isinstance(head, (tuple, list)) and len(head) == 2:
        return Head(int(head[0]), str(head[1]))
    raise TypeError(f"cannot read a ledger head from {head!r}")


def current_head(app: Any) -> Head:
    """The head of `app`'s log via `ledger.integrity.head`, or an empty Head without it."""
    try:
        from ledger.integrity import head
    except ImportError:  # pragma: no cover - integrity lands separately
        return Head()
    return head_of(head(app))


def kind_of(report: dict[str, Any]) -> str:
    if "fundings" in report and "funder" in report:
        return "funding"
    if "process" in report:
        return "accountability"
    raise ValueError("not a funding or accountability report")


@dataclass
class Section:
    """One process's part of a report (one per funding in a funding report)."""

    anchor: str
    title: str
    figures: dict[str, Any]
    funding: dict[str, Any] | None = None       # the funding this section is about
    fundings: list[dict] = field(default_factory=list)  # accountability: the process's fundings


@dataclass
class View:
    kind: str
    report: dict[str, Any]
    sections: list[Section]
    head: Head
    generated_at: datetime


def view_of(report: dict[str, Any], head: Any, generated_at: datetime | None) -> View:
    kind = kind_of(report)
    if kind == "funding":
        sections = [
            Section(f"funding-{i}", f["process"]["title"] or f["process"]["id"], f, funding=f)
            for i, f in enumerate(report["fundings"], start=1)
        ]
    else:
        sections = [Section("process", report["process"]["title"] or report["process"]["id"],
                            report, fundings=report.get("fundings", []))]
    moment = generated_at or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return View(kind, report, sections, head_of(head), moment)
