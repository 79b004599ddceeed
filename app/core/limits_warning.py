"""Said at start-up: rate limits kept in each process's memory do not add up across workers."""

from __future__ import annotations


def per_process_limits(workers: int, storage_uri: str) -> str | None:
    """The warning for more than one worker counting limits in its own memory, or None."""
    if workers <= 1 or not storage_uri.startswith("memory://"):
        return None
    return (
        f"Rate limits are counted per process: each of the {workers} gunicorn workers "
        f"(WEB_CONCURRENCY={workers}) keeps its own counts in memory "
        "(RATELIMIT_STORAGE_URI=memory://), so one address may get up to "
        f"{workers} times every limit (form posts, logins). Set RATELIMIT_STORAGE_URI to a "
        "shared store such as redis://host:6379/0 to count them together."
    )
