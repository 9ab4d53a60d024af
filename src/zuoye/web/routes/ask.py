"""Asking: a question in, the answer streamed out; stop and regenerate."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path
from fastapi.responses import JSONResponse, StreamingResponse

from zuoye.messages import say
from zuoye.providers import ProviderError
from zuoye.store import Conversation, StoreError
from zuoye.store.photos import attach_photo, unsent_photo
from zuoye.store.regenerate import restore_turn, retire_turn
from zuoye.web import _answering
from zuoye.web._access import may_read
from zuoye.web._answering import Answer, Question
from zuoye.web._auth import PrincipalDep, StateDep
from zuoye.web._errors import ApiError, error_body, not_found
from zuoye.web._events import parse_event_id
from zuoye.web._schemas import ID_PATTERN, AskRequest, AskResult, RegenerateRequest
from zuoye.web._state import AppState, Principal
from zuoye.web._stops import stop_answer

router = APIRouter(prefix="/api", tags=["ask"])
log = logging.getLogger("zuoye.web")
ConversationId = Annotated[str, Path(pattern=ID_PATTERN, description="a conversation id (32 hex digits)")]

_STREAM_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "`text/event-stream` (events: started, delta, notice, revised, error, done) "
        'or, with `"stream": false`, one JSON object',
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
        "model": AskResult,
    },
    404: {"description": "no such conversation"},
    409: {"description": "an answer is already being written in this conversation"},
    422: {"description": "the question or an option is not acceptable"},
    429: {"description": "the daily question quota is used up"},
}


@router.post("/ask", responses=_STREAM_DOC, summary="Ask a question (streamed answer)")
async def ask(body: AskRequest, state: StateDep, principal: PrincipalDep) -> Any:
    conv = None
    if body.conversation_id is not None:
        conv = await _own_conversation(state, principal, body.conversation_id)
    photo = body.photo_id
    if photo is not None and not await state.store.call(
        unsent_photo, state.store, photo_id=photo, user_id=principal.id
    ):
        raise not_found("photo")
    question = Question(
        text=body.question,
        conversation_id=body.conversation_id,
        mode=body.mode or (conv.mode if conv else None),
        grade=body.grade or (conv.grade if conv else None),
        model=body.model or (_usable_model(state, conv.model) if conv else None),
    )
    answer = await _answering.start(state, principal, question)
    if photo is not None:  # the question is stored: the photo it was read from goes with it
        turn_id = answer.started.turn_id
        try:
            await state.store.call(
                attach_photo, state.store, photo_id=photo, user_id=principal.id, turn_id=turn_id
            )
        except StoreError:  # the answer is under way: it is not lost for want of its picture
            log.warning("could not keep the photo with its question", exc_info=True)
    return await _respond(answer, stream=body.stream)


@router.post(
    "/conversations/{conversation_id}/regenerate",
    responses=_STREAM_DOC,
    summary="Answer the last question again (the old answer is kept, out of the model's context)",
)
async def regenerate(
    conversation_id: ConversationId, body: RegenerateRequest, state: StateDep, principal: PrincipalDep
) -> Any:
    conv = await _own_conversation(state, principal, conversation_id)
    last = next((t for t in reversed(conv.turns) if not t.cleared), None)
    if last is None:
        raise ApiError(409, "nothing_to_regenerate", say("web.nothing_to_regenerate"))
    question = Question(
        text=last.question,
        conversation_id=conv.id,
        mode=body.mode or last.mode,
        grade=body.grade or conv.grade,
        model=body.model or _usable_model(state, last.model),
    )
    # Retired before the tutor reads the history, so the model does not see the answer it replaces;
    # through store.call, so a busy SQLite makes it wait in a thread, not on the event loop.
    try:
        answer = await _answering.start(
            state,
            principal,
            question,
            before_start=lambda: state.store.call(retire_turn, state.store, turn_id=last.id),
        )
    except BaseException:
        await state.store.call(restore_turn, state.store, turn_id=last.id)
        raise
    return await _respond(answer, stream=body.stream)


@router.get(
    "/conversations/{conversation_id}/events",
    summary="Read the latest answer's events again, from the last one seen (after a reconnect)",
    responses={200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}}},
)
async def events(
    conversation_id: ConversationId,
    state: StateDep,
    principal: PrincipalDep,
    last_event_id: Annotated[str | None, Header(max_length=40, pattern=r"^[\x20-\x7e]*$")] = None,
) -> StreamingResponse:
    """The same events as `POST /api/ask` streamed, for the conversation's latest turn: after
    `Last-Event-ID` (the `id` of the last event received) when it names that turn, else from the
    start. On any server process; a finished answer gives its stored turn as `done`. A teacher
    or parent linked to the student reads them too, to follow the answer as it is written."""
    conv = await state.store.call(state.store.get_conversation, conversation_id=conversation_id)
    if conv is None or not await may_read(state, principal, conv):
        raise not_found()
    turns = [t for t in conv.turns if not t.cleared]
    if not turns:
        raise ApiError(404, "no_answer", say("web.no_answer"))
    turn_id = turns[-1].id
    seen = parse_event_id(last_event_id)
    after = seen[1] if seen is not None and seen[0] == turn_id else 0
    return StreamingResponse(
        _answering.follow(state, turn_id, after=after),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


@router.post("/conversations/{conversation_id}/stop", summary="Stop the answer being written")
async def stop(conversation_id: ConversationId, state: StateDep, principal: PrincipalDep) -> dict[str, Any]:
    # Returns once the partial answer is stored, so a GET right after shows it.
    turn_id = await stop_answer(state, principal, conversation_id)
    if turn_id is None:
        await _own_conversation(state, principal, conversation_id)  # 404 if not theirs
        return {"stopped": False, "turn_id": None}
    return {"stopped": True, "turn_id": turn_id}


async def _respond(answer: Answer, *, stream: bool) -> Any:
    if stream:
        return StreamingResponse(
            answer.sse(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )
    turn, notices, failure = await answer.collect()
    if turn is None:
        raise not_found()  # deleted while it was being answered
    result = AskResult.model_validate(
        {"conversation_id": answer.started.conversation_id, "turn": turn, "notices": notices}
    )
    if failure is None:
        return result
    event = _answering.error_event(failure, wrote=bool(turn["answer"].strip()))
    status = {"stopped": 409, "internal": 500}.get(event["code"]) or _answering.as_api_error(failure).status
    # The error, and the turn as stored (its partial answer, if any).
    return JSONResponse(error_body(event["code"], event["message"]) | result.model_dump(mode="json"), status)


async def _own_conversation(state: AppState, principal: Principal, conversation_id: str) -> Conversation:
    conv = await state.store.call(
        state.store.get_conversation, conversation_id=conversation_id, user_id=principal.id
    )
    if conv is None:
        raise not_found()
    return conv


def _usable_model(state: AppState, name: str) -> str | None:
    """The conversation's model for a follow-up, unless it cannot be asked (the offline solver,
    a model or provider no longer configured): then the default."""
    try:
        model = state.model(name)
    except ProviderError:
        return None
    return model.name if model is not None else None
