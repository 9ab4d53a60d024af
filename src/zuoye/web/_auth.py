"""Who is asking: the local user (single-user mode), or a session cookie or Bearer token.

Cookies: `zuoye_session` is HttpOnly, SameSite=Strict, Secure over HTTPS, and holds a random
token of which the database keeps only a SHA-256. Requests that change something and are
authenticated by the cookie must also carry `X-Zuoye-CSRF: 1` (a header a cross-site form or
image cannot send without CORS, which this server never grants) and, when the browser sends an
`Origin`, come from this server's own origin. Bearer tokens are not sent automatically by
browsers, so they need neither.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response

from zuoye.messages import say
from zuoye.web._errors import ApiError
from zuoye.web._state import AppState, Principal

SESSION_COOKIE = "zuoye_session"
CSRF_HEADER = "X-Zuoye-CSRF"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def state_of(request: Request) -> AppState:
    # async on purpose: FastAPI runs a plain `def` dependency in a worker thread, a hop per request
    state: AppState = request.app.state.zuoye
    return state


StateDep = Annotated[AppState, Depends(state_of)]


def check_same_origin(request: Request) -> None:
    """Refuse a state-changing browser request that could have come from another site."""
    if request.headers.get(CSRF_HEADER) != "1":
        raise ApiError(403, "csrf", say("web.csrf_header", header=CSRF_HEADER))
    origin = request.headers.get("origin")
    if origin and origin != "null":
        own = f"{request.url.scheme}://{request.headers.get('host', '')}"
        if origin.rstrip("/") != own:
            raise ApiError(403, "csrf", say("web.csrf_origin"))


async def current_principal(request: Request, state: StateDep) -> Principal:
    if not state.multi_user:
        return state.local_principal()
    auth = request.headers.get("authorization", "")
    if auth:
        scheme, _, secret = auth.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise ApiError(401, "unauthorized", say("web.bearer_format"))
        user = await state.store.call(state.accounts.user_for_token, secret=secret.strip(), kind="api")
        if user is None:
            raise ApiError(401, "unauthorized", say("web.bad_token"), headers={"WWW-Authenticate": "Bearer"})
        return Principal.of(user, "token")
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        user = await state.store.call(state.accounts.user_for_token, secret=cookie, kind="session")
        if user is not None:
            if request.method not in _SAFE_METHODS:
                check_same_origin(request)
            return Principal.of(user, "session")
    raise ApiError(401, "login_required", say("web.login_required"), headers={"WWW-Authenticate": "Bearer"})


PrincipalDep = Annotated[Principal, Depends(current_principal)]


async def guardian(principal: PrincipalDep) -> Principal:
    if not principal.is_guardian:
        raise ApiError(403, "forbidden", say("web.guardians_only"))
    return principal


GuardianDep = Annotated[Principal, Depends(guardian)]


def set_session_cookie(request: Request, response: Response, secret: str, max_age: int) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=_is_https(request),
        path="/",
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, httponly=True, samesite="strict", secure=_is_https(request), path="/"
    )


def _is_https(request: Request) -> bool:
    # Behind a TLS proxy, run uvicorn with --proxy-headers so the scheme is the client's.
    return request.url.scheme == "https"
