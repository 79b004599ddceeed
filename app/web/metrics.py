"""Prometheus metrics: counters in each process, outbox gauges read from the database."""

from __future__ import annotations

import hmac
import ipaddress
import os
from datetime import UTC, datetime

from flask import Flask, Response, abort, current_app, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import REGISTRY, GaugeMetricFamily

from app.web.settings import settings

SUBMISSIONS = Counter(
    "intresseanmalan_submissions_total",
    "Registrations received, by channel and outcome (stored, spam, duplicate).",
    ["channel", "outcome"],
)
VITEC_REQUESTS = Counter(
    "intresseanmalan_vitec_requests_total",
    "Calls to Vitec Connect, by call and HTTP status ('error' when no answer came).",
    ["call", "status"],
)
VITEC_LATENCY = Histogram(
    "intresseanmalan_vitec_request_seconds",
    "Time Vitec Connect took to answer.",
    ["call"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
)
DELIVERIES = Counter(
    "intresseanmalan_deliveries_total",
    "Delivery attempts by this process's workers, by result.",
    ["result"],
)
MAILS = Counter(
    "intresseanmalan_mail_total",
    "E-mail attempts by this process's mail sender, by result (sent, retrying, failed).",
    ["result"],
)


def observe_vitec(call: str, status: str, seconds: float) -> None:
    """Count one Vitec call and its latency (the VitecClient's observer)."""
    VITEC_REQUESTS.labels(call, status).inc()
    VITEC_LATENCY.labels(call).observe(seconds)


class OutboxCollector:
    """Rows per state and the age of the oldest waiting row, read at scrape time, so every
    instance reports the same truth whichever process did the work."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self):
        from app import outbox

        engine = self.app.extensions["delivery"].engine
        rows = GaugeMetricFamily(
            "intresseanmalan_outbox_rows", "Outbox rows by state.", labels=["state"]
        )
        for state, count in outbox.counts(engine).items():
            rows.add_metric([state], count)
        yield rows
        oldest = outbox.oldest_waiting(engine)
        age = (datetime.now(UTC) - oldest).total_seconds() if oldest else 0.0
        yield GaugeMetricFamily(
            "intresseanmalan_outbox_oldest_waiting_seconds",
            "Age of the oldest row not yet delivered (0 when none waits).",
            value=age,
        )


def _allowed() -> bool:
    token = settings().metrics_token
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(address in network for network in settings().metrics_allowed)


def metrics_view():
    """Prometheus text format; only for configured addresses or with the token."""
    if not _allowed():
        abort(403)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Several gunicorn workers: add up what every process wrote.
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    outbox_registry = CollectorRegistry()
    outbox_registry.register(OutboxCollector(current_app._get_current_object()))
    body = generate_latest(registry) + generate_latest(outbox_registry)
    return Response(body, content_type=CONTENT_TYPE_LATEST)


def init_metrics(app: Flask) -> None:
    """Expose /metrics."""
    app.add_url_rule("/metrics", "metrics", metrics_view)
