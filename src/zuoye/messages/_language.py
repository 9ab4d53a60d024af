"""Which language a message is said in: Chinese unless the reader asked for English.

The command line follows the locale variables in gettext's order (LANGUAGE, LC_ALL, LC_MESSAGES,
LANG; the first one set decides), with ZUOYE_LANG above them all; the web app follows each
request's Accept-Language. `en…` means English; `zh…`, C/POSIX, unset or anything else means
Chinese: zuoye's readers are Chinese students, so Chinese is never the fallback's fallback.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
LOCALE_VARIABLES = ("ZUOYE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

# Set per web request (and inside `use_language`); unset, the process's environment decides, read
# at each message so that a test or a long-lived process sees the environment as it is then.
_chosen: ContextVar[Lang | None] = ContextVar("zuoye_language", default=None)


def _of(tag: str) -> Lang | None:
    """The language a locale name or language tag names (zh_CN.UTF-8, en-US, en), if one of ours."""
    primary = tag.strip().lower().replace("-", "_").split("_", 1)[0].split(".", 1)[0]
    if primary == "en":
        return "en"
    if primary == "zh":
        return "zh"
    return None


def language_from_env(environ: Mapping[str, str] | None = None) -> Lang:
    """The language the locale variables ask for: the first one set, as gettext reads them."""
    env = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = env.get(name, "")
        if value:
            # LANGUAGE is a list of preferences (en_GB:en): the first names the language.
            return _of(value.split(":", 1)[0]) or "zh"
    return "zh"


def language_from_accept(header: str | None) -> Lang:
    """The language an Accept-Language header prefers among ours (zh without one, or on a tie)."""
    best: tuple[float, Lang] = (0.0, "zh")
    for part in (header or "").split(","):
        tag, _, params = part.partition(";")
        lang = _of(tag)
        if lang is None:
            continue
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        # Strictly greater: on equal preference the first named, and zh over an en that came later.
        if q > best[0]:
            best = (q, lang)
    return best[1]


def language() -> Lang:
    """The language messages are said in here and now."""
    chosen = _chosen.get()
    return chosen if chosen is not None else language_from_env()


@contextmanager
def use_language(lang: Lang) -> Iterator[None]:
    """Say messages in `lang` inside the block (and in tasks and threads started from it)."""
    token = _chosen.set(lang)
    try:
        yield
    finally:
        _chosen.reset(token)
