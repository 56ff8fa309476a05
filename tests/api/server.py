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
from typing import Any

import requests

from tests.pg import free_port

ROOT = Path(__file__).resolve().parents[2]


def command() -> list[str]:
    """The `kiezledger` console script beside this interpreter, else its target module."""
    script = Path(sys.executable).parent / "kiezledger"
    return [str(script)] if script.exists() else [sys.executable, "-m", "api.cli"]


def kiezledger(*args: str, url: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user would."""
    return subprocess.run(
        [*command(), *args], cwd=ROOT, capture_output=True, text=True,
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


@contextmanager
def serving(url: str, *, workers: int = 2, threads: int = 1,
            extra: tuple[str, ...] = ()) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """Start `kiezledger serve` on a free port; yield its base URL; stop it."""
    port = free_port()
    log = tempfile.TemporaryFile(mode="w+")  # a pipe nobody reads could fill up and block
    process = subprocess.Popen(
        [*command(), "serve", "--port", str(port),
         "--workers", str(workers), "--threads", str(threads), *extra],
        cwd=ROOT, env={**os.environ, "KIEZLEDGER_DATABASE_URL": url},
        stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    process.log = log  # type: ignore[attr-defined]
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise AssertionError(f"kiezledger serve exited:\n{output(process)}")
            try:
                if requests.get(base + "/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:  # not listening yet, or a worker still booting
                pass
            if time.monotonic() > deadline:
                raise AssertionError("kiezledger serve did not answer /healthz within 60 s")
            time.sleep(0.1)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def output(process: subprocess.Popen[str]) -> str:
    """What the server printed so far."""
    log = process.log  # type: ignore[attr-defined]
    log.flush()
    log.seek(0)
    return log.read()
