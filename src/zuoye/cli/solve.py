"""`zuoye solve`: the local maths solver on the command line.

    zuoye solve "解方程 x^2-5x+6=0"          steps and answer, pretty-printed
    zuoye solve --json "计算 1/2+1/3"         {"answer", "answer_latex", "steps", "kind", ...}
    zuoye solve --batch problems.jsonl       one JSON line out per line in ({"id", "q"}), in order,
                                             flushed per line; failures are {"id", "error"} lines

Exit codes: 0 solved (a batch always exits 0 once it has read its input: failures are lines);
2 (EXIT_USAGE) when a single problem cannot be read or solved, or the arguments are wrong. With
--json, a single problem that fails still prints one object, as a batch's failed line does:
{"question", "error", "error_type"} (the message is on stderr too).
Blank input lines are skipped (they carry no id); every other line gets exactly one output line.
"""

from __future__ import annotations

import json
import queue
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any, NoReturn

import typer

from zuoye.cli._app import EXIT_USAGE, CliError, app
from zuoye.cli._files import reason
from zuoye.messages import say


@app.command(help="help.solve")
def solve(
    problem: str | None = typer.Argument(None, help="help.solve.problem"),
    as_json: bool = typer.Option(False, "--json", help="help.solve.json"),
    batch: str | None = typer.Option(None, "--batch", metavar="FILE.jsonl", help="help.solve.batch"),
    timeout: float | None = typer.Option(None, "--timeout", min=0.1, help="help.solve.timeout"),
) -> None:
    """Solve a maths problem exactly with the local solver, with steps (or a JSONL file of them)."""
    if batch is not None and problem is not None:
        raise CliError(say("solve.problem_or_batch"), EXIT_USAGE)
    if batch is not None:
        _run_batch(batch, timeout)
        return
    if problem is None or not problem.strip():
        _failed(problem or "", say("solve.no_problem"), "UsageError", as_json=as_json)
    from zuoye import math as zmath
    from zuoye.math._errors import understands

    try:
        solution = zmath.solve(problem, timeout=timeout)
    except zmath.MathError as exc:
        can_do = understands()
        hint = "" if can_do in exc.message else f"\n{can_do}"
        _failed(problem, f"{exc.message}{hint}", type(exc).__name__, as_json=as_json)
    if as_json:
        typer.echo(json.dumps(solution.to_dict(), ensure_ascii=False))
        return
    _pretty(solution)


def _failed(problem: str, message: str, error_type: str, *, as_json: bool) -> NoReturn:
    """A single problem not solved: the message and exit 2; with --json also one object on stdout
    (a script reading stdout got nothing at all)."""
    if as_json:
        typer.echo(
            json.dumps({"question": problem, "error": message, "error_type": error_type}, ensure_ascii=False)
        )
    raise CliError(message, EXIT_USAGE)


def _pretty(solution: Any) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.panel import Panel
    from rich.text import Text

    from zuoye.render import plain_text
    from zuoye.tutor.class_report import kind_name

    # The same maths-to-text conversion as `zuoye ask`, so both commands read alike.
    console = Console()
    if solution.understood:  # what the computer read, so a misread question is seen at once
        understood = say("check.understood", understood="")  # the label alone, in the reader's language
        console.print(Text.assemble((understood, "dim"), plain_text(solution.understood).strip()))
    steps, conclusion = solution.worked()  # 答 once, last, with the answer's unit
    body = Text()
    for i, step in enumerate(steps, 1):
        body.append(f"{i}. ", style="dim")
        body.append(plain_text(step).strip() + "\n")  # plain: a Text shows Markdown escapes (\>) as typed
    # The title is Rich markup: a question like "[[2, 1], [1, 3]]" must print as typed.
    # The kind as a teacher names it (一元二次方程), not the solver's identifier (quadratic_equation).
    kind = escape(kind_name(solution.kind))
    console.print(Panel(body, title=escape(solution.question), subtitle=kind, expand=False))
    label = say("math.step.answer", answer="")  # 答： / Answer: — the steps' own language
    said = plain_text(conclusion.removeprefix(label).removeprefix("答：").removeprefix("答:")).strip()
    console.print(Text.assemble((label, "bold"), (said, "bold green")))


def _open(path: str) -> IO[str]:
    if path == "-":
        return sys.stdin
    try:
        return Path(path).open(encoding="utf-8")
    except OSError as exc:
        raise CliError(say("solve.cannot_read", path=path, reason=reason(exc)), EXIT_USAGE) from None


def _lines(stream: IO[str]) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(stream, 1):
        if line.strip():
            yield number, line


def _handle(number: int, line: str, timeout: float | None) -> dict[str, Any]:
    from zuoye import math as zmath

    try:
        item = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        reason = getattr(exc, "msg", "nested too deeply")
        return {
            "id": None,
            "line": number,
            "error": say("math.batch.not_json", line=number, reason=reason),
        }
    if not isinstance(item, dict):
        return {
            "id": None,
            "line": number,
            "error": say("math.batch.not_object", line=number),
        }
    ident = item.get("id")
    question = item.get("q")
    if not isinstance(question, str) or not question.strip():
        return {
            "id": ident,
            "line": number,
            "error": say("math.batch.no_question", line=number),
        }
    try:
        solution = zmath.solve(question, timeout=timeout)
    except zmath.MathError as exc:
        return {"id": ident, "error": exc.message, "error_type": type(exc).__name__}
    except Exception as exc:  # one bad line must never end the batch
        return {
            "id": ident,
            "error": say("math.batch.internal", kind=type(exc).__name__),
            "error_type": "MathError",
        }
    return {"id": ident, **solution.to_dict()}


def _run_batch(path: str, timeout: float | None) -> None:
    from zuoye.math import _pool

    stream = _open(path)
    out = sys.stdout
    # A reader thread submits lines as they arrive; this thread writes results strictly in input
    # order as soon as each is ready. Output keeps pace with a live pipe, every worker stays busy,
    # and the bounded queue keeps memory flat however long the input is.
    pending: queue.Queue[Future[dict[str, Any]] | None] = queue.Queue(maxsize=2 * _pool.MAX_WORKERS)
    failure: list[BaseException] = []
    with ThreadPoolExecutor(max_workers=_pool.MAX_WORKERS) as executor:

        def read() -> None:
            try:
                for number, line in _lines(stream):
                    pending.put(executor.submit(_handle, number, line, timeout))
            except BaseException as exc:  # a read error ends the input; it is reported, not lost
                failure.append(exc)
            finally:
                pending.put(None)

        reader = threading.Thread(target=read, name="zuoye-solve-batch-reader", daemon=True)
        reader.start()
        try:
            while (future := pending.get()) is not None:
                _emit(out, future.result())
        finally:
            if stream is not sys.stdin:
                stream.close()
    if failure:
        raise CliError(say("solve.input_failed", reason=failure[0]), EXIT_USAGE)


def _emit(out: IO[str], record: dict[str, Any]) -> None:
    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
