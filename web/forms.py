"""Recording forms: the same ledger commands as the API, through its `write` helper.

A refused record shows the domain's reason at its field, keeps what was typed and stores
nothing. Each form carries a one-time key checked through the API's idempotency store, so a
form sent twice stores once; the second send is answered like the first.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from flask import g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from web import bp
from web.i18n import parse_day
from web.present import label
from web.reads import (
    CLAUSE_ACTIONS,
    GATHERING_FORMATS,
    Actor,
    Charter,
    Claimed,
    IdempotentRequest,
    InFlight,
    LedgerError,
    Mismatch,
    Process,
    Replay,
    StaleVersion,
    auth,
    ledger,
    page,
    services,
    visible,
    write,
)

MAX_TEXT = 100_000


class Form:
    """What was typed, and the messages per field ("" for the whole form)."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.errors: dict[str, str] = {}
        self.values: dict[str, Any] = {}

    def _raw(self, name: str) -> str:
        return (self.data.get(name) or "").strip()

    def text(self, name: str, *, required: bool = True, limit: int = 500) -> str | None:
        value = self._raw(name)
        if required and not value:
            self.errors[name] = g.words("err_required")
        elif len(value) > limit:
            self.errors[name] = g.words("err_too_long")
        return value or None

    def day(self, name: str, *, required: bool = True) -> date | None:
        value = self._raw(name)
        if not value:
            if required:
                self.errors[name] = g.words("err_required")
            return None
        try:
            return parse_day(value)  # ISO or 20.04.2024
        except ValueError:
            self.errors[name] = g.words("err_date")
            return None

    def count(self, name: str) -> int | None:
        value = self._raw(name)
        if not value:
            return None
        if not value.isdigit() or len(value) > 9:
            self.errors[name] = g.words("err_number")
            return None
        return int(value)

    def choice(self, name: str, options: tuple[str, ...], *, required: bool = True) -> str | None:
        value = self._raw(name)
        if not value and not required:
            return None
        if value not in options:
            self.errors[name] = g.words("err_required" if not value else "err_choice")
            return None
        return value

    def ids(self, name: str, *, required: bool = True) -> list[UUID]:
        raw = [v for v in self.data.getlist(name) if v]
        try:
            found = [UUID(v) for v in raw]
        except ValueError:
            self.errors[name] = g.words("err_choice")
            return []
        if required and not found:
            self.errors[name] = g.words("err_required")
        return found

    def one_id(self, name: str) -> UUID | None:
        found = self.ids(name, required=False)
        return found[0] if found else None

    def refuse(self, exc: LedgerError, fields: set[str]) -> None:
        text, translated = g.words.reason(exc.detail)
        if isinstance(exc, StaleVersion):
            text, translated = g.words("err_stale", version=exc.detail), True
        where = exc.field if exc.field in fields else ""
        self.errors[where] = text
        self.values["_untranslated"] = not translated


def _form_key() -> str:
    return uuid.uuid4().hex


def _idempotent_request(form_key: str) -> IdempotentRequest:
    """The send of one form: its key, and a digest of what was typed (not the CSRF token)."""
    typed = sorted((k, v) for k in request.form for v in request.form.getlist(k)
                   if k not in ("csrf_token", "form_key"))
    body = repr(typed).encode("utf-8", "surrogatepass")
    return IdempotentRequest(auth.principal().name, f"web-form:{form_key}", "POST", request.path,
                             hashlib.sha256(body).hexdigest())


