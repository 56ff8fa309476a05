"""Integrity: the head of the hash chain with a signed checkpoint, the public key that checks
it, and a full verification of the store.

- `GET /v1/integrity` (any token): the head position and hash the integrity read model has
  reached, and a checkpoint of it signed with the deployment's Ed25519 key. The checkpoint is
  kept (`integrity_checkpoints`), so `verify` later checks the store against every checkpoint
  ever handed out; asking again at the same head answers the checkpoint kept for it.
- `GET /v1/integrity/key` (public, like /healthz): the key to check checkpoints with. It is
  no secret, and a funder must be able to fetch (and pin) it without a token.
- `GET /v1/integrity/verify` (admin or auditor, scoped or not): recomputes the chain from the
  stored events and compares it with the recorded chain and checkpoints. The answer tells
  nothing about any record (only positions and counts), so a scoped funder may ask too.
  It reads the whole log: on a large store prefer `kiezledger verify`.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from cryptography.hazmat.primitives import serialization
from flask import Response, request
from marshmallow import Schema, fields

from api import auth, services
from api.resources.common import Blueprint
from api.resources.formats import PEM, add_format_routes, body_schema
from queries import integrity as chain
from store import signing, verifications

logger = logging.getLogger(__name__)

blp = Blueprint("integrity", __name__, url_prefix="/v1/integrity",
                description="The hash chain over the log: head, signed checkpoints, "
                            "verification")

VERIFIERS = ("admin", "auditor")


class CheckpointOut(Schema):
    position = fields.Integer(metadata={"description": "The last position it covers"})
    hash = fields.String(metadata={"description": "The chain hash there (hex SHA-256)"})
    signed_at = fields.String(metadata={"description": "When it was signed (ISO 8601, UTC)",
                                        "format": "date-time"})
    public_key = fields.String(metadata={"description": "The signer's Ed25519 key (PEM)"})
    signature = fields.String(metadata={
        "description": 'Base64 Ed25519 signature over the JSON {"hash","position","signed_at"} '
                       "with sorted keys and no spaces"})


class IntegrityOut(Schema):
    position = fields.Integer(metadata={"description": "The head: the last position in the "
                                                       "log (0 when empty)"})
    hash = fields.String(metadata={"description": "The chain hash at the head (hex SHA-256; "
                                                  "64 zeros when empty)"})
    checkpoint = fields.Nested(CheckpointOut)


class KeyOut(Schema):
    algorithm = fields.String(metadata={"example": "Ed25519"})
    public_key = fields.String(metadata={"description": "SubjectPublicKeyInfo PEM"})
    fingerprint = fields.String(metadata={
        "description": "SHA-256 of the raw 32-byte public key, hex: compare it by another "
                       "channel"})


class VerifyOut(Schema):
    ok = fields.Boolean()
    checked = fields.Integer(metadata={"description": "Events checked"})
    first_bad_position = fields.Integer(allow_none=True, metadata={
        "description": "The first position that does not verify; null when ok"})
    reason = fields.String(allow_none=True)


def _catch_up(svc: Any) -> None:
    """Bring the read models to the head; a failure (a store edited underneath) must not
    keep the integrity answers from being given."""
    try:
        svc.refresh()
    except Exception:
        logger.exception("the read models could not catch up with the log")


@blp.route("", methods=["GET"])
@blp.doc(operationId="get_integrity")
@blp.response(200, IntegrityOut)
def head() -> dict[str, Any]:
    """The head of the hash chain and a signed checkpoint of it (any token)"""
    return signed_head()


def signed_head() -> dict[str, Any]:
    """{"position", "hash", "checkpoint"} of the head (the API and the pages)."""
    svc = services.current()
    _catch_up(svc)
    cp = chain.signed_head(svc.ledger, svc.db)
    return {"position": cp["position"], "hash": cp["hash"], "checkpoint": dict(cp)}


def public_key_info(app: Any) -> dict[str, str]:
    pem = signing.public_key_pem(app)
    raw = serialization.load_pem_public_key(pem.encode("ascii")).public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"algorithm": "Ed25519", "public_key": pem,
            "fingerprint": hashlib.sha256(raw).hexdigest()}


@blp.route("/key", methods=["GET"])
@blp.doc(operationId="get_public_key")
@blp.response(200, KeyOut)
@blp.doc(security=[], responses={200: {"content": {PEM: {"schema": body_schema(
    PEM, "The public key as a PEM file")}}}})
def public_key() -> Any:
    """The deployment's public key that checks checkpoints (no token needed;
    `Accept: application/x-pem-file` for the PEM file)"""
    best = request.accept_mimetypes.best_match(["application/json", PEM])
    return public_key_answer(PEM if best == PEM else "application/json", {})


def public_key_answer(wanted: str, query: dict[str, Any]) -> Any:
    info = public_key_info(services.current().ledger)
    if wanted == PEM:
        return Response(info["public_key"], status=200, content_type=PEM,
                        headers={"Vary": "Accept"})
    return info, {"Vary": "Accept"}


add_format_routes(blp, "/key", "get_public_key", {PEM: "The public key as a PEM file"},
                  public_key_answer, summary="The deployment's public key (no token needed)",
                  doc={"security": []})


@blp.route("/verify", methods=["GET"])
@blp.doc(operationId="verify_integrity")
@blp.response(200, VerifyOut)
def verify() -> dict[str, Any]:
    """Verify every stored event against the chain and the checkpoints handed out
    (admin or auditor); names the first position that does not verify"""
    return verification()


def verification() -> dict[str, Any]:
    """{"ok", "checked", "first_bad_position", "reason"} for admins and auditors (the API
    and the pages)."""
    auth.require_role(*VERIFIERS)
    svc = services.current()
    _catch_up(svc)
    result = chain.verify_store(svc.ledger, svc.db)
    verifications.record(svc.db, result["ok"], result["checked"], result["first_bad_position"])
    if not result["ok"]:
        logger.error("integrity check failed at position %s: %s",
                     result["first_bad_position"], result["reason"])
    return {k: result[k] for k in ("ok", "checked", "first_bad_position", "reason")}
