"""Building the tutor for a command: settings, store, model (or offline), and error translation."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from zuoye.cli._app import EXIT_CONFIG, EXIT_SERVICE, EXIT_USAGE, CliError

if TYPE_CHECKING:
    from zuoye.ernie import AsyncErnie
    from zuoye.settings import Settings
    from zuoye.store import Store
    from zuoye.tutor.tutor import Tutor


def load_settings(
    *, grade: str | None = None, mode: str | None = None, help_ceiling: str | None = None, **overrides: object
) -> Settings:
    """Settings with the command's options on top. A bad option is the user's to fix (exit 2);
    a bad environment or config file the operator's (exit 3).

    `--help-ceiling` can only lower the ceiling an adult configured (ZUOYE_HELP_CEILING or
    config.toml), never raise it: otherwise the student would simply pass `--help-ceiling full`.
    """
    from zuoye.settings import GRADES, Settings, SettingsError
    from zuoye.tutor.modes import CEILINGS, parse_ceiling, parse_mode

    try:
        mode = parse_mode(mode) if mode else None
        help_ceiling = parse_ceiling(help_ceiling) if help_ceiling else None
    except ValueError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    if grade is not None and grade not in GRADES:
        raise CliError(f"--grade {grade!r} is not one of {', '.join(GRADES)}", EXIT_USAGE)
    try:
        settings = Settings.load(grade=grade, mode=mode, **overrides)
    except SettingsError as exc:
        raise CliError(str(exc), EXIT_CONFIG) from None
    if help_ceiling is None or help_ceiling == settings.help_ceiling:
        return settings
    if CEILINGS.index(help_ceiling) > CEILINGS.index(settings.help_ceiling):
        raise CliError(
            f"the help ceiling is {settings.help_ceiling!r}, set by a parent or teacher; "
            "--help-ceiling can only lower it (ask them to change ZUOYE_HELP_CEILING)",
            EXIT_USAGE,
        )
    return replace(settings, help_ceiling=help_ceiling)


def open_store(settings: Settings) -> Store:
    from zuoye.store import Store, StoreError

    try:
        return Store(settings.db_url)
    except StoreError as exc:
        raise CliError(f"{exc}. Check ZUOYE_DATABASE_URL / ZUOYE_HOME.", EXIT_CONFIG) from None


def make_client(
    settings: Settings, model: str | None, *, max_retries: int | None = None
) -> tuple[AsyncErnie | None, str]:
    """The ERNIE client and model name, or no client when no credentials are configured (the
    tutor then answers offline). Checked before anything is sent."""
    from zuoye.tutor.factory import ClientConfigError, ModelChoiceError, resolve_model
    from zuoye.tutor.factory import make_client as new_client

    try:
        name = resolve_model(model or settings.model)
    except ModelChoiceError as exc:
        raise CliError(f"{exc} (`zuoye models` lists them)", EXIT_USAGE) from None
    # Tokens cached on disk (0600): a CLI run need not fetch one each time.
    options: dict[str, object] = {"token_cache": True}
    if max_retries is not None:
        options["max_retries"] = max_retries
    try:
        return new_client(**options), name
    except ClientConfigError as exc:
        raise CliError(str(exc), EXIT_CONFIG) from None


@contextlib.asynccontextmanager
async def tutor_for(
    settings: Settings, *, model: str | None, verbose: bool = False, max_retries: int | None = None
) -> AsyncIterator[Tutor]:
    """A tutor for the length of one command: one event loop, one connection pool, one store."""
    from zuoye.tutor.ernie_model import ErnieChatModel
    from zuoye.tutor.identity import local_user_id
    from zuoye.tutor.tutor import Tutor

    client, name = make_client(settings, model, max_retries=max_retries)
    store = open_store(settings)
    try:
        chat_model = ErnieChatModel(client, name) if client is not None else None
        yield Tutor(
            store=store,
            settings=settings,
            model=chat_model,
            user_id=local_user_id(settings.home),
            verbose=verbose,
        )
    finally:
        store.close()
        if client is not None:
            await client.close()


@contextlib.contextmanager
def translated_errors() -> Iterator[None]:
    """Tutor and model failures as one clear message and an exit code that says who must act."""
    from zuoye.tutor.model import ModelError
    from zuoye.tutor.tutor import NotConfigured, TutorInputError

    try:
        yield
    except TutorInputError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    except NotConfigured as exc:
        raise CliError(str(exc), EXIT_CONFIG) from None
    except ModelError as exc:
        code = {"config": EXIT_CONFIG, "input": EXIT_USAGE}.get(exc.kind, EXIT_SERVICE)
        hint = {
            "config": " Check QIANFAN_AK/QIANFAN_SK and that the model is enabled for your application (`zuoye doctor`).",
            "service": " The answer so far is saved; try again in a moment (`zuoye history` shows it).",
        }.get(exc.kind, "")
        raise CliError(f"ERNIE: {exc}.{hint}", code) from None
