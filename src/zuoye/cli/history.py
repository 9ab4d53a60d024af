"""`zuoye history`: the conversations, newest first, and one conversation in full."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import typer

from zuoye.cli._app import EXIT_USAGE, CliError, app
from zuoye.cli._context import load_settings, open_store
from zuoye.messages import say

if TYPE_CHECKING:
    from zuoye.store import Conversation, Turn

NARROW = 60  # columns: below this the list is not a table (its id column would be cut)

# A turn's status and its "interrupted" error are codes (for --json); shown, they are words.
_STATUS = {
    "complete": "history.status.complete",
    "incomplete": "history.status.incomplete",
    "failed": "history.status.failed",
    "pending": "history.status.pending",
}
_ERRORS = {"interrupted": "history.interrupted"}


@app.command(help="help.history")
def history(
    conversation: str | None = typer.Argument(None, help="help.history.conversation"),
    as_json: bool = typer.Option(False, "--json", help="help.json"),
    limit: int = typer.Option(50, "--limit", "-n", min=1, max=1000, help="help.history.limit"),
    all_users: bool = typer.Option(False, "--all-users", help="help.history.all_users"),
) -> None:
    """List conversations (newest first) or show one."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    from zuoye.tutor.identity import local_user_id

    settings = load_settings()
    store = open_store(settings)
    user = None if all_users else local_user_id(settings.home)
    console = Console()
    try:
        if conversation is None:
            rows = store.list_conversations(user_id=user, limit=limit)
            if as_json:
                typer.echo(json.dumps([_conv_summary(c, n) for c, n in rows], ensure_ascii=False))
                return
            if not rows:
                console.print(say("history.none_yet"), markup=False)
                return
            if console.width < NARROW:
                # A table this narrow cut the id the student types to go on ("07aa…") and dropped
                # the title: one conversation per two lines instead, the id whole.
                for c, n in rows:
                    when = f"{c.updated_at:%m-%d %H:%M}"
                    console.print(say("history.line", id=c.id[:8], updated=when, mode=c.mode, turns=n))
                    console.print(Text("  " + c.title, overflow="fold"))
                return
            table = Table(show_lines=False)
            for col in say("history.columns").split("\t"):
                table.add_column(col)
            for c, n in rows:
                # A cell is Rich markup: a title like "区间 [a,b]" must show its brackets, and "[/b]" not fail.
                table.add_row(c.id[:8], f"{c.updated_at:%Y-%m-%d %H:%M}", str(n), c.mode, escape(c.title))
            console.print(table)
            return
        found = store.find_conversation(ref=conversation, user_id=user)
        conv = found and store.get_conversation(conversation_id=found.id)
        if not conv:
            raise CliError(say("history.no_conversation", conversation=conversation), EXIT_USAGE)
        if as_json:
            data = _conv_summary(conv, len(conv.turns)) | {"turns": [_turn(t) for t in conv.turns]}
            typer.echo(json.dumps(data, ensure_ascii=False))
            return
        from zuoye.render import render_terminal

        # What the student typed is printed as typed, never read as Rich markup.
        console.print(
            f"[bold]{escape(conv.title)}[/bold]  "
            f"[dim]{conv.id} · {escape(conv.model)} · {conv.grade} · {conv.mode}[/dim]"
        )
        for t, versions in questions_shown(conv.turns):
            status = say(_STATUS[t.status]) if t.status in _STATUS else t.status
            console.rule(f"[dim]{t.created_at:%Y-%m-%d %H:%M} · {escape(status)}[/dim]")
            console.print(f"[bold cyan]{say('history.question')}[/bold cyan]{escape(t.question)}")
            if versions > 1:
                console.print(f"[dim]{say('history.regenerated', count=versions)}[/dim]")
            console.print(render_terminal(t.answer or say("history.no_answer")))
            for check in t.checks:
                if check.get("label"):
                    console.print(f"[dim]{escape(say('history.check', label=check['label']))}[/dim]")
            if t.status != "complete":
                error = t.error or ""
                said = say(_ERRORS[error]) if error in _ERRORS else error or status
                why = escape(say("history.incomplete", why=said))
                console.print(f"[yellow]{why}[/yellow]")
    finally:
        store.close()


def questions_shown(turns: list[Turn]) -> list[tuple[Turn, int]]:
    """Each question once, as the page shows it: a turn whose answer was regenerated is an earlier
    version of the next turn's (its newer answer to the same question), so it is counted there,
    not shown again. One left without a newer answer (that answer never started) stands alone."""
    shown: list[tuple[Turn, int]] = []
    earlier: list[Turn] = []
    for turn in turns:
        if turn.regenerated:
            earlier.append(turn)
            continue
        shown.append((turn, len(earlier) + 1))
        earlier = []
    return shown + [(turn, 1) for turn in earlier]


def _conv_summary(c: Conversation, n: int) -> dict[str, Any]:
    return {
        "id": c.id,
        "title": c.title,
        "model": c.model,
        "grade": c.grade,
        "mode": c.mode,
        "created_at": c.created_at.isoformat(),
        "updated_at": c.updated_at.isoformat(),
        "turns": n,
    }


def _turn(t: Turn) -> dict[str, Any]:
    return {
        "id": t.id,
        "question": t.question,
        "answer": t.answer,
        "status": t.status,
        "complete": t.status == "complete",
        "error": t.error,
        "mode": t.mode,
        "model": t.model,
        # answered again (regenerate): the next turn is the newer answer to the same question
        "regenerated": t.regenerated,
        "usage": {
            "prompt_tokens": t.prompt_tokens,
            "completion_tokens": t.completion_tokens,
            "total_tokens": t.total_tokens,
        },
        "checks": t.checks,
        "tool_calls": t.tool_calls,
        "created_at": t.created_at.isoformat(),
    }
