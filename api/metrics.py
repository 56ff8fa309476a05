"""Prometheus metrics: requests by endpoint and status, and their latency.

Each process counts its own requests (no multiprocess aggregation across gunicorn workers).
"""

from __future__ import annotations

import time

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)

# Labels take only known values: every invented method or path would otherwise add a series
# that lives as long as the process (unbounded memory, an ever larger /metrics).
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def labels() -> tuple[str, str]:
    """(method, endpoint): the route template, never the path the client sent."""
    method = request.method if request.method in METHODS else "other"
    endpoint = request.url_rule.rule if request.url_rule else "unmatched"
    return method, endpoint


def register(app: Flask) -> None:
    registry = CollectorRegistry()
    requests = Counter("kiezledger_http_requests_total", "HTTP requests answered",
                       ("method", "endpoint", "status"), registry=registry)
    latency = Histogram("kiezledger_http_request_seconds", "Time to answer an HTTP request",
                        ("method", "endpoint"), registry=registry)

    @app.before_request
    def start_timer() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def count(response: Response) -> Response:
        method, endpoint = labels()
        requests.labels(method, endpoint, str(response.status_code)).inc()
        if "started" in g:
            latency.labels(method, endpoint).observe(time.perf_counter() - g.started)
        return response

    @app.get("/metrics")
    def metrics() -> Response:
        return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
