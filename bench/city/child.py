"""One `kiezledger` command in a fresh process, timed: `python -m bench.city.child CMD URL [FILE]`.

CMD is `import` (FILE: the export), `verify` or `rebuild` (`rebuild --all`). The command runs
as the CLI runs it (`cli.main.main`); its own output goes to stderr. The last line on stdout
is JSON: `seconds` (the whole command), `phase` (seconds of the part that handles the events:
`ledger.archive.import_`, `queries.integrity.verify_store`, the rebuild itself),
`maxrss_mb` (the process's peak resident memory, VmHWM) and `code` (exit status).
"""

from __future__ import annotations

import contextlib
import functools
import json
import resource
import sys
import time
from typing import Any


def timed(owner: Any, name: str, spent: list[float]) -> None:
    """Wrap `owner.name` so that each call adds its seconds to `spent`."""
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - t)

    setattr(owner, name, wrapper)


def peak_mb() -> float:
    """This process's peak resident memory. VmHWM belongs to the memory map made at exec;
    ru_maxrss would count the parent's size at fork (Linux keeps it across exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main(argv: list[str]) -> int:
    command, url, *rest = argv
    from cli.main import main as kiezledger

    spent: list[float] = []
    if command == "import":
        from ledger import archive

        timed(archive, "import_", spent)  # cli.trust imports it at call time
        args = ["import", "--input", rest[0], "--quiet"]
    elif command == "verify":
        from queries import integrity

        timed(integrity, "verify_store", spent)
        args = ["verify", "--quiet"]
    elif command == "rebuild":
        from projections.runner import ProjectionRunner

        timed(ProjectionRunner, "rebuild", spent)
        args = ["rebuild", "--all", "--quiet"]
    else:
        raise SystemExit(f"unknown command {command}")
    t = time.perf_counter()
    with contextlib.redirect_stdout(sys.stderr):
        code = kiezledger(["--database-url", url, *args])
    seconds = time.perf_counter() - t
    rss = peak_mb()
    print(json.dumps({"seconds": seconds, "phase": sum(spent) if spent else seconds,
                      "maxrss_mb": rss, "code": code}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
