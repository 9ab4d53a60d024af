"""Every message, by key: the areas' tables merged (a key is in exactly one of them).

An area is any module of this package other than the machinery below, holding a dict of Text
(`_cli.CLI`, `_web.WEB`, …); it is found here without being listed, so that people adding areas
at the same time never edit one shared line.
"""

from __future__ import annotations

import importlib
import pkgutil

from zuoye.messages._text import Text

_MACHINERY = frozenset({"_catalogue", "_language", "_text"})


def _areas() -> tuple[dict[str, Text], ...]:
    found: list[dict[str, Text]] = []
    package = __name__.rpartition(".")[0]
    for info in sorted(pkgutil.iter_modules(importlib.import_module(package).__path__), key=lambda m: m.name):
        if info.name in _MACHINERY:
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, dict) and value and all(isinstance(v, Text) for v in value.values()):
                found.append(value)
    return tuple(found)


AREAS: tuple[dict[str, Text], ...] = _areas()
CATALOGUE: dict[str, Text] = {key: text for area in AREAS for key, text in area.items()}
