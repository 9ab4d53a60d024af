"""`zuoye mistakes`: the local student's 错题本.

    zuoye mistakes                      every entry, due ones first
    zuoye mistakes --due                only those due for review now
    zuoye mistakes --print sheet.html   an A4 practice sheet (answers on its last page)
    zuoye mistakes add SESSION [--turn N]   加入错题本: a turn of a conversation (default its last)
    zuoye mistakes practise ID [--answer A] 再练一题: a similar problem; the answer marked by the solver
    zuoye mistakes remove ID

Entries also come in by themselves: a 批改 that finds a wrong line, an answer marked 不一致.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from zuoye.cli._app import EXIT_USAGE, CliError, app
from zuoye.cli._context import load_settings, open_registry, open_store
from zuoye.cli._files import reason
from zuoye.cli.history import questions_shown
from zuoye.messages import say

if TYPE_CHECKING:
    from zuoye.settings import Settings
    from zuoye.store.mistakes import MistakeRow
    from zuoye.tutor.book import MistakeBook, Outcome

mistakes_app = typer.Typer(
    help="help.mistakes",
    no_args_is_help=False,
)
app.add_typer(mistakes_app, name="mistakes")


@contextlib.asynccontextmanager
async def _book(
    settings: Settings, *, model: str | None = None, ask_model: bool = False
) -> AsyncIterator[MistakeBook]:
    """The local user's book; with `ask_model`, 再练一题 may ask the configured model for problems
    (the solver still checks every one)."""
    from zuoye.tutor.book import MistakeBook
    from zuoye.tutor.identity import local_user_id

    registry = open_registry(settings) if ask_model else None
    try:
        store = open_store(settings)
        try:
            yield MistakeBook(
                store,
                user_id=local_user_id(settings.home),
                model=registry.get_or_offline(model) if registry is not None else None,
                grade=settings.grade,
                help_ceiling=settings.help_ceiling,
            )
        finally:
            store.close()
    finally:
        if registry is not None:
            await registry.aclose()


@mistakes_app.callback(invoke_without_command=True)
def mistakes(
    ctx: typer.Context,
    due: bool = typer.Option(False, "--due", help="help.mistakes.due"),
    print_to: Path | None = typer.Option(None, "--print", metavar="FILE.html", help="help.mistakes.print"),
    model: str | None = typer.Option(None, "--model", help="help.mistakes.model"),
    as_json: bool = typer.Option(False, "--json", help="help.json"),
) -> None:
    """List the mistake book, or print a practice sheet (the group's help says so: help.mistakes)."""
    if ctx.invoked_subcommand is not None:
        return
    settings = load_settings()
    if print_to is not None:
        _print_sheet(settings, print_to, due=due, model=model)
        return

    async def listing() -> tuple[list[dict[str, Any]], list[tuple[MistakeRow, str, bool]]]:
        async with _book(settings) as book:
            rows = await asyncio.to_thread(book.entries, due_only=due)
            return [_json(book, r) for r in rows], [(r, book.when(r), book.is_due(r)) for r in rows]

    data, rows = asyncio.run(listing())
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    _table(rows, due=due)


def _table(rows: list[tuple[MistakeRow, str, bool]], *, due: bool) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from zuoye.tutor.book import source_name
    from zuoye.tutor.sheet import readable

    console = Console()
    if not rows:
        console.print(say("mistakes.cli.none_due") if due else say("mistakes.cli.empty"), markup=False)
        return
    table = Table(show_lines=False)
    for col in say("mistakes.cli.columns").split("|"):
        table.add_column(col, overflow="fold")
    for row, when, is_due in rows:
        table.add_row(
            str(row.id),
            f"[bold red]{when}[/bold red]" if is_due else when,
            source_name(row.source),
            # cells are Rich markup: a problem like "区间 [a,b]" shows its brackets
            escape(readable(row.problem)),
            escape(readable(row.wrong_line or "")),
        )
    console.print(table)
    console.print(say("mistakes.cli.footer"), style="dim", markup=False)


def _json(book: MistakeBook, row: MistakeRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "source": row.source,
        "problem": row.problem,
        "question": row.question,
        "wrong_line": row.wrong_line,
        "correct_step": row.correct_step,
        "explanation": row.explanation,
        "stage": row.stage,
        "due_at": row.due_at.isoformat() if row.due_at else None,
        "due": book.is_due(row),
        "when": book.when(row),
        "conversation_id": row.conversation_id,
        "turn_id": row.turn_id,
        "history": row.history,
        # the problem set and not yet answered (its answer stays in the book, not in the output)
        "waiting": row.practice["question"] if row.practice else None,
        "created_at": row.created_at.isoformat(),
    }


def _print_sheet(settings: Settings, path: Path, *, due: bool, model: str | None) -> None:
    from zuoye.tutor.sheet import render_sheet

    async def build() -> tuple[str, int]:
        async with _book(settings, model=model, ask_model=True) as book:
            items = await book.sheet(due_only=due)
            return render_sheet(items, now=book.clock()), len(items)

    page, count = asyncio.run(build())
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise CliError(say("mistakes.cli.cannot_write", path=path, reason=reason(exc)), EXIT_USAGE) from None
    typer.echo(say("mistakes.cli.printed", path=path, count=count))


@mistakes_app.command("add", help="help.mistakes.add")
def add(
    session: str = typer.Argument(..., help="help.mistakes.session"),
    turn: int | None = typer.Option(None, "--turn", min=1, help="help.mistakes.turn"),
) -> None:
    """Save a turn of a conversation to the mistake book."""
    settings = load_settings()

    async def save() -> tuple[MistakeRow, bool]:
        async with _book(settings) as book:
            conv = await asyncio.to_thread(book.store.find_conversation, ref=session, user_id=book.user_id)
            full = conv and await asyncio.to_thread(book.store.get_conversation, conversation_id=conv.id)
            if not full or not full.turns:
                raise CliError(say("mistakes.cli.no_conversation", session=session))
            # counted as `zuoye history` shows them: an answer given again is one question
            shown = [t for t, _ in questions_shown(full.turns)]
            if turn is not None and turn > len(shown):
                raise CliError(say("mistakes.cli.few_turns", count=len(shown)))
            chosen = shown[(turn or len(shown)) - 1]
            return await asyncio.to_thread(book.save_turn, chosen.id)

    row, made = asyncio.run(save())
    if made:
        typer.echo(say("mistakes.cli.added", id=row.id, problem=row.problem))
    else:
        typer.echo(say("mistakes.cli.already", id=row.id, problem=row.problem))


@mistakes_app.command("practise", help="help.mistakes.practise")
def practise(
    entry: int = typer.Argument(..., help="help.mistakes.entry"),
    answer: str | None = typer.Option(None, "--answer", help="help.mistakes.answer"),
    model: str | None = typer.Option(None, "--model", help="help.mistakes.model"),
) -> None:
    """再练一题: set a problem like the entry's; the solver marks the answer."""
    from rich.console import Console

    from zuoye.render import render_terminal
    from zuoye.tutor.sheet import readable

    settings = load_settings()

    async def set_problem() -> MistakeRow:
        async with _book(settings, model=model, ask_model=True) as book:
            return await book.practise(entry)

    async def mark(practice_id: str, given: str) -> Outcome:
        async with _book(settings) as book:
            return await book.answer(entry, practice_id=practice_id, answer=given)

    row = asyncio.run(set_problem())
    assert row.practice is not None  # set by practise
    typer.echo(say("mistakes.cli.practise", id=row.id, problem=readable(row.problem)))
    typer.echo(f"  {readable(row.practice['question'])}")
    # Asked between the two runs, on the main thread: there Ctrl-C and Ctrl-D cancel the question
    # (zuoye.cli._app). Asked from a worker thread inside the event loop, Ctrl-C left the process
    # waiting for a line that never came. The problem is stored, so it is still there to answer.
    given = answer if answer is not None else str(typer.prompt(say("mistakes.cli.prompt")))
    outcome = asyncio.run(mark(str(row.practice["id"]), given))
    Console().print(render_terminal(outcome.message))
    if outcome.status == "unread":
        raise typer.Exit(EXIT_USAGE)


@mistakes_app.command("remove", help="help.mistakes.remove")
def remove(
    entry: int = typer.Argument(..., help="help.mistakes.entry"),
) -> None:
    """Remove an entry from the mistake book."""
    settings = load_settings()

    async def run() -> None:
        async with _book(settings) as book:
            await asyncio.to_thread(book.remove, entry)

    asyncio.run(run())
    typer.echo(say("mistakes.cli.removed", id=entry))
