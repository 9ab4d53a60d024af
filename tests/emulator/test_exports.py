from __future__ import annotations

from types import ModuleType

import pytest

import zuoye.emulator
import zuoye.emulator.testing


@pytest.mark.parametrize("module", [zuoye.emulator, zuoye.emulator.testing], ids=lambda m: m.__name__)
def test_all_is_sorted_and_complete(module: ModuleType) -> None:
    # The order ruff keeps (RUF022): CONSTANTS, then Classes, then functions, each alphabetical.
    names = module.__all__
    assert names == sorted(names, key=lambda n: (not n.isupper(), not n[:1].isupper(), n))
    # The package re-exports from its private modules; testing exports what it defines itself.
    home = "zuoye.emulator._" if module is zuoye.emulator else module.__name__
    defined_here = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith(home)
    }
    assert defined_here <= set(names)
    assert all(hasattr(module, name) for name in names)
