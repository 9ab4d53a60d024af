from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import inspect, select

from zuoye.store import Store
from zuoye.store import _passwords as passwords
from zuoye.store.account_tables import AuthTokenRow
from zuoye.store.tables import utcnow
from zuoye.store.users import API_TOKEN_TTL, TOKEN_PREFIX, AccountError, Accounts, token_lifetime


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "LOG_N", 10)


@pytest.fixture
def accounts(store: Store) -> Accounts:
    return Accounts(store)


def test_migration_adds_the_account_tables(store: Store) -> None:
    names = set(inspect(store.engine).get_table_names())
    assert {"users", "auth_tokens", "guardians", "conversations", "turns"} <= names


def test_password_login_is_case_insensitive_on_the_name_and_exact_on_the_password(accounts: Accounts) -> None:
    made = accounts.create_user(name="Li_Ming", password="correct horse")
    assert made.role == "student" and made.has_password
    assert accounts.authenticate(name="li_ming", password="correct horse") == made
    assert accounts.authenticate(name="ＬＩ_ＭＩＮＧ", password="correct horse") == made  # full-width
    assert accounts.authenticate(name="Li_Ming", password="Correct horse") is None
    assert accounts.authenticate(name="nobody", password="correct horse") is None


def test_the_stored_password_is_a_scrypt_hash_not_the_password(accounts: Accounts, store: Store) -> None:
    from zuoye.store.account_tables import UserRow

    user = accounts.create_user(name="wang", password="s3cret-pass")
    with store.session() as s:
        row = s.get(UserRow, user.id)
        assert row is not None and row.password_hash is not None
        assert "s3cret-pass" not in row.password_hash
        assert row.password_hash.startswith("scrypt$")


def test_old_cost_hashes_are_upgraded_at_login(accounts: Accounts, store: Store, monkeypatch) -> None:
    from zuoye.store.account_tables import UserRow

    user = accounts.create_user(name="old", password="password-1")
    monkeypatch.setattr(passwords, "LOG_N", 11)
    token, _ = accounts.issue_token(user_id=user.id, kind="api")
    assert accounts.authenticate(name="old", password="password-1") is not None
    assert accounts.user_for_token(secret=token, kind="api") is not None  # the same password: nothing revoked
    with store.session() as s:
        row = s.get(UserRow, user.id)
        assert row is not None and row.password_hash is not None
        assert row.password_hash.split("$")[1] == "11"
    assert accounts.authenticate(name="old", password="password-1") is not None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": ""}, "1–64"),
        ({"name": "a b"}, "不能有“ ”"),
        ({"name": "<script>"}, "不能有“<>”"),
        ({"name": "ok", "role": "king"}, "角色“king”"),
        ({"name": "ok", "password": "short"}, "至少要 8 个字符"),
        ({"name": "ok", "help_ceiling": "all"}, "帮助上限“all”"),
        ({"name": "ok", "daily_quota": -1}, "每日额度"),
    ],
)
def test_bad_accounts_are_refused_with_a_reason(accounts: Accounts, kwargs: dict, message: str) -> None:
    with pytest.raises(AccountError, match=message):
        accounts.create_user(**kwargs)
    assert accounts.list_users() == []


def test_names_are_unique_whatever_the_case(accounts: Accounts) -> None:
    accounts.create_user(name="张三")
    accounts.create_user(name="Zhang")
    with pytest.raises(AccountError, match="已经有叫“zhang”的用户了"):
        accounts.create_user(name="zhang")
    assert [u.name for u in accounts.list_users()] == ["Zhang", "张三"]


def test_api_tokens_are_stored_hashed_and_can_be_revoked(accounts: Accounts, store: Store) -> None:
    user = accounts.create_user(name="api-user")
    secret, info = accounts.issue_token(user_id=user.id, label="school system")
    assert secret.startswith(TOKEN_PREFIX) and len(secret) > 40
    with store.session() as s:
        hashes = list(s.scalars(select(AuthTokenRow.token_hash)))
    assert secret not in hashes and len(hashes) == 1
    assert accounts.user_for_token(secret=secret, kind="api") == user
    assert accounts.user_for_token(secret=secret, kind="session") is None  # kinds do not mix
    assert accounts.user_for_token(secret=secret + "x", kind="api") is None
    assert [t.label for t in accounts.list_tokens(user_id=user.id)] == ["school system"]
    other = accounts.create_user(name="other")
    assert not accounts.revoke_token(token_id=info.id, user_id=other.id)  # not theirs
    assert accounts.revoke_token(token_id=info.id, user_id=user.id)
    assert accounts.user_for_token(secret=secret, kind="api") is None


