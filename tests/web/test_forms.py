"""Every recording form under Flask's test client: it stores through the ledger's commands,
a domain refusal shows at its field with nothing stored, a form sent twice stores once, a form
opened before someone else changed the record says so, scopes and roles hold, garbage never
answers 500."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from html import unescape
from typing import Any
from uuid import UUID

import pytest
from flask import Flask

from api import create_app
from api.services import Services
from ledger.domain.actors import Cooperation
from ledger.domain.commitments import Commitment
from ledger.domain.fundings import Funding
from ledger.domain.processes import Process
from ledger.domain.proposals import Amendment, Proposal
from ledger.domain.votes import Vote
from queries.records import list_records
from tests.web.test_pages import csrf_of, sign_in


@pytest.fixture
def app() -> Any:
    app = create_app({"KIEZLEDGER_DATABASE_URL": "memory://", "TESTING": True})
    yield app
    app.extensions["kiezledger"].close()


@pytest.fixture
def svc(app: Flask) -> Services:
    return app.extensions["kiezledger"]


@pytest.fixture
def story(app: Flask, svc: Services) -> dict[str, Any]:
    ledger = svc.ledger
    ours = ledger.start_process(title="Wrangelkiez", level="kiez",
                                started_on=date(2024, 3, 1)).record.id
    theirs = ledger.start_process(title="Samariterkiez", level="kiez",
                                  started_on=date(2022, 1, 1)).record.id
    ada = ledger.register_actor(kind="person", name="Ada Kaya").record.id
    kiez = ledger.register_actor(kind="initiative", name="Kiez für alle").record.id
    funder = ledger.register_actor(kind="funder", name="Stiftung Kiez").record.id
    charter = ledger.establish_charter(process_id=ours, title="Kiez-Charta",
                                       established_on=date(2024, 3, 1)).record.id
    gathering = ledger.record_gathering(process_id=ours, format="open_assembly",
                                        title="1. Versammlung",
                                        held_on=date(2024, 4, 20)).record.id
    proposal = ledger.submit_proposal(
        process_id=ours, title="Grün statt Grau", text="Wir entsiegeln.", author_ids=[ada],
        submitted_on=date(2024, 4, 1), charter_id=charter,
        clause={"action": "add", "heading": "Entsiegelung"}).record.id
    amendment = ledger.submit_amendment(proposal, author_ids=[kiez], text="Wir entsiegeln zwei.",
                                        submitted_on=date(2024, 4, 5)).record.id
    vote = ledger.open_vote(subject_type="amendment", subject_id=amendment,
                            gathering_id=gathering, method="simple_majority",
                            opened_on=date(2024, 4, 20)).record.id
    commitment = ledger.make_commitment(actor_id=ada, process_id=ours, description="Beete",
                                        made_on=date(2024, 4, 20),
                                        due_on=date(2024, 6, 30)).record.id
    funding = ledger.grant_funding(funder_id=funder, recipient_id=kiez, process_id=ours,
                                   logic="process", period_start=date(2024, 3, 1),
                                   period_end=date(2024, 12, 31), amount=Decimal("1000.00"),
                                   currency="EUR", granted_on=date(2024, 2, 15)).record.id
    cooperation = ledger.start_cooperation(actor_ids=[ada, kiez], kind="partnership",
                                           started_on=date(2024, 3, 10),
                                           process_id=ours).record.id
    return {"ours": ours, "theirs": theirs, "ada": ada, "kiez": kiez, "funder": funder,
            "charter": charter, "gathering": gathering, "proposal": proposal,
            "amendment": amendment, "vote": vote, "commitment": commitment,
            "funding": funding, "cooperation": cooperation, "app": app,
            "reader": svc.tokens.create("reader", "auditor")}


def count(collection: str) -> Any:
    def stored(svc: Services, story: dict) -> int:
        svc.refresh()
        return len(list_records(svc.db, collection, limit=1000))
    return stored


def ballots(svc: Services, story: dict) -> int:
    """Ballots as the API shows them (however the ledger keeps them)."""
    answer = story["app"].test_client().get(
        f"/v1/votes/{story['vote']}", headers={"Authorization": f"Bearer {story['reader']}"})
    return len(answer.json["ballots"])


def version(cls: type, key: str) -> Any:
    def stored(svc: Services, story: dict) -> int:
        return svc.ledger.find(cls, story[key]).version
    return stored


@dataclass
class Case:
    """One form: where it is, what a good send holds, a send the domain refuses (the field
    and the German reason shown there), and how to see what was stored."""

    name: str
    path: str
    good: dict[str, Any]
    bad: dict[str, Any]
    bad_field: str
    reason: str
    stored: Any
    changes: tuple[type, str] | None = None  # the record a change form carries the version of
    meddle: Any = None  # someone else's change to that record, for the stale-version case
    extra: dict[str, Any] = field(default_factory=dict)


def _progress(svc: Services, s: dict) -> None:
    svc.ledger.report_progress(s["commitment"], reported_on=date(2024, 5, 1), note="Erde da")


CASES = [
    Case("actor", "/ui/processes/{ours}/actors/new",
         {"kind": "person", "name": "Bo Lind", "contact": "bo@example.org"},
         {"kind": "person", "name": "   "}, "name", "Bitte ausfüllen", count("actors")),
    Case("process", "/ui/processes/new",
         {"title": "Reuterkiez", "level": "kiez", "started_on": "2024-01-10",
          "topics": "Grün, Verkehr", "goals": "4"},
         {"title": "Reuterkiez", "level": "kiez", "started_on": "1899-12-31"}, "started_on",
         "zwischen 1900 und 2199", count("processes")),
    Case("cooperation", "/ui/processes/{ours}/cooperations/new",
         {"actor_ids": ["{ada}", "{funder}"], "kind": "membership", "started_on": "2024-05-01"},
         {"actor_ids": ["{ada}"], "kind": "membership", "started_on": "2024-05-01"},
         "actor_ids", "genau zwei verschiedene", count("cooperations")),
    Case("cooperation-end", "/ui/cooperations/{cooperation}/end", {"ended_on": "2024-09-30"},
         {"ended_on": "2024-03-01"}, "ended_on", "vor dem Beginn der Kooperation",
         version(Cooperation, "cooperation"), changes=(Cooperation, "cooperation")),
    Case("amendment", "/ui/proposals/{proposal}/amendments/new",
         {"text": "Wir entsiegeln drei.", "author_ids": ["{ada}"], "submitted_on": "2024-04-10",
          "rationale": "Mehr Grün"},
         {"text": "Früh", "author_ids": ["{ada}"], "submitted_on": "2024-03-20"},
         "submitted_on", "vor der Einreichung des Antrags", count("amendments")),
    Case("proposal-withdraw", "/ui/proposals/{proposal}/withdraw", {"withdrawn_on": "2024-05-01"},
         {"withdrawn_on": "2024-03-31"}, "withdrawn_on", "vor der Einreichung des Antrags",
         version(Proposal, "proposal"), changes=(Proposal, "proposal"),
         meddle=lambda svc, s: svc.ledger.submit_amendment(
             s["proposal"], author_ids=[s["ada"]], text="Andere Fassung",
             submitted_on=date(2024, 4, 6))),
    Case("amendment-withdraw", "/ui/amendments/{amendment}/withdraw",
         {"withdrawn_on": "2024-04-15"}, {"withdrawn_on": "2024-04-01"}, "withdrawn_on",
         "vor der Einreichung des Änderungsantrags", version(Amendment, "amendment"),
         changes=(Amendment, "amendment")),
    Case("vote-open", "/ui/proposals/{proposal}/votes/new",
         {"gathering_id": "{gathering}", "method": "consent", "opened_on": "2024-04-20"},
         {"gathering_id": "{gathering}", "method": "consent", "opened_on": "2024-04-19"},
         "opened_on", "vor der Versammlung", count("votes")),
    Case("ballot", "/ui/votes/{vote}/ballots/new", {"voter_id": "{ada}", "choice": "yes"},
         {"voter_id": "{kiez}", "choice": "no"}, "voter_id", "hat schon abgestimmt",
         ballots, changes=(Vote, "vote"),
         extra={"refused_after": lambda svc, s: svc.ledger.cast_ballot(
             s["vote"], voter_id=s["kiez"], choice="yes")}),
    Case("tally", "/ui/votes/{vote}/tally", {"yes": "12", "no": "3", "abstain": "1"},
         {"yes": "12", "no": "3", "abstain": "1"}, "", "schon einzelne Stimmen",
         version(Vote, "vote"), changes=(Vote, "vote"),
         extra={"refused_after": lambda svc, s: svc.ledger.cast_ballot(
             s["vote"], voter_id=s["kiez"], choice="yes")}),
    Case("vote-close", "/ui/votes/{vote}/close", {"closed_on": "2024-04-20"},
         {"closed_on": "2024-04-19"}, "closed_on", "vor der Eröffnung der Abstimmung",
         version(Vote, "vote"), changes=(Vote, "vote"),
         meddle=lambda svc, s: svc.ledger.count_tally(s["vote"], yes=1, no=0, abstain=0)),
    Case("commitment", "/ui/processes/{ours}/commitments/new",
         {"actor_id": "{kiez}", "description": "Laternen", "made_on": "2024-04-20",
          "due_on": "2024-08-01", "gathering_id": "{gathering}"},
         {"actor_id": "{kiez}", "description": "Laternen", "made_on": "2024-04-20",
          "due_on": "2024-04-01"}, "due_on", "vor dem Tag der Zusage", count("commitments")),
    Case("progress", "/ui/commitments/{commitment}/progress",
         {"reported_on": "2024-05-20", "note": "Halb fertig"},
         {"reported_on": "2024-04-01", "note": "Zu früh"}, "reported_on", "vor der Zusage",
         version(Commitment, "commitment"), changes=(Commitment, "commitment"), meddle=_progress),
    Case("fulfil", "/ui/commitments/{commitment}/fulfil",
         {"fulfilled_on": "2024-06-01", "evidence": "Foto im Protokoll"},
         {"fulfilled_on": "2024-04-01"}, "fulfilled_on", "vor der Zusage",
         version(Commitment, "commitment"), changes=(Commitment, "commitment"), meddle=_progress),
    Case("withdraw", "/ui/commitments/{commitment}/withdraw",
         {"withdrawn_on": "2024-06-01", "reason": "Kein Geld"},
         {"withdrawn_on": "2024-04-01", "reason": "Kein Geld"}, "withdrawn_on", "vor der Zusage",
         version(Commitment, "commitment"), changes=(Commitment, "commitment"), meddle=_progress),
    Case("funding", "/ui/processes/{ours}/fundings/new",
         {"funder_id": "{funder}", "recipient_id": "{kiez}", "logic": "project",
          "period_start": "2024-05-01", "period_end": "2024-10-31", "amount": "2.500,50",
          "currency": "EUR", "granted_on": "2024-04-15"},
         {"funder_id": "{funder}", "recipient_id": "{kiez}", "logic": "project",
          "period_start": "2024-05-01", "period_end": "2024-10-31", "amount": "-5",
          "currency": "EUR", "granted_on": "2024-04-15"},
         "amount", "größer als null", count("fundings")),
    Case("disbursement", "/ui/fundings/{funding}/disbursements/new",
         {"amount": "400,00", "paid_on": "2024-03-15"},
         {"amount": "1.000,01", "paid_on": "2024-03-15"}, "amount", "wäre mehr als",
         version(Funding, "funding"), changes=(Funding, "funding"),
         meddle=lambda svc, s: svc.ledger.disburse(s["funding"], amount=Decimal("10.00"),
                                                   paid_on=date(2024, 3, 1))),
]
BY_NAME = {c.name: c for c in CASES}


def filled(value: Any, story: dict) -> Any:
    if isinstance(value, dict):
        return {k: filled(v, story) for k, v in value.items()}
    if isinstance(value, list):
        return [filled(v, story) for v in value]
    return value.format(**{k: str(v) for k, v in story.items()})


def hidden(html: str, name: str) -> str | None:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    return found.group(1) if found else None


def form_of(client: Any, path: str) -> dict[str, Any]:
    """What a browser sends besides the typed fields: CSRF token, form key, version."""
    page = client.get(path)
    assert page.status_code == 200, (path, page.status_code)
    sent = {"csrf_token": csrf_of(page.text), "form_key": hidden(page.text, "form_key")}
    if hidden(page.text, "version") is not None:
        sent["version"] = hidden(page.text, "version")
    return sent


def signed_in(app: Flask, svc: Services, role: str = "editor", scope: tuple = ()) -> Any:
    client = app.test_client()
    sign_in(client, svc.tokens.create(f"{role}-{len(scope)}", role, scope=list(scope)))
    return client


def error_at(html: str, name: str) -> str:
    ident = f"{name}-error" if name else None
    if ident is None:
        found = re.search(r'class="form-errors".*?</div>', html, re.S)
    else:
        found = re.search(rf'id="{ident}"[^>]*>([^<]*)<', html)
    assert found, f"no message at {name!r}"
    return unescape(found.group(1) if ident else found.group(0))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_form_stores_once_through_the_ledger(app: Flask, svc: Services, story: dict,
                                               case: Case) -> None:
    client = signed_in(app, svc)
    path = filled(case.path, story)
    before = case.stored(svc, story)
    sent = {**form_of(client, path), **filled(case.good, story)}
    first = client.post(path, data=sent)
    again = client.post(path, data=sent)
    assert first.status_code == again.status_code == 303, first.text[:2000]
    assert first.location == again.location and first.location.endswith("?saved=1")
    assert case.stored(svc, story) == before + 1
    shown = client.get(first.location)
    assert shown.status_code == 200 and "Gespeichert." in shown.text


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_refusal_shows_at_its_field_keeps_the_typing_and_stores_nothing(
        app: Flask, svc: Services, story: dict, case: Case) -> None:
    client = signed_in(app, svc)
    path = filled(case.path, story)
    sent = {**form_of(client, path), **filled(case.bad, story)}
    if "refused_after" in case.extra:  # the state that makes the domain refuse
        case.extra["refused_after"](svc, story)
        sent.update({k: v for k, v in form_of(client, path).items() if k == "version"})
    before = case.stored(svc, story)
    answer = client.post(path, data=sent)
    assert answer.status_code == 422
    assert case.reason in error_at(answer.text, case.bad_field)
    assert case.stored(svc, story) == before
    for name, value in filled(case.bad, story).items():
        if isinstance(value, str) and value.strip():
            assert f'value="{value}"' in answer.text or f">{value}</textarea>" in answer.text, name
    assert '<html lang="de">' in answer.text


CHANGES = [c for c in CASES if c.meddle is not None]


@pytest.mark.parametrize("case", CHANGES, ids=lambda c: c.name)
def test_a_form_opened_before_another_change_says_so_and_stores_nothing(
        app: Flask, svc: Services, story: dict, case: Case) -> None:
    client = signed_in(app, svc)
    path = filled(case.path, story)
    sent = {**form_of(client, path), **filled(case.good, story)}
    case.meddle(svc, story)  # someone else, meanwhile
    after_them = case.stored(svc, story)
    answer = client.post(path, data=sent)
    assert answer.status_code == 422
    assert "Jemand hat diesen Eintrag geändert" in error_at(answer.text, "")
    assert "Nichts wurde gespeichert" in answer.text
    assert case.stored(svc, story) == after_them
    for name, value in filled(case.good, story).items():
        assert value in answer.text, name
    # The form now names the version it saw refused: sent again on purpose, it is stored.
    assert hidden(answer.text, "version") == str(after_them)
    sent["version"] = str(after_them)
    assert client.post(path, data=sent).status_code == 303
    assert case.stored(svc, story) == after_them + 1


def test_a_tampered_version_is_refused_in_words(app: Flask, svc: Services, story: dict) -> None:
    client = signed_in(app, svc)
    path = filled(BY_NAME["vote-close"].path, story)
    sent = {**form_of(client, path), "closed_on": "2024-04-20", "version": "drei"}
    before = svc.ledger.find(Vote, story["vote"]).version
    answer = client.post(path, data=sent)
    assert answer.status_code == 422 and "Seite neu" in answer.text
    assert svc.ledger.find(Vote, story["vote"]).version == before


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_out_of_scope_editors_get_not_found_and_auditors_may_not_record(
        app: Flask, svc: Services, story: dict, case: Case) -> None:
    path = filled(case.path, story)
    typed = filled(case.good, story)
    before = case.stored(svc, story)
    admin = signed_in(app, svc, "admin")
    sent = {**form_of(admin, path), **typed}
    if case.name != "process":  # a scoped token may start no process at all (403 below)
        elsewhere = signed_in(app, svc, "editor", (str(story["theirs"]),))
        assert elsewhere.get(path).status_code == 404
        post = elsewhere.post(path, data={**sent, "csrf_token": csrf_of(
            elsewhere.get("/ui/").text)})
        assert post.status_code == 404 and "Wrangelkiez" not in post.text
    auditor = signed_in(app, svc, "auditor")
    assert auditor.get(path).status_code == 403
    csrf = csrf_of(auditor.get("/ui/").text)
    assert auditor.post(path, data={**sent, "csrf_token": csrf}).status_code == 403
    assert case.stored(svc, story) == before


def test_a_scoped_editor_may_not_start_a_process(app: Flask, svc: Services, story: dict) -> None:
    client = signed_in(app, svc, "editor", (str(story["ours"]),))
    assert "Prozess eintragen" not in client.get("/ui/").text
    assert client.get("/ui/processes/new").status_code == 403


def test_a_cooperation_of_no_process_ends_only_by_an_unscoped_token(
        app: Flask, svc: Services, story: dict) -> None:
    loose = svc.ledger.start_cooperation(actor_ids=[story["ada"], story["funder"]],
                                         kind="partnership", started_on=date(2024, 1, 1))
    path = f"/ui/cooperations/{loose.record.id}/end"
    scoped = signed_in(app, svc, "editor", (str(story["ours"]),))
    assert scoped.get(path).status_code == 403
    assert "Kooperation beenden" not in scoped.get(f"/ui/cooperations/{loose.record.id}").text
    assert signed_in(app, svc, "editor").get(path).status_code == 200


def test_the_pages_link_the_forms_their_reader_may_use(app: Flask, svc: Services,
                                                       story: dict) -> None:
    editor = signed_in(app, svc)
    process = editor.get(f"/ui/processes/{story['ours']}").text
    for form in ("gatherings", "proposals", "commitments", "fundings", "cooperations",
                 "actors"):
        assert f'href="/ui/processes/{story["ours"]}/{form}/new"' in process, form
    assert 'href="/ui/processes/new"' in editor.get("/ui/").text
    vote = editor.get(f"/ui/votes/{story['vote']}").text
    for action in ("ballots/new", "tally", "close"):
        assert f'href="/ui/votes/{story["vote"]}/{action}"' in vote
    proposal = editor.get(f"/ui/proposals/{story['proposal']}").text
    assert f"/ui/proposals/{story['proposal']}/amendments/new" in proposal
    assert f"/ui/proposals/{story['proposal']}/votes/new" in proposal
    assert f"/ui/proposals/{story['proposal']}/withdraw" in proposal
    amendment = editor.get(f"/ui/amendments/{story['amendment']}").text
    assert f"/ui/amendments/{story['amendment']}/votes/new" in amendment
    assert f"/ui/amendments/{story['amendment']}/withdraw" in amendment
    # A closed vote offers nothing more; an auditor is offered nothing.
    svc.ledger.close_vote(story["vote"], closed_on=date(2024, 4, 20))
    assert f"/ui/votes/{story['vote']}/close" not in editor.get(f"/ui/votes/{story['vote']}").text
    auditor = signed_in(app, svc, "auditor")
    assert "/new" not in auditor.get(f"/ui/processes/{story['ours']}").text
    assert "/fulfil" not in auditor.get(f"/ui/commitments/{story['commitment']}").text


def test_domain_dates_are_empty_by_default(app: Flask, svc: Services, story: dict) -> None:
    client = signed_in(app, svc)
    today = date.today().isoformat()
    for case in CASES:
        page = client.get(filled(case.path, story)).text
        assert today not in page, case.name
        for name in case.good:
            if name.endswith("_on") or name.startswith("period_"):
                assert f'name="{name}" type="date" value=""' in page, (case.name, name)


def test_a_vote_by_tally_closes_and_the_amendment_changes_the_proposal(
        app: Flask, svc: Services, story: dict) -> None:
    client = signed_in(app, svc)
    vote = f"/ui/votes/{story['vote']}"
    for path, typed in ((f"{vote}/tally", {"yes": "12", "no": "3", "abstain": "1",
                                           "objections": ""}),
                        (f"{vote}/close", {"closed_on": "2024-04-20"})):
        answer = client.post(path, data={**form_of(client, path), **typed})
        assert answer.status_code == 303, answer.text[:2000]
    shown = client.get(vote).text
    assert "angenommen (ja 12, nein 3, Enthaltung 1, Einwände 0)" in shown
    assert svc.ledger.find(Proposal, story["proposal"]).text == "Wir entsiegeln zwei."


def test_english_pages_show_the_reason_in_english(app: Flask, svc: Services, story: dict) -> None:
    client = signed_in(app, svc)
    client.get("/ui/language/en?next=/ui/")
    path = filled(BY_NAME["disbursement"].path, story)
    page = client.get(path).text
    assert "Record a disbursement" in page and "Paid so far: 0.00 EUR of 1,000.00 EUR." in page
    answer = client.post(path, data={**form_of(client, path), "amount": "1,000.01",
                                     "paid_on": "2024-03-15"})
    assert answer.status_code == 422
    assert "would exceed the granted 1000.00 EUR" in error_at(answer.text, "amount")


GARBAGE = ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "x" * 200_001, "-1",
           "2024-02-30", "31.12.99999", "0001-01-01", "9999-12-31", "1e400", "NaN", "\x00",
           "Ada\x07", "１２", "' OR 1=1 --", "<script>alert(1)</script>"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_garbage_in_any_field_is_refused_in_words_never_a_500(
        app: Flask, svc: Services, story: dict, case: Case) -> None:
    client = signed_in(app, svc, "admin")
    path = filled(case.path, story)
    base = {**form_of(client, path), **filled(case.good, story)}
    names = [*case.good, "version"] if case.changes else list(case.good)
    before = case.stored(svc, story)
    for name in names:
        for junk in GARBAGE:
            sent = {**base, name: junk, "form_key": f"g{abs(hash((name, junk)))}"}
            answer = client.post(path, data=sent)
            assert answer.status_code in (303, 422), (name, junk[:20], answer.status_code)
            assert "<script>alert" not in answer.text
            if answer.status_code == 303:  # a value the form may take (a note of that text)
                assert name in ("note", "description", "reason", "evidence", "rationale",
                                "text", "name", "contact", "title", "topics", "currency"), \
                    (name, junk)
                before = case.stored(svc, story)
                if case.changes:
                    base["version"] = str(before)
    assert case.stored(svc, story) == before


def test_an_unknown_subject_kind_for_a_vote_is_not_found(app: Flask, svc: Services,
                                                          story: dict) -> None:
    client = signed_in(app, svc)
    assert client.get(f"/ui/gatherings/{story['gathering']}/votes/new").status_code == 404
    assert client.get(f"/ui/votes/{story['vote']}/withdraw").status_code == 404
    assert client.get(f"/ui/proposals/{UUID(int=0)}/votes/new").status_code == 404
    assert client.get(f"/ui/processes/{story['ours']}").status_code == 200
    assert svc.ledger.find(Process, story["ours"]).version >= 1
