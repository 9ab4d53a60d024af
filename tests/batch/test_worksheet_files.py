"""Worksheets as a teacher makes them in Excel on a Chinese Windows: Chinese headings (题号, 题目 or
问题, 年级, 模式), CRLF line ends, and the encodings Excel writes — plain "CSV" (GB18030/GBK),
"CSV UTF-8" (with a BOM), "Unicode text" (UTF-16, tab-separated) — written here in those encodings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from zuoye.batch.inputs import InputError, read_items
from zuoye.messages import use_language

ROWS = [
    ("1", "解方程组 x+y=3，x-y=1", "初二", "讲解"),
    ("2", "一个长方形的长是 8 厘米，宽是 5 厘米，它的面积是多少？", "五年级", ""),
    ("3", "化简 (a+b)^2-(a-b)^2", "", "提示"),
]


def excel_csv(rows: list[tuple[str, ...]], heading: tuple[str, ...], *, delimiter: str = ",") -> str:
    lines = [delimiter.join(heading)]
    for row in rows:
        lines.append(delimiter.join(f'"{cell}"' if delimiter in cell else cell for cell in row))
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("gb18030", b""),  # Excel "CSV (逗号分隔)" on a Chinese Windows: code page 936
        ("gbk", b""),
        ("utf-8", b"\xef\xbb\xbf"),  # Excel "CSV UTF-8 (逗号分隔)"
        ("utf-8", b""),
    ],
)
@pytest.mark.parametrize("question_heading", ["题目", "问题"])
def test_excel_csv_with_chinese_headings_in_each_encoding(
    tmp_path: Path, encoding: str, bom: bytes, question_heading: str
) -> None:
    sheet = tmp_path / "作业单.csv"
    sheet.write_bytes(bom + excel_csv(ROWS, ("题号", question_heading, "年级", "模式")).encode(encoding))
    items, bad = read_items(sheet)
    assert bad == []
    assert [(i.id, i.question, i.grade, i.mode) for i in items] == [
        ("1", "解方程组 x+y=3，x-y=1", "初中", "讲解"),
        ("2", "一个长方形的长是 8 厘米，宽是 5 厘米，它的面积是多少？", "小学", None),
        ("3", "化简 (a+b)^2-(a-b)^2", None, "提示"),
    ]


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path: Path) -> None:
    sheet = tmp_path / "作业单.tsv"
    sheet.write_bytes(excel_csv(ROWS, ("题号", "题目", "年级", "模式"), delimiter="\t").encode("utf-16"))
    items, bad = read_items(sheet)
    assert bad == [] and [i.question for i in items] == [r[1] for r in ROWS]


def test_a_gb18030_only_character_survives(tmp_path: Path) -> None:
    # 𠀀 (U+20000) has no GBK code: only GB18030's four-byte form carries it
    sheet = tmp_path / "w.csv"
    sheet.write_bytes("题目\r\n“𠀀”字有几画？\r\n".encode("gb18030"))
    [item], _ = read_items(sheet)
    assert item.question == "“𠀀”字有几画？"


def test_english_headings_in_any_case_and_extra_columns_are_fine(tmp_path: Path) -> None:
    sheet = tmp_path / "w.csv"
    sheet.write_text("ID,Question,Grade,答案\n7,计算 6!,高中,720\n", encoding="utf-8")
    [item], bad = read_items(sheet)
    assert bad == [] and (item.id, item.question, item.grade) == ("7", "计算 6!", "高中")


def test_jsonl_may_use_the_chinese_keys_too(tmp_path: Path) -> None:
    sheet = tmp_path / "w.jsonl"
    sheet.write_text(json.dumps({"题号": "a", "题目": "计算 1/2+1/3", "年级": "初一"}, ensure_ascii=False))
    [item], _ = read_items(sheet)
    assert (item.id, item.question, item.grade) == ("a", "计算 1/2+1/3", "初中")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("题号,答案\r\n1,2\r\n".encode("gb18030"), "题目（或 问题、question）"),
        ("题号,题目,问题\r\n1,a,b\r\n".encode(), "两列都是“question”"),
        (b"\xff\xfe\x00", "CSV UTF-8"),  # a UTF-16 BOM, then half a character
        (b"\x80\x80\x80 \xff\xff", "GB18030"),  # neither UTF-8 nor GB18030
    ],
)
def test_what_cannot_be_read_is_said_in_chinese_first(tmp_path: Path, content: bytes, says: str) -> None:
    sheet = tmp_path / "w.csv"
    sheet.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_items(sheet)
    chinese = str(info.value)
    assert says in chinese
    assert re.search("[\u4e00-\u9fff]", chinese) and " / " not in chinese
    with use_language("en"), pytest.raises(InputError) as info:
        read_items(sheet)
    assert re.match("[A-Za-z/]", str(info.value))  # English when asked (which may name a Chinese heading)
