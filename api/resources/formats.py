"""One operation per file format: `GET <path>.<ext>` answers only that media type.

A resource that also has JSON keeps its content negotiation (`Accept`, a report's `format`),
but one OpenAPI operation with four media types gives a generated client one return type for
all of them (a CSV answer read as JSON). So each other format gets an address and an
operation of its own (`get_funding_report_csv`), documented as bytes of that media type
(OpenAPI 3.1: `contentMediaType`, no JSON type; text formats say their charset in the
Content-Type, UTF-8).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import Schema

from api.resources.common import Blueprint, described

# extension -> media type
CSV, HTML, PDF = "text/csv", "text/html", "application/pdf"
MARKDOWN, GRAPHML, PEM = "text/markdown", "application/graphml+xml", "application/x-pem-file"
EXTENSIONS = {CSV: "csv", HTML: "html", PDF: "pdf", MARKDOWN: "md", GRAPHML: "graphml",
              PEM: "pem"}
LABELS = {CSV: "CSV", HTML: "HTML", PDF: "PDF", MARKDOWN: "Markdown", GRAPHML: "GraphML",
          PEM: "PEM"}


def body_schema(media: str, description: str = "") -> dict[str, Any]:
    """A file's bytes: a generated client hands them over as they came."""
    schema: dict[str, Any] = {"format": "binary", "contentMediaType": media}
    if description:
        schema["description"] = description
    return schema


def add_format_routes(blp: Blueprint, rule: str, name: str, formats: dict[str, str],
                      answer: Callable[..., Any], *, query: type[Schema] | None = None,
                      summary: str, doc: dict[str, Any] | None = None,
                      guard: Callable[[Any], Any] | None = None) -> None:
    """`GET rule.<ext>` for each `formats` {media type: description}; `answer(media, query,
    **path)` makes the answer; `guard` wraps the view outside the query's parsing (a role
    check). The operation is `<name>_<ext>`."""
    for media, description in formats.items():
        ext = EXTENSIONS[media]

        def view(*args: Any, _media: str = media, **kwargs: Any) -> Any:
            return answer(_media, args[0] if args else {}, **kwargs)

        view.__name__ = f"{name}_{ext}"
        view = described(f"{summary} ({LABELS[media]})")(view)
        view = blp.doc(**{**(doc or {}), "operationId": f"{name}_{ext}", "responses": {
            200: {"content": {media: {"schema": body_schema(media, description)}}}}})(view)
        view = blp.response(200, description=f"The {LABELS[media]} file")(view)
        if query is not None:
            view = blp.arguments(query, location="query")(view)
        if guard is not None:
            view = guard(view)
        blp.route(f"{rule}.{ext}", endpoint=f"{name}_{ext}", methods=["GET"])(view)
