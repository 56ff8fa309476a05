"""Prometheus metrics at /metrics.

Counted per request: requests by method, route template and status, their latency, and the
events the writes appended. Under `kiezledger serve` the gunicorn workers share these counts
through prometheus_client's multiprocess mode (`PROMETHEUS_MULTIPROC_DIR`, set by serve): a
scrape answered by any worker shows the totals of all, so they never go backwards.

Read from the database at each scrape (the same whichever worker answers): the log head, each
read model's position and lag, the last verify's result and time, and each read replica's
state and replay lag.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from typing import Any

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# Labels take only known values: every invented method or path would otherwise add a series
# that lives as long as the process (unbounded memory, an ever larger /metrics).
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def labels() -> tuple[str, str]:
    """(method, endpoint): the route template, never the path the client sent."""
    method = request.method if request.method in METHODS else "other"
    endpoint = request.url_rule.rule if request.url_rule else "unmatched"
    return method, endpoint


def multiprocess_dir() -> str | None:
    return os.environ.get(MULTIPROC_ENV) or None


class Counts:
    """The per-request metrics of one app (in files shared by the workers, or in memory)."""

    def __init__(self) -> None:
        if multiprocess_dir():
            # prometheus_client picks its value class when first imported; the directory
            # may have been set after that (serve sets it before forking its workers).
            values.ValueClass = values.get_value_class()
        self.own = CollectorRegistry()  # single-process mode only
        self.requests = Counter("kiezledger_http_requests_total", "HTTP requests answered",
                                ("method", "endpoint", "status"), registry=self.own)
        self.latency = Histogram("kiezledger_http_request_seconds",
                                 "Time to answer an HTTP request", ("method", "endpoint"),
                                 registry=self.own)
        self.appended = Counter("kiezledger_events_appended_total",
                                "Events appended to the log by this API's writes",
                                registry=self.own)

    def registry(self, state: Collector) -> CollectorRegistry:
        """What a scrape shows: the counts (of every worker) and the stored state."""
        if multiprocess_dir():
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
        else:
            registry = CollectorRegistry()
            registry.register(_Forward(self.own))
        registry.register(state)
        return registry


class _Forward(Collector):
    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry

    def collect(self) -> Iterator[Any]:
        yield from self.registry.collect()


class StoredState(Collector):
    """Gauges read from the database at scrape time."""

    def __init__(self, services: Any) -> None:
        self.services = services

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            yield from self._collect()
        except Exception:  # a scrape shows what it can; the failure is in the log
            logger.exception("metrics: the stored state could not be read")
            up = GaugeMetricFamily("kiezledger_store_up", "1 when the stores answered")
            up.add_metric([], 0)
            yield up

    def _collect(self) -> Iterator[GaugeMetricFamily]:
        from queries.readmodels import tracking
        from store import verifications

        svc = self.services
        head = svc.ledger.recorder.max_notification_id() or 0
        up = GaugeMetricFamily("kiezledger_store_up", "1 when the stores answered")
        up.add_metric([], 1)
        yield up
        yield GaugeMetricFamily("kiezledger_log_head", "Position of the last event in the log",
                                value=head)
        position = GaugeMetricFamily("kiezledger_read_model_position",
                                     "Log position each read model has applied",
                                     labels=["read_model"])
        lag = GaugeMetricFamily("kiezledger_read_model_lag_events",
                                "Events in the log that a read model has not applied yet",
                                labels=["read_model"])
        for name, (_version, reached) in sorted(tracking(svc.db).items()):
            position.add_metric([name], reached)
            lag.add_metric([name], max(0, head - reached))
        yield position
        yield lag
        last = verifications.last(svc.db)
        ok = GaugeMetricFamily("kiezledger_verify_ok",
                               "1 when the last verify of the hash chain passed, 0 when it "
                               "failed (absent: none ran)")
        when = GaugeMetricFamily("kiezledger_verify_timestamp_seconds",
                                 "When the last verify finished (Unix time)")
        if last is not None:
            ok.add_metric([], 1 if last[1] else 0)
            when.add_metric([], last[0].timestamp())
        yield ok
        yield when
        router = getattr(svc, "router", None)
        if router is not None:
            yield from replica_metrics(router)


def replica_metrics(router: Any) -> Iterator[GaugeMetricFamily]:
    from store.replicas import label

    up = GaugeMetricFamily("kiezledger_replica_up",
                           "1 when a read replica answers and lags within the limit",
                           labels=["replica"])
    behind = GaugeMetricFamily("kiezledger_replica_lag_events",
                               "Log positions a read replica's read models are behind the "
                               "primary's", labels=["replica"])
    seconds = GaugeMetricFamily("kiezledger_replica_replay_lag_seconds",
                                "Seconds since the replica replayed its last transaction "
                                "(0 when it has replayed all it received)", labels=["replica"])
    for replica in router.replicas:
        router.check(replica, force=True)
        name = label(replica.url)
        up.add_metric([name], 1 if replica.up else 0)
        if replica.lag is not None:
            behind.add_metric([name], replica.lag)
        if replica.replay_seconds is not None:
            seconds.add_metric([name], replica.replay_seconds)
    yield up
    yield behind
    yield seconds


def register(app: Flask, services: Any) -> None:
    """`services`: the app's `api.services.Services`, read at each scrape."""
    counts = Counts()
    app.extensions["kiezledger.metrics"] = counts
    state = StoredState(services)

    @app.before_request
    def start_timer() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def count(response: Response) -> Response:
        method, endpoint = labels()
        counts.requests.labels(method, endpoint, str(response.status_code)).inc()
        if "started" in g:
            counts.latency.labels(method, endpoint).observe(time.perf_counter() - g.started)
        return response

    @app.get("/metrics")
    def metrics() -> Response:
        # CONTENT_TYPE_LATEST names its charset already: as `content_type`, not `mimetype`
        # (which would add a second one).
        return Response(generate_latest(counts.registry(state)),
                        content_type=CONTENT_TYPE_LATEST)


def events_appended(app: Flask, count: int) -> None:
    counts = app.extensions.get("kiezledger.metrics")
    if counts is not None and count > 0:
        counts.appended.inc(count)
