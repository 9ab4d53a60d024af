"""Failed-login throttling."""

from __future__ import annotations

import time
from collections import deque

# At most this many failures per name and per client address in the window.
LOGIN_FAILURES = 10
LOGIN_WINDOW = 15 * 60.0


class LoginThrottle:
    """Failed logins per key in a sliding window; in memory (one process), which is what it
    has to protect: the scrypt CPU of this process and the guessability of one password."""

    def __init__(self, limit: int = LOGIN_FAILURES, window: float = LOGIN_WINDOW) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def retry_after(self, *keys: str) -> int:
        now = time.monotonic()
        worst = 0.0
        for key in keys:
            times = self._recent(key, now)
            if len(times) >= self.limit:
                worst = max(worst, self.window - (now - times[0]))
        return int(worst) + 1 if worst else 0

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        for key in keys:
            self._recent(key, now).append(now)
        if len(self._failures) > 10_000:  # forget idle keys so memory stays bounded
            for key in [k for k, v in self._failures.items() if not v]:
                del self._failures[key]

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self._failures.pop(key, None)
