from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from zuoye.store import Store


def _postgres_url() -> str:
    url = os.environ.get("ZUOYE_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("ZUOYE_TEST_POSTGRES_URL is not set (./dev test starts PostgreSQL and sets it)")
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh schema-less database per test, dropped afterwards."""
    base = _postgres_url()
    name = f"zuoye_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    head, _, _ = base.rpartition("/")
    try:
        yield f"{head}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'zuoye.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as s:
        yield s
