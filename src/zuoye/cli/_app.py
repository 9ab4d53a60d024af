"""The Typer app every command module registers on, the exit codes they share, and the one place
an application error (`zuoye.errors.ZuoyeError`) becomes a message and an exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import IO, Any

import typer
from typer.core import TyperGroup

from zuoye.cli._usage import usage_message
from zuoye.errors import ErrorKind, ZuoyeError
from zuoye.messages import has, say

try:  # Typer ≥ 0.25 vendors Click; its main loop only catches the vendored exception class.
    from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
except ImportError:  # pragma: no cover - older Typer on real Click
    from click import ClickException, UsageError  # type: ignore[assignment]
    from click.exceptions import NoArgsIsHelpError  # type: ignore[assignment]

# Exit codes tell apart who has to act: the user (fix the input), the operator (fix the
# configuration) or nobody here (the service failed; try again later).
EXIT_OK = 0
EXIT_USAGE = 2  # bad input or arguments (click uses 2 for usage errors too)
EXIT_CONFIG = 3  # missing or wrong configuration/credentials
EXIT_SERVICE = 4  # the remote service failed or could not be reached
EXIT_INTERRUPTED = 130
EXIT_FOR_KIND: dict[ErrorKind, int] = {"input": EXIT_USAGE, "config": EXIT_CONFIG, "service": EXIT_SERVICE}
# What the person who must act can do next, after the error's own message (catalogue keys).
_NEXT_STEP: dict[ErrorKind, str | None] = {
    "input": None,
    "config": "cli.next_step.config",
    "service": "cli.next_step.service",
}
# A model service that failed (zuoye.providers.ProviderError's codes): its message is the client's,
# in English ("ERNIE: IAM Certification failed ..."), so what to do is said first, in the reader's
# language — the same advice `zuoye doctor` gives — and the client's words follow as the details.
_MODEL_FAILED: dict[str, tuple[str, str | None]] = {
    "model_config": ("doctor.chat.fix.config", "cli.next_step.config"),
    "model_unavailable": ("doctor.chat.fix.service", None),
}


class CliError(ClickException):
    """A failure to report to the user as one clear message and an exit code, without a traceback."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        typer.echo(say("cli.error", message=self.format_message()), err=True, file=file)

    @classmethod
    def of(cls, exc: ZuoyeError, *, partial: bool = False) -> CliError:
        """The one mapping from an application error to what the command line says and exits with.
        `partial`: an answer had begun when it failed (so its beginning is stored)."""
        step = _NEXT_STEP[exc.kind]
        message = str(exc)
        if exc.code in _MODEL_FAILED:
            fix, step = _MODEL_FAILED[exc.code]
            message = say("cli.model_failed", fix=say(fix), detail=message)
        # Said only when part of an answer was written before the failure (and so stored as incomplete).
        saved = say("cli.partial_saved") if partial else ""
        if step or saved:  # a sentence follows: the message ends as one ("练习. `zuoye doctor` …")
            message = _full_stop(message)
        return cls(f"{message}{say(step) if step else ''}{saved}", EXIT_FOR_KIND[exc.kind])


def _full_stop(message: str) -> str:
    """`message` ending as a sentence: many messages (English ones above all) end without a stop,
    and the next step was run on after the last word."""
    message = message.rstrip()
    if not message or message[-1] in ".!?。！？）)」”\"'`":
        return message
    return message + say("cli.full_stop")


def _say_help(command: Any) -> None:
    """A command's help texts that are catalogue keys ("help.ask"), said in the reader's language.
    Done when the help is about to be shown, not when the commands are declared (at import time
    the language is not yet known, and in tests it changes between runs); Typer builds the Click
    commands afresh for every run, so this never says a text twice."""
    for holder in (command, *getattr(command, "params", ())):
        for field in ("help", "short_help"):
            text = getattr(holder, field, None)
            if isinstance(text, str) and has(text):
                setattr(holder, field, say(text))
    for sub in getattr(command, "commands", {}).values():  # a group's own commands (zuoye mistakes add)
        _say_help(sub)


# How a command with --json says a failure Click found before the command ran (a bad option value):
# the object it prints for any other failure. A command registers its own (zuoye ask).
JSON_FAILURE: dict[str, Callable[[CliError], str]] = {}


class _Commands(TyperGroup):
    """Every command runs inside this: an application error anywhere below becomes its message
    and the exit code of its kind, never a traceback. Help is said in the reader's language."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _say_help(command)
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _say_help(self)
        super().format_help(ctx, formatter)

    def invoke(self, ctx: Any) -> Any:
        asked = [*getattr(ctx, "_protected_args", ()), *ctx.args]  # before Click takes them apart
        try:
            return super().invoke(ctx)
        except ZuoyeError as exc:
            raise CliError.of(exc) from None
        except NoArgsIsHelpError:  # `zuoye users` alone: its help, as Click shows it
            raise
        except UsageError as exc:  # a missing option, an unknown one, a bad value: said in our words
            command = " ".join(filter(None, (ctx.command_path, ctx.invoked_subcommand)))
            error = CliError(usage_message(exc, command=command), exc.exit_code)
            as_json = JSON_FAILURE.get(ctx.invoked_subcommand or "")
            if as_json is not None and "--json" in asked:
                typer.echo(as_json(error))  # a script reads the same object as for any failure
            raise error from None
        except typer.Abort:
            # Ctrl-C or Ctrl-D at a question (which photo question, a password): Click would say
            # "Aborted!" in English and exit 1; this is an interruption like any other Ctrl-C.
            if sys.stderr.isatty():
                typer.echo("", err=True)  # off the prompt's line
            typer.echo(say("cli.cancelled"), err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None


app = typer.Typer(
    name="zuoye",
    cls=_Commands,
    help="help.app",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # errors through CliError.show: one plain line, easy to grep
)


def run() -> None:
    # Typer's standalone mode turns ClickException (CliError) into its message and exit code,
    # and Ctrl-C into exit 130. The name the messages quote ("see `zuoye ask --help`") is the
    # command's, however it was started (`python -m zuoye`, `python -c ...`).
    app(prog_name="zuoye")


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", help="help.version", is_eager=True),
) -> None:
    if version:
        from zuoye import __version__

        typer.echo(f"zuoye {__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(EXIT_USAGE)
