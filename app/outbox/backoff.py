"""When to try again: exponential backoff with full jitter, capped, honouring Retry-After."""

from __future__ import annotations

import random


def retry_delay(
    attempts: int,
    base: float,
    cap: float,
    retry_after: float | None = None,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait after `attempts` failed tries (1 after the first failure)."""
    rng = rng or random.Random()  # noqa: S311 - jitter, not security
    ceiling = min(cap, base * (2 ** max(0, attempts - 1)))
    delay = rng.uniform(0, ceiling)  # full jitter spreads a crowd of retries apart
    if retry_after is not None:
        delay = max(delay, min(retry_after, cap))
    return delay
