"""Headless Chromium (Debian's chromium and chromium-driver) driven by Selenium, and axe-core."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import in_ci

VENDOR = Path(__file__).parent / "vendor" / "axe-core-4.10.3" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


def chrome() -> Any:
    """A headless Chromium, or a skip when the machine has none (CI installs it)."""
    webdriver = pytest.importorskip("selenium.webdriver")
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not binary or not driver_path:
        reason = "needs Debian's chromium and chromium-driver"
        if in_ci():  # CI installs them: a missing browser is a broken set-up, not a skip
            pytest.fail(reason)
        pytest.skip(reason)
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--lang=de-DE"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # A German desktop: date fields read dd.mm.yyyy (needs Debian's chromium-l10n; Chromium on
    # Linux takes its UI locale from the environment and the language preference, not --lang).
    options.add_experimental_option("prefs", {"intl.accept_languages": "de-DE,de"})
    env = {**os.environ, "LANGUAGE": "de", "LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8"}
    return webdriver.Chrome(service=Service(driver_path, env=env), options=options)


def console_errors(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def axe_violations(driver: Any) -> list[str]:
    """Serious and critical axe-core violations of the page shown."""
    driver.execute_script(VENDOR.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));"
    )
    return [f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in result
            if v["impact"] in ("serious", "critical")]


def screenshot(driver: Any, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(1280, min(max(height, 800), 4000))
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
    driver.set_window_size(1280, 1000)
