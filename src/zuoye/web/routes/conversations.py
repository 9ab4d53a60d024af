"""Conversations: list, create, read, delete (each user sees only their own; a teacher or parent
may also read their students')."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from zuoye.store.photos import turn_photos
from zuoye.tutor.modes import parse_mode
from zuoye.web._access import reads_as_guardian
from zuoye.web._answering import chosen_model
from zuoye.web._auth import PrincipalDep, StateDep
from zuoye.web._errors import not_found
from zuoye.web._schemas import (
    ID_PATTERN,
    ConversationList,
    ConversationOut,
    ConversationSummary,
    CreateConversation,
    Owner,
)
from zuoye.web._stops import stop_answer
from zuoye.web._views import conversation_out, summary_out

router = APIRouter(prefix="/api/conversations", tags=["conversations"])
ConversationId = Annotated[str, Path(pattern=ID_PATTERN, description="a conversation id (32 hex digits)")]
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


@router.get("", summary="Your conversations, newest first")
async def list_conversations(
    state: StateDep, principal: PrincipalDep, limit: Limit = 50, offset: Offset = 0
) -> ConversationList:
    rows = await asyncio.to_thread(
        state.store.list_conversations, user_id=principal.id, limit=limit, offset=offset
    )
    return ConversationList(conversations=[summary_out(c, n) for c, n in rows], limit=limit, offset=offset)


@router.post("", status_code=201, summary="Start an empty conversation")
async def create_conversation(
    body: CreateConversation, state: StateDep, principal: PrincipalDep
) -> ConversationSummary:
    settings = state.settings
    chosen = chosen_model(state, body.model)
    model = chosen.name if chosen is not None else body.model or state.registry.default_model
    conv = await asyncio.to_thread(
        state.store.create_conversation,
        user_id=principal.id,
        title=body.title,
        model=model,
        grade=body.grade or settings.grade,
        mode=parse_mode(body.mode or settings.mode),
    )
    return summary_out(conv, 0)


@router.get("/{conversation_id}", summary="A conversation with all its turns")
async def get_conversation(
    conversation_id: ConversationId, state: StateDep, principal: PrincipalDep
) -> ConversationOut:
    conv = await asyncio.to_thread(state.store.get_conversation, conversation_id=conversation_id)
    if conv is None:
        raise not_found()
    # Being written here, or by any process: its pending turn is the database's claim on it.
    running = conversation_id in state.running or any(t.status == "pending" for t in conv.turns)
    if conv.user_id == principal.id:
        photos = await state.store.call(turn_photos, state.store, turn_ids=[t.id for t in conv.turns])
        return conversation_out(conv, running=running, photos=photos)
    if await reads_as_guardian(state, principal, conv):
        student = await asyncio.to_thread(state.accounts.get_user, user_id=conv.user_id)
        owner = Owner(id=conv.user_id, name=student.name if student else "?")
        photos = await state.store.call(turn_photos, state.store, turn_ids=[t.id for t in conv.turns])
        return conversation_out(conv, running=running, read_only=True, owner=owner, photos=photos)
    raise not_found()


@router.delete("/{conversation_id}", status_code=204, summary="Delete a conversation and its turns")
async def delete_conversation(
    conversation_id: ConversationId, state: StateDep, principal: PrincipalDep
) -> Response:
    await stop_answer(state, principal, conversation_id)  # wherever it is being written
    deleted = await asyncio.to_thread(
        state.store.delete_conversation, conversation_id=conversation_id, user_id=principal.id
    )
    if not deleted:
        raise not_found()
    return Response(status_code=204)
