"""A photo of a question → its text, to check, edit and then ask.

Read by the configured vision model (`vision_model`) when there is one, else — or when it fails
— on this server (zuoye.ocr). A page with several questions comes back split (`questions`) for
the student to pick one; what should be checked against the photo comes back as `doubts`.
Nothing is asked here: the page shows the reading for editing, and the student sends it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile

from zuoye.messages import say
from zuoye.providers import ChatModel, ProviderError
from zuoye.web._auth import PrincipalDep, StateDep
from zuoye.web._errors import ApiError
from zuoye.web._schemas import PhotoOut
from zuoye.web._state import AppState

router = APIRouter(prefix="/api", tags=["photo"])
log = logging.getLogger("zuoye.web")

MAX_PHOTO_BYTES = 10 * 1024 * 1024  # zuoye.ocr's own limit: a phone's JPEG is 2–8 MB
_OCR_WAIT_SECONDS = 60.0


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
    file: Annotated[UploadFile, File(description="the photo")], state: StateDep, _: PrincipalDep
) -> PhotoOut:
    # zuoye.ocr imports Pillow's checks lazily itself; importing it here, not at start-up,
    # keeps a server without the ocr extra starting as fast as before.
    from zuoye.ocr import EmptyImageError, OcrError, UnsupportedImageTypeError, read_photo, sniff
    from zuoye.ocr._image import ACCEPTED

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
        model, doubts = _vision_model(state)

        async def local(image: bytes) -> Any:
            return await _recognize_locally(state, image)

        reading = await read_photo(data, local=local, model=model)
    except OcrError as exc:
        raise ApiError(exc.status, exc.code, exc.message) from None
    return PhotoOut(
        text=reading.text,
        lines=list(reading.lines),
        questions=list(reading.questions),
        doubts=[*doubts, *reading.doubts],
        source=reading.source,
        model=reading.model or None,
    )


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
        return None, [
            f"视觉模型 {name} 不可用，这是本机识别的结果，请仔细核对。 / The vision model {name} is not "
            "usable; this is the local reading: check it carefully."
        ]


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
