"""docker-compose.yml as written: valid against the Compose Specification, and every service's
command run natively (no Docker engine here) with the environment the file gives it, against
PostgreSQL, behind nginx from its Debian package with the config the image uses.

Only addresses are mapped: `db:5432` to the test database, the API's bind `0.0.0.0:8000` and
nginx's `api:8000` to a free local port, nginx's `listen 8080` to another, the `keys` volume and
nginx's /tmp to temporary directories.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import requests
import yaml

from tests.api.server import command
from tests.conftest import in_ci
from tests.pg import free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "tests" / "fixtures" / "compose-spec" / "compose-spec.json"


def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_file_is_valid_against_the_compose_specification():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft201909Validator(schema)
    validator.validate(compose())
    broken = compose()
    broken["services"]["api"]["restart"] = 5
    assert not validator.is_valid(broken)  # the schema does check services


def test_compose_has_what_a_long_running_deployment_needs():
    services = compose()["services"]
    db = services["db"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert db["volumes"][0].split(":")[0] in compose()["volumes"]  # a named volume
    assert services["migrate"]["command"] == ["kiezledger", "init"]
    ours = {name: s for name, s in services.items() if name != "db"}
    assert {s["image"] for s in ours.values()} == {"kiezledger:local"}  # one image
    for name, service in services.items():
        if name != "migrate":
            assert service["restart"] == "unless-stopped", name
    assert services["api"]["command"][:2] == ["kiezledger", "serve"]
    assert services["projector"]["command"][:2] == ["kiezledger", "project"]
    assert services["proxy"]["command"][0] == "nginx"
    assert "ports" not in services["api"]  # only through the proxy
    for service in ours.values():  # configuration only by environment, no .env files
        assert "env_file" not in service


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx")
                                      else None)
    if found is None:
        if in_ci():
            pytest.fail("nginx is required under CI (Debian package nginx; .ci/run installs it)")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    return found


class Services:
    """The compose services, run as local processes."""

    def __init__(self, database_url: str, work: Path) -> None:
        self.file = compose()
        self.database_url = database_url
        self.work = work
        self.api_port = free_port()
        self.proxy_port = free_port()
        self.keys = work / "keys"
        self.keys.mkdir()
        self.logs: dict[str, Path] = {}

    def environment(self, name: str) -> dict[str, str]:
        given = dict(self.file["services"][name].get("environment") or {})
        url = given["KIEZLEDGER_DATABASE_URL"]
        assert "@db:5432/" in url, url
        given["KIEZLEDGER_DATABASE_URL"] = self.database_url
        given["KIEZLEDGER_SIGNING_KEY_FILE"] = given["KIEZLEDGER_SIGNING_KEY_FILE"].replace(
            "/app/keys", str(self.keys))
        given["KIEZLEDGER_BIND"] = given["KIEZLEDGER_BIND"].replace(
            "0.0.0.0:8000", f"127.0.0.1:{self.api_port}")
        # The machine's environment without any Kiezledger setting: only the file's count.
        base = {k: v for k, v in os.environ.items()
                if not k.startswith(("KIEZLEDGER_", "PROMETHEUS_"))}
        return {**base, **{k: str(v) for k, v in given.items()}}

    def argv(self, name: str) -> list[str]:
        argv = list(self.file["services"][name]["command"])
        if argv[0] == "kiezledger":
            return [*command(), *argv[1:]]
        if argv[0] == "nginx":
            i = argv.index("-c")
            argv[i + 1] = str(self.nginx_config(Path(argv[i + 1])))
            return [nginx_binary(), *argv[1:]]
        raise AssertionError(f"unexpected command {argv}")

    def nginx_config(self, in_image: Path) -> Path:
        assert in_image.parts[:2] == ("/", "app")
        text = (ROOT / in_image.relative_to("/app")).read_text(encoding="utf-8")
        # Its own temporary directory, readable by nginx's workers (nobody, when run as root).
        scratch = Path(tempfile.mkdtemp(prefix="kiezledger-nginx-"))
        scratch.chmod(0o755)
        atexit.register(shutil.rmtree, scratch, True)
        mapped = (text.replace("server api:8000;", f"server 127.0.0.1:{self.api_port};")
                  .replace("listen 8080;", f"listen 127.0.0.1:{self.proxy_port};")
                  .replace("/tmp/", f"{scratch}/"))
        assert mapped.count(str(self.api_port)) == 1 and mapped.count(str(self.proxy_port)) == 1
        path = scratch / "nginx.conf"
        path.write_text(mapped, encoding="utf-8")
        return path

    def run(self, name: str, *extra: str) -> subprocess.CompletedProcess[str]:
        argv = self.argv(name) if not extra else [*command(), *extra]
        return subprocess.run(argv, cwd=ROOT, env=self.environment(name), capture_output=True,
                              text=True, timeout=120, check=False)

    @contextmanager
    def started(self, name: str) -> Iterator[subprocess.Popen[str]]:
        log = self.work / f"{name}.log"
        self.logs[name] = log
        with log.open("w") as out:
            process = subprocess.Popen(self.argv(name), cwd=ROOT, env=self.environment(name),
                                       stdout=out, stderr=subprocess.STDOUT, text=True)
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()

    def output(self, name: str) -> str:
        return self.logs[name].read_text(errors="replace")


def wait_for(check, what: str, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        try:
            found = check()
        except requests.RequestException:
            found = None
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def stop(process: subprocess.Popen[str], output: str = "") -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=40)


def sample(text: str, name: str, **labels: str) -> float | None:
    """The value of one series in a Prometheus text answer."""
    for line in text.splitlines():
        if not line.startswith(name):
            continue
        series, _, value = line.rpartition(" ")
        if series.split("{")[0] != name:
            continue
        if all(f'{k}="{v}"' in series for k, v in labels.items()):
            return float(value)
    return None


def test_compose_services_run_natively_behind_nginx(postgres_url, tmp_path):
    nginx_binary()
    svc = Services(postgres_url, tmp_path)
    proxy = f"http://127.0.0.1:{svc.proxy_port}"

    migrate = svc.run("migrate")
    assert migrate.returncode == 0, migrate.stderr
    # The README's first admin token: `docker compose run --rm api kiezledger token create ...`
    made = svc.run("api", "token", "create", "--role", "admin", "--name", "office-admin")
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip().splitlines()[-1]
    auth = {"Authorization": f"Bearer {token}"}

    # Events recorded while no projector runs: the read models lag the log.
    from store.ledger import open_ledger

    ledger = open_ledger(postgres_url, create_table=False)
    try:
        for i in range(120):
            ledger.register_actor(kind="initiative", name=f"Initiative {i}")
    finally:
        ledger.close()

    with ExitStack() as stack:
        api = stack.enter_context(svc.started("api"))
        nginx = stack.enter_context(svc.started("proxy"))
        wait_for(lambda: requests.get(proxy + "/healthz", timeout=5).status_code == 200,
                 "the API through nginx")
        not_ready = requests.get(proxy + "/readyz", timeout=5)
        assert not_ready.status_code == 503, not_ready.text
        assert not_ready.headers["Content-Type"] == "application/problem+json"

        projector = stack.enter_context(svc.started("projector"))
        ready = wait_for(lambda: (r := requests.get(proxy + "/readyz", timeout=5)).status_code
                         == 200 and r, "/readyz to turn ready")
        assert ready.json()["head"] == 120 and set(ready.json()["lag"].values()) == {0}

        written = requests.post(proxy + "/v1/actors", json={"kind": "person", "name": "Ada"},
                                headers=auth, timeout=30)
        assert written.status_code == 201, written.text
        assert written.headers["Kiezledger-Position"] == "121"
        assert "Kiezledger-Projections-Lag" not in written.headers  # the projector applied it
        assert written.headers["Request-Id"]
        listed = requests.get(proxy + "/v1/actors", params={"limit": 200}, headers=auth,
                              timeout=30).json()
        assert "Ada" in [a["name"] for a in listed["items"]]

        scraped = requests.get(proxy + "/metrics", timeout=10)
        assert scraped.headers["Content-Type"].count("charset") == 1
        text = scraped.text
        assert sample(text, "kiezledger_http_requests_total", endpoint="/v1/actors",
                      method="POST", status="201") == 1
        assert sample(text, "kiezledger_events_appended_total") == 1
        assert sample(text, "kiezledger_log_head") == 121
        assert sample(text, "kiezledger_read_model_lag_events", read_model="records") == 0

        # SIGTERM: the projector finishes its batch and exits 0; the API finishes the request
        # in hand (a write waiting for the projector that is gone) before exiting 0.
        assert stop(projector) == 0, svc.output("projector")
        answers: list[requests.Response] = []
        slow = threading.Thread(target=lambda: answers.append(requests.post(
            proxy + "/v1/actors", json={"kind": "person", "name": "Late"}, headers=auth,
            timeout=60)))
        slow.start()
        time.sleep(1.0)  # the write is stored and waiting for the read models
        assert stop(api) == 0, svc.output("api")
        slow.join(60)
        assert answers and answers[0].status_code == 201, answers
        assert answers[0].headers["Kiezledger-Projections-Lag"] == "1"
        assert stop(nginx) == 0, svc.output("proxy")

    lines = [json.loads(line) for line in svc.output("api").splitlines()
             if line.startswith("{")]
    post = next(line for line in lines if line["method"] == "POST" and line["status"] == 201)
    assert post["route"] == "/v1/actors" and post["token"] == "office-admin"
    assert post["request_id"] == written.headers["Request-Id"]
    assert post["duration_ms"] >= 0
    assert "Traceback" not in svc.output("api") + svc.output("projector")
    assert re.search(r"stopped at position 121", svc.output("projector"))


def test_the_gunicorn_config_file_takes_workers_from_the_cpu_count(monkeypatch):
    from cli.serve import config_file

    path = str(ROOT / "deploy" / "gunicorn.conf.py")
    monkeypatch.delenv("KIEZLEDGER_WORKERS", raising=False)
    settings = config_file(path)
    assert settings["workers"] == (os.cpu_count() or 1) + 1
    assert settings["worker_class"] == "gthread" and "preload_app" not in settings
    monkeypatch.setenv("KIEZLEDGER_WORKERS", "3")
    monkeypatch.setenv("KIEZLEDGER_BIND", "127.0.0.1:9999")
    settings = config_file(path)
    assert settings["workers"] == 3 and settings["bind"] == "127.0.0.1:9999"
