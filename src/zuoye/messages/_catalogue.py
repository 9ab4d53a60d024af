"""Every message, by key: the areas' tables merged (a key is in exactly one of them)."""

from __future__ import annotations

from zuoye.messages._accounts import ACCOUNTS
from zuoye.messages._cli import CLI
from zuoye.messages._doctor import DOCTOR
from zuoye.messages._text import Text

AREAS: tuple[dict[str, Text], ...] = (CLI, ACCOUNTS, DOCTOR)
CATALOGUE: dict[str, Text] = {key: text for area in AREAS for key, text in area.items()}
