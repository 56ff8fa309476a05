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
        endpoint = request.url_rule.rule if request.url_rule else "unmatched"
        requests.labels(request.method, endpoint, str(response.status_code)).inc()
        if "started" in g:
            latency.labels(request.method, endpoint).observe(time.perf_counter() - g.started)
        return response

    @app.get("/metrics")
    def metrics() -> Response:
        return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
