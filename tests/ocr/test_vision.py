"""A photo read by a vision model over Qianfan v2 (and an OpenAI-compatible server), against
`zuoye emulator`: the photo goes as an image_url part, the transcription comes back for checking,
and the local reading stands in when the model cannot be reached."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from tests.ocr._images import encode, question
from zuoye.ocr import Reading, UnsupportedImageTypeError, read_photo, transcribe
from zuoye.providers import Registry
from zuoye.settings import Settings

pytestmark = pytest.mark.anyio

VL = "ernie-4.5-vl-28b-a3b"
LATEX = "1. 计算 $\\frac{1}{2}+\\frac{1}{3}$\n2. 解方程 $x^{2}-5x+6=0$"
# The emulator's rules match on text; an image part stands in it as [image].
SCENARIO = {
    "rules": [
        {"match": r"转写[\s\S]*\[image\]", "reply": {"result": f"```latex\n{LATEX}\n```"}},
        {"match": "转写", "reply": {"result": "没有看到图片。"}},
    ]
}
_VARIABLES = ("QIANFAN_BEARER_TOKEN", "QIANFAN_CONSOLE_API_BASE_URL", "QIANFAN_BASE_URL", "QIANFAN_AK",
              "QIANFAN_SK", "QIANFAN_ACCESS_KEY", "QIANFAN_SECRET_KEY", "ZUOYE_OPENAI_BASE_URL",
              "ZUOYE_OPENAI_API_KEY", "ZUOYE_OPENAI_MODELS", "ZUOYE_MODEL", "ZUOYE_VISION_MODEL")  # fmt: skip


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _key() -> str:
    return "bce-v3/ALTAK-" + "v" * 20 + "/" + "w" * 40  # made up at run time, shaped like a v2 key


@pytest.fixture
async def registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Callable[..., Registry]]:
    made: list[Registry] = []
    for name in _VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ZUOYE_HOME", str(tmp_path))

    def make(**environ: str) -> Registry:
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        reg = Registry.from_settings(Settings.load(), client_options=lambda: {"max_retries": 0})
        made.append(reg)
        return reg

    yield make
    for reg in made:
        await reg.aclose()


def _photo() -> bytes:
    return encode(question(["1. 计算 1/2+1/3", "2. 解方程 x²-5x+6=0"], size=24), "JPEG", quality=85)


async def _never(_: bytes) -> Any:
    raise AssertionError("the local reading was used although the vision model answered")


async def test_the_photo_goes_to_ernie_vl_and_its_latex_comes_back_to_check(
    registry: Callable[..., Registry], emulator_factory: Callable[..., str]
) -> None:
    key = _key()
    url = emulator_factory(scenario=SCENARIO, bearer_token=key, models=(VL,))
    reg = registry(QIANFAN_BEARER_TOKEN=key, QIANFAN_CONSOLE_API_BASE_URL=url, ZUOYE_VISION_MODEL=VL)
    assert Settings.load().vision_model == VL
    reading = await read_photo(_photo(), local=_never, model=reg.get(Settings.load().vision_model))
    assert isinstance(reading, Reading)
    assert (reading.source, reading.model, reading.doubts) == ("vision", VL, ())
    assert reading.text == LATEX  # the code fence the model wrapped it in is gone
    assert reading.questions == ("计算 $\\frac{1}{2}+\\frac{1}{3}$", "解方程 $x^{2}-5x+6=0$")


async def test_an_openai_compatible_vision_model(
    registry: Callable[..., Registry], emulator_factory: Callable[..., str]
) -> None:
    url = emulator_factory(scenario=SCENARIO, models=("qwen2.5-vl-7b",))
    reg = registry(ZUOYE_OPENAI_BASE_URL=f"{url}/v1", ZUOYE_OPENAI_MODELS="qwen2.5-vl-7b")
    reading = await transcribe(reg.get("openai/qwen2.5-vl-7b"), _photo())
    assert (reading.source, reading.model) == ("vision", "openai/qwen2.5-vl-7b")
    assert len(reading.questions) == 2


async def test_what_the_model_could_not_read_is_a_doubt(
    registry: Callable[..., Registry], emulator_factory: Callable[..., str]
) -> None:
    key = _key()
    scenario = {"rules": [{"match": r"\[image\]", "reply": {"result": "计算 $\\frac{1}{[?]}+2$"}}]}
    url = emulator_factory(scenario=scenario, bearer_token=key, models=(VL,))
    reg = registry(QIANFAN_BEARER_TOKEN=key, QIANFAN_CONSOLE_API_BASE_URL=url)
    reading = await transcribe(reg.get(VL), _photo())
    assert reading.text == "计算 $\\frac{1}{[?]}+2$"
    [doubt] = reading.doubts
    assert doubt.startswith("视觉模型有看不清的地方") and "[?]" in doubt


async def test_when_the_model_cannot_be_reached_the_local_reading_stands_in_and_says_so(
    registry: Callable[..., Registry],
) -> None:
    reg = registry(QIANFAN_BEARER_TOKEN=_key(), QIANFAN_CONSOLE_API_BASE_URL="http://127.0.0.1:9")
    local_result = SimpleNamespace(
        text="计算 (1)/(2)", questions=("计算 (1)/(2)",), doubts=(), elapsed_ms=5.0
    )

    async def local(_: bytes) -> Any:
        return local_result

    reading = await read_photo(_photo(), local=local, model=reg.get(VL))
    assert (reading.source, reading.text) == ("ocr", "计算 (1)/(2)")
    [note] = reading.doubts
    assert note.startswith(f"视觉模型 {VL} 没能读这张照片") and "这是本机识别的结果" in note
    assert _key() not in note


async def test_a_file_that_is_not_a_photo_is_refused_before_anything_is_sent(
    registry: Callable[..., Registry],
) -> None:
    reg = registry(QIANFAN_BEARER_TOKEN=_key(), QIANFAN_CONSOLE_API_BASE_URL="http://127.0.0.1:9")
    with pytest.raises(UnsupportedImageTypeError):
        await transcribe(reg.get(VL), b"%PDF-1.7 a worksheet")


async def test_the_emulator_checks_image_parts(emulator: str) -> None:
    async def post(part: dict[str, Any]) -> httpx.Response:
        body = {
            "model": "ernie-4.0-8k",
            "messages": [{"role": "user", "content": [{"type": "text", "text": "读题"}, part]}],
        }
        async with httpx.AsyncClient() as client:
            return await client.post(
                f"{emulator}/v2/chat/completions", json=body, headers={"Authorization": f"Bearer {_key()}"}
            )

    good = "data:image/png;base64," + base64.b64encode(_photo()).decode()
    assert (await post({"type": "image_url", "image_url": {"url": good}})).status_code == 200
    for bad in ({"type": "image_url", "image_url": {"url": "file:///etc/passwd"}}, {"type": "image_url"}):
        r = await post(bad)
        assert r.status_code == 400, r.text
        assert "image_url" in json.dumps(r.json())
