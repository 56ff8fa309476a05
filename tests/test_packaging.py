"""The image and the wheel ship every package: a package left out breaks only deployments."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def top_level_packages() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["packages"]["find"]["include"]
    names = {p.rstrip("*") for p in patterns}
    found = {d.name for d in ROOT.iterdir() if (d / "__init__.py").exists()}
    return names & found


def test_every_package_with_code_is_in_the_wheel():
    found = {d.name for d in ROOT.iterdir() if (d / "__init__.py").exists()} - {"tests", "bench"}
    assert found == top_level_packages()


def test_the_dockerfile_copies_every_package_of_the_wheel():
    copied = set(re.findall(r"^COPY (\w+) \./\1$", (ROOT / "Dockerfile").read_text(), re.M))
    assert top_level_packages() <= copied, top_level_packages() - copied
