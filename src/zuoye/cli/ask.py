"""`zuoye ask`: one question in, its streamed answer out (`zuoye chat` is in `chat`; it shares the options)."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from zuoye.cli._app import EXIT_CONFIG, EXIT_USAGE, CliError, app
from zuoye.cli._context import load_settings, tutor_for
from zuoye.cli._render import AnswerPrinter
from zuoye.errors import ZuoyeError
from zuoye.tutor.events import Started, TurnResult

if TYPE_CHECKING:
    from zuoye.settings import Settings

MODEL_OPT = typer.Option(
    None,
    "--model",
    "-m",
    help="ERNIE-4.0-8K, another ERNIE model, or PROVIDER/model, e.g. deepseek/deepseek-chat "
    "(env ZUOYE_MODEL; `zuoye models` lists them).",
)
GRADE_OPT = typer.Option(None, "--grade", "-g", help="小学 / 初中 / 高中 / 大学 (env ZUOYE_GRADE).")
MODE_OPT = typer.Option(None, "--mode", help="讲解 explain / 提示 hint / 批改 check / 练习 practice.")
CEILING_OPT = typer.Option(
    None,
    "--help-ceiling",
    help="Most help allowed: hint / step / full (an adult's setting; env ZUOYE_HELP_CEILING).",
)
SESSION_OPT = typer.Option(None, "--session", "-s", help="Continue this conversation (id or prefix).")
VERBOSE_OPT = typer.Option(False, "--verbose", "-v", help="Show the model's tool calls and its reasons.")


@app.command()
def ask(
    question: str = typer.Argument("", help="The homework question. Use - to read it from standard input."),
    model: str | None = MODEL_OPT,
    grade: str | None = GRADE_OPT,
    mode: str | None = MODE_OPT,
    help_ceiling: str | None = CEILING_OPT,
    session: str | None = SESSION_OPT,
    image: Path | None = typer.Option(None, "--image", "-i", help="A photo of the question (PNG/JPEG/WebP)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of streaming."),
    verbose: bool = VERBOSE_OPT,
) -> None:
    """Ask one homework question; the answer streams as it is written."""
    printer = AnswerPrinter(as_json=as_json)
    started: list[Started] = []  # the turn, once stored: named in the JSON even if the answer fails

    async def main(question: str, settings: Settings) -> None:
        async with tutor_for(settings, model=model, session=session, verbose=verbose) as tutor:
            with printer:
                async for event in tutor.ask(question, conversation_id=session):
                    if isinstance(event, Started):
                        started.append(event)
                    printer.handle(event)

    try:
        if question == "-":
            question = sys.stdin.read()
        if image is not None:
            recognised = _read_image(image)
            typer.echo(f"识别出的题目 / recognised text:\n{recognised}\n", err=True)
            question = f"{question}\n{recognised}".strip()
        if not question.strip():
            raise CliError('give a question, e.g. zuoye ask "解方程 2x+3=7" (or --image FILE)', EXIT_USAGE)
        settings = load_settings(grade=grade, mode=mode, help_ceiling=help_ceiling)
        asyncio.run(main(question, settings))
    except (ZuoyeError, CliError) as exc:
        if as_json:  # a script reads the same object as on success, with the error in it
            typer.echo(json.dumps(_failure(question, started, printer, exc), ensure_ascii=False))
        if isinstance(exc, CliError):
            raise
        raise CliError.of(exc, partial=bool(printer.text.strip())) from None
    if as_json:
        printer.print_json()
    else:
        printer.print_footer()


def _error_dict(exc: ZuoyeError | CliError) -> dict[str, str]:
    """A ZuoyeError's own code and kind; a CliError's (the command's own checks) from its exit code."""
    if isinstance(exc, ZuoyeError):
        return {"code": exc.code, "kind": exc.kind, "message": str(exc)}
    kind = {EXIT_USAGE: "input", EXIT_CONFIG: "config"}.get(exc.exit_code, "service")
    return {
        "code": {"input": "usage", "config": "config"}.get(kind, "error"),
        "kind": kind,
        "message": exc.message,
    }


def _failure(
    question: str, started: list[Started], printer: AnswerPrinter, exc: ZuoyeError | CliError
) -> dict[str, Any]:
    """The success object's fields for an answer that failed: the conversation and turn (None if
    the question was never stored), what was written of the answer, and `error`: {code, kind,
    message}."""
    first = started[0] if started else None
    answer = printer.text
    result = TurnResult(
        conversation_id=first.conversation_id if first else "",
        turn_id=first.turn_id if first else 0,
        question=question.strip(),
        answer=answer,
        status="incomplete" if answer.strip() else "failed",
        model=first.model if first else "",
        mode=first.mode if first else "",
    )
    data = result.to_dict()
    if first is None:
        data |= {"conversation_id": None, "turn_id": None, "model": None, "mode": None}
    error = _error_dict(exc)
    return data | {"error": error, "session_id": data["conversation_id"], "notices": printer.notices}


def _read_image(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}", EXIT_USAGE) from None
    from zuoye.ocr import OcrError, recognize

    try:
        return recognize(data).text
    except OcrError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
