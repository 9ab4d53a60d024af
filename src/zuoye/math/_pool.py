"""Run solver calls in worker processes that are killed when they run out of time.

A thread cannot stop SymPy (it never checks for cancellation, and a huge integer multiplication
holds the GIL), so every call runs in a separate process that the caller kills on timeout. The
workers (`_worker.py`, started as `python -m zuoye.math._worker`) persist between calls, so the
normal case costs one pipe round trip (~1 ms), not a SymPy import. After a kill a replacement is
started in the background, so the next call rarely waits for one. Workers never run the caller's
code: no `if __name__ == "__main__"` guard is needed in scripts that call `solve()`.

Each request carries the caller's language (`zuoye.messages.language()`, read in the calling
thread: a web request's Accept-Language, the command line's locale), so what the solver says —
refusals, verdicts, reasons — comes back in the reader's language. A result holds no other
per-reader state: the same question and language give the same answer.

    caller thread ──(name, args, language)──▶ worker ──▶ ("ok", result) | ("error", class name, message)
           └── no reply within the timeout: SIGKILL the worker, raise BudgetExceeded, start another

Configuration (environment): ZUOYE_MATH_TIMEOUT (seconds per call, default 5),
ZUOYE_MATH_WORKERS (default 2), ZUOYE_MATH_MEMORY_MB (per worker, default 1024),
ZUOYE_MATH_INPROCESS=1 (no workers and no time limit: for debugging only).
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from typing import Any

from zuoye.math._errors import ERROR_TYPES, BudgetExceeded, MathError
from zuoye.messages import Lang, language, say

DEFAULT_TIMEOUT = float(os.environ.get("ZUOYE_MATH_TIMEOUT", "5"))
MAX_WORKERS = max(1, int(os.environ.get("ZUOYE_MATH_WORKERS", "2")))
# Importing SymPy in a new worker takes ~0.6 s (longer on a busy machine). That is not the
# problem's fault, so it does not count against the problem's time budget.
STARTUP_TIMEOUT = 60.0


def run_inline(name: str, args: tuple[Any, ...]) -> Any:
    """Run a call in this process (ZUOYE_MATH_INPROCESS=1, benchmarks of the engine itself): the
    caller's language is already here."""
    from zuoye.math._worker import call_table

    return call_table()[name](*args)


def _child_env() -> dict[str, str]:
    # The worker must import the same zuoye as the caller, even when the caller found it through
    # sys.path changes (a test runner, an unpacked checkout) rather than an installation.
    env = dict(os.environ)
    paths = [p for p in sys.path if p and os.path.isdir(p)]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


class _Worker:
    def __init__(self) -> None:
        request_r, request_w = os.pipe()
        reply_r, reply_w = os.pipe()
        try:
            self.proc = subprocess.Popen(  # noqa: S603 — a fixed argv of our own; no user input
                [sys.executable, "-m", "zuoye.math._worker", str(request_r), str(reply_w)],
                pass_fds=(request_r, reply_w),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=_child_env(),
            )
        except (OSError, ValueError) as exc:  # ValueError: no pass_fds on this platform (Windows)
            for fd in (request_r, request_w, reply_r, reply_w):
                os.close(fd)
            raise MathError(say("math.worker.no_start")) from exc
        os.close(request_r)
        os.close(reply_w)
        self.requests = Connection(request_w, readable=False)
        self.replies = Connection(reply_r, writable=False)
        self.alive = True
        try:
            ready = self.replies.poll(STARTUP_TIMEOUT) and self.replies.recv()
        except (EOFError, OSError):
            ready = None
        if not ready:
            self.kill()
            raise MathError(say("math.worker.no_start"))

    @property
    def pid(self) -> int:
        return self.proc.pid

    def usable(self) -> bool:
        return self.alive and self.proc.poll() is None

    def call(self, name: str, args: tuple[Any, ...], lang: Lang, timeout: float) -> tuple[Any, ...]:
        try:
            self.requests.send((name, args, lang))
            ready = self.replies.poll(timeout)
        except (OSError, EOFError) as exc:
            self.kill()
            raise BudgetExceeded(say("math.worker.died")) from exc
        if not ready:
            self.kill()
            raise BudgetExceeded(say("math.worker.timeout", seconds=f"{timeout:g}"))
        try:
            reply: tuple[Any, ...] = self.replies.recv()
        except (EOFError, OSError) as exc:
            self.kill()  # killed by its memory limit or a crash inside a C extension
            raise BudgetExceeded(say("math.worker.resources")) from exc
        return reply

    def kill(self) -> None:
        self.alive = False
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.requests.close()
        self.replies.close()