def recorded(form: Form, fields: set[str], command: Callable[..., Any], body: dict[str, Any],
             **kwargs: Any) -> Response | None:
    """Run the command once per form key; None when it was refused (see form.errors)."""
    key = request.form.get("form_key", "")
    if not (0 < len(key) <= 64 and key.isalnum()):
        key = _form_key()
    req = _idempotent_request(key)
    store = services.current().idempotency
    try:
        outcome = store.begin(req)
    except Mismatch:
        form.errors[""] = g.words("err_sent_before")
        form.values["form_key"] = _form_key()
        return None
    except InFlight:
        form.errors[""] = g.words("err_in_flight")
        return None
    if isinstance(outcome, Replay):
        return outcome.response
    assert isinstance(outcome, Claimed)
    try:
        record, _, _ = write(command, created=True, **body, **kwargs)
    except LedgerError as exc:
        store.release(req)  # nothing was stored: the same form may be sent again, corrected
        form.refuse(exc, fields)
        return None
    except BaseException:
        store.release(req)
        raise
    target = f"{url_for('web.record', kind=record.collection, id=record.id)}?saved=1"
    response = redirect(target, code=303)
    store.finish(req, response)
    return response


def _editable_process(id: UUID) -> Process:
    process = visible(Process, id)  # unknown or out of scope: 404
    auth.require_role("admin", "editor")
    return process


def _render(template: str, process: Process, form: Form | None, **extra: Any) -> Any:
    values = dict(form.data.items()) if form else {}
    values.update(form.values if form else {})
    values.setdefault("form_key", request.form.get("form_key") or _form_key())
    errors = form.errors if form else {}
    status = 422 if errors else 200
    return render_template(template, process=process, values=values, errors=errors,
                           untranslated=values.get("_untranslated", False), **extra), status


# --- gathering ---------------------------------------------------------------------------------

GATHERING_FIELDS = {"format", "title", "held_on", "place", "attendance"}


@bp.route("/processes/<uuid:id>/gatherings/new", methods=["GET", "POST"])
def new_gathering(id: UUID) -> Any:
    process = _editable_process(id)
    extra = {"formats": GATHERING_FORMATS}
    if request.method == "GET":
        return _render("gathering_form.html", process, None, **extra)
    form = Form(request.form)
    body = {
        "process_id": process.id,
        "format": form.choice("format", GATHERING_FORMATS),
        "title": form.text("title"),
        "held_on": form.day("held_on"),
        "place": form.text("place", required=False),
        "attendance": form.count("attendance"),
    }
    if not form.errors:
        done = recorded(form, GATHERING_FIELDS, ledger().record_gathering, body)
        if done is not None:
            return done
    return _render("gathering_form.html", process, form, **extra)


# --- proposal ----------------------------------------------------------------------------------

PROPOSAL_FIELDS = {"title", "text", "author_ids", "submitted_on", "charter_id", "clause"}


def _proposal_choices(process: Process) -> dict[str, Any]:
    actors = sorted(page(Actor, {"limit": 200})["items"], key=lambda a: label("actors", a))
    charters = page(Charter, {"limit": 200, "process_id": process.id})["items"]
    return {"actors": [(a.id, label("actors", a)) for a in actors], "charters": charters,
            "actions": CLAUSE_ACTIONS}


@bp.route("/processes/<uuid:id>/proposals/new", methods=["GET", "POST"])
def new_proposal(id: UUID) -> Any:
    process = _editable_process(id)
    extra = _proposal_choices(process)
    if request.method == "GET":
        return _render("proposal_form.html", process, None, **extra)
    form = Form(request.form)
    action = form.choice("action", CLAUSE_ACTIONS, required=False)
    body = {
        "process_id": process.id,
        "title": form.text("title"),
        "text": form.text("text", limit=MAX_TEXT),
        "author_ids": form.ids("author_ids"),
        "submitted_on": form.day("submitted_on"),
        "charter_id": form.one_id("charter_id"),
        "clause": None if action is None else {
            "action": action, "clause_id": form.one_id("clause_id"),
            "heading": form.text("heading", required=False)},
    }
    if not form.errors:
        done = recorded(form, PROPOSAL_FIELDS, ledger().submit_proposal, body)
        if done is not None:
            return done
    return _render("proposal_form.html", process, form, **extra)

