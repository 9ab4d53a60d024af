"""A photo of a question → its text, to check, edit and then ask.

Read by the configured vision model (`vision_model`) when there is one, else — or when it fails
— on this server (zuoye.ocr). A page with several questions comes back split (`questions`) for
the student to pick one; what should be checked against the photo comes back as `doubts`.
Nothing is asked here: the page shows the reading for editing, and the student sends it.
What is kept of the photo is a small upright copy without its EXIF (zuoye.ocr.kept_copy); the
upload itself is dropped with the request.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated, Any

from fastapi import APIRouter, File, Path, Response, UploadFile

from zuoye.messages import say
from zuoye.providers import ChatModel, ProviderError
from zuoye.store.photos import Photo, add_photo, get_photo
from zuoye.web._access import reads_as_guardian
from zuoye.web._auth import PrincipalDep, StateDep
from zuoye.web._errors import ApiError, not_found
from zuoye.web._schemas import ID_PATTERN, PhotoOut
from zuoye.web._state import AppState, Principal

router = APIRouter(prefix="/api", tags=["photo"])
log = logging.getLogger("zuoye.web")

MAX_PHOTO_BYTES = 10 * 1024 * 1024  # zuoye.ocr's own limit: a phone's JPEG is 2–8 MB
_OCR_WAIT_SECONDS = 60.0
PhotoId = Annotated[str, Path(pattern=ID_PATTERN, description="a photo id (32 hex digits)")]


@router.post(
    "/photo",
    summary="Read a photographed question (PNG, JPEG, WebP or BMP, up to 10 MB): its text, the "
    "questions on the page, and what to check",
    responses={
        413: {"description": "the file is too large"},
        415: {"description": "not a PNG/JPEG/WebP/BMP image (the message says how to convert it)"},
        422: {"description": "the image cannot be read, or holds no text"},
    },
)
async def photo(
    file: Annotated[UploadFile, File(description="the photo")], state: StateDep, principal: PrincipalDep
) -> PhotoOut:
    # zuoye.ocr imports Pillow's checks lazily itself; importing it here, not at start-up,
    # keeps a server without the ocr extra starting as fast as before.
    from zuoye.ocr import (
        EmptyImageError,
        OcrError,
        UnsupportedImageTypeError,
        kept_copy,
        read_photo,
        sniff,
    )
    from zuoye.ocr._image import ACCEPTED
    from zuoye.ocr._kept import KEPT_MEDIA_TYPE

    data = await file.read(MAX_PHOTO_BYTES + 1)
    try:
        # The cheap checks before queueing for the one recognition slot; zuoye.ocr repeats
        # them with the rest (dimensions, decoding) when it runs.
        if not data:
            raise EmptyImageError()
        if len(data) > MAX_PHOTO_BYTES:
            raise ApiError(413, "image_too_large", say("web.photo_too_large"))
        kind = sniff(data)
        if kind not in ACCEPTED:
            raise UnsupportedImageTypeError(kind)
        # What is kept is made first: it decodes the whole image, so a damaged file or a
        # decompression bomb is refused here (422) before it waits for the recognition slot.
        kept = await asyncio.to_thread(kept_copy, data)
        model, doubts = _vision_model(state)

        async def local(image: bytes) -> Any:
            return await _recognize_locally(state, image)

        reading = await read_photo(data, local=local, model=model)
    except OcrError as exc:
        raise ApiError(exc.status, exc.code, exc.message) from None
    del data  # the original (up to 10 MB, with its EXIF) is not needed past the reading
    photo_id = None
    if kept is not None:
        # Kept, so the question sent from this reading can keep its picture (POST /api/ask photo_id).
        photo_id = await state.store.call(
            add_photo, state.store, user_id=principal.id, media_type=KEPT_MEDIA_TYPE, data=kept
        )
    else:
        # No Pillow (the ocr extra; a vision model reads without it): the original's EXIF — a
        # phone's GPS position — cannot be removed, so the question goes without its picture.
        log.info("photo not kept: Pillow (the ocr extra) is not installed")
    return PhotoOut(
        photo_id=photo_id,
        text=reading.text,
        lines=list(reading.lines),
        questions=list(reading.questions),
        doubts=[*doubts, *reading.doubts],
        source=reading.source,
        model=reading.model or None,
    )


@router.get(
    "/photos/{photo_id}",
    summary="A photo a question was read from (its owner's, or a linked teacher's or parent's)",
    response_class=Response,
    responses={200: {"content": {"image/png": {}, "image/jpeg": {}}}, 404: {"description": "no such photo"}},
)
async def get_photo_file(photo_id: PhotoId, state: StateDep, principal: PrincipalDep) -> Response:
    found = await state.store.call(get_photo, state.store, photo_id=photo_id)
    if found is None or not await _may_see(state, principal, found):
        raise not_found("photo")
    # A photo never changes: the browser keeps it (privately) instead of asking again.
    headers = {"Cache-Control": "private, max-age=86400", "X-Content-Type-Options": "nosniff"}
    return Response(content=found.data, media_type=found.media_type, headers=headers)


async def _may_see(state: AppState, principal: Principal, found: Photo) -> bool:
    if found.user_id == principal.id:
        return True
    if found.turn_id is None:
        return False
    turn = await state.store.call(state.store.get_turn, turn_id=found.turn_id)
    if turn is None:
        return False
    conv = await state.store.call(state.store.get_conversation, conversation_id=turn.conversation_id)
    return conv is not None and await reads_as_guardian(state, principal, conv)


def _vision_model(state: AppState) -> tuple[ChatModel | None, list[str]]:
    """The configured vision model; None (with a note for the student) when there is none or it
    cannot be used (a name no provider serves, a provider without its key)."""
    name = state.settings.vision_model
    if not name:
        return None, []
    try:
        return state.registry.get(name), []
    except ProviderError as exc:
        log.warning("vision model not usable; reading photos locally", extra={"error": str(exc)})
        return None, [say("ocr.doubt.vision_unusable", model=name)]


async def _recognize_locally(state: AppState, data: bytes) -> Any:
    try:
        async with asyncio.timeout(_OCR_WAIT_SECONDS):
            await state.ocr_slots.acquire()
    except TimeoutError:
        raise ApiError(503, "busy", say("web.photo_busy")) from None
    try:
        return await asyncio.to_thread(state.recognize, data)
    finally:
        state.ocr_slots.release()
