"""Logging: one JSON line per event on stdout (LOG_FORMAT=json), or plain text for local runs."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, and submission_id when the event concerns one."""

    def format(self, record: logging.LogRecord) -> str:
        event = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        submission_id = getattr(record, "submission_id", None)
        if submission_id:
            event["submission_id"] = submission_id
        if record.exc_info:
            event["exception"] = self.formatException(record.exc_info)
        return json.dumps(event, ensure_ascii=False)


def configure_logging(log_format: str) -> None:
    """Send the app's logs to stdout in the chosen format (set once per process)."""
    handler = logging.StreamHandler(sys.stdout)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    for existing in list(root.handlers):
        if getattr(existing, "_intresseanmalan", False):
            root.removeHandler(existing)
    handler._intresseanmalan = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    # No format here (nor gunicorn's) shows a thread's or a multiprocessing process's name,
    # so no record looks them up (the logging HOWTO's "Optimization"). The process id stays:
    # gunicorn's own lines show it.
    logging.logThreads = False
    logging.logMultiprocessing = False
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
