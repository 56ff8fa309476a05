"""A charter's changes between two days as a redline, and its text on a day as Markdown."""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Any
from uuid import UUID

from flask import Response, render_template, request

from web import bp, error_page, words
from web.filters import parsed
from web.reads import (
    Charter,
    DiffQuery,
    NotFound,
    TextQuery,
    charter_diff,
    charter_markdown,
    charter_text,
    services,
    slug,
    visible,
)

_TOKENS = re.compile(r"\s+|[^\s]+")


def redline(before: str | None, after: str | None) -> list[tuple[str, str]]:
    """The words of `before` and `after` as (kind, text) runs, kind `same`, `del` or `ins`."""
    old, new = _TOKENS.findall(before or ""), _TOKENS.findall(after or "")
    runs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("del", "".join(old[i1:i2])))
        if i2 > i1 and j2 > j1:
            runs.append(("same", " "))  # struck and new words apart, also when read out
        if j2 > j1:
            runs.append(("ins", "".join(new[j1:j2])))
    return runs


@bp.route("/charters/<uuid:id>/diff", endpoint="charter_diff")
def diff_page(id: UUID) -> Any:
    record = visible(Charter, id)
    args = request.args.to_dict()
    args.setdefault("from", record.established_on.isoformat())
    args.setdefault("to", date.today().isoformat())
    query, errors = parsed(DiffQuery, args)
    changes = []
    if not errors:
        services.current().refresh()
        diff = charter_diff(services.read_db(), id, query["from_"], query["to"]) or {}
        changes = [{**c, "runs": redline(c["before"], c["after"])}
                   for c in diff.get("changes", [])]
    page = render_template("charter_diff.html", charter=record, args=args, errors=errors,
                           changes=changes)
    return (page, 400) if errors else page


@bp.route("/charters/<uuid:id>/markdown", endpoint="charter_markdown")
def markdown_download(id: UUID) -> Any:
    record = visible(Charter, id)
    query, errors = parsed(TextQuery, request.args)
    if errors:
        return error_page(400, words()("bad_request"), words()("err_download"))
    on = query.get("on") or date.today()
    services.current().refresh()
    text = charter_text(services.read_db(), id, on=on, as_of=query.get("as_of"))
    if text is None:  # not recorded yet at `as_of`
        raise NotFound(f"no charter with id {id}")
    response = Response(charter_markdown(text, record.title),
                        content_type="text/markdown; charset=utf-8")
    response.headers.set("Content-Disposition", "attachment",
                         filename=f"{slug(record.title) or 'charta'}_{on.isoformat()}.md")
    return response
