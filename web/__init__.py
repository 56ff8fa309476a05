"""Kiezledger in the browser: pages under /ui/ for funders and neighbours, forms for the
initiatives that keep the record. Same rules and scopes as the HTTP API (see web.reads)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, g, redirect, render_template, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError, CSRFProtect

from store.sessions import csrf_secret
from web.i18n import LANGS, Words
from web.reads import LedgerError, NotFound, Problem, auth, services
from web.sessions import SessionStore

SESSION_COOKIE = "kl_session"
LANG_COOKIE = "kl_lang"

bp = Blueprint("web", __name__, url_prefix="/ui", template_folder="templates",
               static_folder="static", static_url_path="/static")
csrf = CSRFProtect()


class CsrfCookieSession(SecureCookieSessionInterface):
    """Flask's signed cookie holds only the CSRF secret; Secure when the request is HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return request.is_secure


def init_app(app: Flask) -> None:
    """Register the pages and their CSRF protection (only under /ui/: /v1/ uses bearer tokens)."""
    if not app.config.get("SECRET_KEY"):  # one key for every worker, kept in the database
        app.config["SECRET_KEY"] = csrf_secret(app.extensions[services.EXTENSION].db)
    app.config.update(
        WTF_CSRF_CHECK_DEFAULT=False,  # checked in `before`, for the pages only
        WTF_CSRF_TIME_LIMIT=None,  # minutes are typed up slowly; the cookie bounds the token
        SESSION_COOKIE_NAME="kl_csrf",
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
    )
    app.session_interface = CsrfCookieSession()
    csrf.init_app(app)
    from web import (  # noqa: F401  (routes)
        admin,
        board,
        charter_pages,
        forms,
        integrity_page,
        network_page,
        pages,
        reports_page,
        signin,
    )

    app.register_blueprint(bp)
    app.add_url_rule("/", "root", lambda: redirect(url_for("web.processes")))


def store() -> SessionStore:
    return SessionStore(services.current().db)


def words() -> Words:
    return g.words


@bp.before_request
def before() -> Any:
    lang = request.cookies.get(LANG_COOKIE, "de")
    g.words = Words(lang if lang in LANGS else "de")
    g.principal = None
    if request.method == "POST":
        csrf.protect()
    token = store().token(request.cookies.get(SESSION_COOKIE))
    g.session_lost = False
    if token is not None:
        try:
            auth.authenticate_token(token)  # exactly the API's check: revocation applies at once
        except Problem:
            g.principal = None
            g.session_lost = True
    elif request.cookies.get(SESSION_COOKIE):
        g.session_lost = True
    if g.principal is None and request.endpoint not in PUBLIC:
        return redirect(url_for("web.sign_in", next=request.full_path.rstrip("?")))
    return None


PUBLIC = {"web.sign_in", "web.language", "web.static"}


@bp.context_processor
def helpers() -> dict[str, Any]:
    return {"t": g.words, "lang": g.words.lang, "who": g.get("principal")}


def error_page(status: int, title: str, text: str) -> Any:
    return render_template("error.html", title=title, text=text), status


@bp.errorhandler(NotFound)
@bp.errorhandler(404)
def not_found(exc: Any) -> Any:
    return error_page(404, words()("not_found"), words()("not_found_text"))


@bp.errorhandler(Problem)
def problem(exc: Problem) -> Any:
    if exc.status == 403:
        return error_page(403, words()("forbidden"), words()("forbidden_text"))
    if exc.status == 401:
        return redirect(url_for("web.sign_in"))
    return error_page(exc.status, words()("bad_request"), exc.detail or exc.title)


@bp.errorhandler(CSRFError)
def csrf_refused(exc: CSRFError) -> Any:
    return error_page(400, words()("bad_request"), words()("csrf_failed"))


@bp.errorhandler(LedgerError)
def refused(exc: LedgerError) -> Any:
    text, _ = words().reason(exc.detail)
    return error_page(409, words()("bad_request"), text)
