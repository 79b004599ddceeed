"""How many posts of the buyer's forms are taken: per address (an IPv6 client by its network)
and from all addresses together, counted in the Limiter's storage (Redis when
RATELIMIT_STORAGE_URI says so).

A rendered form counts once: its first post uses one of its address's quota and one of the
overall quota, and its next FREE_REPOSTS posts (an error corrected, a double click, the form
shown again by the time trap) are free, so a buyer behind a shared address who makes a mistake
does not use up the quota of the others; past those each post counts again. A post refused for
its token or its origin counts for its own address only, never toward the overall limit, so a
client that is refused cannot keep everybody else waiting."""

from __future__ import annotations

import functools
import logging
import math
import time
from typing import Any

from limits import RateLimitItem, parse, parse_many

from app.web.addresses import limit_key
from app.web.extensions import limiter
from app.web.security import FormTokens, TokenCheck, same_origin_post
from app.web.settings import settings

log = logging.getLogger(__name__)

FREE_REPOSTS = 10
# How long a rendered form is remembered as counted: longer than any per-address window.
REMEMBERED = "day"
_COUNTED = parse(f"1 per {REMEMBERED}")
_REPOSTS = parse(f"{FREE_REPOSTS} per {REMEMBERED}")


@functools.lru_cache(maxsize=32)
def _limits(value: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(value))


def _enabled() -> bool:
    return bool(limiter.enabled)


def _hit(limits: list[tuple[str, tuple[str, ...]]]) -> int | None:
    """Count one post against each (limits, key) in turn: None while within all of them, else
    the seconds until the first one that is full takes a post again (the later ones are then
    not counted)."""
    strategy, prefix = limiter.limiter, settings().ratelimit_key_prefix
    for items, keys in limits:
        for item in _limits(items):
            if not strategy.hit(item, prefix, *keys):
                reset_at = strategy.get_window_stats(item, prefix, *keys).reset_time
                return max(1, math.ceil(reset_at - time.time()))
    return None


def refused_post_wait() -> int | None:
    """Count a refused post (a forged token, another site's post) against its own address only:
    None while the address is within FORM_RATE_LIMIT, else the seconds to wait."""
    if not _enabled():
        return None
    try:
        return _hit([(settings().form_rate_limit, ("form-address", limit_key()))])
    except Exception:  # the limits' store (Redis) is down: the post is refused all the same
        log.warning("form limits not counted: their storage cannot be reached", exc_info=True)
        return None


def form_post_wait(submission_id: str) -> int | None:
    """Count a genuine post of the rendered form `submission_id` (its token checked): None when
    it is taken, else the seconds until its address, or everyone, may post again."""
    if not _enabled():
        return None
    strategy = limiter.limiter
    prefix = settings().ratelimit_key_prefix
    counted = (_COUNTED, prefix, "form-counted", submission_id)
    reposts = (_REPOSTS, prefix, "form-reposts", submission_id)
    try:
        if not strategy.test(*counted) and strategy.hit(*reposts):
            return None  # this form was counted already: a correction, a double click
        wait = _hit(
            [
                (settings().form_rate_limit, ("form-address", limit_key())),
                (settings().form_rate_limit_global, ("form-all",)),
            ]
        )
        if wait is None:
            strategy.hit(*counted)
        return wait
    except Exception:  # the limits' store (Redis) is down: never a lost registration for it
        log.warning("form limits not counted: their storage cannot be reached", exc_info=True)
        return None


def posted_form(tokens: FormTokens, form: Any, now: int) -> tuple[TokenCheck, bool, int | None]:
    """A buyer's post as the limits see it: its token's check, whether it is refused (a bad
    token or another site's post), and the seconds to wait when a limit holds it back."""
    max_age = settings().embed_token_max_age
    check = tokens.check(form.form_token.data or "", form.submission_id.data, now, max_age)
    refused = check.verdict == "invalid" or not same_origin_post()
    # A refused post counts for its own address only; a rendered form counts once.
    wait = refused_post_wait() if refused else form_post_wait(form.submission_id.data)
    return check, refused, wait
