"""The commitments board: every commitment the token may read as of a day, filtered by process,
actor and status, through the API's scoped board read; overdue ones stand out."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import render_template, request

from web import bp, words
from web.filters import parsed
from web.network_page import processes
from web.present import find, label
from web.reads import STATUSES, BoardQuery, scoped_board

PER_PAGE = 50


@bp.route("/commitments")
def board() -> Any:
    query, errors = parsed(BoardQuery, request.args)
    on = query.get("on") or date.today()
    items: list[dict[str, Any]] = []
    following = None
    actors: set[str] = set()
    if not errors:
        try:
            found = scoped_board({**query, "limit": PER_PAGE})
            items, following = found["items"], found["next"]
        except KeyError:  # an `after` that is not on this board
            errors = {"after": "err_value"}
        everyone = scoped_board({"process_id": query.get("process_id"), "on": on, "limit": 200})
        actors = {item["actor_id"] for item in everyone["items"]}
    chosen = request.args.get("actor_id", "")
    if chosen and not errors:
        actors.add(chosen)
    actor_choices = sorted(((a, label("actors", find("actors", a))) for a in actors),
                           key=lambda pair: pair[1].casefold())
    next_args = {k: v for k, v in request.args.items() if v and k != "after"}
    page = render_template(
        "board.html", args=request.args, errors=errors, on=on, items=items,
        following=following, next_args=next_args,
        statuses=[(s, words()(f"status_{s}")) for s in STATUSES],
        processes=[(str(p.id), p.title) for p in processes()], actors=actor_choices,
    )
    return (page, 400) if errors else page
