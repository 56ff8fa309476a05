"""`kiezledger serve` as a real gunicorn server in a subprocess, and a tiny HTTP client."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import requests

from tests.pg import free_port

ROOT = Path(__file__).resolve().parents[2]


def command() -> list[str]:
    """The `kiezledger` console script beside this interpreter, else its target module."""
    script = Path(sys.executable).parent / "kiezledger"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cli.main"]


def kiezledger(*args: str, url: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user would."""
    return subprocess.run(
        [*command(), *args], check=False, cwd=ROOT, capture_output=True, text=True,
        timeout=timeout, env={**os.environ, "KIEZLEDGER_DATABASE_URL": url},
    )


@dataclass
class Api:
    base: str
    token: str
    session: requests.Session

    def post(self, path: str, body: dict[str, Any], **headers: str) -> requests.Response:
        return self.session.post(self.base + path, json=body, timeout=30,
                                 headers={"Authorization": f"Bearer {self.token}", **headers})

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.session.get(self.base + path, params=params, timeout=30,
                                headers={"Authorization": f"Bearer {self.token}"})

    def create(self, path: str, body: dict[str, Any], status: int = 201) -> dict[str, Any]:
        response = self.post(path, body)
        assert response.status_code == status, (path, response.status_code, response.text)
        return response.json()


@dataclass
class Server:
    base: str
    process: subprocess.Popen[str]
    log: IO[str]

    def output(self) -> str:
        """What the server printed so far."""
        self.log.flush()
        self.log.seek(0)
        return self.log.read()


@contextmanager
def serving(url: str, *, workers: int = 2, threads: int | None = None,
            extra: tuple[str, ...] = ()) -> Iterator[Server]:
    """Start `kiezledger serve` on a free port, wait for /healthz, stop it afterwards.

    Without `threads`, the server runs with serve's own default threads per worker.
    """
    port = free_port()
    chosen = ("--threads", str(threads)) if threads is not None else ()
    # A file, not a pipe: a pipe nobody reads could fill up and block the server.
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            [*command(), "serve", "--port", str(port),
             "--workers", str(workers), *chosen, *extra],
            cwd=ROOT, env={**os.environ, "KIEZLEDGER_DATABASE_URL": url},
            stdout=log, stderr=subprocess.STDOUT, text=True,
        )
        server = Server(f"http://127.0.0.1:{port}", process, log)
        try:
            wait_until_healthy(server)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_healthy(server: Server, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            raise AssertionError(f"kiezledger serve exited:\n{server.output()}")
        try:
            if requests.get(server.base + "/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or a worker still booting
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"kiezledger serve did not answer /healthz within {timeout} s")
        time.sleep(0.1)
