"""The login throttle's counts in the database: per account, per address, per (account, address),
reserved before the password is checked, atomic under threads, on SQLite and PostgreSQL; and the
migration that added them (and gave never-expiring API tokens a lifetime)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from alembic import command
from alembic.config import Config
from sqlalchemy import column, func, insert, inspect, select, table

from zuoye.store import Store, make_engine
from zuoye.store._db import MIGRATIONS
from zuoye.store.account_tables import AuthTokenRow, LoginAttemptRow
from zuoye.store.login_attempts import (
    KNOWN_FOR,
    WINDOW,
    Attempt,
    Limits,
    LoginAttempts,
    Refused,
    address_key,
)
from zuoye.store.tables import utcnow


def fail(attempts: LoginAttempts, name: str, address: str, times: int = 1) -> None:
    for _ in range(times):
        assert isinstance(attempts.reserve(name=name, address=address), Attempt)


def test_an_account_locks_after_its_limit_from_any_address(store: Store) -> None:
    attempts = LoginAttempts(store, Limits(per_account=3, per_address=100))
    fail(attempts, "amy", "10.0.0.1", 2)
    fail(attempts, "AMY ", "10.0.0.2")  # the name as accounts compare it
    refused = attempts.reserve(name="amy", address="10.0.0.3")
    assert isinstance(refused, Refused) and refused.reason == "account"
    assert 0 < refused.retry_after <= WINDOW.total_seconds() + 1
    assert attempts.failures(name="amy") == 3
    # other accounts from the same addresses are not touched
    assert isinstance(attempts.reserve(name="bob", address="10.0.0.1"), Attempt)


def test_an_address_locks_only_after_its_higher_limit(store: Store) -> None:
    attempts = LoginAttempts(store, Limits(per_account=3, per_address=5))
    for i in range(5):
        fail(attempts, f"user{i}", "10.0.0.9")
    refused = attempts.reserve(name="someone-new", address="10.0.0.9")
    assert isinstance(refused, Refused) and refused.reason == "address"
    assert isinstance(attempts.reserve(name="someone-new", address="10.0.0.10"), Attempt)


def test_a_known_address_still_gets_in_while_others_guess(store: Store) -> None:
    attempts = LoginAttempts(store, Limits(per_account=3, per_address=4))
    home = attempts.reserve(name="amy", address="192.0.2.7")
    assert isinstance(home, Attempt)
    attempts.succeeded(home)
    assert attempts.failures(name="amy") == 0  # a right password is no failure
    fail(attempts, "amy", "203.0.113.5", 3)  # someone else guesses amy's password
    for i in range(4):  # and someone at amy's school sprays other accounts
        fail(attempts, f"kid{i}", "192.0.2.7")
    assert isinstance(attempts.reserve(name="amy", address="203.0.113.6"), Refused)
    assert isinstance(attempts.reserve(name="new-kid", address="192.0.2.7"), Refused)
    # amy, from where she logs in, is checked: the others' failures are not hers
    assert isinstance(attempts.reserve(name="amy", address="192.0.2.7"), Attempt)
    # but her own wrong passwords from there still count against her there (that one counted too)
    fail(attempts, "amy", "192.0.2.7", 2)
    assert isinstance(attempts.reserve(name="amy", address="192.0.2.7"), Refused)


def test_a_released_attempt_is_not_a_failure_and_windows_end(store: Store) -> None:
    attempts = LoginAttempts(store, Limits(per_account=2, per_address=10))
    a = attempts.reserve(name="amy", address="10.0.0.1")
    assert isinstance(a, Attempt) and attempts.failures(name="amy", address="10.0.0.1") == 1
    attempts.release(a)
    assert attempts.failures(name="amy") == 0 and attempts.failures(address="10.0.0.1") == 0
    fail(attempts, "amy", "10.0.0.1", 2)
    assert isinstance(attempts.reserve(name="amy", address="10.0.0.1"), Refused)
    later = utcnow() + WINDOW + timedelta(seconds=1)
    assert isinstance(attempts.reserve(name="amy", address="10.0.0.1", now=later), Attempt)


def test_parallel_attempts_never_pass_the_limit(store: Store) -> None:
    attempts = LoginAttempts(store, Limits(per_account=10, per_address=1000))

    def guess(i: int) -> bool:
        return isinstance(attempts.reserve(name="victim", address=f"10.1.0.{i % 7}"), Attempt)

    with ThreadPoolExecutor(16) as pool:
        admitted = sum(pool.map(guess, range(60)))
    assert admitted == 10
    assert attempts.failures(name="victim") == 10


def test_prune_keeps_open_windows_and_known_addresses(store: Store) -> None:
    attempts = LoginAttempts(store)
    past = utcnow() - WINDOW - timedelta(minutes=1)
    fail_then = attempts.reserve(name="old", address="10.0.0.1", now=past)
    assert isinstance(fail_then, Attempt)
    known = attempts.reserve(name="regular", address="10.0.0.2", now=past)
    assert isinstance(known, Attempt)
    attempts.succeeded(known, now=past)
    fail(attempts, "fresh", "10.0.0.3")
    pruned = attempts.prune()
    assert pruned == 3 + 2  # old's three rows; regular's account and address rows, not its known pair
    with store.reading() as s:
        left = s.scalar(select(func.count()).select_from(LoginAttemptRow))
    assert left == 1 + 3  # the known pair, and fresh's three rows
    assert attempts.prune(now=utcnow() + KNOWN_FOR + WINDOW) == 4


def test_ipv6_counts_by_its_64() -> None:
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert address_key("::ffff:10.0.0.1") == "10.0.0.1"
    assert address_key("10.0.0.1") == "10.0.0.1"
    assert address_key("unix-socket") == "unix-socket"


def test_upgrading_gives_tokens_that_never_expired_the_default_lifetime(db_url: str) -> None:
    engine = make_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0004")
    now = utcnow()
    users = table("users", *(column(c) for c in ["id", "name", "name_key", "role", "disabled", "created_at"]))
    tokens = table(
        "auth_tokens",
        *(column(c) for c in ["id", "user_id", "kind", "token_hash", "label", "created_at", "expires_at"]),
    )
    with engine.begin() as conn:
        conn.execute(
            insert(users),
            {
                "id": "u" * 32,
                "name": "old",
                "name_key": "old",
                "role": "student",
                "disabled": False,
                "created_at": now,
            },
        )
        for kind, expires in [("api", None), ("session", now + timedelta(days=3))]:
            conn.execute(
                insert(tokens),
                {
                    "id": kind.ljust(32, "x"),
                    "user_id": "u" * 32,
                    "kind": kind,
                    "token_hash": kind.ljust(64, "0"),
                }
                | {"label": "", "created_at": now - timedelta(days=400), "expires_at": expires},
            )
    engine.dispose()

    with Store(db_url) as store, store.reading() as s:
        expiry = {k: e for k, e in s.execute(select(AuthTokenRow.kind, AuthTokenRow.expires_at))}
        assert "login_attempts" in inspect(store.engine).get_table_names()
    assert abs(expiry["api"] - (now + timedelta(days=90))) < timedelta(
        minutes=5
    )  # from the upgrade, not creation
    assert expiry["session"] == now + timedelta(days=3)
