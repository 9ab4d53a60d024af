"""Logging in and out (multi-user mode), and the user's API tokens."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from zuoye.messages import say
from zuoye.store.users import SESSION_TTL, token_lifetime
from zuoye.web._auth import (
    SESSION_COOKIE,
    PrincipalDep,
    StateDep,
    check_same_origin,
    clear_session_cookie,
    set_session_cookie,
)
from zuoye.web._errors import ApiError, not_found
from zuoye.web._schemas import ID_PATTERN, LoginRequest, TokenCreate, TokenCreated, TokenOut, UserOut
from zuoye.web._state import AppState

router = APIRouter(prefix="/api", tags=["auth"])


def _multi_user_only(state: AppState) -> None:
    if not state.multi_user:
        raise ApiError(400, "single_user", say("web.single_user"))


@router.post("/login", summary="Log in with name and password; sets the session cookie")
async def login(body: LoginRequest, request: Request, response: Response, state: StateDep) -> UserOut:
    _multi_user_only(state)
    check_same_origin(request)  # no forged logins from another site's page either
    # The address uvicorn reports: the peer's, or the client's as forwarded by a proxy this
    # server was told to trust (`zuoye serve --forwarded-allow-ips`), never a header anyone can set.
    address = request.client.host if request.client else "?"
    user = await state.login_guard.check(
        name=body.name,
        address=address,
        verify=partial(state.accounts.authenticate, name=body.name, password=body.password),
    )
    secret, _ = await asyncio.to_thread(
        state.accounts.issue_token,
        user_id=user.id,
        kind="session",
        label=request.headers.get("user-agent", "")[:100],
    )
    set_session_cookie(request, response, secret, int(SESSION_TTL.total_seconds()))
    return UserOut(id=user.id, name=user.name, role=user.role)


@router.post("/logout", status_code=204, summary="End this login session")
async def logout(request: Request, state: StateDep) -> Response:
    response = Response(status_code=204)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie and state.multi_user:
        check_same_origin(request)
        await asyncio.to_thread(state.accounts.revoke_secret, secret=cookie)
    clear_session_cookie(request, response)
    return response


@router.get("/tokens", summary="Your API tokens (never their secrets)")
async def list_tokens(state: StateDep, principal: PrincipalDep) -> list[TokenOut]:
    _multi_user_only(state)
    tokens = await asyncio.to_thread(state.accounts.list_tokens, user_id=principal.id, kind="api")
    return [
        TokenOut(
            id=t.id,
            label=t.label,
            created_at=t.created_at,
            last_used_at=t.last_used_at,
            expires_at=t.expires_at,
        )
        for t in tokens
    ]


@router.post("/tokens", status_code=201, summary="A new API token for scripts and school systems")
async def create_token(body: TokenCreate, state: StateDep, principal: PrincipalDep) -> TokenCreated:
    _multi_user_only(state)
    ttl = token_lifetime(
        body.expires_in_days,
        default_days=state.settings.api_token_days,
        max_days=state.settings.api_token_max_days,
    )
    secret, t = await asyncio.to_thread(
        state.accounts.issue_token, user_id=principal.id, kind="api", label=body.label, ttl=ttl
    )
    return TokenCreated(
        id=t.id,
        label=t.label,
        created_at=t.created_at,
        last_used_at=t.last_used_at,
        expires_at=t.expires_at,
        token=secret,
    )


@router.delete("/tokens/{token_id}", status_code=204, summary="Revoke one of your API tokens")
async def revoke_token(
    token_id: Annotated[str, Path(pattern=ID_PATTERN)], state: StateDep, principal: PrincipalDep
) -> Response:
    _multi_user_only(state)
    if not await asyncio.to_thread(state.accounts.revoke_token, token_id=token_id, user_id=principal.id):
        raise not_found("token")
    return Response(status_code=204)
