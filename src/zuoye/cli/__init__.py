"""The `zuoye` command line: a thin shell over the library.

One module per command group; each registers itself on the shared Typer app in `_app`.
Heavy imports (SymPy, the web stack) happen inside the commands, so `zuoye --help` is quick.
"""

from __future__ import annotations

from zuoye.cli import _app
from zuoye.cli._app import app

# Importing a command module registers its commands on `app`.
_COMMAND_MODULES = (
    "ask",
    "chat",
    "history",
    "batch",
    "models",
    "doctor",
    "solve",
    "emulator",
    "serve",
    "users",
    "worker",
    "mistakes",
)


def _register() -> None:
    import importlib

    for name in _COMMAND_MODULES:
        try:
            importlib.import_module(f"zuoye.cli.{name}")
        except ModuleNotFoundError as exc:  # a command group not written yet
            if exc.name != f"zuoye.cli.{name}":
                raise


def main() -> None:
    _register()
    _app.run()


__all__ = ["app", "main"]
