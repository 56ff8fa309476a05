"""Export and restore: CloudEvents NDJSON with positions, hashes and stored bytes.

A round trip into an empty store gives the same head hash and the same records; an export
verifies offline against a checkpoint published before; any edited, dropped, added or
reordered line is found.
"""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import pytest

from ledger import archive, integrity
from ledger.domain.actors import Actor, Cooperation
from ledger.domain.commitments import Commitment
from ledger.domain.fundings import Funding
from ledger.domain.processes import Gathering, Process
from ledger.personal import ERASED
from store import signing
from tests.trust.conftest import url_for
from tests.trust.support import PERSON_NAME, history, raw_postgres

ATTENDANCE, EDITED = b'"attendance":48', b'"attendance":84'
KINDS = {"person": Actor, "other": Actor, "initiative": Actor, "funder": Actor,
         "process": Process, "gathering": Gathering, "commitment": Commitment,
         "cooperation": Cooperation, "funding": Funding}


def exported(app) -> tuple[str, dict[str, Any]]:
    out = io.StringIO()
    cp = archive.export(app, out)
    return out.getvalue(), cp


def state(app, ids) -> dict[str, Any]:
    """Every record as its attributes (ids, versions, times, values)."""
    return {name: dict(vars(app.find(KINDS[name], ids[name]))) for name in KINDS}


def lines_of(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def joined(lines: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


@pytest.fixture
def source(open_ledger, tmp_path, request):
    app = open_ledger(f"sqlite:///{tmp_path}/source/kiezledger.db")
    ids = history(app)
    app.erase_actor(ids["other"], reason="Antrag")
    return app, ids


# -- the file -----------------------------------------------------------------------------


def test_the_export_is_cloudevents_with_hashes_and_stored_bytes(source):
    app, ids = source
    text, cp = exported(app)
    lines = lines_of(text)
    keys = [line for line in lines if line["type"] == "kiezledger.PersonalKey"]
    events = [line for line in lines if line["type"] not in (
        "kiezledger.PersonalKey", "kiezledger.Checkpoint")]
    assert lines[-1]["type"] == "kiezledger.Checkpoint"
    assert lines[:len(keys)] == keys  # keys first
    notifications = list(integrity.iter_log(app))
    assert [e["position"] for e in events] == [n.id for n in notifications]
    chain = dict(integrity.chain(notifications))
    for event, n in zip(events, notifications, strict=True):
        assert event["specversion"] == "1.0" and event["source"] == "urn:kiezledger"
        assert event["id"] == f"{n.originator_id}:{n.originator_version}"
        assert event["hash"] == chain[n.id].hex()
        assert base64.b64decode(event["storedstate"]) == n.state
        assert event["topic"] == n.topic
        assert event["datacontenttype"] == "application/json"
        assert event["recordedby"] == "system" and event["time"]
    first = events[0]
    assert first["type"] == "kiezledger.Actor.Registered"
    assert first["subject"] == f"actors/{ids['person']}"
    assert first["data"]["name"] == PERSON_NAME
    held = [e for e in events if e["type"] == "kiezledger.Gathering.Held"]
    assert held[0]["occurredon"] == "2022-04-02"
    assert held[0]["subject"] == f"gatherings/{ids['gathering']}"
    erased = [e for e in events if e["subject"] == f"actors/{ids['other']}"]
    assert erased[0]["data"]["name"] == ERASED and erased[1]["type"] == "kiezledger.Actor.Erased"
    checkpoint = lines[-1]["data"]
    assert checkpoint["position"] == cp["position"] == events[-1]["position"]
    assert checkpoint["hash"] == cp["hash"] == events[-1]["hash"]
    assert checkpoint["count"] == len(events)
    assert integrity.verify_checkpoint(checkpoint, signing.public_key_pem(app))
    by_subject = {k["data"]["subject_id"]: k["data"] for k in keys}
    assert by_subject[str(ids["other"])]["key"] is None  # erased: no key travels
    assert by_subject[str(ids["person"])]["key"]  # live keys do travel: guard the file


def test_an_empty_ledger_exports_a_checkpoint_only(open_ledger):
    app = open_ledger("memory://")
    text, cp = exported(app)
    assert [line["type"] for line in lines_of(text)] == ["kiezledger.Checkpoint"]
    assert (cp["position"], cp["hash"]) == (0, "00" * 32)
    assert archive.verify_export(io.StringIO(text), cp)["ok"]


def test_export_reports_progress(source):
    app, _ = source
    calls: list[tuple[int, int]] = []
    archive.export(app, io.StringIO(), progress=lambda done, total: calls.append((done, total)))
    head = app.recorder.max_notification_id()
    assert calls and calls[-1] == (head, head)


# -- round trips --------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["memory", "sqlite", pytest.param(
    "postgres", marks=pytest.mark.postgres)])
