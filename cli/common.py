"""What every subcommand shares: the refusal it raises, opening the services, a safe URL."""

from __future__ import annotations

from typing import Any


class CommandError(Exception):
    """A refusal worth one line on stderr and exit status 1."""


def open_services(url: str) -> Any:
    from api.services import build

    return build(url, create_table=False)


def redact(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(parts.password, "***", 1)))
