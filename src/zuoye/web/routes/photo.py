"""A photo of a question → its text, to edit and then ask."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, File, UploadFile

from zuoye.web._auth import PrincipalDep, StateDep
from zuoye.web._errors import ApiError
from zuoye.web._schemas import PhotoOut

router = APIRouter(prefix="/api", tags=["photo"])

MAX_PHOTO_BYTES = 10 * 1024 * 1024  # a phone's full-resolution JPEG is 2–6 MB
_OCR_WAIT_SECONDS = 60.0

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
)


def image_kind(head: bytes) -> str | None:
    for magic, kind in _SIGNATURES:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    return None


@router.post(
    "/photo",
    summary="Recognise the text of a photographed question (PNG, JPEG or WebP, up to 10 MB)",
    responses={
        413: {"description": "the file is too large"},
        415: {"description": "not a PNG/JPEG/WebP image"},
    },
)
async def photo(
    file: Annotated[UploadFile, File(description="the photo")], state: StateDep, _: PrincipalDep
) -> PhotoOut:
    data = await file.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        raise ApiError(
            413, "too_large", "the photo is larger than 10 MB; take it again at a lower resolution"
        )
    if not data:
        raise ApiError(422, "empty_file", "the uploaded file is empty; choose a photo of the question")
    if image_kind(data[:16]) is None:
        raise ApiError(
            415,
            "unsupported_image",
            "this file is not a PNG, JPEG or WebP image; take a photo or save the picture in one of these formats",
        )
    try:
        async with asyncio.timeout(_OCR_WAIT_SECONDS):
            await state.ocr_slots.acquire()
    except TimeoutError:
        raise ApiError(503, "busy", "photo recognition is busy; try again in a minute") from None
    try:
        result = await asyncio.to_thread(state.recognize, data)
    except Exception as exc:
        from zuoye.ocr import OcrError

        if isinstance(exc, OcrError):
            raise ApiError(422, "unreadable_image", str(exc)) from None
        raise
    finally:
        state.ocr_slots.release()
    return PhotoOut(text=result.text, lines=[str(line) for line in result.lines])
