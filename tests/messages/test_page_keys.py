"""The page's words: every `{{page.key}}` in index.html and every "page.key" its scripts name is
in the catalogue, and a script fills exactly the placeholders its message has."""

from __future__ import annotations

import re
import string
from pathlib import Path

import zuoye
from zuoye.messages import CATALOGUE

STATIC = Path(zuoye.__file__).parent / "web" / "static"
# t("page.key", { count: n, name }) — the names given, shorthand or not
CALL = re.compile(r'\bt\(\s*"(page\.[a-z0-9_.]+)"\s*(?:,\s*\{([^{}]*)\})?\s*\)')


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _top_level(params: str) -> list[str]:
    """An object literal's entries: split at the commas outside any brackets (`f(a, b)`)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(params):
        depth += (char in "([") - (char in ")]")
        if char == "," and depth == 0:
            parts.append(params[start:i])
            start = i + 1
    return [*parts, params[start:]]


def test_every_key_in_index_html_exists() -> None:
    names = re.findall(r"\{\{([a-z][a-z0-9_.]*)\}\}", (STATIC / "index.html").read_text(encoding="utf-8"))
    assert len(names) > 50  # the scan finds the page's words
    missing = [n for n in names if n not in ("lang", "messages") and n not in CATALOGUE]
    assert missing == []
    assert all(not _fields(CATALOGUE[n].zh) for n in names if n in CATALOGUE)  # nothing left to fill


def test_every_key_the_scripts_name_exists_with_its_placeholders() -> None:
    seen = 0
    for path in STATIC.glob("*.js"):
        source = path.read_text(encoding="utf-8")
        for key in re.findall(r'"(page\.[a-z0-9_.]+)"', source):
            assert key in CATALOGUE, f"{path.name}: no message {key!r}"
            seen += 1
        for key, params in CALL.findall(source):
            given = {part.split(":")[0].strip() for part in _top_level(params) if part.strip()}
            assert given == _fields(CATALOGUE[key].zh), f"{path.name}: {key} given {sorted(given)}"
    assert seen > 0
