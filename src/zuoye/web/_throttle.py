"""Login protection: wrong passwords counted in the database before each check, and a bound on the
password checks one process runs at once.

A password check is scrypt: ~32 MiB and a tenth of a second of one core. Unbounded, a burst of
100 parallel guesses ran 64 of them at once (every thread of the server's pool): 1.7 GB and every
other request waiting 15 s. Here each attempt is first counted (`LoginAttempts.reserve`, shared by
every process: a burst finds the limit reached after the first ten), then waits for one of
PASSWORD_CHECKS slots, and runs on the guard's own threads, so the threads that answer other
requests are never taken by password checks.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

from zuoye.messages import say
from zuoye.store import Store
from zuoye.store.login_attempts import Attempt, Limits, LoginAttempts, Refused, address_key, name_key
from zuoye.web._errors import ApiError

if TYPE_CHECKING:
    from zuoye.settings import Settings

T = TypeVar("T")

# Half the cores (one on a two-core school server): the other half answers every other request
# while a burst of guesses is being checked. Each check holds 32 MiB while it runs.
PASSWORD_CHECKS = max(1, (os.cpu_count() or 2) // 2)
# An attempt that cannot start its check within this many seconds gets 429 and its reservation
# back. Ten seconds lets a class that logs in at the same minute through (a waiting attempt costs
# a few kilobytes); a flood is bounded by the counts before it ever waits here.
CHECK_WAIT = 10.0
# Expired rows are deleted this often (per process; any process may do it).
PRUNE_EVERY = 600.0
# A refusal is remembered by this process for this long, so a burst of guesses at one account
# costs one read of the database, not one each. Short: the database stays the judge (another
# process's success can free a slot), and a refused attempt only ever waits a little longer.
REMEMBER_REFUSAL = 2.0


class LoginGuard:
    def __init__(
        self,
        store: Store,
        attempts: LoginAttempts,
        *,
        checks: int = PASSWORD_CHECKS,
        wait: float = CHECK_WAIT,
    ) -> None:
        self.store = store
        self.attempts = attempts
        self.wait = wait
        self._slots = asyncio.Semaphore(checks)
        self._threads = ThreadPoolExecutor(max_workers=checks, thread_name_prefix="zuoye-password")
        self._pruned = time.monotonic()
        self._recent: dict[tuple[str, str], tuple[float, Refused]] = {}

    @classmethod
    def for_settings(cls, store: Store, settings: Settings) -> LoginGuard:
        limits = Limits(settings.login_failures_per_account, settings.login_failures_per_address)
        return cls(store, LoginAttempts(store, limits))

    async def check(self, *, name: str, address: str, verify: Callable[[], T | None]) -> T:
        """`verify()` (the password check: a result, or None when it is wrong), if the throttle
        lets this attempt be checked; ApiError 429 if not, 401 for a wrong password."""
        await self._prune_now_and_then()
        who = (name_key(name), address_key(address))
        remembered = self._recent.get(who)
        if remembered is not None and remembered[0] > time.monotonic():
            raise _refused(remembered[1])
        # A read first: under a burst of guesses, all but the first few are refused by it
        # without a write each.
        refused = await self.store.call(self.attempts.refusal, name=name, address=address)
        if refused is None:
            # In a thread, not on the event loop (as `store.call` would on SQLite): a hundred
            # writes queued on the loop would hold every other request up behind them.
            reserved = await asyncio.to_thread(self.attempts.reserve, name=name, address=address)
            if isinstance(reserved, Attempt):
                return await self._check(reserved, verify)
            refused = reserved
        self._remember(who, refused)
        raise _refused(refused)

    async def _check(self, reserved: Attempt, verify: Callable[[], T | None]) -> T:
        try:
            await asyncio.wait_for(self._slots.acquire(), self.wait)
        except TimeoutError:
            await asyncio.to_thread(self.attempts.release, reserved)
            raise ApiError(
                429, "busy", say("web.login_busy"), headers={"Retry-After": str(int(self.wait))}
            ) from None
        # The slot is given back when the check ends, not when this request does: a client that
        # hangs up cannot free a slot while its scrypt still runs.
        future = self._threads.submit(verify)
        future.add_done_callback(lambda _: self._slots.release())
        result = await asyncio.wrap_future(future)
        if result is None:  # the reservation stays: it was a failure
            raise ApiError(401, "bad_login", say("web.bad_login"))
        await asyncio.to_thread(self.attempts.succeeded, reserved)
        return result

    def _remember(self, who: tuple[str, str], refused: Refused) -> None:
        if len(self._recent) > 10_000:  # a spray of names: forget what has lapsed, or everything
            now = time.monotonic()
            self._recent = {k: v for k, v in self._recent.items() if v[0] > now}
            if len(self._recent) > 10_000:
                self._recent.clear()
        self._recent[who] = (time.monotonic() + min(REMEMBER_REFUSAL, refused.retry_after), refused)

    async def _prune_now_and_then(self) -> None:
        if time.monotonic() - self._pruned > PRUNE_EVERY:
            self._pruned = time.monotonic()
            await self.store.call(self.attempts.prune)

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)


def _refused(refused: Refused) -> ApiError:
    minutes = refused.retry_after // 60 + 1
    if refused.reason == "account":
        message = say("web.too_many_attempts.account", minutes=minutes)
    else:
        message = say("web.too_many_attempts.address", minutes=minutes)
    return ApiError(429, "too_many_attempts", message, headers={"Retry-After": str(refused.retry_after)})
