"""The pages' words, one module per part of the site, merged here.

Every module has WORDS: {key: (German, English)} and may have REASONS: [(pattern, german)]
for domain reasons. A key defined twice is a mistake and fails at import.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from web.words import admin, common, forms, process, proof, readpages

MODULES = (common, readpages, forms, process, admin, proof)

WORDS: dict[str, tuple[str, str]] = {}
REASONS: list[tuple[re.Pattern[str], Callable[[Any, Any], str]]] = []

for _module in MODULES:
    _twice = WORDS.keys() & _module.WORDS.keys()
    if _twice:
        raise ValueError(f"words defined twice: {sorted(_twice)}")
    WORDS.update(_module.WORDS)
    REASONS.extend(getattr(_module, "REASONS", []))
