"""`zuoye ask`: one question in, its streamed answer out (`zuoye chat` is in `chat`; it shares the options)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import typer

from zuoye.cli._app import EXIT_USAGE, CliError, app
from zuoye.cli._context import load_settings, tutor_for
from zuoye.cli._render import AnswerPrinter
from zuoye.errors import ZuoyeError

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
    if question == "-":
        question = sys.stdin.read()
    if image is not None:
        recognised = _read_image(image)
        typer.echo(f"识别出的题目 / recognised text:\n{recognised}\n", err=True)
        question = f"{question}\n{recognised}".strip()
    if not question.strip():
        raise CliError('give a question, e.g. zuoye ask "解方程 2x+3=7" (or --image FILE)', EXIT_USAGE)
    settings = load_settings(grade=grade, mode=mode, help_ceiling=help_ceiling)
    printer = AnswerPrinter(as_json=as_json)

    async def main() -> None:
        async with tutor_for(settings, model=model, session=session, verbose=verbose) as tutor:
            with printer:
                async for event in tutor.ask(question, conversation_id=session):
                    printer.handle(event)

    try:
        asyncio.run(main())
    except ZuoyeError as exc:
        raise CliError.of(exc, partial=bool(printer.text.strip())) from None
    if as_json:
        printer.print_json()
    else:
        printer.print_footer()


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
