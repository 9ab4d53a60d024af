"""Showing the tutor's event stream in a terminal, a pipe, or as one JSON object."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.spinner import Spinner
from rich.text import Text

from zuoye.messages import say

if TYPE_CHECKING:
    from zuoye.render import Segment
    from zuoye.tutor.events import TurnResult, TutorEvent


class AnswerPrinter:
    """Consumes `Tutor.ask` events.

    On a terminal: a spinner until the first words, then the Markdown answer redrawn as it
    streams (maths readable, a half-written formula held back until it closes). A notice that
    comes before the answer is shown above it ("以下由本地…解答"); one that comes after it
    (已验算, 不一致, 正在重新作答) is shown under it, and a re-asked answer that replaces the first
    takes the progress notices about the first away with it.

    In a pipe: the text as it comes, its maths as readable text, plain (no colours, no Markdown
    escapes); notices on stderr, each on a line of its own. With `as_json`: nothing until the end.
    """

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
        # highlight=False: Rich would colour the digits and slashes of a Chinese sentence.
        self.console = Console(file=self.out, force_terminal=tty, highlight=False)
        self.err_console = Console(file=self.err, stderr=True, highlight=False, soft_wrap=True)
        self.tty = self.console.is_terminal and not as_json
        self.text = ""
        self._math = StreamingMathBuffer()  # never shows half a formula, on a terminal or a pipe
        self._shown = ""  # terminal: the Markdown released so far
        self._under: list[str] = []  # terminal: notices shown under the answer
        self._passing = False  # terminal: the last of them is a passing state ("正在重新作答……")
        self._at_line_start = True  # pipe: whether stdout's last character was a newline
        self.notices: list[dict[str, str]] = []
        self.result: TurnResult | None = None
        self.conversation_id: str | None = None  # known from the start, even if the answer is stopped
        # Notices already shown in this chat (the offline one would otherwise repeat every turn).
        self._seen = seen_notices
        self._live: Live | None = None
        self._spinner: Live | None = None

    def __enter__(self) -> AnswerPrinter:
        if self.tty:
            spinner = Spinner("dots", text=Text(say("ask.thinking"), style="dim"), style="cyan")
            self._spinner = Live(spinner, console=self.console, transient=True, refresh_per_second=12)
            self._spinner.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.tty:
            self._shown += self._math.flush()
            if self._shown.strip() or self._under:
                self._redraw()
            self._stop_live()
        elif not self.as_json:
            self._write(self._math.flush_segments())
            if not self._at_line_start:
                self._out("\n")

    def handle(self, event: TutorEvent) -> None:
        from zuoye.tutor.events import Delta, Finished, Notice, Revised, Started, Thought, ToolUsed

        if isinstance(event, Delta):
            self.text += event.text
            if self.tty:
                self._shown += self._math.feed(event.text)
                if self._shown.strip():
                    self._redraw()
            elif not self.as_json:
                self._write(self._math.feed_segments(event.text))
        elif isinstance(event, Revised):
            self.text = event.text
            if self.tty:
                self._math = type(self._math)()
                self._shown = event.text
                self._under = []  # what was said about the replaced answer goes with it
                self._passing = False
                self._redraw()
            elif not self.as_json:
                self._write(self._math.flush_segments())
                self._out(("\n" if not self._at_line_start else "") + "\n---\n")
                self._write(self._math.feed_segments(event.text))
        elif isinstance(event, Notice):
            self.notices.append({"kind": event.kind, "text": event.text})
            if self._seen is not None and event.kind == "offline":
                if (event.kind, event.text) in self._seen:
                    return
                self._seen.add((event.kind, event.text))
            self.say(event.text, passing=event.kind == "progress")
        elif isinstance(event, Thought):
            self._side(f"🤔 {event.text}")
        elif isinstance(event, ToolUsed):
            self._side(f"🔧 {event.name}({event.arguments}) → {event.result[:300]}")
        elif isinstance(event, Started):
            self.conversation_id = event.conversation_id
        elif isinstance(event, Finished):
            self.result = event.result

    def say(self, text: str, *, passing: bool = False) -> None:
        """A notice for the student beside the answer: where it belongs (above the answer if none
        has been written yet, else under it), its maths readable. `passing`: a progress line that
        the next notice replaces."""
        if self.as_json:
            return
        line = f"※ {text.strip()}"
        if self.tty and self._live is not None:
            if self._under and self._passing:
                # A progress line ("正在重新作答……") gives way to what came of it: known by its kind,
                # not by its words (the English one ends in "…", not "……").
                self._under.pop()
            self._under.append(line)
            self._passing = passing
            self._redraw()
        else:
            self._side(line, _notice(line) if self.tty else None)

    # -- the terminal --------------------------------------------------------------------------
    def _side(self, text: str, renderable: RenderableType | None = None) -> None:
        """A line outside the answer: above it on a terminal, on stderr in a pipe."""
        if self.as_json:
            return
        if not self.tty:
            from zuoye.render import plain_text

            self._write(self._math.flush_segments())  # the answer so far comes first
            if not self._at_line_start:
                self._out("\n")  # the notice starts a line of its own, not the answer's last one
            self.err.write(plain_text(text).rstrip("\n") + "\n")
            self.err.flush()
            return
        shown = renderable if renderable is not None else Text(text, style="dim")
        if self._spinner is not None:
            self._spinner.console.print(shown)  # above the spinner
        elif self._live is not None:
            self._live.console.print(shown)
        else:
            self.console.print(shown)

    def _redraw(self) -> None:
        from zuoye.render import render_terminal

        if self._spinner is not None:  # the first words: the spinner makes way
            self._spinner.stop()
            self._spinner = None
        if self._live is None:
            self._live = Live(console=self.console, auto_refresh=False, vertical_overflow="visible")
            self._live.start()
        body: RenderableType = render_terminal(self._shown)
        if self._under:
            body = Group(body, *map(_notice, self._under))
        self._live.update(body, refresh=True)

    def _stop_live(self) -> None:
        for live in (self._spinner, self._live):
            if live is not None:
                live.stop()
        self._spinner = self._live = None

    # -- a pipe --------------------------------------------------------------------------------
    def _write(self, segments: list[Segment]) -> None:
        from zuoye.render import latex_to_unicode

        for segment in segments:
            if segment.kind == "text":
                self._out(segment.content)
            elif segment.kind == "inline":
                self._out(latex_to_unicode(segment.content).replace("\n", " "))
            else:  # a display formula on lines of its own
                lead = "" if self._at_line_start else "\n"
                self._out(lead + latex_to_unicode(segment.content, display=True) + "\n")

    def _out(self, text: str) -> None:
        if not text:
            return
        self.out.write(text)
        self.out.flush()
        self._at_line_start = text.endswith("\n")

    # -- after the answer ----------------------------------------------------------------------
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
        bits = [say("ask.session", ref=r.conversation_id[:8]), r.model]
        if usage:
            bits.append(f"{usage} tokens")
        # Its own line, never wrapped inside the command to type.
        self.err_console.print(Text(" · ".join(bits), style="dim"))
        self.err_console.print(Text(say("ask.follow_up", ref=r.conversation_id[:8]), style="dim"))


def _notice(line: str) -> RenderableType:
    """A notice on a terminal: its maths typeset like the answer's, short formulae unbroken, its
    lines hung beside the ※. In one column with the ※, a notice that is one long run of Chinese
    (Rich breaks lines only at spaces) was put on the line after the ※, leaving it alone."""
    from rich.table import Table

    from zuoye.render import render_terminal

    marker, _, text = line.partition(" ")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="yellow")
    grid.add_column(overflow="fold", ratio=1)
    grid.add_row(marker, render_terminal(text, style="yellow"))
    return grid
