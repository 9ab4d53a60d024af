"""The Typer app every command module registers on, and the exit codes they share."""

from __future__ import annotations

import sys

import typer

app = typer.Typer(
    name="zuoye",
    help="作业 zuoye — homework questions answered by ERNIE, with the maths checked by a computer.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Exit codes tell apart who has to act: the user (fix the input), the operator (fix the
# configuration) or nobody here (the service failed; try again later).
EXIT_OK = 0
EXIT_USAGE = 2  # bad input or arguments (click uses 2 for usage errors too)
EXIT_CONFIG = 3  # missing or wrong configuration/credentials
EXIT_SERVICE = 4  # the remote service failed or could not be reached
EXIT_INTERRUPTED = 130


class CliError(Exception):
    """A failure to report to the user as one clear message and an exit code, without a traceback."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


def run() -> None:
    try:
        app()
    except CliError as exc:
        typer.echo(f"错误 / error: {exc.message}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", help="Print the version and exit.", is_eager=True),
) -> None:
    if version:
        from zuoye import __version__

        typer.echo(f"zuoye {__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(EXIT_USAGE)
