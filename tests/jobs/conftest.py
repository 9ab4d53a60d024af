"""The job tests use the store tests' fresh PostgreSQL database per test."""

from tests.store.conftest import postgres_url

__all__ = ["postgres_url"]
