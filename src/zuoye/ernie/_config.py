"""Turning constructor arguments and the environment into one client configuration (no I/O).

The protocol follows the credentials (the official SDK's names), explicit arguments first:
1. `bearer_token=` (or `api_key=` alone), QIANFAN_BEARER_TOKEN / QIANFAN_API_KEY: a v2 API key → v2;
2. `access_key=`/`secret_access_key=`, QIANFAN_ACCESS_KEY/QIANFAN_SECRET_KEY: IAM keys, exchanged
   for a v2 bearer token → v2 (with protocol="v1" they sign v1 requests instead, as before v2);
3. `access_token=`, `api_key=`+`secret_key=`, QIANFAN_ACCESS_TOKEN, QIANFAN_AK/QIANFAN_SK → v1,
   which Baidu retired on 2026-08-31 (kept for what still answers it; its errors say how to move).
If any credential argument is given, the environment's credentials are not consulted at all, so a
process environment never silently mixes with what the code asked for. `protocol=` overrides
the choice; "openai" (any OpenAI-compatible server) takes only explicit arguments.

Hosts: v2 `base_url=` / QIANFAN_CONSOLE_API_BASE_URL; IAM `iam_base_url=` / QIANFAN_IAM_BASE_URL;
v1 `base_url=` / QIANFAN_BASE_URL; "openai" `base_url=` (required, including its version: .../v1).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from zuoye.ernie import _constants as C
from zuoye.ernie._auth import AccessTokenAuth, AuthLike, BearerAuth, IamBearerAuth, StaticTokenAuth
from zuoye.ernie._base import RetryPolicy
from zuoye.ernie._errors import InvalidCredentialsError, MissingCredentialsError, ValidationError
from zuoye.ernie._ratelimit import Limiter, RateLimiter
from zuoye.ernie._signing import BceSigningAuth
from zuoye.ernie._token_store import DiskTokenCache, TokenCache, TokenStore, default_cache_path, key_id

TimeoutLike = float | httpx.Timeout | None
# None: in memory, shared in the process; True or a path: also in a 0600 file; a TokenCache (e.g.
# one shared by several processes); or a TokenStore.
TokenCacheLike = str | os.PathLike[str] | bool | TokenStore | TokenCache | None


@dataclass(slots=True)
class ClientConfig:
    protocol: str
    base_url: str
    auth: AuthLike | None
    timeout: httpx.Timeout
    retry: RetryPolicy
    limiter: Limiter | None
    # A non-reversible name for the account the credentials belong to: it keys the limiter's budgets.
    credential_id: str = ""


@dataclass(slots=True)
class Credentials:
    """The credential values of one source (the arguments, or the environment)."""

    bearer_token: str | None = None
    api_key: str | None = None
    secret_key: str | None = None
    access_token: str | None = None
    access_key: str | None = None
    secret_access_key: str | None = None
    app_id: str | None = None
    explicit: bool = True

    def name(self, field: str) -> str:
        """How the user spelled a field: the argument, or the environment variable."""
        if self.explicit:
            return field
        return {
            "bearer_token": C.ENV_BEARER_TOKEN,
            "api_key": C.ENV_API_KEY,
            "secret_key": C.ENV_SECRET_KEY,
            "access_token": C.ENV_ACCESS_TOKEN,
            "access_key": C.ENV_ACCESS_KEY,
            "secret_access_key": C.ENV_SECRET_ACCESS_KEY,
        }[field]


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
        "ERNIE is not configured: set QIANFAN_BEARER_TOKEN to a Qianfan v2 API key (千帆控制台 → API Key, "
        "bce-v3/ALTAK-…), or the IAM keys QIANFAN_ACCESS_KEY/QIANFAN_SECRET_KEY, or pass bearer_token= to "
        "the client",
        retryable=False,
    )


def _url(value: str, source: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise ValidationError(
            f"{source} must be a URL starting with http:// or https://, got {value!r}",
            field="base_url",
            value=value,
        )
    return value.rstrip("/")


def resolve_base_url(base_url: str | None, environ: Mapping[str, str], protocol: str = "v1") -> str:
    """The host (v1, v2) or API root (openai) to call."""
    given = _clean(base_url)
    if protocol == "openai":
        if not given:
            raise ValidationError(
                "protocol='openai' needs base_url=, the server's API root such as http://127.0.0.1:11434/v1",
                field="base_url",
            )
        return _url(given, "base_url=")
    name, default = (
        (C.ENV_BASE_URL, C.DEFAULT_BASE_URL)
        if protocol == "v1"
        else (C.ENV_V2_BASE_URL, C.DEFAULT_V2_BASE_URL)
    )
    url = _url(given or _clean(environ.get(name)) or default, "base_url=" if given else name)
    if protocol == "v2" and url.endswith("/v2"):
        url = url[:-3]  # OpenAI-style tools name the API root (.../v2); the paths carry /v2 here
    return url


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


_SECRETS = ("bearer_token", "api_key", "secret_key", "access_token", "access_key", "secret_access_key")


def _credentials(args: Credentials, environ: Mapping[str, str]) -> Credentials:
    """The arguments' credentials if any is given, else the environment's."""
    cleaned: dict[str, Any] = {k: _clean(getattr(args, k)) for k in (*_SECRETS, "app_id")}
    given = dataclasses.replace(args, **cleaned)
    app_id = given.app_id or _clean(environ.get(C.ENV_APP_ID))
    if any(getattr(given, k) for k in _SECRETS):
        return dataclasses.replace(given, app_id=app_id)
    return Credentials(
        bearer_token=_clean(environ.get(C.ENV_BEARER_TOKEN)) or _clean(environ.get(C.ENV_V2_API_KEY)),
        api_key=_clean(environ.get(C.ENV_API_KEY)),
        secret_key=_clean(environ.get(C.ENV_SECRET_KEY)),
        access_token=_clean(environ.get(C.ENV_ACCESS_TOKEN)),
        access_key=_clean(environ.get(C.ENV_ACCESS_KEY)),
        secret_access_key=_clean(environ.get(C.ENV_SECRET_ACCESS_KEY)),
        app_id=app_id,
        explicit=False,
    )


def _bearer(creds: Credentials) -> str | None:
    # `api_key=` alone is the v2 key (what the official SDK's v2 client calls it); with
    # `secret_key=` it is v1's application key. QIANFAN_AK alone stays a half-set v1 pair.
    if creds.bearer_token:
        return creds.bearer_token
    return creds.api_key if creds.api_key and not creds.secret_key and creds.explicit else None


def choose_protocol(creds: Credentials, protocol: str | None) -> str:
    """The protocol the credentials select, or the one asked for (checked against them)."""
    if protocol is not None and protocol not in C.PROTOCOLS:
        raise ValidationError(
            f"protocol must be one of {', '.join(C.PROTOCOLS)}, got {protocol!r}",
            field="protocol",
            value=protocol,
        )
    bearer = _bearer(creds)
    if protocol == "openai":
        return protocol
    v2 = bearer is not None or (creds.access_key is not None and creds.secret_access_key is not None)
    v1 = creds.access_token is not None or (creds.api_key is not None and creds.secret_key is not None)
    if protocol == "v2" and not v2 and v1:
        raise InvalidCredentialsError(
            "protocol='v2' needs a v2 API key (QIANFAN_BEARER_TOKEN) or IAM keys; v1's API Key/Secret Key and "
            "access tokens do not work on v2: create a v2 API key in 千帆控制台 → API Key",
            retryable=False,
        )
    if protocol == "v1" and bearer is not None and not v1 and creds.access_key is None:
        raise InvalidCredentialsError(
            "protocol='v1' cannot use a v2 API key (bearer token): v1 needs QIANFAN_AK/QIANFAN_SK, and Baidu "
            f"retired v1 on {C.V1_RETIRED_ON} anyway; drop protocol='v1'",
            retryable=False,
        )
    if protocol is not None:
        return protocol
    if v2:
        return "v2"
    # Old keys, or half of an old pair (so that the error names the missing half): v1.
    if v1 or creds.secret_key or creds.api_key:
        return "v1"
    return "v2"


def resolve_auth(
    creds: Credentials,
    *,
    protocol: str,
    base_url: str,
    iam_base_url: str,
    token_cache: TokenCacheLike,
) -> AuthLike | None:
    """The auth for the configured credentials on `protocol`; raises MissingCredentialsError when
    there are none and InvalidCredentialsError when a key pair is only half configured."""
    bearer = _bearer(creds)
    if protocol == "openai":
        return BearerAuth(bearer) if bearer else None  # a school's own server may need no key
    if protocol == "v2":
        if bearer:
            return BearerAuth(bearer, app_id=creds.app_id)
        iam = _pair(
            creds.access_key,
            creds.secret_access_key,
            (creds.name("access_key"), creds.name("secret_access_key")),
        )
        if isinstance(iam, tuple):
            store = _store(token_cache, key_id(iam_base_url, *iam))
            return IamBearerAuth(*iam, iam_base_url=iam_base_url, store=store, app_id=creds.app_id)
        if isinstance(iam, InvalidCredentialsError):
            raise iam
        raise _no_credentials()
    pair = _pair(creds.api_key, creds.secret_key, (creds.name("api_key"), creds.name("secret_key")))
    if isinstance(pair, tuple):
        store = _store(token_cache, key_id(base_url, *pair))
        return AccessTokenAuth(*pair, base_url=base_url, store=store)
    if creds.access_token:
        return StaticTokenAuth(creds.access_token)
    iam = _pair(
        creds.access_key, creds.secret_access_key, (creds.name("access_key"), creds.name("secret_access_key"))
    )
    if isinstance(iam, tuple):
        return BceSigningAuth(*iam)
    for problem in (pair, iam):
        if isinstance(problem, InvalidCredentialsError):
            raise problem
    raise _no_credentials()


def _store(token_cache: TokenCacheLike, ident: str) -> TokenStore:
    if isinstance(token_cache, TokenStore):
        return token_cache  # the caller's own (shared across clients, custom clock, ...)
    cache: TokenCache | None = None
    if isinstance(token_cache, str | os.PathLike):
        cache = DiskTokenCache(token_cache)
    elif token_cache is True:
        cache = DiskTokenCache(default_cache_path())
    elif token_cache:
        cache = token_cache  # a cache object, e.g. one shared by several processes (zuoye.fleet)
    return TokenStore.shared(ident, cache=cache)


_CREDENTIAL_NAMES = (
    C.ENV_BEARER_TOKEN,
    C.ENV_V2_API_KEY,
    C.ENV_ACCESS_KEY,
    C.ENV_SECRET_ACCESS_KEY,
    C.ENV_API_KEY,
    C.ENV_SECRET_KEY,
    C.ENV_ACCESS_TOKEN,
)


def credentials_configured(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the environment names usable ERNIE credentials (nothing is sent to find out).

    False when none are set: the caller can fall back (the tutor answers offline). A half-set key
    pair counts as configured, so that constructing a client then reports the mistake.
    """
    env = os.environ if environ is None else environ
    return any(_clean(env.get(name)) for name in _CREDENTIAL_NAMES)


