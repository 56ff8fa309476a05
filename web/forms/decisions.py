"""Forms for how a neighbourhood decides: proposals, amendments, votes (ballots or a tally)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import abort, g, request

from web import bp
from web.forms.base import (
    MAX_PROPOSAL_TEXT,
    Field,
    Form,
    actor_options,
    changeable,
    coded,
    editable_process,
    form_page,
    options,
    record_back,
    recorded,
    records_of,
    render,
)
from web.present import label
from web.reads import (
    CHOICES,
    CLAUSE_ACTIONS,
    METHODS,
    Amendment,
    Charter,
    Gathering,
    Process,
    Proposal,
    Vote,
    ledger,
)

# --- proposal ----------------------------------------------------------------------------------

PROPOSAL_FIELDS = {"title", "text", "author_ids", "submitted_on", "charter_id", "clause"}


def _proposal_choices(process: Process) -> dict[str, Any]:
    return {"actors": actor_options(), "charters": records_of(Charter, process.id),
            "actions": CLAUSE_ACTIONS}


@bp.route("/processes/<uuid:id>/proposals/new", methods=["GET", "POST"])
def new_proposal(id: UUID) -> Any:  # noqa: A002
    process = editable_process(id)
    extra = _proposal_choices(process)
    if request.method == "GET":
        return render("proposal_form.html", process, None, **extra)
    form = Form(request.form)
    action = form.choice("action", CLAUSE_ACTIONS, required=False)
    body = {
        "process_id": process.id,
        "title": form.text("title"),
        "text": form.text("text", limit=MAX_PROPOSAL_TEXT),
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
    return render("proposal_form.html", process, form, **extra)



# --- amendment ---------------------------------------------------------------------------------


@bp.route("/proposals/<uuid:id>/amendments/new", methods=["GET", "POST"])
def new_amendment(id: UUID) -> Any:  # noqa: A002
    proposal = changeable(Proposal, id)
    t = g.words
    fields = [
        Field("text", t("fm_amended_text"), "textarea", True, t("fm_amended_text_help")),
        Field("rationale", t("f_rationale"), "textarea"),
        Field("author_ids", t("f_author_ids"), "multiple", True, t("authors_help"),
              actor_options()),
        Field("submitted_on", t("f_submitted_on"), "date", True),
    ]

    def parse(form: Form) -> dict[str, Any]:
        return {"text": form.text("text", limit=MAX_PROPOSAL_TEXT),
                "rationale": form.text("rationale", required=False, limit=MAX_PROPOSAL_TEXT),
                "author_ids": form.ids("author_ids"),
                "submitted_on": form.day("submitted_on")}

    # The amendment is filed on the proposal too: the proposal's id goes first.
    return form_page(heading=t("fm_record_amendment"), back=record_back(proposal),
                     fields=fields, parse=parse,
                     command=lambda **body: ledger().submit_amendment(proposal.id, **body),
                     defaults={"text": proposal.text})


# --- vote --------------------------------------------------------------------------------------

SUBJECTS = {"proposals": Proposal, "amendments": Amendment}


@bp.route("/<kind>/<uuid:id>/votes/new", methods=["GET", "POST"])
def open_vote(kind: str, id: UUID) -> Any:  # noqa: A002
    if kind not in SUBJECTS:
        abort(404)
    subject = changeable(SUBJECTS[kind], id)
    t = g.words
    gatherings = sorted(records_of(Gathering, subject.process_id),
                        key=lambda x: x.held_on, reverse=True)
    fields = [
        Field("gathering_id", t("f_gathering_id"), "select", True, t("fm_gathering_help"),
              options((x.id, f"{t.date(x.held_on)}: {x.title}") for x in gatherings)),
        Field("method", t("f_method"), "select", True, options=coded("method", METHODS)),
        Field("opened_on", t("fm_held_on_vote"), "date", True, t("fm_opened_on_help")),
    ]

    def parse(form: Form) -> dict[str, Any]:
        return {"subject_type": SUBJECTS[kind].__name__.lower(),
                "subject_id": subject.id,
                "gathering_id": form.one_id("gathering_id", required=True),
                "method": form.choice("method", METHODS), "opened_on": form.day("opened_on")}

    return form_page(heading=t("fm_open_vote"), back=record_back(subject), fields=fields,
                     parse=parse, command=ledger().open_vote,
                     intro=t("fm_vote_on", subject=label(kind, subject)))


@bp.route("/votes/<uuid:id>/ballots/new", methods=["GET", "POST"])
def cast_ballot(id: UUID) -> Any:  # noqa: A002
    vote = changeable(Vote, id)
    t = g.words
    fields = [
        Field("voter_id", t("fm_voter"), "select", True, options=actor_options()),
        Field("choice", t("fm_choice"), "select", True, options=coded("choice", CHOICES)),
    ]

    def parse(form: Form) -> dict[str, Any]:
        return {"voter_id": form.one_id("voter_id", required=True),
                "choice": form.choice("choice", CHOICES)}

    return form_page(heading=t("fm_cast_ballot"), back=record_back(vote), fields=fields,
                     parse=parse, command=ledger().cast_ballot, record=vote,
                     intro=t("fm_ballot_help"))


TALLY = ("yes", "no", "abstain", "objections")


@bp.route("/votes/<uuid:id>/tally", methods=["GET", "POST"])
def count_tally(id: UUID) -> Any:  # noqa: A002
    vote = changeable(Vote, id)
    t = g.words
    fields = [Field(name, t(f"fm_tally_{name}"), "number", name != "objections")
              for name in TALLY]

    def parse(form: Form) -> dict[str, Any]:
        counts = {name: form.count(name, required=name != "objections") for name in TALLY}
        counts["objections"] = counts["objections"] or 0
        return counts

    return form_page(heading=t("fm_count_tally"), back=record_back(vote), fields=fields,
                     parse=parse, command=ledger().count_tally, record=vote,
                     intro=t("fm_tally_help"))


@bp.route("/votes/<uuid:id>/close", methods=["GET", "POST"])
def close_vote(id: UUID) -> Any:  # noqa: A002
    vote = changeable(Vote, id)
    t = g.words
    fields = [Field("closed_on", t("f_closed_on"), "date", True)]

    def parse(form: Form) -> dict[str, Any]:
        return {"closed_on": form.day("closed_on")}

    return form_page(heading=t("fm_close_vote"), back=record_back(vote), fields=fields,
                     parse=parse, command=ledger().close_vote, record=vote,
                     intro=t("fm_close_help"))


# --- withdrawal --------------------------------------------------------------------------------

WITHDRAWABLE = {"proposals": (Proposal, "withdraw_proposal"),
                "amendments": (Amendment, "withdraw_amendment")}


@bp.route("/<kind>/<uuid:id>/withdraw", methods=["GET", "POST"])
def withdraw_submission(kind: str, id: UUID) -> Any:  # noqa: A002
    """A proposal or an amendment its authors take back before it is decided."""
    if kind not in WITHDRAWABLE:
        abort(404)
    cls, command = WITHDRAWABLE[kind]
    record = changeable(cls, id)
    t = g.words
    fields = [Field("withdrawn_on", t("f_withdrawn_on"), "date", True)]

    def parse(form: Form) -> dict[str, Any]:
        return {"withdrawn_on": form.day("withdrawn_on")}

    return form_page(heading=t(f"fm_withdraw_{kind}"), back=record_back(record), fields=fields,
                     parse=parse, command=getattr(ledger(), command), record=record)
