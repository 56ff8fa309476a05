"""Integrity in the browser: the head of the hash chain, its signed checkpoint and the public
key to download, "verify now" for admins and auditors, and how to verify offline. Everything
comes from the same functions as /v1/integrity."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, g, render_template

from web import bp
from web.reads import VERIFIERS, public_key_info, services, signed_head, verification


def _page(result: dict[str, Any] | None = None) -> str:
    return render_template("integrity.html", head=signed_head(),
                           key=public_key_info(services.current().ledger),
                           may_verify=g.principal.role in VERIFIERS, result=result)


@bp.route("/integrity")
def integrity() -> str:
    return _page()


@bp.route("/integrity/verify", methods=["POST"])
def verify_now() -> str:
    return _page(verification())  # the role is checked there (403 for an editor)


@bp.route("/integrity/checkpoint.json")
def checkpoint_download() -> Response:
    body = json.dumps(signed_head(), indent=2, sort_keys=True) + "\n"
    response = Response(body, content_type="application/json")
    response.headers.set("Content-Disposition", "attachment", filename="checkpoint.json")
    return response


@bp.route("/integrity/kiezledger.pub.pem")
def key_download() -> Response:
    response = Response(public_key_info(services.current().ledger)["public_key"],
                        content_type="application/x-pem-file")
    response.headers.set("Content-Disposition", "attachment", filename="kiezledger.pub.pem")
    return response
