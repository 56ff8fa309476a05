"""Stored events never change: an export made with release 0.1.0 imports, verifies with the
same head hash and reads the same history (tests/fixtures/release-0.1.0/make_expected.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from cli.main import main
from ledger import archive

_spec = importlib.util.spec_from_file_location(
    "release_0_1_0", Path(__file__).parent / "fixtures" / "release-0.1.0" / "make_expected.py")
release = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(release)


def expected(name: str):
    return json.loads((release.EXPECTED / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def checkpoint():
    return json.loads(release.CHECKPOINT.read_text(encoding="utf-8"))


def test_the_export_verifies_offline_against_its_published_checkpoint(checkpoint):
    with release.EXPORT.open(encoding="utf-8") as inp:
        result = archive.verify_export(inp, checkpoint)

    assert (result["ok"], result["reason"]) == (True, None)
    assert result["head"] == {"position": checkpoint["position"], "hash": checkpoint["hash"]}
    assert result["head"] == expected("head")
    assert main(["verify", "--quiet", "--input", str(release.EXPORT),
                 "--checkpoint", str(release.CHECKPOINT)]) == 0


@pytest.mark.parametrize("store", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_the_export_imports_verifies_and_reads_as_in_release_0_1_0(store, request, tmp_path):
    url = request.getfixturevalue(f"{store}_url")
    release.import_export(url)
    observed = release.observe(url, tmp_path)

    assert observed["head"] == expected("head")
    assert main(["--database-url", url, "verify", "--quiet"]) == 0
    for name in ("charters", "timelines", "reports"):
        assert observed[name] == expected(name), name
