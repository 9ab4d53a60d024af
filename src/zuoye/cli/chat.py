"""`zuoye chat`: a conversation at the terminal, the way the `python` and `ollama` REPLs behave.

On a terminal the line is edited with prompt_toolkit: arrow keys move and edit, ↑/↓ walk the
history (kept in the user's data directory), Alt+Enter (Esc then Enter) or a trailing `\\`
starts a new line, Ctrl-C clears the line, Ctrl-D leaves and says how to come back. Ctrl-C
while an answer streams stops that answer only: what was written is stored as incomplete (the
tutor does that when its task is cancelled) and the prompt comes back. A question the tutor
cannot answer (offline, not maths the solver reads; the service failing) is said as a notice
and the chat goes on. When standard input is not a terminal, lines are read plainly: one
question per line, for scripts.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from zuoye.cli._app import EXIT_OK, EXIT_USAGE, CliError, app
from zuoye.cli._context import load_settings, tutor_for
from zuoye.cli._render import AnswerPrinter
from zuoye.cli.ask import CEILING_OPT, GRADE_OPT, MODE_OPT, MODEL_OPT, SESSION_OPT, VERBOSE_OPT
from zuoye.errors import ZuoyeError
from zuoye.messages import say

if TYPE_CHECKING:
    from prompt_toolkit import PromptSession

    from zuoye.tutor.tutor import Tutor

CONTINUATION = "…> "
EXIT_WORDS = frozenset({"/exit", "/quit", "/bye", "exit", "quit"})
HISTORY_FILE = "chat_history"


@app.command(help="help.chat")
def chat(
    model: str | None = MODEL_OPT,
    grade: str | None = GRADE_OPT,
    mode: str | None = MODE_OPT,
    help_ceiling: str | None = CEILING_OPT,
    session: str | None = SESSION_OPT,
    verbose: bool = VERBOSE_OPT,
) -> None:
    """A conversation: ask, follow up; Alt+Enter or a trailing \\ adds a line, Ctrl-C stops an
    answer, Ctrl-D leaves. Reads one question per line when standard input is not a terminal."""
    settings = load_settings(grade=grade, mode=mode, help_ceiling=help_ceiling)
    repl = Repl(conversation=session, interactive=sys.stdin.isatty() and sys.stdout.isatty())

    async def main() -> int:
        async with tutor_for(settings, model=model, session=session, verbose=verbose) as tutor:
            if session is not None:
                # Known before the first question, not after it: a mistyped id used to fail every
                # question, then say "to go on: zuoye chat --session <that id>".
                found = tutor.store.find_conversation(ref=session, user_id=tutor.user_id)
                if found is None:
                    raise CliError(say("tutor.no_conversation", ref=session), EXIT_USAGE)
                repl.conversation = found.id
            return await repl.run(tutor, history=settings.home / HISTORY_FILE)

    code = asyncio.run(main())
    repl.say_goodbye()
    if code != EXIT_OK:
        raise typer.Exit(code)


class Repl:
    """One chat session: read a question, stream its answer, until the student leaves."""

    def __init__(self, *, conversation: str | None, interactive: bool) -> None:
        self.conversation = conversation
        self.interactive = interactive
        self.exit_code = EXIT_OK  # a script learns that some line failed
        self._shown: set[tuple[str, str]] = set()  # notices said once per chat, not every turn
        self._answering: asyncio.Task[None] | None = None

    async def run(self, tutor: Tutor, *, history: Path) -> int:
        read = self._reader(history)
        if self.interactive:
            typer.echo(say("chat.help"), err=True)
        while True:
            try:
                line = await read()
            except KeyboardInterrupt:  # Ctrl-C at the prompt: the line is cleared
                continue
            except EOFError:  # Ctrl-D, or the end of piped input
                return self.exit_code
            question = line.strip()
            if question in EXIT_WORDS:
                return self.exit_code
            if question:
                with self._ctrl_c_stops_the_answer():
                    await self._answer(tutor, question)

    def say_goodbye(self) -> None:
        if self.conversation:
            ref = self.conversation[:8]
            typer.echo(say("chat.bye_session", ref=ref), err=True)
        elif self.interactive:
            typer.echo(say("chat.bye"), err=True)

    # -- one question ----------------------------------------------------------------------------
    async def _answer(self, tutor: Tutor, question: str) -> None:
        printer = AnswerPrinter(seen_notices=self._shown)
        task = asyncio.ensure_future(self._stream(tutor, question, printer))
        self._answering = task
        try:
            await asyncio.wait({task})
        finally:
            self._answering = None
        if printer.conversation_id:
            self.conversation = printer.conversation_id
        if task.cancelled():
            # The tutor stored what was written (as incomplete) before its task ended.
            if printer.text.strip():
                printer.say(say("chat.stopped_saved"))
            else:
                printer.say(say("chat.stopped"))
        elif (exc := task.exception()) is not None:
            if not isinstance(exc, ZuoyeError):
                raise exc
            # Not an end of the chat: say what went wrong (and what to do), then the next prompt.
            self.exit_code = CliError.of(exc).exit_code
            if exc.code == "not_configured":  # offline, and not maths the solver reads
                printer.say(say("chat.solver_only"))
            else:
                printer.say(CliError.of(exc, partial=bool(printer.text.strip())).format_message())
        if self.interactive:
            typer.echo("")

    async def _stream(self, tutor: Tutor, question: str, printer: AnswerPrinter) -> None:
        with printer:
            async for event in tutor.ask(question, conversation_id=self.conversation):
                printer.handle(event)

    @contextlib.contextmanager
    def _ctrl_c_stops_the_answer(self) -> Iterator[None]:
        """Ctrl-C cancels the answer being written, not the chat. Installed for each answer:
        prompt_toolkit takes SIGINT over while it reads a line (Ctrl-C is a key there) and
        removes the loop's handler when it is done."""
        loop = asyncio.get_running_loop()

        def interrupt() -> None:
            if self._answering is not None:
                self._answering.cancel()

        try:
            loop.add_signal_handler(signal.SIGINT, interrupt)
        except (NotImplementedError, RuntimeError):  # Windows, or not the main thread
            yield
            return
        try:
            yield
        finally:
            loop.remove_signal_handler(signal.SIGINT)

    # -- reading lines ---------------------------------------------------------------------------
    def _reader(self, history: Path) -> Callable[[], Awaitable[str]]:
        if not self.interactive:

            async def plain() -> str:
                line: str = await asyncio.to_thread(sys.stdin.readline)
                if not line:
                    raise EOFError
                return line

            return plain
        session = _prompt_session(history)

        async def edited() -> str:
            text: str = await session.prompt_async(say("chat.prompt"))
            return text

        return edited


def _prompt_session(history: Path) -> PromptSession[str]:
    # Imported here: prompt_toolkit is only needed at a terminal (~60 ms to import).
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory, InMemoryHistory
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

    keys = KeyBindings()

    @keys.add("escape", "enter")  # what terminals send for Alt+Enter
    def _newline(event: KeyPressEvent) -> None:
        event.current_buffer.insert_text("\n")

    @keys.add("enter")
    def _send(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if buffer.text.endswith("\\") and buffer.document.is_cursor_at_the_end:
            buffer.delete_before_cursor(1)  # a trailing backslash continues on the next line
            buffer.insert_text("\n")
        else:
            buffer.validate_and_handle()

    try:
        history.parent.mkdir(parents=True, exist_ok=True)
        history.touch(mode=0o600)  # the student's questions: theirs alone to read
        stored: FileHistory | InMemoryHistory = FileHistory(str(history))
    except OSError:  # a read-only home still gets a working prompt, with this session's history
        stored = InMemoryHistory()
    return PromptSession(
        history=stored,
        key_bindings=keys,
        multiline=False,
        prompt_continuation=lambda width, line_number, wrap_count: CONTINUATION.rjust(width),
    )