def test_round_trip_gives_the_same_head_and_the_same_records(
        source, target, open_ledger, request, tmp_path):
    app, ids = source
    text, cp = exported(app)
    restored = open_ledger(url_for(request, target, tmp_path, name="target"))
    calls: list[tuple[int, int]] = []
    answer = archive.import_(restored, io.StringIO(text),
                             progress=lambda done, total: calls.append((done, total)))
    assert answer["hash"] == cp["hash"] == integrity.head(restored)[1]
    assert answer["events"] == calls[-1][0] == calls[-1][1]
    assert state(restored, ids) == state(app, ids)
    assert restored.find(Actor, ids["person"]).name == PERSON_NAME  # keys came along
    assert restored.find(Actor, ids["other"]).name == ERASED
    assert integrity.verify_app(restored, checkpoints=[cp])["ok"]
    # Export again: the same history, line for line (but for the new checkpoint's signature).
    again, _ = exported(restored)
    assert lines_of(again)[:-1] == lines_of(text)[:-1]


@pytest.mark.postgres
def test_round_trip_from_postgres_with_gaps_renumbers_but_keeps_the_head_hash(
        postgres_url, open_ledger, tmp_path):
    app = open_ledger(postgres_url)
    ids = history(app)
    with raw_postgres(postgres_url) as conn:  # a rolled-back insert leaves a gap
        conn.execute("SELECT nextval(pg_get_serial_sequence('kiezledger_events', "
                     "'notification_id'))")
    app.register_actor(kind="school", name="Rixdorfer Grundschule")
    text, cp = exported(app)
    positions = [line["position"] for line in lines_of(text) if "position" in line]
    assert positions != list(range(1, len(positions) + 1))
    restored = open_ledger(f"sqlite:///{tmp_path}/restored/kiezledger.db")
    archive.import_(restored, io.StringIO(text))
    assert integrity.head(restored) == (len(positions), cp["hash"])
    assert integrity.verify_app(restored, cp)["ok"]  # found by hash, not by position
    assert state(restored, ids) == state(app, ids)


def test_import_refuses_a_store_that_is_not_empty(source, open_ledger, tmp_path):
    app, _ = source
    text, _ = exported(app)
    target = open_ledger(f"sqlite:///{tmp_path}/target/kiezledger.db")
    target.register_actor(kind="other", name="Schon da")
    with pytest.raises(archive.ArchiveError, match="not empty"):
        archive.import_(target, io.StringIO(text))


def test_import_refuses_a_tampered_export_and_writes_nothing(source, open_ledger, tmp_path):
    app, _ = source
    text, _ = exported(app)
    lines = lines_of(text)
    lines[6]["data"]["title"] = "Umgeschrieben"
    target = open_ledger(f"sqlite:///{tmp_path}/target/kiezledger.db")
    with pytest.raises(archive.ArchiveError, match="does not verify"):
        archive.import_(target, io.StringIO(joined(lines)))
    assert not target.recorder.max_notification_id()
    assert target.personal_keys.count() == 0


def test_import_reads_a_stream_that_cannot_seek(source, open_ledger):
    app, ids = source
    text, cp = exported(app)

    class Stream(io.StringIO):
        def seekable(self) -> bool:
            return False

    target = open_ledger("memory://")
    assert archive.import_(target, Stream(text))["hash"] == cp["hash"]


# -- offline verification -----------------------------------------------------------------


