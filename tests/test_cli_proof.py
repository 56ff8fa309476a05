"""`kiezledger report proof-of-use`: the same report as the API, as a file or on stdout."""

from __future__ import annotations

import json

from api import create_app
from api.services import current
from cli.main import main
from tests.api.conftest import Client, build_world
from tests.api.test_proof_of_use import FROM, TO, build_story


def test_the_command_line_writes_the_apis_report(tmp_path, capsys):
    url = f"sqlite:///{tmp_path}/kiezledger.db"
    app = create_app({"KIEZLEDGER_DATABASE_URL": url, "TESTING": True})
    try:
        with app.app_context():
            admin = Client(app.test_client(), current().tokens.create("admin", "admin"))
        story = build_story(admin, build_world(admin))
        answered = admin.get(f"/v1/reports/proof-of-use?funding_id={story['funding']}"
                             f"&from={FROM}&to={TO}").get_json()
    finally:
        app.extensions["kiezledger"].close()
    args = ["--database-url", url, "report", "proof-of-use", "--funding", story["funding"],
            "--from", FROM, "--to", TO]
    assert main([*args, "--output", "-"]) == 0
    assert json.loads(capsys.readouterr().out) == answered
    target = tmp_path / "nachweis.html"
    assert main([*args, "--output", str(target)]) == 0
    html = target.read_text("utf-8")
    assert "Verwendungsnachweis" in html and answered["ledger_head"]["hash"] in html
    assert main([*args[:5], "not-a-uuid", *args[6:], "--output", "-"]) != 0