def test_sessions_expire_and_end_on_password_change_and_when_disabled(accounts: Accounts) -> None:
    user = accounts.create_user(name="s1", password="password-1")
    expired, _ = accounts.issue_token(user_id=user.id, kind="session", ttl=timedelta(seconds=-1))
    assert accounts.user_for_token(secret=expired, kind="session") is None
    assert accounts.purge_expired() == 1

    session, _ = accounts.issue_token(user_id=user.id, kind="session")
    api, _ = accounts.issue_token(user_id=user.id, kind="api")
    assert accounts.user_for_token(secret=session, kind="session") is not None
    assert accounts.user_for_token(secret=api, kind="api") is not None
    revoked = accounts.set_password(user_id=user.id, password="password-2")
    assert (revoked.sessions, revoked.api_tokens) == (1, 1)
    assert str(revoked) == "结束了 1 个登录会话，撤销了 1 个 API 令牌"
    assert accounts.user_for_token(secret=session, kind="session") is None
    assert accounts.user_for_token(secret=api, kind="api") is None  # whoever knew the password made it
    assert accounts.list_tokens(user_id=user.id) == []

    api, _ = accounts.issue_token(user_id=user.id, kind="api")
    accounts.update_user(user_id=user.id, disabled=True)
    assert accounts.user_for_token(secret=api, kind="api") is None
    assert accounts.authenticate(name="s1", password="password-2") is None


def test_api_tokens_expire_by_default_and_within_the_maximum(accounts: Accounts) -> None:
    user = accounts.create_user(name="api2")
    _, info = accounts.issue_token(user_id=user.id, kind="api")
    assert info.expires_at is not None
    assert abs(info.expires_at - (utcnow() + API_TOKEN_TTL)) < timedelta(minutes=1)
    old, _ = accounts.issue_token(user_id=user.id, kind="api", ttl=timedelta(seconds=-1))
    assert accounts.user_for_token(secret=old, kind="api") is None  # expired: refused
    assert token_lifetime(None, default_days=30, max_days=365) == timedelta(days=30)
    assert token_lifetime(365, default_days=30, max_days=365) == timedelta(days=365)
    for days in (0, 366):
        with pytest.raises(AccountError, match="1 到 365 天"):
            token_lifetime(days, default_days=30, max_days=365)


def test_an_admin_logs_a_user_out_everywhere(accounts: Accounts) -> None:
    user = accounts.create_user(name="s2", password="password-1")
    other = accounts.create_user(name="s3", password="password-1")
    mine = [accounts.issue_token(user_id=user.id, kind=k)[0] for k in ("session", "session", "api")]
    theirs, _ = accounts.issue_token(user_id=other.id, kind="api")
    revoked = accounts.revoke_all(user_id=user.id)
    assert str(revoked) == "结束了 2 个登录会话，撤销了 1 个 API 令牌"
    assert all(
        accounts.user_for_token(secret=t, kind=k) is None
        for t, k in zip(mine, ("session", "session", "api"), strict=True)
    )
    assert accounts.user_for_token(secret=theirs, kind="api") is not None
    with pytest.raises(AccountError, match="没有这个用户"):
        accounts.revoke_all(user_id="0" * 32)


def test_guardians_link_to_students_only(accounts: Accounts) -> None:
    teacher = accounts.create_user(name="teacher", role="teacher")
    parent = accounts.create_user(name="parent", role="parent")
    s1 = accounts.create_user(name="s1")
    s2 = accounts.create_user(name="s2")
    accounts.link(guardian_id=teacher.id, student_id=s1.id)
    accounts.link(guardian_id=teacher.id, student_id=s2.id)
    accounts.link(guardian_id=teacher.id, student_id=s2.id)  # idempotent
    accounts.link(guardian_id=parent.id, student_id=s1.id)
    assert [u.name for u in accounts.students_of(guardian_id=teacher.id)] == ["s1", "s2"]
    assert [u.name for u in accounts.guardians_of(student_id=s1.id)] == ["parent", "teacher"]
    assert accounts.is_guardian_of(guardian_id=parent.id, student_id=s1.id)
    assert not accounts.is_guardian_of(guardian_id=parent.id, student_id=s2.id)
    with pytest.raises(AccountError, match="只有老师或家长能照看学生"):
        accounts.link(guardian_id=s1.id, student_id=s2.id)
    with pytest.raises(AccountError, match="不是学生"):
        accounts.link(guardian_id=teacher.id, student_id=parent.id)
    assert accounts.unlink(guardian_id=teacher.id, student_id=s2.id)
    assert [u.name for u in accounts.students_of(guardian_id=teacher.id)] == ["s1"]


def test_help_ceiling_and_quota_can_be_set_and_cleared(accounts: Accounts) -> None:
    user = accounts.create_user(name="kid")
    assert (user.help_ceiling, user.daily_quota) == (None, None)
    user = accounts.update_user(user_id=user.id, help_ceiling="hint", daily_quota=5)
    assert (user.help_ceiling, user.daily_quota) == ("hint", 5)
    user = accounts.update_user(user_id=user.id, clear_help_ceiling=True)
    assert (user.help_ceiling, user.daily_quota) == (None, 5)
    with pytest.raises(AccountError, match="帮助上限"):
        accounts.update_user(user_id=user.id, help_ceiling="everything")


def test_one_vocabulary_for_every_layer() -> None:
    """Grades, modes and ceilings are defined once (zuoye.vocabulary), never copied."""
    import pathlib

    import zuoye

    root = pathlib.Path(zuoye.__file__).parent
    for path in root.rglob("*.py"):
        if path.name == "vocabulary.py" or "emulator" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for copy in (
            '("hint", "step", "full")',
            '"小学", "初中", "高中", "大学"',
            '"讲解", "提示", "批改", "练习"',
        ):
            assert copy not in text, f"{path} repeats the vocabulary: {copy}"
