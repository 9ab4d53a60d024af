"""Fixtures shared by every test package.

`emulator`: the base URL of one default Wenxin emulator for the whole session (accepts any
credentials; no limits, no faults). Shared, so do not assert on its counters or change its state.
`emulator_factory(**options)`: start a dedicated emulator for this test and get its base URL;
options are `zuoye.emulator.EmulatorConfig` fields (`scenario=` a dict or path, `qps=`, `rpm=`,
`tpm=`, `api_key=`/`secret_key=`, `iam_access_key=`/`iam_secret_key=`, `latency_ms=`,
`fault_rate=`, `token_ttl=`, ...). Admin helpers: `zuoye.emulator.testing.stats(url)`,
`expire_tokens(url)`, `revoke_tokens(url)`, `reset(url)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest

from zuoye.emulator.testing import running_emulator
from zuoye.messages import LOCALE_VARIABLES


@pytest.fixture(autouse=True)
def _chinese_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in zuoye's default language, Chinese, whatever the locale of the shell running the
    tests; a test about English sets LANG (or ZUOYE_LANG) itself."""
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def emulator() -> Iterator[str]:
    with running_emulator() as base_url:
        yield base_url


@pytest.fixture
def emulator_factory() -> Iterator[Callable[..., str]]:
    with ExitStack() as stack:

        def start(**options: Any) -> str:
            return stack.enter_context(running_emulator(**options))

        yield start
