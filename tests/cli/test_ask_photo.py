"""`zuoye ask --image`: what was read is shown before anything is asked; a photo of several
questions asks which one (or takes --pick N); at a terminal the reading is confirmed or corrected;
without one, a reading with doubts is not asked at all."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import ImageDraw

from tests.cli.conftest import Run
from tests.ocr._images import encode
from tests.ocr._maths import TUNING, Frac, draw
from zuoye.cli import ask as ask_command
from zuoye.ocr import _ink

pytest.importorskip("rapidocr_onnxruntime", reason="needs the ocr extra: pip install -e '.[ocr]'")


@pytest.fixture
def page_of_four(tmp_path: Path) -> Path:
    img, _ = draw(TUNING[6])  # 1. 计算 2×3+4  2. 解方程 2x+3=7  3. 计算 5²-10  4. 分解质因数 22
    path = tmp_path / "作业.jpg"
    path.write_bytes(encode(img, "JPEG", quality=90))
    return path


def test_a_page_of_questions_is_not_asked_whole(zuoye: Callable[..., Run], page_of_four: Path) -> None:
    r = zuoye("ask", "--image", str(page_of_four))
    assert r.exit_code == 2
    assert "照片里有 4 道题，请用 --pick N 选一道" in r.stderr
    assert "2. 解方程2x+3=7" in r.stderr.replace(" 2x", "2x")
    assert r.stdout == ""  # nothing was asked


def test_pick_asks_only_that_question(zuoye: Callable[..., Run], page_of_four: Path) -> None:
    r = zuoye("ask", "--image", str(page_of_four), "--pick", "2", "--json")
    assert r.exit_code == 0, r.stderr
    assert "".join(r.json()["question"].split()) == "解方程2x+3=7"
    assert "x = 2" in r.json()["answer"] or "x=2" in r.json()["answer"].replace(" ", "")
    r = zuoye("ask", "--image", str(page_of_four), "--pick", "5")
    assert r.exit_code == 2 and "只有 4 道题" in r.stderr


def test_at_a_terminal_it_asks_which_one_and_for_confirmation(
    zuoye: Callable[..., Run], page_of_four: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ask_command, "_interactive", lambda: True)
    # pick the 3rd, then correct what was read before it is asked
    r = zuoye("ask", "--image", str(page_of_four), "--json", input="3\n计算 5^2-11\n")
    assert r.exit_code == 0, r.stderr
    assert "问哪一道" in r.stderr and "按回车确认" in r.stderr
    assert _answer(r)["question"] == "计算 5^2-11"
    # Enter keeps what was read
    r = zuoye("ask", "--image", str(page_of_four), "--pick", "4", "--json", input="\n")
    assert "".join(_answer(r)["question"].split()) == "分解质因数22"


def _answer(r: Run) -> Any:
    """The JSON answer: the last line (the test runner echoes what was typed, as a terminal does)."""
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_a_reading_with_doubts_is_not_asked_without_a_person_to_check_it(
    zuoye: Callable[..., Run], tmp_path: Path
) -> None:
    img, _ = draw([["计算 ", Frac("1", "2"), "+", Frac("1", "3")]])
    bars = _ink.bars(_ink.ink(np.asarray(img)[:, :, ::-1].copy(), 40), 30)
    lost = max(bars, key=lambda b: b.bar.x0).den  # the second denominator: out of the photo
    ImageDraw.Draw(img).rectangle((lost.x0 - 4, lost.y0 - 2, lost.x1 + 4, img.height), fill="white")
    photo = tmp_path / "cut.png"
    photo.write_bytes(encode(img))
    r = zuoye("ask", "--image", str(photo))
    assert r.exit_code == 2
    assert "请核对：" in r.stderr and "没有提问" in r.stderr
    assert r.stdout == ""


def test_a_vision_model_reads_the_photo(
    zuoye: Callable[..., Run],
    online: Callable[[str], None],
    emulator_factory: Callable[..., str],
    page_of_four: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    latex = "1. 计算 $2\\times 3+4$\n2. 解方程 $2x+3=7$"
    scenario = {"rules": [{"match": r"\[image\]", "reply": {"result": latex}}]}
    online(emulator_factory(scenario=scenario, models=("ernie-4.5-vl-28b-a3b",)))
    monkeypatch.setenv("ZUOYE_VISION_MODEL", "ernie-4.5-vl-28b-a3b")
    r = zuoye("ask", "--image", str(page_of_four), "--pick", "2", "--json")
    assert r.exit_code == 0, r.stderr
    assert "ernie-4.5-vl-28b-a3b 读题" in r.stderr and latex in r.stderr
    assert r.json()["question"] == "解方程 $2x+3=7$"


def test_at_a_terminal_a_pick_that_is_not_a_question_number_is_said_and_asked_again(
    zuoye: Callable[..., Run], page_of_four: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Click's own check said "Error: Input should be a valid integer" in English, and re-asked a
    9 of 4 without a word."""
    monkeypatch.setattr(ask_command, "_interactive", lambda: True)
    r = zuoye("ask", "--image", str(page_of_four), "--json", input="第二题\n9\n２\n\n")  # ２: a full-width 2
    assert r.exit_code == 0, r.stderr
    assert "请输入 1 到 4 之间的题号（“第二题”不是）" in r.stderr
    assert "请输入 1 到 4 之间的题号（“9”不是）" in r.stderr
    assert "Error" not in r.stderr and "integer" not in r.stderr
    assert "".join(_answer(r)["question"].split()) == "解方程2x+3=7"
