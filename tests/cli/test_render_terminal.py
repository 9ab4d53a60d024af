from __future__ import annotations

import io

from zuoye.cli._render import AnswerPrinter
from zuoye.tutor.events import Delta, Finished, Notice, TurnResult


def _run(events: list[object], *, tty: bool) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with AnswerPrinter(out=out, err=err, tty=tty) as printer:
        for e in events:
            printer.handle(e)  # type: ignore[arg-type]
    return out.getvalue(), err.getvalue()


def test_terminal_shows_readable_maths_not_raw_latex() -> None:
    deltas = [
        "解：由题意，$x = \\frac{1",
        "}{2}$，所以 $x^2 = \\frac{1}{4}$。\n",
        "答：$\\sqrt{2}$ 是无理数。",
    ]
    out, _ = _run([Delta(d) for d in deltas], tty=True)
    assert "\\frac" not in out and "\\sqrt" not in out
    assert "x²" in out and "√2" in out and "1/2" in out


def test_a_half_written_formula_is_never_drawn() -> None:
    out = io.StringIO()
    printer = AnswerPrinter(out=out, err=io.StringIO(), tty=True)
    with printer:
        printer.handle(Delta("答：$\\frac{1"))
        assert "frac" not in out.getvalue() and "$" not in out.getvalue()
        printer.handle(Delta("}{2}$"))
    assert "1/2" in out.getvalue()


def test_pipe_gets_plain_readable_text_and_notices_go_to_stderr() -> None:
    result = TurnResult("c" * 32, 1, "q", "a", "complete", "m", "讲解")
    events = [
        Delta("x = $\\frac{1"),
        Delta("}{2}$"),
        Notice("check", "已验算（$x = \\frac{1}{2}$）"),
        Finished(result),
    ]
    out, err = _run(events, tty=False)
    assert out == "x = 1/2\n"  # ended with a newline before the notice, which is on a line of its own
    assert err == "※ 已验算（x = 1/2）\n"
