"""Administering, for admins: tokens (issue, shown once; list; revoke) and erasing a person.

Every action goes through the API's own functions (`api.resources.tokens.issue`, `listed`,
`revoke`; `api.resources.actors.erase`), which check the admin role themselves: a page
cannot do more than the API allows, and not differently.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any
from uuid import UUID

from flask import g, make_response, redirect, render_template, request, url_for
from marshmallow import ValidationError

from web import bp, error_page
from web.forms.base import Form
from web.present import label
from web.reads import (
    ROLES,
    Actor,
    EraseIn,
    LedgerError,
    NotFound,
    Problem,
    Process,
    StaleVersion,
    TokenIn,
    api_tokens,
    auth,
    erase_actor,
    ledger,
    page,
)

MAX_REASON = 2000  # as EraseIn allows
# The API schema's fields, and where their messages go on the form.
AT_FIELD = {"name": "name", "role": "role", "scope": "scope", "expires_at": "expires_on"}
MESSAGES = {"name": "tok_err_name", "role": "err_choice", "scope": "err_choice",
            "expires_on": "tok_err_future"}


class AdminOnly(Exception):
    """A page for admins asked for by someone else."""


@bp.errorhandler(AdminOnly)
def admin_only(exc: AdminOnly) -> Any:
    return error_page(403, g.words("forbidden"), g.words("admin_only"))


def _require_admin() -> None:
    """The API's role check, answered with a page that says what the page is for."""
    try:
        auth.require_role("admin")
    except Problem as exc:
        raise AdminOnly() from exc


def _typed(name: str) -> str:
    return (request.form.get(name) or "").strip()


def _no_store(html: str, status: int = 200) -> Any:
    """Admin pages are never cached: one of them shows a new token."""
    response = make_response(html, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _processes() -> list[Process]:
    """Every process the admin may scope a token to (all of them, page by page)."""
    found: list[Process] = []
    after = None
    while True:
        part = page(Process, {"limit": 200, "after": after})
        found.extend(part["items"])
        after = part["next"]
        if after is None:
            return sorted(found, key=lambda p: p.title)


def _tokens_page(form: Form | None = None, issued: tuple[str, Any] | None = None,
                 status: int = 200) -> Any:
    tokens = api_tokens.listed()  # admin only (403 otherwise)
    now = datetime.now(UTC)
    values = dict(form.data.items()) if form else {}
    if form:
        values["scope"] = form.data.getlist("scope")
    html = render_template(
        "admin_tokens.html", tokens=[(info, info.state(now)) for info in tokens],
        processes=_processes(), roles=ROLES, values=values,
        errors=form.errors if form else {}, untranslated=False, issued=issued,
        revoked=request.args.get("revoked"))
    return _no_store(html, status)


@bp.route("/admin/tokens")
def tokens() -> Any:
    _require_admin()
    return _tokens_page()


@bp.route("/admin/tokens", methods=["POST"])
def issue_token() -> Any:
    _require_admin()
    form = Form(request.form)
    expires_on = form.day("expires_on", required=False)
    body: dict[str, Any] = {
        "name": _typed("name"), "role": _typed("role"),
        "scope": [v for v in request.form.getlist("scope") if v],
        "expires_at": (datetime.combine(expires_on, time(0), UTC).isoformat()
                       if expires_on else None),
    }
    try:
        loaded = TokenIn().load(body)  # the API's own rules for a token
    except ValidationError as exc:
        for field in exc.messages_dict:
            where = AT_FIELD.get(field, "")
            form.errors.setdefault(where, g.words(MESSAGES.get(where, "err_choice")))
    if form.errors:
        return _tokens_page(form, status=422)
    try:
        token, info = api_tokens.issue(**loaded)
    except Problem as exc:
        if exc.status != 409:
            raise
        form.errors["name"] = g.words("tok_err_taken")
        return _tokens_page(form, status=422)
    except LedgerError:  # a process of the scope is gone
        form.errors["scope"] = g.words("err_choice")
        return _tokens_page(form, status=422)
    return _tokens_page(issued=(token, info))


def _token(name: str) -> Any:
    found = [info for info in api_tokens.listed() if info.name == name]
    if not found:
        raise NotFound(f"no token is named {name!r}")  # the pages' "Nicht gefunden"
    return found[0]


@bp.route("/admin/tokens/<string:name>/revoke", methods=["GET", "POST"])
def revoke_token(name: str) -> Any:
    _require_admin()
    info = _token(name)
    if request.method == "POST":
        api_tokens.revoke(name)
        return redirect(url_for("web.tokens", revoked=name), code=303)
    own = info.name == auth.principal().name
    return _no_store(render_template("admin_revoke.html", info=info, own=own,
                                     state=info.state(datetime.now(UTC))))


# --- erasing a person ----------------------------------------------------------------------------


@bp.route("/actors/<uuid:id>/erase", methods=["GET", "POST"])
def erase(id: UUID) -> Any:
    _require_admin()
    actor = ledger().find(Actor, id)
    back = url_for("web.record", kind="actors", id=id)
    form = Form(request.form)
    if request.method == "POST":
        if actor.erased:  # sent twice: the first send did it
            return redirect(back, code=303)
        version = form.count("version")
        try:
            reason = EraseIn().load({"reason": _typed("reason")})["reason"]
        except ValidationError:
            typed = _typed("reason")
            form.errors["reason"] = g.words("err_required" if not typed else "err_too_long"
                                            if len(typed) > MAX_REASON else "err_unstorable")
        if not form.errors:
            try:
                erase_actor(id, reason=reason, if_match=version)
            except StaleVersion:
                now = ledger().find(Actor, id).version
                form.errors[""] = g.words("err_stale", version=now)
                form.values["version"] = str(now)
            except LedgerError as exc:
                form.refuse(exc, set())
            else:
                return redirect(f"{back}?saved=1", code=303)
    values = dict(form.data.items())
    values.update(form.values)
    values.setdefault("version", str(actor.version))
    html = render_template("admin_erase.html", actor=actor, name=label("actors", actor),
                           back=back, values=values, errors=form.errors,
                           untranslated=form.values.get("_untranslated", False))
    return _no_store(html, 422 if form.errors else 200)
