"""The limits' in-memory storage (RATELIMIT_STORAGE_URI=memory://, the default) without its
sweeping thread: limits' own starts a new thread every 10 ms while posts are counted, and each
one walks every counter kept (a rendered form's is kept for a day). Here the request that
finds a sweep due does it, at most once a minute; a counter past its window is never counted
in the meantime, since the storage drops it when it is read."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import ClassVar

from limits.storage import MemoryStorage

SWEEP_SECONDS = 60.0


class SweptMemoryStorage(MemoryStorage):
    """limits' memory storage, registered for its scheme (limits' registry of storages), its
    expired counters swept by a request at most every SWEEP_SECONDS."""

    STORAGE_SCHEME: ClassVar[list[str]] = ["memory"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: str):
        self.clock: Callable[[], float] = time.monotonic
        self._sweeping = threading.Lock()
        self._next_sweep = self.clock() + SWEEP_SECONDS
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    # limits' storage calls this before each change of a counter.
    def _MemoryStorage__schedule_expiry(self) -> None:
        if self.clock() < self._next_sweep or not self._sweeping.acquire(blocking=False):
            return
        try:
            self._next_sweep = self.clock() + SWEEP_SECONDS
            self._MemoryStorage__expire_events()
        except KeyError:
            # limits' sweep reads each key of an earlier snapshot without a lock; a request that
            # dropped an expired key meanwhile ends it here. The next sweep takes the rest.
            pass
        finally:
            self._sweeping.release()
