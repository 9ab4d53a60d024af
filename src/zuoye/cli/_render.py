"""Showing the tutor's event stream in a terminal, a pipe, or as one JSON object."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.live import Live

if TYPE_CHECKING:
    from zuoye.tutor.events import TurnResult, TutorEvent


class AnswerPrinter:
    """Consumes `Tutor.ask` events. On a terminal the Markdown answer is redrawn as it streams,
    with maths made readable; in a pipe the text is written as it comes (notices to stderr);
    with `as_json` nothing is shown until the end."""

    def __init__(
        self,
        *,
        as_json: bool = False,
        out: TextIO | None = None,
        err: TextIO | None = None,
        tty: bool | None = None,
        seen_notices: set[tuple[str, str]] | None = None,
    ) -> None:
        from zuoye.render import StreamingMathBuffer

        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.as_json = as_json
        self.console = Console(file=self.out, force_terminal=tty)
        self.err_console = Console(file=self.err, stderr=True)
        self.tty = self.console.is_terminal and not as_json
        self.text = ""
        # On a terminal a half-written formula is held back until it closes.
        self._math = StreamingMathBuffer()
        self._shown = ""
        self.notices: list[dict[str, str]] = []
        self.result: TurnResult | None = None
        self.conversation_id: str | None = None  # known from the start, even if the answer is stopped
        # Notices already shown in this chat (the offline one would otherwise repeat every turn).
        self._seen = seen_notices
        self._live: Live | None = None

    def __enter__(self) -> AnswerPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.tty and self._math.held:
            self._shown += self._math.flush()
            self._redraw()
        self._stop_live()
        if not self.as_json and not self.tty and self.text and not self.text.endswith("\n"):
            self.out.write("\n")
            self.out.flush()

    def handle(self, event: TutorEvent) -> None:
        from zuoye.tutor.events import Delta, Finished, Notice, Revised, Started, Thought, ToolUsed

        if isinstance(event, Delta):
            self.text += event.text
            if self.tty:
                self._shown += self._math.feed(event.text)
                self._redraw()
            elif not self.as_json:
                self.out.write(event.text)
                self.out.flush()
        elif isinstance(event, Revised):
            self.text = self._shown = event.text
            self._math = type(self._math)()
            if self.tty:
                self._redraw()
            elif not self.as_json:
                self.out.write("\n\n---\n" + event.text)
                self.out.flush()
        elif isinstance(event, Notice):
            self.notices.append({"kind": event.kind, "text": event.text})
            if self._seen is not None and event.kind == "offline":
                if (event.kind, event.text) in self._seen:
                    return
                self._seen.add((event.kind, event.text))
            self._side(f"[yellow]※ {_escape(event.text)}[/yellow]")
        elif isinstance(event, Thought):
            self._side(f"[dim]🤔 {_escape(event.text)}[/dim]")
        elif isinstance(event, ToolUsed):
            self._side(
                f"[dim]🔧 {event.name}({_escape(event.arguments)}) → {_escape(event.result[:300])}[/dim]"
            )
        elif isinstance(event, Started):
            self.conversation_id = event.conversation_id
            said = self._seen is not None and any(kind == "offline" for kind, _ in self._seen)
            if event.offline and self.tty and not said:
                self.err_console.print("[dim]（离线：本地求解器）[/dim]")
        elif isinstance(event, Finished):
            self.result = event.result

    def say(self, text: str) -> None:
        """A line for the student outside the answer (the answer stopped, a question not answered)."""
        self._side(f"[yellow]※ {_escape(text)}[/yellow]")

    def _side(self, markup: str) -> None:
        if self.as_json:
            return
        if self._live is not None:
            self._live.console.print(markup)
        else:
            self.err_console.print(markup)

    def _redraw(self) -> None:
        from zuoye.render import render_terminal

        if self._live is None:
            self._live = Live(console=self.console, auto_refresh=False, vertical_overflow="visible")
            self._live.start()
        self._live.update(render_terminal(self._shown), refresh=True)

    def _stop_live(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None

    def summary(self) -> dict[str, Any]:
        r = self.result
        data: dict[str, Any] = r.to_dict() if r else {"answer": self.text, "complete": False}
        data["session_id"] = data.get("conversation_id")
        data["notices"] = self.notices
        return data

    def print_json(self) -> None:
        self.out.write(json.dumps(self.summary(), ensure_ascii=False) + "\n")
        self.out.flush()

    def print_footer(self) -> None:
        if self.as_json or self.result is None:
            return
        r = self.result
        usage = r.usage.get("total_tokens")
        bits = [f"会话 {r.conversation_id[:8]}", r.model]
        if usage:
            bits.append(f"{usage} tokens")
        self.err_console.print(
            f"[dim]{' · '.join(bits)}（继续提问：zuoye ask --session {r.conversation_id[:8]} …）[/dim]"
        )


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
