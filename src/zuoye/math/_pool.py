"""Run solver calls in worker processes that are killed when they run out of time.

A thread cannot stop SymPy (it never checks for cancellation, and a huge integer multiplication
holds the GIL), so every call runs in a separate process that the caller kills on timeout. The
workers persist between calls so the normal case pays only a pipe round trip (~1 ms), not a
SymPy import. They are started through multiprocessing's "forkserver": a clean server process
that imports SymPy once and forks each worker from there, so (re)starting a worker after a kill
takes milliseconds, and forking never copies the caller's threads or locks (the tutor and the
web server call this from threads and event loops). Each worker also has an address-space limit,
so a memory blow-up becomes a clean error instead of the machine swapping.

    caller thread ──(name, args)──▶ worker process ──▶ ("ok", result) | ("error", class, message)
           └── no reply within the timeout: SIGKILL the worker, raise BudgetExceeded, start afresh

Configuration (environment): ZUOYE_MATH_TIMEOUT (seconds, default 5), ZUOYE_MATH_WORKERS
(default 2), ZUOYE_MATH_MEMORY_MB (default 1024), ZUOYE_MATH_INPROCESS=1 (no workers, no time
limit: for debugging only).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from multiprocessing.connection import Connection
from typing import Any

from zuoye.math._errors import ERROR_TYPES, BudgetExceeded, MathError

DEFAULT_TIMEOUT = float(os.environ.get("ZUOYE_MATH_TIMEOUT", "5"))
MAX_WORKERS = max(1, int(os.environ.get("ZUOYE_MATH_WORKERS", "2")))
MEMORY_MB = int(os.environ.get("ZUOYE_MATH_MEMORY_MB", "1024"))
# Starting the first worker imports SymPy in the fork server (about a second on a slow machine);
# that is not the problem's fault, so it does not count against the problem's time budget.
STARTUP_TIMEOUT = 60.0


def _call_table() -> dict[str, Any]:
    from zuoye.math import _check, _engine, _reply

    return {
        "solve": _engine.solve_question,
        "check_value": _check.check_value,
        "expressions_equal": _check.expressions_equal,
        "check_working": _check.check_working,
        "compare_reply": _reply.compare_reply,
    }


def run_inline(name: str, args: tuple[Any, ...]) -> Any:
    """Run a call in this process (tests of the engine itself; ZUOYE_MATH_INPROCESS=1)."""
    return _call_table()[name](*args)


def _limit_memory() -> None:
    try:
        import resource

        limit = MEMORY_MB * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):  # not on this platform, or already lower
        pass


def _worker_main(conn: Connection) -> None:
    # Ctrl-C in a terminal reaches the whole process group; the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory()
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(50_000)  # answers may print numbers up to the size budget
    table = _call_table()
    conn.send(("ready", os.getpid()))
    while True:
        try:
            name, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", table[name](*args)))
        except MathError as exc:
            conn.send(("error", type(exc).__name__, exc.message))
        except MemoryError:
            conn.send(("error", "BudgetExceeded", "计算需要的内存超出预算。 / Out of the memory budget."))
        except RecursionError:
            conn.send(
                ("error", "BudgetExceeded", "表达式太复杂（递归太深）。 / Expression too deeply nested.")
            )
        except Exception as exc:  # a solver bug must come back as an error, not kill the worker
            conn.send(
                ("error", "MathError", f"求解器内部错误（{type(exc).__name__}）。 / Solver error: {exc}")
            )


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["zuoye.math._pool", "zuoye.math._engine", "zuoye.math._reply"])
        return ctx
    return multiprocessing.get_context("spawn")


class _Worker:
    def __init__(self, ctx: multiprocessing.context.BaseContext) -> None:
        parent, child = ctx.Pipe()
        self.conn = parent
        self.proc = ctx.Process(target=_worker_main, args=(child,), name="zuoye-math-worker", daemon=True)  # type: ignore[attr-defined]
        self.proc.start()
        child.close()
        self.alive = True
        if not self.conn.poll(STARTUP_TIMEOUT):
            self.kill()
            raise MathError("求解进程启动失败。 / The solver worker did not start.")
        try:
            self.conn.recv()
        except (EOFError, OSError) as exc:
            self.kill()
            raise MathError("求解进程启动失败。 / The solver worker did not start.") from exc

    def call(self, name: str, args: tuple[Any, ...], timeout: float) -> tuple[Any, ...]:
        try:
            self.conn.send((name, args))
            ready = self.conn.poll(timeout)
        except (OSError, EOFError) as exc:
            self.kill()
            raise BudgetExceeded("求解进程意外退出。 / The solver worker died.") from exc
        if not ready:
            self.kill()
            raise BudgetExceeded(
                f"计算超时（超过 {timeout:g} 秒），已停止：题目可能太大或太复杂。"
                f" / Timed out after {timeout:g} s: the problem is too large or too hard."
            )
        try:
            reply: tuple[Any, ...] = self.conn.recv()
        except (EOFError, OSError) as exc:
            self.kill()  # killed by the memory limit or a crash inside a C extension
            raise BudgetExceeded(
                "计算超出资源预算，求解进程已退出。 / The worker ran out of resources."
            ) from exc
        return reply

    def kill(self) -> None:
        self.alive = False
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()
        self.proc.close()


class Pool:
    """Up to `size` workers, each used by one caller at a time; thread-safe."""

    def __init__(self, size: int = MAX_WORKERS) -> None:
        self.size = size
        self._idle: list[_Worker] = []
        self._live = 0
        self._cond = threading.Condition()
        self._pid = os.getpid()
        self._ctx: multiprocessing.context.BaseContext | None = None

    def _acquire(self) -> _Worker:
        with self._cond:
            if os.getpid() != self._pid:  # we are a forked child: the parent's workers are not ours
                self._idle, self._live, self._pid = [], 0, os.getpid()
            while True:
                while self._idle:
                    worker = self._idle.pop()
                    if worker.alive and worker.proc.is_alive():
                        return worker
                    self._live -= 1
                if self._live < self.size:
                    self._live += 1
                    if self._ctx is None:
                        self._ctx = _context()
                    ctx = self._ctx
                    break
                self._cond.wait()
        try:
            return _Worker(ctx)
        except BaseException:
            with self._cond:
                self._live -= 1
                self._cond.notify()
            raise

    def _release(self, worker: _Worker) -> None:
        with self._cond:
            if worker.alive:
                self._idle.append(worker)
            else:
                self._live -= 1
            self._cond.notify()

    def run(self, name: str, args: tuple[Any, ...], timeout: float | None = None) -> Any:
        worker = self._acquire()
        try:
            reply = worker.call(name, args, DEFAULT_TIMEOUT if timeout is None else timeout)
        finally:
            self._release(worker)
        if reply[0] == "ok":
            return reply[1]
        raise ERROR_TYPES.get(reply[1], MathError)(reply[2])

    def shutdown(self) -> None:
        """Stop idle workers (busy ones stop when their callers release them)."""
        with self._cond:
            idle, self._idle = self._idle, []
            self._live -= len(idle)
        for worker in idle:
            worker.kill()

    @property
    def worker_pids(self) -> list[int]:
        with self._cond:
            return [w.proc.pid for w in self._idle if w.proc.pid is not None]


_POOL = Pool()


def call(name: str, args: tuple[Any, ...], timeout: float | None = None) -> Any:
    if os.environ.get("ZUOYE_MATH_INPROCESS") == "1":
        return run_inline(name, args)
    return _POOL.run(name, args, timeout)


def shutdown() -> None:
    _POOL.shutdown()
