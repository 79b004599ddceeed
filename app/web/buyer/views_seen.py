"""Whether a form view is the first of its kind from its address today, so that a script
reloading the form adds one view, not hundreds. Kept in the limits' storage (Redis when
RATELIMIT_STORAGE_URI says so, else this process's memory) for a day, under a keyed hash of
the address, the day and what the view is counted under: the address itself is never kept,
never written to the database, and the hash changes every day. An IPv6 client counts by its
/64, the block one connection is given."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging

from flask import request
from limits import RateLimitItemPerDay

from app.insight.counters import TrafficKey
from app.web.extensions import limiter
from app.web.settings import settings

log = logging.getLogger(__name__)

ONCE_A_DAY = RateLimitItemPerDay(1)


def _connection() -> str:
    """The client's address; for IPv6 its /64."""
    address = request.remote_addr or ""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _digest(key: TrafficKey) -> str:
    secret = settings().secret_key.encode("utf-8")
    daily = hmac.new(secret, f"form-views:{key.day.isoformat()}".encode(), hashlib.sha256)
    seen = "\x1f".join((_connection(), key.office, key.channel, key.origin))
    return hmac.new(daily.digest(), seen.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def first_today(key: TrafficKey) -> bool:
    """Whether this address has not been counted under this key today (it is now). When the
    storage cannot be reached the view is counted: the views are approximate anyway."""
    try:
        prefix = settings().ratelimit_key_prefix
        return limiter.limiter.hit(ONCE_A_DAY, prefix, "form-view", _digest(key))
    except Exception:
        log.debug("form view not checked against today's: the storage cannot be reached")
        return True
