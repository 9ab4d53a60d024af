"""`zuoye ask`: one question in, its streamed answer out (`zuoye chat` is in `chat`; it shares the options)."""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from zuoye.cli._app import (
    EXIT_CONFIG,
    EXIT_FOR_KIND,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    JSON_FAILURE,
    CliError,
    app,
)
from zuoye.cli._context import load_settings, open_registry, tutor_for
from zuoye.cli._files import reason
from zuoye.cli._render import AnswerPrinter
from zuoye.errors import ZuoyeError
from zuoye.messages import say
from zuoye.providers import ProviderError
from zuoye.tutor.events import Started, TurnResult

if TYPE_CHECKING:
    from zuoye.ocr import Reading
    from zuoye.settings import Settings

# Help texts are catalogue keys, said in the reader's language when help is shown (zuoye.cli._app).
MODEL_OPT = typer.Option(None, "--model", "-m", help="help.model")
GRADE_OPT = typer.Option(None, "--grade", "-g", help="help.grade")
MODE_OPT = typer.Option(None, "--mode", help="help.mode")
CEILING_OPT = typer.Option(None, "--help-ceiling", help="help.ceiling")
SESSION_OPT = typer.Option(None, "--session", "-s", help="help.session")
VERBOSE_OPT = typer.Option(False, "--verbose", "-v", help="help.verbose")


@app.command(help="help.ask")
def ask(
    question: str = typer.Argument("", help="help.ask.question"),
    model: str | None = MODEL_OPT,
    grade: str | None = GRADE_OPT,
    mode: str | None = MODE_OPT,
    help_ceiling: str | None = CEILING_OPT,
    session: str | None = SESSION_OPT,
    image: Path | None = typer.Option(None, "--image", "-i", help="help.ask.image"),
    pick: int | None = typer.Option(None, "--pick", min=1, help="help.ask.pick"),
    as_json: bool = typer.Option(False, "--json", help="help.ask.json"),
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
            question = _read_stdin()
        if pick is not None and image is None:
            raise CliError(say("ask.pick_without_image"), EXIT_USAGE)
        settings = load_settings(grade=grade, mode=mode, help_ceiling=help_ceiling)
        if image is not None:
            recognised = _confirmed(_read_image(image, settings), pick, interactive=_interactive())
            question = f"{question}\n{recognised}".strip()
        if not question.strip():
            raise CliError(say("ask.no_question"), EXIT_USAGE)
        asyncio.run(main(question, settings))
    except KeyboardInterrupt:
        # Ctrl-C while the answer is written: the tutor stored what was written (as incomplete)
        # when its task was cancelled. Say so, and how to go on, instead of leaving silently.
        _say_stopped(started, printer)
        raise typer.Exit(EXIT_INTERRUPTED) from None
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


def _read_stdin() -> str:
    """The question piped in. Bytes that are not UTF-8 (`zuoye ask - < photo.jpg`) are refused as
    such: decoded leniently, they were refused as a "control character U+DCxx" instead."""
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8-sig")  # a BOM, as Windows editors write it, is not part of the question
    except UnicodeDecodeError:
        raise CliError(say("ask.stdin_not_text"), EXIT_USAGE) from None


def _say_stopped(started: list[Started], printer: AnswerPrinter) -> None:
    if not started:  # stopped before the question was stored: nothing to go on with
        typer.echo(say("cli.cancelled"), err=True)
        return
    ref = started[0].conversation_id[:8]
    key = "ask.stopped" if printer.text.strip() else "ask.stopped_before_answer"
    typer.echo(say(key, ref=ref), err=True)


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


def _usage_failure(error: CliError) -> str:
    """`zuoye ask --json --pick 0 …`: refused before the command ran, said as any failure is."""
    return json.dumps(_failure("", [], AnswerPrinter(as_json=True), error), ensure_ascii=False)


JSON_FAILURE["ask"] = _usage_failure


def _read_image(path: Path, settings: Settings) -> Reading:
    """The photo read by the configured vision model, else (or when it fails) locally."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(say("ask.cannot_read_file", path=path, reason=reason(exc)), EXIT_USAGE) from None
    from zuoye.ocr import OcrError, read_photo, recognize

    async def read() -> Reading:
        async def local(image: bytes) -> Any:
            return await asyncio.to_thread(recognize, image)

        if not settings.vision_model:
            return await read_photo(data, local=local)
        registry = open_registry(settings)
        try:
            try:
                model = registry.get(settings.vision_model)
            except ProviderError as exc:
                reading = await read_photo(data, local=local)
                note = say("ask.vision_unusable", model=settings.vision_model, reason=exc)
                return replace(reading, doubts=(note, *reading.doubts))
            return await read_photo(data, local=local, model=model)
        finally:
            await registry.aclose()

    try:
        return asyncio.run(read())
    except OcrError as exc:
        # one line, as the photo's reader wrote it; the exit code of its kind (3 when OCR is missing)
        raise CliError(str(exc), EXIT_FOR_KIND[exc.kind]) from None


def _interactive() -> bool:
    """A person at a terminal, who can be asked (not a script or a pipe)."""
    return sys.stdin.isatty() and sys.stderr.isatty()


def _which_one(count: int) -> int:
    """The number of the question the student picks, asked until it is one of them. Read as text and
    checked here: Click's own check answered "3." or "三" in English and a 9 of 4 with silence."""
    while True:
        given = str(typer.prompt(say("ask.which_one", count=count), err=True)).strip().rstrip(".、")
        if given.isdecimal() and 1 <= int(given) <= count:
            return int(given)
        typer.echo(say("ask.pick_a_number", count=count, given=given), err=True)


def _confirmed(reading: Reading, pick: int | None, *, interactive: bool) -> str:
    """The question to ask from a photo's reading: shown first, one picked when there are several
    (--pick, or asked at a terminal), then confirmed or corrected at a terminal. Without a
    terminal a reading with doubts is not asked: the student must check it and type it."""
    by = say("ask.read_by", model=reading.model) if reading.source == "vision" else ""
    typer.echo(say("ask.recognised", by=by, text=reading.text), err=True)
    for doubt in reading.doubts:
        typer.echo(say("ask.check_doubt", doubt=doubt), err=True)
    questions = list(reading.questions) or [reading.text]
    if len(questions) > 1:
        listing = "\n".join(f"  {k}. {q}" for k, q in enumerate(questions, 1))
        if pick is None and not interactive:
            raise CliError(say("ask.several_need_pick", count=len(questions), listing=listing), EXIT_USAGE)
        if pick is None:
            typer.echo(say("ask.several", count=len(questions), listing=listing), err=True)
            pick = _which_one(len(questions))
        if not 1 <= pick <= len(questions):
            raise CliError(say("ask.pick_out_of_range", pick=pick, count=len(questions)), EXIT_USAGE)
        chosen = questions[pick - 1]
    elif pick is not None and pick != 1:
        raise CliError(say("ask.pick_out_of_range", pick=pick, count=1), EXIT_USAGE)
    else:
        chosen = questions[0]
    if interactive:
        # Nothing is asked until the student has seen what was read: Enter keeps it, or type it right.
        answer = typer.prompt(
            say("ask.confirm_question", question=chosen),
            default="",
            show_default=False,
            err=True,
        )
        return answer.strip() or chosen
    if reading.doubts:
        raise CliError(say("ask.reading_has_doubts"), EXIT_USAGE)
    return chosen