def test_an_export_verifies_offline_against_the_published_checkpoint(source):
    app, _ = source
    text, cp = exported(app)
    published = json.loads(json.dumps(cp))  # as a funder keeps it
    result = archive.verify_export(io.StringIO(text), published,
                                   public_key=signing.public_key_pem(app))
    assert result == {"ok": True, "checked": cp["position"], "first_bad_position": None,
                      "reason": None, "head": {"position": cp["position"], "hash": cp["hash"]}}


def test_last_years_checkpoint_verifies_this_years_export(source):
    app, ids = source
    last_year = signing.checkpoint(app)
    app.report_progress(ids["commitment"], reported_on=__import__("datetime").date(2023, 1, 9),
                        note="Zwei von drei fertig")
    text, _ = exported(app)
    assert archive.verify_export(io.StringIO(text), last_year)["ok"]


def test_a_checkpoint_of_another_history_does_not_verify(source, open_ledger):
    app, _ = source
    other = open_ledger("memory://")
    history(other)
    text, _ = exported(app)
    result = archive.verify_export(io.StringIO(text), signing.checkpoint(other))
    assert not result["ok"] and "checkpoint" in result["reason"]


def test_a_forged_checkpoint_signature_is_refused(source):
    app, _ = source
    text, cp = exported(app)
    result = archive.verify_export(io.StringIO(text), {**cp, "position": cp["position"] - 1})
    assert not result["ok"] and "signature" in result["reason"]


def tampered(text: str, how: str) -> tuple[str, int]:
    """The export changed in one way; answers the text and the position that must be named."""
    lines = lines_of(text)
    events = [i for i, line in enumerate(lines) if "position" in line]
    i = events[6]
    position = lines[i]["position"]
    if how == "readable data":
        lines[i]["data"]["attendance"] = 480
    elif how == "stored bytes":
        state = base64.b64decode(lines[i]["storedstate"]).replace(ATTENDANCE, EDITED)
        lines[i]["storedstate"] = base64.b64encode(state).decode()
    elif how == "recorded by":
        lines[i]["recordedby"] = "someone-else"
    elif how == "recorded time":
        lines[i]["time"] = "2020-01-01T00:00:00+00:00"
    elif how == "dropped line":
        # Positions may have gaps (PostgreSQL): the next event is the first that does not
        # follow from the one before it.
        del lines[i]
        position = lines[i]["position"]
    elif how == "swapped lines":
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    elif how == "added line":
        lines.insert(i, dict(lines[i - 1]))  # the event before, a second time
        position = lines[i]["position"]
    elif how == "cut off":
        del lines[i:-1]
    elif how == "rehashed":
        # Edit the bytes and recompute every hash after it: only the checkpoint notices.
        state = base64.b64decode(lines[i]["storedstate"]).replace(ATTENDANCE, EDITED)
        lines[i]["storedstate"] = base64.b64encode(state).decode()
        lines[i]["data"]["attendance"] = 84
        previous = bytes.fromhex(lines[i - 1]["hash"])
        for line in lines[i:]:
            if "position" in line:
                previous = integrity.link(previous, archive._notification(line))
                line["hash"] = previous.hex()
        position = lines[events[0]]["position"]  # nothing before it is anchored
    elif how == "not json":
        return text.replace(json.dumps(lines[i], ensure_ascii=False, separators=(",", ":")),
                            "{oops", 1), position
    return joined(lines), position


@pytest.mark.parametrize("how", [
    "readable data", "stored bytes", "recorded by", "recorded time", "dropped line",
    "swapped lines", "added line", "cut off", "rehashed", "not json",
])
def test_a_tampered_export_names_the_first_bad_position(source, how):
    app, _ = source
    text, cp = exported(app)
    changed, position = tampered(text, how)
    assert changed != text
    result = archive.verify_export(io.StringIO(changed), cp)
    assert not result["ok"], result
    assert result["first_bad_position"] == position, result


def test_without_a_published_checkpoint_a_rehashed_export_is_caught_by_its_own_line(source):
    app, _ = source
    text, _ = exported(app)
    changed, _ = tampered(text, "rehashed")
    result = archive.verify_export(io.StringIO(changed))
    assert not result["ok"] and "checkpoint line" in result["reason"]


