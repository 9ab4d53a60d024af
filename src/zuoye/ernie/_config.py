"""Turning constructor arguments and the environment into one client configuration (no I/O).

Precedence, for credentials and the base URL alike: explicit arguments, then the environment, then
the default. If any credential argument is given, the environment's credentials are not consulted
at all, so a process environment never silently mixes with what the code asked for. Within one
source, an API Key/Secret Key pair wins over a ready access token, which wins over IAM keys.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from zuoye.ernie import _constants as C
from zuoye.ernie._auth import AccessTokenAuth, AuthLike, StaticTokenAuth
from zuoye.ernie._base import RetryPolicy
from zuoye.ernie._errors import InvalidCredentialsError, MissingCredentialsError, ValidationError
from zuoye.ernie._ratelimit import RateLimiter
from zuoye.ernie._signing import BceSigningAuth
from zuoye.ernie._token_store import DiskTokenCache, TokenStore, default_cache_path, key_id

TimeoutLike = float | httpx.Timeout | None
# None: in memory, shared in the process; True or a path: also in a 0600 file; or a TokenStore.
TokenCacheLike = str | os.PathLike[str] | bool | TokenStore | None


@dataclass(slots=True)
class ClientConfig:
    base_url: str
    auth: AuthLike
    timeout: httpx.Timeout
    retry: RetryPolicy
    limiter: RateLimiter | None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _pair(
    first: str | None, second: str | None, names: tuple[str, str]
) -> tuple[str, str] | InvalidCredentialsError | None:
    if first and second:
        return first, second
    if first or second:
        # Not "missing": something is configured, just not usably. Falling back silently (as for
        # no credentials at all) would hide the typo from the person who made it.
        have, lack = (names[0], names[1]) if first else (names[1], names[0])
        return InvalidCredentialsError(
            f"{have} is set but {lack} is not: they work as a pair; set both (or neither)",
            retryable=False,
        )
    return None


def _no_credentials() -> MissingCredentialsError:
    return MissingCredentialsError(
        "ERNIE is not configured: set QIANFAN_AK and QIANFAN_SK to your application's API Key and Secret Key "
        "(or QIANFAN_ACCESS_TOKEN, or the IAM keys QIANFAN_ACCESS_KEY/QIANFAN_SECRET_KEY), or pass "
        "api_key=/secret_key= to the client",
        retryable=False,
    )


def resolve_base_url(base_url: str | None, environ: Mapping[str, str]) -> str:
    url = _clean(base_url) or _clean(environ.get(C.ENV_BASE_URL)) or C.DEFAULT_BASE_URL
    if not url.startswith(("http://", "https://")):
        raise ValidationError(
            f"base_url must start with http:// or https://, got {url!r} (from "
            f"{'base_url=' if base_url else C.ENV_BASE_URL})",
            field="base_url",
            value=url,
        )
    return url.rstrip("/")


def resolve_timeout(timeout: TimeoutLike) -> httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if timeout is None:
        return httpx.Timeout(
            connect=C.CONNECT_TIMEOUT, read=C.READ_TIMEOUT, write=C.WRITE_TIMEOUT, pool=C.POOL_TIMEOUT
        )
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise ValidationError(
            f"timeout must be a positive number of seconds, got {timeout!r}", field="timeout"
        )
    return httpx.Timeout(float(timeout))


def resolve_auth(
    *,
    api_key: str | None,
    secret_key: str | None,
    access_token: str | None,
    access_key: str | None,
    secret_access_key: str | None,
    base_url: str,
    token_cache: TokenCacheLike,
    environ: Mapping[str, str],
) -> AuthLike:
    """The auth for the configured credentials; raises MissingCredentialsError when there are none
    and InvalidCredentialsError when a key pair is only half configured."""
    given = [_clean(v) for v in (api_key, secret_key, access_token, access_key, secret_access_key)]
    if not any(given):
        given = [
            _clean(environ.get(name))
            for name in (
                C.ENV_API_KEY,
                C.ENV_SECRET_KEY,
                C.ENV_ACCESS_TOKEN,
                C.ENV_ACCESS_KEY,
                C.ENV_SECRET_ACCESS_KEY,
            )
        ]
        names = ((C.ENV_API_KEY, C.ENV_SECRET_KEY), (C.ENV_ACCESS_KEY, C.ENV_SECRET_ACCESS_KEY))
    else:
        names = (("api_key", "secret_key"), ("access_key", "secret_access_key"))
    ak, sk, token, iam_ak, iam_sk = given
    pair = _pair(ak, sk, names[0])
    if isinstance(pair, tuple):
        if isinstance(token_cache, TokenStore):
            store = token_cache  # the caller's own (shared across clients, custom clock, ...)
        else:
            cache = None
            if token_cache:
                cache = DiskTokenCache(default_cache_path() if token_cache is True else Path(token_cache))
            store = TokenStore.shared(key_id(base_url, *pair), cache=cache)
        return AccessTokenAuth(*pair, base_url=base_url, store=store)
    if token:
        return StaticTokenAuth(token)
    iam = _pair(iam_ak, iam_sk, names[1])
    if isinstance(iam, tuple):
        return BceSigningAuth(*iam)
    # Nothing usable: report a half-configured pair if there is one, else that nothing is set.
    for problem in (pair, iam):
        if isinstance(problem, InvalidCredentialsError):
            raise problem
    raise _no_credentials()


def credentials_configured(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the environment names usable ERNIE credentials (nothing is sent to find out).

    False when none are set: the caller can fall back (the tutor answers offline). A half-set key
    pair counts as configured, so that constructing a client then reports the mistake.
    """
    env = os.environ if environ is None else environ
    names = (C.ENV_API_KEY, C.ENV_SECRET_KEY, C.ENV_ACCESS_TOKEN, C.ENV_ACCESS_KEY, C.ENV_SECRET_ACCESS_KEY)
    return any(_clean(env.get(name)) for name in names)


def resolve(
    *,
    api_key: str | None,
    secret_key: str | None,
    access_token: str | None,
    access_key: str | None,
    secret_access_key: str | None,
    base_url: str | None,
    timeout: TimeoutLike,
    max_retries: int,
    retry_delay: float,
    rpm: int | None,
    tpm: int | None,
    rate_limiter: RateLimiter | None,
    token_cache: TokenCacheLike,
    environ: Mapping[str, str] | None = None,
) -> ClientConfig:
    env = os.environ if environ is None else environ
    url = resolve_base_url(base_url, env)
    auth = resolve_auth(
        api_key=api_key,
        secret_key=secret_key,
        access_token=access_token,
        access_key=access_key,
        secret_access_key=secret_access_key,
        base_url=url,
        token_cache=token_cache,
        environ=env,
    )
    if rate_limiter is not None and (rpm is not None or tpm is not None):
        raise ValidationError("give either rate_limiter= or rpm=/tpm=, not both", field="rate_limiter")
    limiter = rate_limiter or (RateLimiter(rpm, tpm) if rpm is not None or tpm is not None else None)
    if isinstance(retry_delay, bool) or not isinstance(retry_delay, int | float):
        raise ValidationError(
            f"retry_delay must be a number of seconds, got {retry_delay!r}", field="retry_delay"
        )
    return ClientConfig(
        base_url=url,
        auth=auth,
        timeout=resolve_timeout(timeout),
        retry=RetryPolicy(max_retries=max_retries, initial_delay=float(retry_delay)),
        limiter=limiter,
    )
