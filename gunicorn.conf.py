"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py "app:create_app()"`."""

import gc
import os
import shutil
import tempfile

# Several workers: each writes its metrics to this folder and /metrics adds them up. Set before
# anything imports prometheus_client (reading the settings below imports the app package).
# The folder made here is named in the environment too: a reload (HUP) reads this file again
# with the variable already set, and on_exit must still know to remove it.
_MADE = "INTRESSE_METRICS_DIR_MADE"
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ[_MADE] = tempfile.mkdtemp(prefix="intresse-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = os.environ[_MADE]

from app.settings.declarations import BY_NAME  # noqa: E402 - after the folder is set


def _setting(name):
    return BY_NAME[name].read(os.environ.get(name))


bind = _setting("BIND")
workers = _setting("WEB_CONCURRENCY")
threads = _setting("GUNICORN_THREADS")
timeout = 30
graceful_timeout = 20
accesslog = None  # the app logs its own events as JSON; access lines would repeat them
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    """Say plainly when the limits are counted per worker process."""
    from app.core.limits_warning import per_process_limits

    message = per_process_limits(workers, _setting("RATELIMIT_STORAGE_URI"))
    if message:
        server.log.warning(message)


def post_worker_init(worker):
    """Leave what loading the app made out of the collector's rounds: it lives as long as the
    worker, and scanning it again in every full collection is paid for by requests. Garbage
    left by loading is collected first, not kept for good."""
    gc.collect()
    gc.freeze()


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    """Remove the metrics folder made above: each start makes a new one."""
    made = os.environ.get(_MADE)
    if made and made == os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        shutil.rmtree(made, ignore_errors=True)
