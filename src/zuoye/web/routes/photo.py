"""A photo of a question → its text, to edit and then ask."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile

from zuoye.web._auth import PrincipalDep, StateDep
from zuoye.web._errors import ApiError
from zuoye.web._schemas import PhotoOut

router = APIRouter(prefix="/api", tags=["photo"])

MAX_PHOTO_BYTES = 10 * 1024 * 1024  # zuoye.ocr's own limit: a phone's JPEG is 2–8 MB
_OCR_WAIT_SECONDS = 60.0


@router.post(
    "/photo",
    summary="Recognise the text of a photographed question (PNG, JPEG, WebP or BMP, up to 10 MB)",
    responses={
        413: {"description": "the file is too large"},
        415: {"description": "not a PNG/JPEG/WebP/BMP image (the message says how to convert it)"},
        422: {"description": "the image cannot be read, or holds no text"},
    },
)
async def photo(
    file: Annotated[UploadFile, File(description="the photo")], state: StateDep, _: PrincipalDep
) -> PhotoOut:
    from zuoye.ocr import EmptyImageError, OcrError, UnsupportedImageTypeError, sniff
    from zuoye.ocr._image import ACCEPTED

    data = await file.read(MAX_PHOTO_BYTES + 1)
    try:
        # The cheap checks before queueing for the one recognition slot; zuoye.ocr repeats
        # them with the rest (dimensions, decoding) when it runs.
        if not data:
            raise EmptyImageError()
        if len(data) > MAX_PHOTO_BYTES:
            raise ApiError(413, "image_too_large", "the photo is larger than 10 MB; send a smaller one")
        kind = sniff(data)
        if kind not in ACCEPTED:
            raise UnsupportedImageTypeError(kind)
        try:
            async with asyncio.timeout(_OCR_WAIT_SECONDS):
                await state.ocr_slots.acquire()
        except TimeoutError:
            raise ApiError(503, "busy", "photo recognition is busy; try again in a minute") from None
        try:
            result: Any = await asyncio.to_thread(state.recognize, data)
        finally:
            state.ocr_slots.release()
    except OcrError as exc:
        raise ApiError(exc.status, exc.code, exc.message) from None
    return PhotoOut(text=result.text, lines=[getattr(line, "text", str(line)) for line in result.lines])
