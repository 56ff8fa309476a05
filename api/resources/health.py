"""Liveness with a cheap look at both stores."""

from __future__ import annotations

import logging
from typing import Any

from marshmallow import Schema, fields

from api import services
from api.errors import Problem
from api.resources.common import Blueprint

logger = logging.getLogger(__name__)

blp = Blueprint("health", __name__, description="Liveness")


class HealthOut(Schema):
    status = fields.String(metadata={"example": "ok"})


@blp.route("/healthz", methods=["GET"])
@blp.response(200, HealthOut)
@blp.doc(security=[])
def healthz() -> dict[str, Any]:
    """Alive, and both the event store and the read-side database answer"""
    svc = services.current()
    try:
        svc.ledger.recorder.max_notification_id()
        svc.db.fetchone("SELECT 1")
    except Exception as exc:
        logger.exception("health check failed")
        raise Problem(503, "Service Unavailable", "A store does not answer.",
                      slug="store-unavailable") from exc
    return {"status": "ok"}
