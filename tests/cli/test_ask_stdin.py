"""`zuoye ask -` reads the question from standard input, as a pipe gives it: bytes that are not UTF-8
text (a photo piped by mistake) are refused as such, with what to do; a BOM is not part of the
question. They used to be refused as a "control character U+DCxx", which helped nobody."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

ZUOYE = [sys.executable, "-c", "from zuoye.cli import main; main()"]
JPEG_START = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xdb"


def pipe(*args: str, data: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*ZUOYE, "ask", *args], input=data, capture_output=True, timeout=60, check=False)


@pytest.mark.usefixtures("cli_env")
def test_a_photo_piped_in_is_not_text() -> None:
    r = pipe("-", data=JPEG_START * 50)
    assert r.returncode == 2
    said = r.stderr.decode()
    assert "标准输入不是 UTF-8 文本" in said and "--image" in said and "U+DC" not in said
    failed = json.loads(pipe("--json", "-", data=JPEG_START).stdout)  # the same object as ever
    assert failed["error"]["kind"] == "input" and "--image" in failed["error"]["message"]


@pytest.mark.usefixtures("cli_env")
def test_a_question_piped_in_with_a_bom() -> None:
    r = pipe("--json", "-", data="\ufeff解方程 2x=4\n".encode())
    assert r.returncode == 0, r.stderr.decode()
    answer = json.loads(r.stdout)
    assert answer["question"] == "解方程 2x=4" and "x = 2" in answer["answer"].replace("$", "")
