"""No English word on a German page: every page a signed-in admin reaches by following the
links from /ui/ on the demo history (each kind of page a few times) is read as a person sees
it, and none holds a word of the pages' English or a raw code."""

from __future__ import annotations

import html
import re
from collections import Counter
from urllib.parse import urlsplit

from flask import Flask

from api.services import Services
from tests.web.test_read_pages import app, client_as, svc, text_of  # noqa: F401 (fixtures)

# Words the pages said, or could say, in English; and codes that must be put in words.
ENGLISH = {
    "the", "and", "of", "by", "with", "from", "until", "not", "none", "None", "True", "False",
    "yes", "no", "open", "closed", "submitted", "adopted", "rejected", "withdrawn", "fulfilled",
    "overdue", "pending", "resident", "convenor", "host", "business", "funder", "partnership",
    "membership", "Process", "Proposal", "Amendment", "Vote", "Charter", "Commitment",
    "Funding", "Gathering", "Actor", "Cooperation", "Indicator", "Page", "Next", "Previous",
    "Save", "Sign", "Filter", "Download", "Report", "History", "Timeline", "Network",
    "Participants", "Disbursement", "erased",
}
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")  # a snake_case code shown as it is stored
PER_KIND = 3  # pages of one kind (same path with the ids taken out)


def _kind(path: str) -> str:
    return re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "{id}", path)


def _links(page: str) -> list[str]:
    found = []
    for href in re.findall(r'href="([^"]+)"', page):
        url = urlsplit(html.unescape(href))
        if url.netloc or not url.path.startswith("/ui/") or url.path.startswith("/ui/static"):
            continue
        if any(part in url.path for part in ("/language/", "/file", ".graphml", ".pem",
                                              ".json", ".md", "/sign-out")):
            continue
        found.append(url.path + (f"?{url.query}" if url.query else ""))
    return found


def test_no_english_on_any_german_page(app: Flask, svc: Services) -> None:  # noqa: F811
    client = client_as(app, svc, "admin")
    client.get("/ui/language/de?next=/ui/")
    seen: set[str] = set()
    kinds: Counter[str] = Counter()
    queue, found = ["/ui/"], {}
    while queue and len(seen) < 400:
        path = queue.pop(0)
        kind = _kind(path.split("?")[0])
        if path in seen or kinds[kind] >= PER_KIND:
            continue
        seen.add(path)
        kinds[kind] += 1
        answer = client.get(path)
        if answer.status_code != 200 or not answer.content_type.startswith("text/html"):
            continue
        page = answer.get_data(as_text=True)
        assert '<html lang="de">' in page, path
        # What is marked as English on purpose (a domain reason without a translation, the
        # language switch) is not counted.
        shown = re.sub(r'<([a-z]+)[^>]*\blang="en"[^>]*>.*?</\1>', " ", page, flags=re.S)
        words = set(re.findall(r"[A-Za-zÄÖÜäöüß]+", text_of(shown)))
        english = sorted(words & ENGLISH) + sorted(set(CODE.findall(text_of(shown))))
        if english:
            found[path] = english
        queue.extend(link for link in _links(page) if link not in seen)
    # the crawl reached the page kinds, forms among them
    assert len(kinds) >= 30 and any("/new" in k for k in kinds), "\n".join(sorted(kinds))
    assert not found, "\n".join(f"{p}: {w}" for p, w in found.items())


def test_every_kind_of_event_has_words_for_the_history_tables() -> None:
    from tests.projections.test_dispatch import ALL_EVENTS
    from web.words import WORDS

    missing = sorted(cls.__qualname__ for cls in ALL_EVENTS
                     if f"ev_{cls.__qualname__}" not in WORDS)
    assert not missing, missing
