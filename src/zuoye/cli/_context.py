"""Building the tutor for a command: settings, store, model (or offline), and error translation."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from zuoye.cli._app import EXIT_CONFIG, EXIT_SERVICE, EXIT_USAGE, CliError

if TYPE_CHECKING:
    from zuoye.settings import Settings
    from zuoye.store import Store
    from zuoye.tutor.model import ChatModel
    from zuoye.tutor.tutor import Tutor


def load_settings(**overrides: object) -> Settings:
    from zuoye.settings import Settings, SettingsError

    try:
        return Settings.load(**overrides)
    except SettingsError as exc:
        raise CliError(str(exc), EXIT_CONFIG) from None


def open_store(settings: Settings) -> Store:
    from zuoye.store import Store, StoreError

    try:
        return Store(settings.db_url)
    except StoreError as exc:
        raise CliError(f"{exc}. Check ZUOYE_DATABASE_URL / ZUOYE_HOME.", EXIT_CONFIG) from None


def make_model(settings: Settings, model: str | None) -> ChatModel | None:
    """The ERNIE model, or None when no credentials are configured (the tutor answers offline)."""
    from zuoye.tutor import factory

    try:
        return factory.make_model(settings, model)
    except factory.ModelChoiceError as exc:
        raise CliError(f"{exc} (`zuoye models` lists them)", EXIT_USAGE) from None
    except factory.ClientConfigError as exc:
        raise CliError(str(exc), EXIT_CONFIG) from None


@contextlib.contextmanager
def tutor_for(settings: Settings, *, model: str | None, verbose: bool = False) -> Iterator[Tutor]:
    from zuoye.tutor.identity import local_user_id
    from zuoye.tutor.tutor import Tutor

    chat_model = make_model(settings, model)
    store = open_store(settings)
    try:
        yield Tutor(
            store=store,
            settings=settings,
            model=chat_model,
            user_id=local_user_id(settings.home),
            verbose=verbose,
        )
    finally:
        store.close()


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
