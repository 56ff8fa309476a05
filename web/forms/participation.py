"""Forms for who takes part and where: gatherings, actors, processes, cooperations."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import g, request, url_for

from web import bp
from web.forms.base import (
    Field,
    Form,
    actor_options,
    changeable,
    coded,
    editable_process,
    form_page,
    process_back,
    record_back,
    recorded,
    render,
)
from web.reads import (
    ACTOR_KINDS,
    COOPERATION_KINDS,
    GATHERING_FORMATS,
    LEVELS,
    Cooperation,
    auth,
    ledger,
)

# --- gathering ---------------------------------------------------------------------------------

GATHERING_FIELDS = {"format", "title", "held_on", "place", "attendance"}


@bp.route("/processes/<uuid:id>/gatherings/new", methods=["GET", "POST"])
def new_gathering(id: UUID) -> Any:  # noqa: A002
    process = editable_process(id)
    extra = {"formats": GATHERING_FORMATS}
    if request.method == "GET":
        return render("gathering_form.html", process, None, **extra)
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
    return render("gathering_form.html", process, form, **extra)


# --- actor -------------------------------------------------------------------------------------


@bp.route("/processes/<uuid:id>/actors/new", methods=["GET", "POST"])
def new_actor(id: UUID) -> Any:  # noqa: A002
    """An actor belongs to no process (any editor may register one, as in the API); the form
    is reached from the process it is needed for."""
    process = editable_process(id)
    t = g.words
    fields = [
        Field("kind", t("f_kind"), "select", True, options=coded("actor", ACTOR_KINDS)),
        Field("name", t("f_name"), required=True, help=t("fm_name_help")),
        Field("district", t("f_district")),
        Field("kiez", t("f_kiez")),
        Field("contact", t("f_contact"), help=t("fm_contact_help")),
    ]

    def parse(form: Form) -> dict[str, Any]:
        return {"kind": form.choice("kind", ACTOR_KINDS), "name": form.text("name"),
                "district": form.text("district", required=False, limit=200),
                "kiez": form.text("kiez", required=False, limit=200),
                "contact": form.text("contact", required=False)}

    return form_page(heading=t("fm_record_actor"), back=process_back(process), fields=fields,
                     parse=parse, command=ledger().register_actor, intro=t("fm_actor_help"))


# --- process -----------------------------------------------------------------------------------


@bp.route("/processes/new", methods=["GET", "POST"])
def new_process() -> Any:
    """As in the API: a token limited to some processes cannot start another."""
    auth.require_role("admin", "editor")
    auth.require_unscoped()
    t = g.words
    fields = [
        Field("title", t("f_title"), required=True),
        Field("level", t("f_level"), "select", True, options=coded("level", LEVELS)),
        Field("area", t("f_area")),
        Field("topics", t("f_topics"), help=t("fm_topics_help")),
        Field("started_on", t("f_started_on"), "date", True),
        Field("goals", t("continuity"), "number", help=t("fm_goal_help")),
    ]

    def parse(form: Form) -> dict[str, Any]:
        topics = [s.strip() for s in (form.text("topics", required=False, limit=2000) or "")
                  .split(",") if s.strip()]
        if len(topics) > 100 or any(len(s) > 200 for s in topics):
            form.errors["topics"] = t("err_too_long")
        return {"title": form.text("title"), "level": form.choice("level", LEVELS),
                "area": form.text("area", required=False), "topics": topics,
                "started_on": form.day("started_on"),
                "goals": {"open_assemblies_per_year": form.count("goals")}}

    return form_page(heading=t("fm_record_process"),
                     back=(url_for("web.processes"), t("processes")), fields=fields,
                     parse=parse, command=ledger().start_process)


# --- cooperation -------------------------------------------------------------------------------


@bp.route("/processes/<uuid:id>/cooperations/new", methods=["GET", "POST"])
def new_cooperation(id: UUID) -> Any:  # noqa: A002
    process = editable_process(id)
    t = g.words
    fields = [
        Field("actor_ids", t("fm_two_actors"), "multiple", True, t("fm_two_actors_help"),
              actor_options()),
        Field("kind", t("f_kind"), "select", True, options=coded("coop", COOPERATION_KINDS)),
        Field("started_on", t("f_started_on"), "date", True),
    ]

    def parse(form: Form) -> dict[str, Any]:
        return {"actor_ids": form.ids("actor_ids"),
                "kind": form.choice("kind", COOPERATION_KINDS),
                "started_on": form.day("started_on"), "process_id": process.id}

    return form_page(heading=t("fm_record_cooperation"), back=process_back(process),
                     fields=fields, parse=parse, command=ledger().start_cooperation)


@bp.route("/cooperations/<uuid:id>/end", methods=["GET", "POST"])
def end_cooperation(id: UUID) -> Any:  # noqa: A002
    cooperation = changeable(Cooperation, id)
    t = g.words
    fields = [Field("ended_on", t("f_ended_on"), "date", True)]

    def parse(form: Form) -> dict[str, Any]:
        return {"ended_on": form.day("ended_on")}

    return form_page(heading=t("fm_end_cooperation"), back=record_back(cooperation),
                     fields=fields, parse=parse, command=ledger().end_cooperation,
                     record=cooperation)
