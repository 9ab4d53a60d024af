"""The solver worker process: `python -m zuoye.math._worker REQUEST_FD REPLY_FD`.

It imports the solver once, then answers (name, args, language) requests on a private pipe until
the pipe closes. The language is the caller's reader's (a contextvar there, which no process
boundary carries): everything the solver says for that request is said in it. It is a plain program rather than a multiprocessing child on purpose: multiprocessing's
spawn and forkserver start methods re-run the caller's `__main__` script in every child, which
breaks any script that calls `solve()` without an `if __name__ == "__main__"` guard (and runs its
side effects twice); "fork" would copy the caller's threads and locks. This process imports
nothing of the caller's.
"""

from __future__ import annotations

import os
import signal
import sys
from multiprocessing.connection import Connection
from typing import Any

from zuoye.math._errors import MathError
from zuoye.messages import Lang, say, use_language

MEMORY_MB = int(os.environ.get("ZUOYE_MATH_MEMORY_MB", "1024"))


def call_table() -> dict[str, Any]:
    from zuoye.math import _check, _engine, _mistakes, _progress, _reply

    return {
        "solve": _engine.solve_question,
        "check_value": _check.check_value,
        "expressions_equal": _check.expressions_equal,
        "check_working": _check.check_working,
        "classify_mistake": _mistakes.classify_step,
        "compare_reply": _reply.compare_reply,
        "solving_steps": _progress.solving_steps,
    }


def _limit_memory() -> None:
    # A memory blow-up becomes a MemoryError here (reported as BudgetExceeded), not a swapping machine.
    try:
        import resource

        limit = MEMORY_MB * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):  # not on this platform, or already lower
        pass


def serve(requests: Connection, replies: Connection) -> None:
    table = call_table()
    replies.send(("ready", os.getpid()))
    while True:
        try:
            name, args, lang = requests.recv()
        except (EOFError, OSError):
            return  # the caller went away: nothing left to do
        replies.send(_answer(table, name, args, lang))


def _answer(table: dict[str, Any], name: str, args: tuple[Any, ...], lang: Lang) -> tuple[Any, ...]:
    with use_language(lang):
        try:
            return ("ok", table[name](*args))
        except MathError as exc:
            return ("error", type(exc).__name__, exc.message)
        except MemoryError:
            return ("error", "BudgetExceeded", say("math.worker.memory"))
        except RecursionError:
            return ("error", "BudgetExceeded", say("math.worker.recursion"))
        except Exception as exc:  # a solver bug must come back as an error, not kill the worker
            # The library's own words (a ValueError about "independent variables") help no student.
            print(f"zuoye.math worker: {name} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            return ("error", "MathError", say("math.worker.internal"))


def main(argv: list[str]) -> int:
    # Ctrl-C in a terminal reaches the whole process group; the caller decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Anything printed by a library goes to stderr, never into the reply pipe or the caller's stdout.
    os.dup2(2, 1)
    _limit_memory()
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(50_000)  # answers may print numbers up to the size budget
    request_fd, reply_fd = int(argv[0]), int(argv[1])
    serve(Connection(request_fd, writable=False), Connection(reply_fd, readable=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
