"""Progress bars for long command-line runs: a `progress(done, total)` callback on stderr."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def progress_bar(desc: str, quiet: bool = False, *, total: int | None = None,
                 delay: float = 1.0, leave: bool = False,
                 unit: str = "event") -> Iterator[Any]:
    """A tqdm bar drawn once a run has taken `delay` seconds (short runs stay quiet)."""
    from tqdm import tqdm

    bar = tqdm(desc=desc, total=total, unit=unit, unit_scale=True, file=sys.stderr,
               delay=delay, disable=quiet, dynamic_ncols=True, leave=leave)

    def progress(done: int, total: int) -> None:
        if total and bar.total != total:
            bar.total = total
        if done > bar.n:
            bar.update(done - bar.n)

    try:
        yield progress
    finally:
        bar.close()
