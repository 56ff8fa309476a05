"""Forms for promises and money: commitments and their progress, fundings and payments."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import g

from web import bp
from web.forms.base import (
    MAX_TEXT,
    Field,
    Form,
    actor_options,
    changeable,
    coded,
    editable_process,
    form_page,
    options,
    process_back,
    record_back,
    records_of,
)
from web.reads import (
    LOGICS,
    Commitment,
    Funding,
    Gathering,
    Proposal,
    ledger,
)

# --- commitment --------------------------------------------------------------------------------


@bp.route("/processes/<uuid:id>/commitments/new", methods=["GET", "POST"])
def new_commitment(id: UUID) -> Any:  # noqa: A002
    process = editable_process(id)
    t = g.words
    fields = [
        Field("actor_id", t("fm_committed_by"), "select", True, options=actor_options()),
        Field("description", t("f_description"), "textarea", True, t("fm_description_help")),
        Field("made_on", t("f_made_on"), "date", True),
        Field("due_on", t("f_due_on"), "date", True),
        Field("proposal_id", t("f_proposal_id"), "select", options=options(
            (p.id, p.title) for p in records_of(Proposal, process.id))),
        Field("gathering_id", t("f_gathering_id"), "select", options=options(
            (x.id, f"{t.date(x.held_on)}: {x.title}") for x in records_of(Gathering, process.id))),
    ]

    def parse(form: Form) -> dict[str, Any]:
        return {"process_id": process.id, "actor_id": form.one_id("actor_id", required=True),
                "description": form.text("description", limit=MAX_TEXT),
                "made_on": form.day("made_on"), "due_on": form.day("due_on"),
                "proposal_id": form.one_id("proposal_id"),
                "gathering_id": form.one_id("gathering_id")}

    return form_page(heading=t("fm_record_commitment"), back=process_back(process),
                     fields=fields, parse=parse, command=ledger().make_commitment)



@bp.route("/commitments/<uuid:id>/progress", methods=["GET", "POST"])
def report_progress(id: UUID) -> Any:  # noqa: A002
    commitment = changeable(Commitment, id)
    t = g.words
    fields = [Field("reported_on", t("fm_reported_on"), "date", True),
              Field("note", t("fm_note"), "textarea", True)]

    def parse(form: Form) -> dict[str, Any]:
        return {"reported_on": form.day("reported_on"),
                "note": form.text("note", limit=MAX_TEXT)}

    return form_page(heading=t("fm_report_progress"), back=record_back(commitment),
                     fields=fields, parse=parse, command=ledger().report_progress,
                     record=commitment)


@bp.route("/commitments/<uuid:id>/fulfil", methods=["GET", "POST"])
def fulfil_commitment(id: UUID) -> Any:  # noqa: A002
    commitment = changeable(Commitment, id)
    t = g.words
    fields = [Field("fulfilled_on", t("f_fulfilled_on"), "date", True),
              Field("evidence", t("f_evidence"), "textarea", help=t("fm_evidence_help"))]

    def parse(form: Form) -> dict[str, Any]:
        return {"fulfilled_on": form.day("fulfilled_on"),
                "evidence": form.text("evidence", required=False, limit=MAX_TEXT)}

    return form_page(heading=t("fm_fulfil"), back=record_back(commitment), fields=fields,
                     parse=parse, command=ledger().fulfil_commitment, record=commitment)


@bp.route("/commitments/<uuid:id>/withdraw", methods=["GET", "POST"])
def withdraw_commitment(id: UUID) -> Any:  # noqa: A002
    commitment = changeable(Commitment, id)
    t = g.words
    fields = [Field("withdrawn_on", t("f_withdrawn_on"), "date", True),
              Field("reason", t("f_withdrawal_reason"), "textarea", True)]

    def parse(form: Form) -> dict[str, Any]:
        return {"withdrawn_on": form.day("withdrawn_on"),
                "reason": form.text("reason", limit=MAX_TEXT)}

    return form_page(heading=t("fm_withdraw"), back=record_back(commitment), fields=fields,
                     parse=parse, command=ledger().withdraw_commitment, record=commitment)


# --- funding -----------------------------------------------------------------------------------


@bp.route("/processes/<uuid:id>/fundings/new", methods=["GET", "POST"])
def new_funding(id: UUID) -> Any:  # noqa: A002
    process = editable_process(id)
    t = g.words
    actors = actor_options()
    fields = [
        Field("funder_id", t("f_funder_id"), "select", True, options=actors),
        Field("recipient_id", t("f_recipient_id"), "select", True, options=actors),
        Field("logic", t("f_logic"), "select", True, options=coded("logic", LOGICS)),
        Field("period_start", t("f_period_start"), "date", True),
        Field("period_end", t("f_period_end"), "date", True),
        Field("amount", t("f_amount"), "money", True, t("fm_amount_help")),
        Field("currency", t("f_currency"), required=True, help=t("fm_currency_help")),
        Field("granted_on", t("f_granted_on"), "date", True),
    ]

    def parse(form: Form) -> dict[str, Any]:
        return {"process_id": process.id, "funder_id": form.one_id("funder_id", required=True),
                "recipient_id": form.one_id("recipient_id", required=True),
                "logic": form.choice("logic", LOGICS),
                "period_start": form.day("period_start"), "period_end": form.day("period_end"),
                "amount": form.money("amount"),
                "currency": (form.text("currency", limit=3) or "").upper(),
                "granted_on": form.day("granted_on")}

    return form_page(heading=t("fm_record_funding"), back=process_back(process), fields=fields,
                     parse=parse, command=ledger().grant_funding, defaults={"currency": "EUR"})


@bp.route("/fundings/<uuid:id>/disbursements/new", methods=["GET", "POST"])
def disburse(id: UUID) -> Any:  # noqa: A002
    funding = changeable(Funding, id)
    t = g.words
    fields = [Field("amount", t("f_amount"), "money", True, t("fm_amount_help")),
              Field("paid_on", t("fm_paid_on"), "date", True)]

    def parse(form: Form) -> dict[str, Any]:
        return {"amount": form.money("amount"), "paid_on": form.day("paid_on")}

    return form_page(heading=t("fm_disburse"), back=record_back(funding), fields=fields,
                     parse=parse, command=ledger().disburse, record=funding,
                     intro=t("fm_disbursed_so_far", paid=t.money(funding.disbursed,
                                                                  funding.currency),
                             granted=t.money(funding.amount, funding.currency)))