def test_with_the_public_key_an_export_resigned_with_another_key_fails(source):
    """A forger edits an event, rehashes the chain, signs the final line with a key of their
    own and hands over an unsigned checkpoint of the forged head."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    app, _ = source
    real_key = signing.public_key_pem(app)
    text, cp = exported(app)
    forged, _ = tampered(text, "rehashed")
    lines = lines_of(forged)
    last_event = [line for line in lines if line.get("type") != archive.CHECKPOINT_TYPE][-1]
    final = lines[-1]
    resigned = integrity.signed_checkpoint(Ed25519PrivateKey.generate(), cp["position"],
                                           last_event["hash"])
    final["data"] = {**final["data"], **resigned}
    forged = joined(lines)
    unsigned = {"position": cp["position"], "hash": last_event["hash"]}

    by_its_own_key = archive.verify_export(io.StringIO(forged), unsigned)
    with_the_real_key = archive.verify_export(io.StringIO(forged), unsigned, public_key=real_key)
    without_checkpoint = archive.verify_export(io.StringIO(forged), public_key=real_key)
    assert by_its_own_key["ok"]  # without the key, a self-consistent forgery looks intact
    assert not with_the_real_key["ok"] and "not signed" in with_the_real_key["reason"]
    assert not without_checkpoint["ok"]
    assert "given public key" in without_checkpoint["reason"]
    # The genuine export still verifies with the real key, with or without its checkpoint.
    assert archive.verify_export(io.StringIO(text), cp, public_key=real_key)["ok"]
    assert archive.verify_export(io.StringIO(text), public_key=real_key)["ok"]


def with_a_bad_key_line(text: str) -> tuple[str, int]:
    """The export with its first personal key line's key no longer base64; answers the text
    and that line's number."""
    lines = lines_of(text)
    number = next(i for i, line in enumerate(lines) if line["type"] == archive.KEY_TYPE
                  and line["data"]["key"] is not None)
    lines[number]["data"]["key"] = "not*base64!"
    return joined(lines), number + 1


def test_a_key_line_that_is_not_base64_is_named_not_raised(source, open_ledger, tmp_path):
    app, _ = source
    text, cp = exported(app)
    changed, number = with_a_bad_key_line(text)
    for checkpoint in (None, cp):
        result = archive.verify_export(io.StringIO(changed), checkpoint)
        assert not result["ok"]
        assert f"line {number}" in result["reason"] and "base64" in result["reason"]
        assert result["first_bad_position"] == 1  # no event before it verified
    target = open_ledger(f"sqlite:///{tmp_path}/target/kiezledger.db")
    with pytest.raises(archive.ArchiveError, match=f"line {number} .*base64"):
        archive.import_(target, io.StringIO(changed))
    assert not target.recorder.max_notification_id()


def test_a_rehashed_export_names_the_first_position_after_last_years_checkpoint(source):
    """Last year's checkpoint proves the log up to its position; this year's export was
    edited at the next position and rehashed: that position is named, not position 1 and
    not the end of the file."""
    app, _ = source
    text, cp = exported(app)
    changed, _ = tampered(text, "rehashed")
    events = [line for line in lines_of(text) if "position" in line]
    edited = events[6]["position"]  # where `tampered` edits
    last_year = signing.sign(events[5]["position"], events[5]["hash"], app,
                             signed_at="2024-01-01T00:00:00+00:00")
    for public_key in (None, signing.public_key_pem(app)):
        result = archive.verify_export(io.StringIO(changed), last_year, public_key=public_key)
        assert not result["ok"], result
        assert result["first_bad_position"] == edited, result
        assert f"from position {edited} on" in result["reason"]
    # An older checkpoint proves less: the first position after it is named.
    older = signing.sign(events[2]["position"], events[2]["hash"], app,
                         signed_at="2023-01-01T00:00:00+00:00")
    result = archive.verify_export(io.StringIO(changed), older)
    assert result["first_bad_position"] == events[3]["position"], result
    assert archive.verify_export(io.StringIO(text), last_year)["ok"]  # the genuine file
