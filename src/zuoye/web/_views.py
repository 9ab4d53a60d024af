"""Stored rows → API bodies."""

from __future__ import annotations

from typing import Any

from zuoye.messages import say
from zuoye.render import split_math
from zuoye.store import Conversation, Turn
from zuoye.web._schemas import ConversationOut, ConversationSummary, Owner, Segment, TurnOut, Usage


def segments(text: str) -> list[Segment]:
    return [Segment(kind=s.kind, content=s.content) for s in split_math(text)]


def _check_out(check: Any) -> Any:
    """A stored check, with what the computer understood ready to draw (maths and all): the page
    shows it beside the badge of a reloaded answer, as the live notice does."""
    if not isinstance(check, dict) or not check.get("understood"):
        return check
    said = say("check.understood", understood=check["understood"])
    return {**check, "understood_segments": [s.model_dump() for s in segments(said)]}


def turn_out(turn: Turn, photo_id: str | None = None) -> TurnOut:
    return TurnOut(
        id=turn.id,
        question=turn.question,
        answer=turn.answer,
        answer_segments=segments(turn.answer),
        status=turn.status,  # type: ignore[arg-type]
        error=turn.error,
        mode=turn.mode,
        model=turn.model,
        usage=Usage(
            prompt_tokens=turn.prompt_tokens,
            completion_tokens=turn.completion_tokens,
            total_tokens=turn.total_tokens,
        ),
        checks=[_check_out(check) for check in turn.checks or []],
        in_context=not turn.cleared,
        regenerated=turn.regenerated,
        photo_url=f"/api/photos/{photo_id}" if photo_id else None,
        created_at=turn.created_at,
        completed_at=turn.completed_at,
    )


def summary_out(conv: Conversation, turn_count: int) -> ConversationSummary:
    return ConversationSummary(
        id=conv.id,
        title=conv.title,
        model=conv.model,
        grade=conv.grade,
        mode=conv.mode,
        created_at=conv.created_at,
        updated_at=conv.updated_at,
        turn_count=turn_count,
    )


def conversation_out(
    conv: Conversation,
    *,
    running: bool,
    read_only: bool = False,
    owner: Owner | None = None,
    photos: dict[int, str] | None = None,
) -> ConversationOut:
    return ConversationOut(
        id=conv.id,
        title=conv.title,
        model=conv.model,
        grade=conv.grade,
        mode=conv.mode,
        created_at=conv.created_at,
        updated_at=conv.updated_at,
        turns=[
            turn_out(t, photo) for t, photo in zip(conv.turns, _turn_photos(conv, photos or {}), strict=True)
        ],
        running=running,
        read_only=read_only,
        owner=owner,
    )


def _turn_photos(conv: Conversation, photos: dict[int, str]) -> list[str | None]:
    """Each turn's photo. An answer given again (regenerate) is a version of the same question:
    the newer version shows the photo its question was read from, kept with the first."""
    out: list[str | None] = []
    carried: str | None = None
    for turn in conv.turns:
        photo = photos.get(turn.id) or carried
        out.append(photo)
        carried = photo if turn.regenerated else None
    return out
