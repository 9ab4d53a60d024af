from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ernie._fake import FakeWenxin
from zuoye.ernie import TokenStore

_ENV = (
    "QIANFAN_AK",
    "QIANFAN_SK",
    "QIANFAN_ACCESS_TOKEN",
    "QIANFAN_ACCESS_KEY",
    "QIANFAN_SECRET_KEY",
    "QIANFAN_BASE_URL",
    "QIANFAN_BEARER_TOKEN",
    "QIANFAN_API_KEY",
    "QIANFAN_APP_ID",
    "QIANFAN_CONSOLE_API_BASE_URL",
    "QIANFAN_IAM_BASE_URL",
)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No credentials from the machine, and no token shared between tests."""
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)
    TokenStore._stores.clear()
    yield
    TokenStore._stores.clear()


@pytest.fixture
def fake() -> FakeWenxin:
    return FakeWenxin()


@pytest.fixture(params=[True, False], ids=["sync", "async"])
def sync(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)
