"""Signing in by pasting a token, signing out, and the language switch."""

from __future__ import annotations

from typing import Any

from flask import g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from web import LANG_COOKIE, SESSION_COOKIE, bp, store, words
from web.i18n import LANGS
from web.reads import Problem, auth
from web.sessions import LIFETIME


def _next_page() -> str:
    """Where to go after signing in: only a page of ours (no open redirect)."""
    wanted = request.values.get("next", "")
    if wanted.startswith("/ui/") and "//" not in wanted and "\\" not in wanted:
        return wanted
    return url_for("web.processes")


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Any:
    error = None
    if request.method == "POST":
        token = request.form.get("token", "").strip()
        try:
            auth.authenticate_token(token)
        except Problem:
            error = words()("token_refused")
        else:
            store().close(request.cookies.get(SESSION_COOKIE))  # never reuse an old id
            response = redirect(_next_page(), code=303)
            response.set_cookie(SESSION_COOKIE, store().open(token), max_age=int(
                LIFETIME.total_seconds()), path="/ui/", secure=request.is_secure,
                httponly=True, samesite="Strict")
            return response
    notice = words()("session_ended") if g.session_lost and error is None else None
    status = 401 if error else 200
    return render_template("sign_in.html", error=error, notice=notice,
                           next=request.values.get("next", "")), status


@bp.route("/sign-out", methods=["POST"])
def sign_out() -> Response:
    store().close(request.cookies.get(SESSION_COOKIE))
    response = redirect(url_for("web.sign_in", out=1), code=303)
    response.delete_cookie(SESSION_COOKIE, path="/ui/", secure=request.is_secure,
                           httponly=True, samesite="Strict")
    return response


@bp.route("/language/<lang>")
def language(lang: str) -> Response:
    response = redirect(_next_page(), code=303)
    if lang in LANGS:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, path="/ui/",
                            secure=request.is_secure, samesite="Lax")
    return response
