"""`zuoye batch` on a worksheet saved by Excel on a Chinese Windows: plain "CSV" is GB18030/GBK,
with Chinese headings and CRLF line ends. (Every encoding and heading: tests/batch/test_worksheet_files.py.)"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.batch.test_worksheet_files import excel_csv
from tests.cli.conftest import Run


def test_zuoye_batch_answers_a_gb18030_worksheet_offline(zuoye: Callable[..., Run], tmp_path: Path) -> None:
    sheet = tmp_path / "作业单.csv"
    rows = [("1", "解方程 4x - 7 = 9", "七年级", ""), ("2", "计算 1/2 + 1/3", "", "")]
    sheet.write_bytes(excel_csv(rows, ("题号", "题目", "年级", "模式")).encode("gb18030"))
    out = tmp_path / "答案.jsonl"
    r = zuoye("batch", str(sheet), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    records = {rec["id"]: rec for rec in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(records) == {"1", "2"}
    assert records["1"]["question"] == "解方程 4x - 7 = 9"
    assert "x=4" in str(records["1"]["answer"]).replace(" ", "")
