"""One message in both languages."""

from __future__ import annotations

from typing import NamedTuple


class Text(NamedTuple):
    """A message's Chinese and English wording. Placeholders are `str.format` names ({limit}),
    the same in both; a literal brace is doubled."""

    zh: str
    en: str
