"""What zuoye says to people, in Chinese first and in English: one catalogue, looked up by key.

    from zuoye.messages import say
    raise AccountError(say("account.no_user_named", name=name))

`say(key, **params)` gives the message in the language of here and now (see `_language`): the
locale variables on the command line, the request's Accept-Language in the web app. Keys are
`area.what` (`web.quota_exceeded`, `users.created`); a new message goes into its area's table
(`_cli`, `_accounts`, `_doctor`, `_web`) with both texts and the same placeholders, which
tests/messages checks, along with every key `say` is called with.

Why a Python table rather than gettext: gettext's .mo files must be compiled (a build step an
editable install would lack) and its English source strings make poor stable keys; Babel would be
a dependency for the same. A table of `Text(zh, en)` needs nothing, is checked by mypy and by a
test, and sits at the bottom of the package graph: it imports nothing else from zuoye, so the
store, the tutor and every interface can use it.
"""

from __future__ import annotations

from zuoye.messages._catalogue import CATALOGUE
from zuoye.messages._language import (
    LANGS,
    LOCALE_VARIABLES,
    Lang,
    language,
    language_from_accept,
    language_from_env,
    use_language,
)
from zuoye.messages._text import Text

__all__ = [
    "CATALOGUE",
    "LANGS",
    "LOCALE_VARIABLES",
    "Lang",
    "Text",
    "has",
    "language",
    "language_from_accept",
    "language_from_env",
    "say",
    "use_language",
]


def say(key: str, /, **params: object) -> str:
    """The message `key` in the current language, its placeholders filled from `params`."""
    text = CATALOGUE[key]
    return (text.en if language() == "en" else text.zh).format(**params)


def has(key: str) -> bool:
    """Whether the catalogue holds `key` (for keys made from data, such as a validation error's type)."""
    return key in CATALOGUE