class Pool:
    """Up to `size` workers, each used by one caller at a time; thread-safe."""

    def __init__(self, size: int = MAX_WORKERS) -> None:
        self.size = size
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._live = 0
        self._cond = threading.Condition()
        self._pid = os.getpid()

    def _acquire(self) -> _Worker:
        with self._cond:
            if os.getpid() != self._pid:  # a forked child: the parent's workers are not ours to use
                self._idle, self._busy, self._live, self._pid = [], set(), 0, os.getpid()
            while True:
                while self._idle:
                    worker = self._idle.pop()
                    if worker.usable():
                        self._busy.add(worker)
                        return worker
                    worker.kill()
                    self._live -= 1
                if self._live < self.size:
                    self._live += 1
                    break
                self._cond.wait()
        try:
            worker = _Worker()
        except BaseException:
            with self._cond:
                self._live -= 1
                self._cond.notify()
            raise
        with self._cond:
            self._busy.add(worker)
        return worker

    def _release(self, worker: _Worker) -> None:
        with self._cond:
            self._busy.discard(worker)
            if worker.alive:
                self._idle.append(worker)
            else:
                self._live -= 1
            self._cond.notify()

    def _warm_spare(self) -> None:
        """After a kill, start a replacement in the background so the next caller need not wait."""
        with self._cond:
            if self._live >= self.size or self._idle:
                return
            self._live += 1

        def start() -> None:
            try:
                worker = _Worker()
            except MathError:
                with self._cond:
                    self._live -= 1
                    self._cond.notify()
                return
            with self._cond:
                self._idle.append(worker)
                self._cond.notify()

        threading.Thread(target=start, name="zuoye-math-spare", daemon=True).start()

    def run(self, name: str, args: tuple[Any, ...], timeout: float | None = None) -> Any:
        lang = language()  # this thread's reader; the worker has none of its own
        worker = self._acquire()
        try:
            reply = worker.call(name, args, lang, DEFAULT_TIMEOUT if timeout is None else max(0.05, timeout))
        finally:
            self._release(worker)
            if not worker.alive:
                self._warm_spare()
        if reply[0] == "ok":
            return reply[1]
        raise ERROR_TYPES.get(reply[1], MathError)(reply[2])

    def shutdown(self) -> None:
        """Stop the idle workers (a busy one stops when its caller releases it)."""
        with self._cond:
            idle, self._idle = self._idle, []
            self._live -= len(idle)
        for worker in idle:
            worker.kill()

    def close(self) -> None:
        """At exit: stop every worker, busy or not, so no process outlives its caller."""
        with self._cond:
            workers = [*self._idle, *self._busy]
            self._idle, self._busy, self._live = [], set(), 0
        for worker in workers:
            if worker.alive:
                worker.kill()

    @property
    def worker_pids(self) -> list[int]:
        with self._cond:
            return [w.pid for w in self._idle if w.alive]


_POOL = Pool()
atexit.register(_POOL.close)


def call(name: str, args: tuple[Any, ...], timeout: float | None = None) -> Any:
    if os.environ.get("ZUOYE_MATH_INPROCESS") == "1":
        return run_inline(name, args)
    return _POOL.run(name, args, timeout)


def shutdown() -> None:
    _POOL.shutdown()