def resolve(
    *,
    credentials: Credentials,
    protocol: str | None,
    base_url: str | None,
    iam_base_url: str | None,
    timeout: TimeoutLike,
    max_retries: int,
    retry_delay: float,
    rpm: int | None,
    tpm: int | None,
    input_tpm: int | None,
    output_tpm: int | None,
    rate_limiter: Limiter | None,
    token_cache: TokenCacheLike,
    environ: Mapping[str, str] | None = None,
) -> ClientConfig:
    env = os.environ if environ is None else environ
    creds = credentials if protocol == "openai" else _credentials(credentials, env)
    chosen = choose_protocol(creds, protocol)
    url = resolve_base_url(base_url, env, chosen)
    iam_given = _clean(iam_base_url)
    iam = _url(
        iam_given or _clean(env.get(C.ENV_IAM_BASE_URL)) or C.DEFAULT_IAM_BASE_URL,
        "iam_base_url=" if iam_given else C.ENV_IAM_BASE_URL,
    )
    auth = resolve_auth(creds, protocol=chosen, base_url=url, iam_base_url=iam, token_cache=token_cache)
    budgets = (rpm, tpm, input_tpm, output_tpm)
    if rate_limiter is not None and any(b is not None for b in budgets):
        raise ValidationError(
            "give either rate_limiter= or rpm=/tpm=/input_tpm=/output_tpm=, not both", field="rate_limiter"
        )
    limiter: Limiter | None = rate_limiter
    if limiter is None and any(b is not None for b in budgets):
        limiter = RateLimiter(rpm, tpm, input_tpm=input_tpm, output_tpm=output_tpm)
    if isinstance(retry_delay, bool) or not isinstance(retry_delay, int | float):
        raise ValidationError(
            f"retry_delay must be a number of seconds, got {retry_delay!r}", field="retry_delay"
        )
    return ClientConfig(
        protocol=chosen,
        base_url=url,
        auth=auth,
        timeout=resolve_timeout(timeout),
        retry=RetryPolicy(max_retries=max_retries, initial_delay=float(retry_delay)),
        limiter=limiter,
        credential_id=credential_id(creds, chosen, url),
    )


def credential_id(creds: Credentials, protocol: str, base_url: str) -> str:
    """Who pays for a call, as a hash: the same keys give the same id in every process."""
    values = (
        creds.bearer_token,
        creds.api_key,
        creds.secret_key,
        creds.access_token,
        creds.access_key,
        creds.secret_access_key,
    )
    material = "\0".join([protocol, base_url, *(v or "" for v in values)])
    return hashlib.sha256(material.encode()).hexdigest()[:16]
