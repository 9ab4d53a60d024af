"""The IAM bearer-token endpoint, and its tokens on /v2, checked with plain httpx."""

from __future__ import annotations

import calendar
import re
import time
from collections.abc import Callable

import httpx
import pytest

from tests.emulator._helpers import v2_ask, v2_chat
from zuoye.emulator._auth import sign_request
from zuoye.emulator._bearer import iso_utc
from zuoye.emulator.testing import expire_tokens, fake_api_key, fetch_bearer_token, revoke_tokens, stats

IAM_PATH = "/v1/BCE-BEARER/token"
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
AK, SK = "test-iam-ak", "test-iam-sk"


def _epoch(iso: str) -> int:
    return calendar.timegm(time.strptime(iso, "%Y-%m-%dT%H:%M:%SZ"))


def _signed_get(
    base_url: str, ak: str, sk: str, *, query: dict[str, str], ts: str | None = None, method: str = "GET"
) -> httpx.Response:
    ts = ts or iso_utc(time.time())
    host = httpx.URL(base_url).netloc.decode()
    signature = sign_request(
        access_key=ak,
        secret_key=sk,
        method=method,
        path=IAM_PATH,
        query=query,
        headers={"host": host, "x-bce-date": ts},
        signed=["host", "x-bce-date"],
        timestamp=ts,
        expiration=1800,
    )
    authorization = f"bce-auth-v1/{ak}/{ts}/1800/host;x-bce-date/{signature}"
    return httpx.request(
        method,
        f"{base_url}{IAM_PATH}",
        params=query,
        headers={"x-bce-date": ts, "Authorization": authorization},
    )


@pytest.fixture
def iam(emulator_factory: Callable[..., str]) -> str:
    return emulator_factory(iam_access_key=AK, iam_secret_key=SK, bearer_token=fake_api_key())


def test_a_signed_request_gets_a_bearer_token(iam: str) -> None:
    response = _signed_get(iam, AK, SK, query={"expireInSeconds": "3600"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert set(body) == {"userId", "token", "status", "createTime", "expireTime"}
    assert re.fullmatch(r"bce-v3/ALTAK-[A-Za-z0-9]+/[0-9a-f]+", body["token"])
    assert re.fullmatch(r"[0-9a-f]{32}", body["userId"]) and body["status"] == "enable"
    assert ISO.fullmatch(body["createTime"]) and ISO.fullmatch(body["expireTime"])
    assert _epoch(body["expireTime"]) - _epoch(body["createTime"]) == 3600
    assert abs(_epoch(body["createTime"]) - time.time()) < 5
    again = fetch_bearer_token(iam, AK, SK)
    assert again["userId"] == body["userId"] and again["token"] != body["token"]


def test_lifetime_defaults_to_a_day_and_is_capped_at_30_days(iam: str) -> None:
    absent = fetch_bearer_token(iam, AK, SK, expire_in_seconds=None)
    assert _epoch(absent["expireTime"]) - _epoch(absent["createTime"]) == 86400
    huge = fetch_bearer_token(iam, AK, SK, expire_in_seconds=10**9)
    assert _epoch(huge["expireTime"]) - _epoch(huge["createTime"]) == 30 * 86400


@pytest.mark.parametrize("value", ["0", "-5", "soon"])
def test_a_bad_lifetime_is_400(iam: str, value: str) -> None:
    response = _signed_get(iam, AK, SK, query={"expireInSeconds": value})
    assert response.status_code == 400
    assert response.json()["code"] == "InvalidParameterValue" and value in response.json()["message"]


@pytest.mark.parametrize(
    ("ak", "sk", "ts", "code"),
    [
        (AK, "wrong", None, "SignatureDoesNotMatch"),
        ("someone-else", SK, None, "NotFound"),
        (AK, SK, iso_utc(time.time() - 7200), "RequestExpired"),
    ],
)
def test_bad_or_stale_signatures_get_401_with_bces_error(
    iam: str, ak: str, sk: str, ts: str | None, code: str
) -> None:
    response = _signed_get(iam, ak, sk, query={"expireInSeconds": "60"}, ts=ts)
    assert response.status_code == 401
    body = response.json()
    assert set(body) == {"requestId", "code", "message"} and body["code"] == code
    assert response.headers["x-bce-error-code"] == code
    assert response.headers["x-bce-error-message"] == f"{code}, cause: {body['message']}"
    assert body["requestId"] == response.headers["x-bce-request-id"]


def test_unsigned_malformed_and_non_get_requests(iam: str) -> None:
    unsigned = httpx.get(f"{iam}{IAM_PATH}")
    assert unsigned.status_code == 401 and unsigned.json()["code"] == "AccessDenied"
    malformed = httpx.get(f"{iam}{IAM_PATH}", headers={"Authorization": "Bearer nope"})
    assert malformed.status_code == 401 and malformed.json()["code"] == "InvalidHTTPAuthHeader"
    posted = _signed_get(iam, AK, SK, query={}, method="POST")
    assert posted.status_code == 405
    counters = stats(iam)
    assert counters["bearer_token_requests"] == 3 and counters["bearer_tokens_issued"] == 0
    assert counters["iam_errors"] == {"AccessDenied": 1, "InvalidHTTPAuthHeader": 1, "MethodNotAllowed": 1}


def test_without_configured_iam_keys_any_signer_is_welcome(emulator: str) -> None:
    assert fetch_bearer_token(emulator, "any-ak", "any-sk")["status"] == "enable"


def test_issued_tokens_work_on_v2_until_expired_or_revoked(iam: str) -> None:
    bearer = fetch_bearer_token(iam, AK, SK)["token"]
    # The configured --bearer-token is the only API key, but IAM-issued tokens are good too.
    assert v2_chat(iam, v2_ask("你好"), key=bearer).status_code == 200
    models = httpx.get(f"{iam}/v2/models", headers={"Authorization": f"Bearer {bearer}"})
    assert models.status_code == 200
    assert stats(iam)["bearer_tokens_live"] == 1

    assert expire_tokens(iam) == 1
    expired = v2_chat(iam, v2_ask("你好"), key=bearer)
    assert expired.status_code == 401 and expired.json()["error"]["code"] == "invalid_iam_token"
    assert httpx.get(f"{iam}/v2/models", headers={"Authorization": f"Bearer {bearer}"}).status_code == 401

    fresh = fetch_bearer_token(iam, AK, SK)["token"]  # what a client's refresh-on-401 does
    assert v2_chat(iam, v2_ask("你好"), key=fresh).status_code == 200
    revoked = httpx.post(f"{iam}/_emulator/revoke-tokens").json()
    assert revoked == {"revoked": 2, "access_tokens": 0, "bearer_tokens": 2}
    assert v2_chat(iam, v2_ask("你好"), key=fresh).status_code == 401
    assert revoke_tokens(iam) == 2
    counters = stats(iam)
    assert counters["bearer_tokens_issued"] == 2 and counters["v2_errors"] == {"invalid_iam_token": 3}


def test_a_token_expires_by_itself(emulator: str) -> None:
    bearer = fetch_bearer_token(emulator, AK, SK, expire_in_seconds=1)["token"]
    assert v2_chat(emulator, v2_ask("你好"), key=bearer).status_code == 200
    time.sleep(1.1)
    assert v2_chat(emulator, v2_ask("你好"), key=bearer).status_code == 401
