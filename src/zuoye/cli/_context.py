"""Building the tutor for a command: settings, store, registry and model (or offline).

Errors are not translated here: every `zuoye.errors.ZuoyeError` becomes its message and exit code
in one place, `zuoye.cli._app`."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

from zuoye.cli._app import EXIT_USAGE, CliError
from zuoye.messages import say

if TYPE_CHECKING:
    from zuoye.providers import Registry
    from zuoye.settings import Settings
    from zuoye.store import Store
    from zuoye.tutor.tutor import Tutor


def load_settings(
    *, grade: str | None = None, mode: str | None = None, help_ceiling: str | None = None, **overrides: object
) -> Settings:
    """Settings with the command's options on top. A bad option is the user's to fix (exit 2);
    a bad environment or config file the operator's (SettingsError: exit 3).

    `--help-ceiling` can only lower the ceiling an adult configured (ZUOYE_HELP_CEILING or
    config.toml), never raise it: otherwise the student would simply pass `--help-ceiling full`.
    """
    from zuoye.settings import Settings
    from zuoye.tutor.modes import parse_ceiling, parse_mode
    from zuoye.vocabulary import CEILINGS, GRADES

    try:
        mode = parse_mode(mode) if mode else None
        help_ceiling = parse_ceiling(help_ceiling) if help_ceiling else None
    except ValueError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    if grade is not None and grade not in GRADES:
        raise CliError(say("cli.bad_grade", grade=grade, allowed=", ".join(GRADES)), EXIT_USAGE)
    settings = Settings.load(grade=grade, mode=mode, **overrides)
    if help_ceiling is None or help_ceiling == settings.help_ceiling:
        return settings
    if CEILINGS.index(help_ceiling) > CEILINGS.index(settings.help_ceiling):
        raise CliError(say("cli.ceiling_only_lowered", ceiling=settings.help_ceiling), EXIT_USAGE)
    return replace(settings, help_ceiling=help_ceiling)


def open_store(settings: Settings) -> Store:
    from zuoye.store import Store

    return Store(settings.db_url)  # StoreError: exit 3, see zuoye.cli._app


def open_registry(settings: Settings, *, max_retries: int | None = None) -> Registry:
    """Every configured model service (none: offline). Nothing is sent until a model is asked."""
    from zuoye.providers import Registry

    options: dict[str, object] = {} if max_retries is None else {"max_retries": max_retries}
    # ERNIE's tokens cached on disk (0600): a CLI run need not fetch one each time.
    return Registry.from_settings(settings, client_options=lambda: dict(options), token_cache=True)


@contextlib.asynccontextmanager
async def tutor_for(
    settings: Settings,
    *,
    model: str | None,
    session: str | None = None,
    verbose: bool = False,
    max_retries: int | None = None,
) -> AsyncIterator[Tutor]:
    """A tutor for the length of one command: one event loop, one registry (its clients and
    their connection pools), one store. Continuing a `session` without `--model` asks the model
    the conversation had, while it can still be asked."""
    from zuoye.tutor.identity import local_user_id
    from zuoye.tutor.tutor import Tutor

    registry = open_registry(settings, max_retries=max_retries)
    try:
        store = open_store(settings)
        try:
            # Answers left pending by a process that died (a `zuoye ask` or batch killed, a
            # server gone) are closed as interrupted before this one starts (zuoye.tutor.progress).
            store.close_abandoned_turns(lease=timedelta(seconds=settings.turn_lease_seconds))
            user_id = local_user_id(settings.home)
            if model is None and session is not None:
                model = _session_model(registry, store, session, user_id)
            yield Tutor(
                store=store,
                settings=settings,
                # a bad name or an unusable provider is reported before anything is sent
                model=registry.get_or_offline(model),
                user_id=user_id,
                verbose=verbose,
            )
        finally:
            store.close()
    finally:
        await registry.aclose()


def _session_model(registry: Registry, store: Store, session: str, user_id: str) -> str | None:
    from zuoye.providers import ProviderError

    found = store.find_conversation(ref=session, user_id=user_id)
    if found is None:
        return None  # the tutor says the conversation does not exist
    try:
        registry.get_or_offline(found.model)
    except ProviderError:  # no longer configured (or the offline solver): the default
        return None
    return found.model
