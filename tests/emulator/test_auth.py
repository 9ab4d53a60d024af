from __future__ import annotations

import re

import pytest

from zuoye.emulator._auth import TokenStore, sign_request, verify_signature
from zuoye.emulator._errors import ApiError, OAuthError

PATH = "/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/completions_pro"
TS = "2023-11-14T22:13:20Z"
TS_EPOCH = 1700000000.0  # the same instant
HEADERS = {"content-type": "application/json", "host": "aip.baidubce.com", "x-bce-date": TS}
SIGNED = ["content-type", "host", "x-bce-date"]
VECTOR = "fd687887abab89b35e011262d4b280a3822d9166c9f95a2ca39fd8a109c466fb"


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _auth(signature: str = VECTOR, ak: str = "testak123", ts: str = TS, expiration: int = 1800) -> str:
    return f"bce-auth-v1/{ak}/{ts}/{expiration}/{';'.join(SIGNED)}/{signature}"


def test_signature_matches_the_protocol_notes_vector() -> None:
    got = sign_request(
        access_key="testak123",
        secret_key="testsk456",
        method="POST",
        path=PATH,
        query={},
        headers=HEADERS,
        signed=SIGNED,
        timestamp=TS,
        expiration=1800,
    )
    assert got == VECTOR


def _verify(authorization: str, *, now: float = TS_EPOCH + 10, sk: str | None = "testsk456") -> None:
    verify_signature(
        authorization,
        method="POST",
        path=PATH,
        query={},
        headers=HEADERS,
        access_key="testak123" if sk else None,
        secret_key=sk,
        now=now,
    )


def test_a_good_signature_passes_and_a_tampered_one_gets_14() -> None:
    _verify(_auth())
    with pytest.raises(ApiError) as info:
        _verify(_auth(signature="0" * 64))
    assert info.value.code == 14
    with pytest.raises(ApiError):
        _verify(_auth(ak="someone-else"))


def test_signatures_expire_after_their_window() -> None:
    _verify(_auth(), now=TS_EPOCH + 1799)
    with pytest.raises(ApiError) as info:
        _verify(_auth(), now=TS_EPOCH + 1801)
    assert info.value.code == 14
    with pytest.raises(ApiError):  # dated far in the future
        _verify(_auth(), now=TS_EPOCH - 3600)


def test_without_configured_iam_keys_only_form_and_window_are_checked() -> None:
    _verify(_auth(signature="0" * 64), sk=None)
    for bad in ("Bearer abc", "bce-auth-v1/ak/not-a-date/1800//" + "0" * 64, "bce-auth-v1/ak"):
        with pytest.raises(ApiError):
            _verify(bad, sk=None)


def test_tokens_are_shaped_like_baidus_and_expire() -> None:
    clock = Clock(1_000_000.0)
    store = TokenStore(api_key=None, secret_key=None, ttl=100, app_id="123", clock=clock)
    reply = store.issue("any", "pair", "client_credentials")
    token = str(reply["access_token"])
    assert re.fullmatch(r"24\.[0-9a-f]{32}\.100\.1000100\.282335-123", token)
    assert reply["expires_in"] == 100
    assert {"refresh_token", "session_key", "scope", "session_secret"} <= set(reply)
    store.check(token)
    clock.now += 100
    with pytest.raises(ApiError) as info:
        store.check(token)
    assert info.value.code == 111


def test_unknown_missing_revoked_and_expired_tokens_get_baidus_codes() -> None:
    store = TokenStore(api_key=None, secret_key=None)
    with pytest.raises(ApiError, match=r"^100"):
        store.check("")
    with pytest.raises(ApiError, match=r"^110"):
        store.check("not-a-token")
    token = str(store.issue("a", "b", "client_credentials")["access_token"])
    store.revoke_all()
    with pytest.raises(ApiError, match=r"^110"):
        store.check(token)
    token = str(store.issue("a", "b", "client_credentials")["access_token"])
    store.expire_all()
    with pytest.raises(ApiError, match=r"^111"):
        store.check(token)


@pytest.mark.parametrize(
    ("client_id", "client_secret", "grant", "status", "description"),
    [
        ("wrong", "test-sk", "client_credentials", 401, "unknown client id"),
        ("test-ak", "wrong", "client_credentials", 401, "Client authentication failed"),
        ("", "test-sk", "client_credentials", 401, "unknown client id"),
        ("test-ak", "test-sk", "password", 400, "The authorization grant type is not supported"),
    ],
)
def test_configured_keys_reject_anything_else(
    client_id: str, client_secret: str, grant: str, status: int, description: str
) -> None:
    store = TokenStore(api_key="test-ak", secret_key="test-sk")
    with pytest.raises(OAuthError) as info:
        store.issue(client_id, client_secret, grant)
    assert (info.value.status, info.value.description) == (status, description)
    assert store.issue("test-ak", "test-sk", "client_credentials")["access_token"]
