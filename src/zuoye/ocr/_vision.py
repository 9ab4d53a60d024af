"""A photo read by a vision model, and what any reading hands to the student: `Reading`.

When `vision_model` is configured (`ZUOYE_VISION_MODEL=provider/model`, or a bare name for one
of Qianfan's ERNIE VL models), the photo goes to that model as an OpenAI `image_url` content
part (a data: URL) with a request for a faithful transcription, maths in LaTeX, no solving. A
vision model reads handwriting, stacked fractions and exponents far better than a line
recogniser — but it can also *improve* a question, so its transcription is shown for checking
exactly like the local reading, and `[?]` (which it is asked to write where it cannot read) is
reported as a doubt. If the model cannot be reached, the local reading stands in
(`read_photo`), and the student is told.
"""

from __future__ import annotations

import base64
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from zuoye.messages import say
from zuoye.ocr._errors import NoTextFoundError
from zuoye.ocr._image import OcrLimits, precheck
from zuoye.ocr._questions import split
from zuoye.providers import ChatModel, Message, ProviderError, complete

log = logging.getLogger("zuoye.ocr")

PROMPT = (
    "这是一张作业题的照片。请把照片中的题目逐字转写出来：文字照原样抄写，数学式用 LaTeX 写在 $…$ 中"
    "（分数用 \\frac{}{}，指数用 ^{}，根号用 \\sqrt{}）。有几道题就照原来的编号每题一行。"
    "不要解题，不要改写，不要补充任何说明；看不清的地方写 [?]。"
)
UNSURE = "[?]"
_MIME = {"PNG": "png", "JPEG": "jpeg", "WebP": "webp", "BMP": "bmp"}
_FENCE = re.compile(r"^```[a-zA-Z]*\n?|\n?```$")


@dataclass(frozen=True, slots=True)
class Reading:
    """What was read from a photo, to show the student for checking before anything is asked.

    `source` is "vision" (a vision model's transcription, maths in LaTeX) or "ocr" (the local
    reading); `model` names the vision model. `doubts`: what the student should check, one
    sentence each, Chinese then English. `questions`: the questions on the page (one: the text).
    """

    text: str
    questions: tuple[str, ...]
    doubts: tuple[str, ...]
    source: Literal["vision", "ocr"]
    model: str = ""
    elapsed_ms: float = 0.0
    lines: tuple[str, ...] = ()  # the local reading's detected lines, as read; else the text's lines

    @classmethod
    def of(cls, result: Any, *, doubts: tuple[str, ...] = ()) -> Reading:
        """The local reading (an `OcrResult`, or a stand-in with its `text` and `lines`), with
        `doubts` of the caller's put first."""
        text = str(result.text)
        return cls(
            text=text,
            questions=tuple(getattr(result, "questions", ())) or tuple(split(text)) or (text,),
            doubts=doubts + tuple(getattr(result, "doubts", ())),
            source="ocr",
            elapsed_ms=float(getattr(result, "elapsed_ms", 0.0)),
            lines=tuple(getattr(line, "text", str(line)) for line in getattr(result, "lines", ())),
        )


def data_url(image: bytes, kind: str) -> str:
    return f"data:image/{_MIME[kind]};base64,{base64.b64encode(image).decode('ascii')}"


async def transcribe(model: ChatModel, image: bytes, *, limits: OcrLimits | None = None) -> Reading:
    """The vision model's transcription of the photo. `OcrError` for a file that is not an
    accepted image (checked before anything is sent); `ProviderError` when the model fails or
    refuses; `NoTextFoundError` when it writes nothing."""
    started = time.perf_counter()
    kind = precheck(image, limits)
    reply = await complete(model, messages=[Message.user(PROMPT, images=[data_url(image, kind)])])
    if reply.refused:
        raise ProviderError(say("ocr.vision_refused"), kind="input")
    text = _FENCE.sub("", reply.text.strip()).strip()
    if not text:
        raise NoTextFoundError()
    doubts: tuple[str, ...] = ()
    if UNSURE in text:
        doubts = (say("ocr.doubt.vision_unsure", mark=UNSURE),)
    return Reading(
        text=text,
        questions=tuple(split(text)) or (text,),
        doubts=doubts,
        source="vision",
        model=model.name,
        elapsed_ms=(time.perf_counter() - started) * 1000,
        lines=tuple(line for line in text.split("\n") if line.strip()),
    )


async def read_photo(
    image: bytes,
    *,
    local: Callable[[bytes], Awaitable[Any]],
    model: ChatModel | None = None,
) -> Reading:
    """The photo read by `model` when one is given, else — or when it cannot answer — by
    `local` (awaited: `recognize` in a worker thread, behind whatever limits the caller keeps).
    A local reading that stands in for the model says so in its doubts."""
    note: tuple[str, ...] = ()
    if model is not None:
        try:
            return await transcribe(model, image)
        except ProviderError as exc:
            log.warning("vision model failed; reading the photo locally", extra={"error": str(exc)})
            note = (say("ocr.doubt.vision_failed", model=model.name, reason=exc),)
    return Reading.of(await local(image), doubts=note)
