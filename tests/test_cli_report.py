"""`kiezledger report funding|accountability`: the API's report as a file or on stdout."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from api import create_app
from api.services import current
from cli.main import main
from tests.api.conftest import Client
from tests.api.server import kiezledger
from tests.api.test_reports import (
    FROM,
    P_FIGURES,
    TO,
    Scenario,
    build_scenario,
    pdf_text,
)

WHEN = datetime(2025, 1, 15, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A SQLite store with the report scenario written through the API, and its admin client."""
    url = f"sqlite:///{tmp_path_factory.mktemp('cli-report')}/kiezledger.db"
    app = create_app({"KIEZLEDGER_DATABASE_URL": url, "TESTING": True})
    with app.app_context():
        admin = Client(app.test_client(), current().tokens.create("admin", "admin"))
    scenario = build_scenario(admin)
    yield url, admin, scenario
    app.extensions["kiezledger"].close()


def report(url: str, *args: str) -> int:
    return main(["--database-url", url, "report", *args])


def funding_args(s: Scenario, *more: str) -> list[str]:
    return ["funding", "--funder", s["funder"], "--from", FROM, "--to", TO, *more]


def test_writes_a_pdf_and_prints_its_path(store, tmp_path, capsys):
    url, admin, s = store
    target = tmp_path / "bericht.pdf"
    assert report(url, *funding_args(s, "--format", "pdf", "--output", str(target))) == 0
    assert capsys.readouterr().out.strip() == str(target)
    text = pdf_text(target.read_bytes())
    head = admin.get(f"/v1/reports/funding?funder_id={s['funder']}&from={FROM}&to={TO}"
                     ).get_json()["ledger_head"]
    assert "Förderbericht" in text and "Stiftung Nachbarschaft" in text
    assert head["hash"] in text
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_the_format_follows_the_suffix_and_the_csv_parses(store, tmp_path, capsys):
    url, _, s = store
    target = tmp_path / "figures.csv"
    assert report(url, "accountability", "--process", s["P"], "--from", FROM, "--to", TO,
                  "--output", str(target)) == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"), newline="")))
    process = {(r["figure"], r["year"]): r["value"] for r in rows if not r["funding_id"]}
    assert process[("attendance", "")] == str(P_FIGURES["attendance"])
    assert process[("continuity.open_assemblies", "2023")] == "0"
    assert len({r["ledger_hash"] for r in rows}) == 1 and rows[0]["ledger_hash"]


def test_cli_and_api_answer_the_same_bytes(store, tmp_path, capsysbinary, monkeypatch):
    url, admin, s = store
    from queries.reports import view

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return WHEN

    monkeypatch.setattr(view, "datetime", Frozen)  # HTML prints when it was made
    api_path = f"/v1/reports/funding?funder_id={s['funder']}&from={FROM}&to={TO}"
    for fmt in ("json", "csv", "html"):
        assert report(url, *funding_args(s, "--format", fmt, "--output", "-")) == 0
        from_cli = capsysbinary.readouterr().out
        from_api = admin.get(f"{api_path}&format={fmt}").data
        assert from_cli == from_api, fmt
    cli_figures = json.loads(report_json(url, s, capsysbinary))
    assert cli_figures["fundings"][0]["attendance"] == P_FIGURES["attendance"]


def report_json(url: str, s: Scenario, capsysbinary) -> bytes:
    assert report(url, *funding_args(s, "--output", "-")) == 0   # json without --format
    return capsysbinary.readouterr().out


def test_default_file_name_in_the_current_directory(store, tmp_path, capsys, monkeypatch):
    url, _, s = store
    monkeypatch.chdir(tmp_path)
    assert report(url, *funding_args(s, "--format", "html", "--lang", "en")) == 0
    name = capsys.readouterr().out.strip()
    assert name == f"funding-report_stiftung-nachbarschaft_{FROM}_{TO}.html"
    html = (tmp_path / name).read_text("utf-8")
    assert '<html lang="en">' in html and "<svg" in html


@pytest.mark.parametrize(("args", "message"), [
    (["funding", "--funder", "00000000-0000-0000-0000-000000000001", "--from", FROM,
      "--to", TO], "no funder"),
    (["accountability", "--process", "not-an-id", "--from", FROM, "--to", TO], "no process"),
    (["accountability", "--process", "{P}", "--from", "2024-01-02", "--to", "2024-01-01"],
     "before"),
    (["accountability", "--process", "{P}", "--from", "2024-02-30", "--to", "2024-03-01"],
     "date"),
    (["accountability", "--process", "{P}", "--from", FROM, "--to", TO, "--output",
      "/nonexistent-dir/x.pdf"], "cannot write"),
])
def test_refusals_are_one_line_and_status_1(store, capsys, args, message):
    url, _, s = store
    assert report(url, *[a.format(P=s["P"]) for a in args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kiezledger report: ") and message in err


def test_argparse_refuses_unknown_formats_and_languages(store):
    url, _, s = store
    for extra in (["--format", "xml"], ["--lang", "fr"]):
        with pytest.raises(SystemExit):
            report(url, *funding_args(s, *extra))


def test_as_a_user_runs_it(store, tmp_path):
    url, _, s = store
    target = tmp_path / "report.pdf"
    done = kiezledger("report", *funding_args(s, "--output", str(target)), url=url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(target)
    assert Path(target).read_bytes().startswith(b"%PDF-")
