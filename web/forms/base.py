"""What every recording form shares: reading what was typed, running the command once per
form key, and showing the page again with the reasons at their fields.

A refused record shows the domain's reason at its field, keeps what was typed and stores
nothing. Each form carries a one-time key checked through the API's idempotency store, so a
form sent twice stores once; the second send is answered like the first. A form that changes
an existing record carries the version it was opened on and sends it as the API's If-Match.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple
from uuid import UUID

from flask import g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from web.i18n import parse_day
from web.present import label
from web.reads import (
    FIRST_DAY,
    LAST_DAY,
    Actor,
    Claimed,
    IdempotentRequest,
    InFlight,
    LedgerError,
    Mismatch,
    Process,
    Replay,
    StaleVersion,
    auth,
    may_write_to,
    page,
    services,
    visible,
    write,
)

MAX_TEXT = 20_000  # the API's limit for notes, descriptions, reasons
MAX_PROPOSAL_TEXT = 100_000
# Storable text: no NUL or lone surrogate; no control character but tab and line breaks
# (the same rule as the API's Text field).
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_DECIMAL = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?")
_STALE = re.compile(r".* is at version (\d+), not \d+$")


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
        elif _UNSTORABLE.search(value):
            self.errors[name] = g.words("fm_err_characters")
        return value or None

    def day(self, name: str, *, required: bool = True) -> date | None:
        value = self._raw(name)
        if not value:
            if required:
                self.errors[name] = g.words("err_required")
            return None
        if not value.isascii():
            self.errors[name] = g.words("err_date")
            return None
        try:
            day = parse_day(value)  # ISO, or 20.04.2024 as Germans write it
        except ValueError:
            self.errors[name] = g.words("err_date")
            return None
        if not FIRST_DAY <= day <= LAST_DAY:
            self.errors[name] = g.words("fm_err_date_range", first=FIRST_DAY.year,
                                        last=LAST_DAY.year)
            return None
        return day

    def count(self, name: str, *, required: bool = False) -> int | None:
        value = self._raw(name)
        if not value:
            if required:
                self.errors[name] = g.words("err_required")
            return None
        if not (value.isascii() and value.isdigit()) or len(value) > 9:
            self.errors[name] = g.words("err_number")
            return None
        return int(value)

    def money(self, name: str) -> Decimal | None:
        """1.500,00 or 1500,5 on a German page, 1,500.00 on an English one; a sign is kept
        so that the domain says why a negative amount is refused."""
        value = self._raw(name).replace(" ", "").replace("\u00a0", "")
        if not value:
            self.errors[name] = g.words("err_required")
            return None
        if g.words.lang == "de":
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
            elif re.fullmatch(r"-?[0-9]{1,3}(\.[0-9]{3})+", value):
                value = value.replace(".", "")
        else:
            value = value.replace(",", "")
        if not _DECIMAL.fullmatch(value):
            self.errors[name] = g.words("fm_err_money")
            return None
        return Decimal(value)

    def choice(self, name: str, options: Iterable[str], *, required: bool = True) -> str | None:
        value = self._raw(name)
        if not value and not required:
            return None
        if value not in tuple(options):
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

    def one_id(self, name: str, *, required: bool = False) -> UUID | None:
        found = self.ids(name, required=required)
        return found[0] if found else None

    def version(self) -> int | None:
        """The version the form was opened on (hidden); sent as If-Match."""
        value = self._raw("version")
        if not (value.isascii() and value.isdigit()) or len(value) > 18:
            self.errors[""] = g.words("fm_err_version")
            return None
        return int(value)

    def refuse(self, exc: LedgerError, fields: set[str]) -> None:
        text, translated = g.words.reason(exc.detail)
        if isinstance(exc, StaleVersion):
            found = _STALE.match(exc.detail)
            if found:  # the form now refers to what is stored; sent again, it is meant so
                self.values["version"] = found[1]
            text, translated = g.words("fm_err_stale"), True
            self.values["_stale"] = True
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
             *args: Any, **kwargs: Any) -> Response | None:
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
        record, _, _ = write(command, *args, created=True, **body, **kwargs)
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


def editable_process(id: UUID) -> Process:  # noqa: A002
    process = visible(Process, id)  # unknown or out of scope: 404
    auth.require_role("admin", "editor")
    return process


def changeable(cls: type, id: UUID) -> Any:  # noqa: A002
    """A record an editor of its process may change, checked as the API checks a write to
    it: out of scope 404, an auditor 403, one of no process only for an unscoped token 403."""
    record: Any = visible(cls, id)
    auth.require_role("admin", "editor")
    may_write_to(cls, id)
    return record


def render(template: str, process: Process | None, form: Form | None, **extra: Any) -> Any:
    values = dict(form.data.items()) if form else {}
    values.update(form.values if form else {})
    values.setdefault("form_key", request.form.get("form_key") or _form_key())
    errors = form.errors if form else {}
    status = 422 if errors else 200
    return render_template(template, process=process, values=values, errors=errors,
                           untranslated=values.get("_untranslated", False), **extra), status


# --- the one form page for the simpler record kinds --------------------------------------------


class Field(NamedTuple):
    """One field of a form: `kind` text, textarea, date, number, money, select or multiple."""

    name: str
    label: str
    kind: str = "text"
    required: bool = False
    help: str | None = None
    options: tuple[tuple[Any, str], ...] = ()


def form_page(*, heading: str, back: tuple[str, str], fields: list[Field],
              parse: Callable[[Form], dict[str, Any]], command: Callable[..., Any],
              record: Any = None, intro: str | None = None,
              defaults: dict[str, Any] | None = None) -> Any:
    """GET shows the form (domain dates empty); POST records it. With `record`, the command
    changes that record: its id goes first and the form's version is sent as If-Match."""
    extra = {"heading": heading, "back": back, "fields": fields, "intro": intro,
             "record": record}
    if request.method == "GET":
        values = dict(defaults or {})
        if record is not None:
            values["version"] = record.version
        values["form_key"] = _form_key()
        return render_template("record_form.html", process=None, values=values, errors={},
                               untranslated=False, **extra)
    form = Form(request.form)
    body = parse(form)
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = {}
    if record is not None:
        args, kwargs = (record.id,), {"if_match": form.version()}
    if not form.errors:
        done = recorded(form, {f.name for f in fields}, command, body, *args, **kwargs)
        if done is not None:
            return done
    return render("record_form.html", None, form, **extra)


def options(pairs: Iterable[tuple[Any, str]]) -> tuple[tuple[Any, str], ...]:
    return tuple((str(value), text) for value, text in pairs)


def coded(prefix: str, codes: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """Codes with their words (`method`, `consent` -> Konsent)."""
    return tuple((code, g.words.value(prefix, code)) for code in codes)


def actor_options() -> tuple[tuple[str, str], ...]:
    actors = sorted(page(Actor, {"limit": 200})["items"], key=lambda a: label("actors", a))
    return options((a.id, label("actors", a)) for a in actors)


def records_of(cls: type, process_id: Any) -> list[Any]:
    return page(cls, {"limit": 200, "process_id": process_id})["items"]


def process_back(process: Process) -> tuple[str, str]:
    return url_for("web.process", id=process.id), process.title


def record_back(record: Any) -> tuple[str, str]:
    return url_for("web.record", kind=record.collection, id=record.id), \
        label(record.collection, record)
