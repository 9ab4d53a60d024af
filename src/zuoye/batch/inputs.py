"""Reading a worksheet: JSONL lines `{"id", "question", "grade"?, "mode"?}` or CSV with a header.

Teachers make worksheets in Excel, so a CSV is read as Excel on a Chinese Windows writes it: headers
in Chinese (题号, 题目 or 问题, 年级, 模式) or English, in UTF-8 (with or without the BOM Excel's
"CSV UTF-8" puts first), GB18030/GBK (plain "CSV", the ANSI code page 936) or UTF-16 with a BOM.
A line without an id gets a stable one derived from its content, so a re-run matches it again.
A malformed line is reported with its line number and skipped; it never stops the batch.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from zuoye.errors import ZuoyeError
from zuoye.tutor.modes import parse_mode
from zuoye.vocabulary import GRADES

MAX_QUESTION_CHARS = 8000

# Column headings (and JSONL keys) → the field they fill; English ones compared case-insensitively.
HEADINGS: dict[str, str] = {
    "id": "id",
    "题号": "id",
    "编号": "id",
    "序号": "id",
    "question": "question",
    "q": "question",
    "题目": "question",
    "问题": "question",
    "题干": "question",
    "grade": "grade",
    "年级": "grade",
    "学段": "grade",
    "mode": "mode",
    "模式": "mode",
}
# A 年级 column says 八年级 or 高一 more often than 初中: each school year → its stage.
_YEARS = {
    "小学": ("一年级", "二年级", "三年级", "四年级", "五年级", "六年级"),
    "初中": ("七年级", "八年级", "九年级", "初一", "初二", "初三", "预备"),
    "高中": ("高一", "高二", "高三"),
    "大学": ("大一", "大二", "大三", "大四", "本科", "研究生"),
}
GRADE_ALIASES: dict[str, str] = {year: stage for stage, years in _YEARS.items() for year in years}


@dataclass(frozen=True)
class Item:
    id: str
    question: str
    grade: str | None = None
    mode: str | None = None
    line: int = 0


@dataclass(frozen=True)
class BadLine:
    line: int
    reason: str


class InputError(ZuoyeError, ValueError):
    """The worksheet as a whole cannot be read (missing file, unknown format, no header)."""

    kind = "input"
    code = "worksheet"


def stable_id(question: str) -> str:
    return "q-" + hashlib.sha256(" ".join(question.split()).encode()).hexdigest()[:12]


def read_items(path: Path) -> tuple[list[Item], list[BadLine]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"无法读取作业单 {path}：{exc.strerror} / cannot read {path}: {exc.strerror}"
        ) from None
    text = decode(raw, path)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        rows = _jsonl_rows(text)
    elif suffix in (".csv", ".tsv"):
        rows = _csv_rows(text, delimiter="\t" if suffix == ".tsv" else ",")
    else:
        raise InputError(
            f"不认识的作业单格式 {suffix or '（无扩展名）'}：请用 .csv（Excel 可另存为）或 .jsonl。 / "
            f"{path}: unknown input format {suffix or '(none)'}; use .csv or .jsonl"
        )
    items: list[Item] = []
    bad: list[BadLine] = []
    seen: set[str] = set()
    for line, row in rows:
        if isinstance(row, str):
            bad.append(BadLine(line, row))
            continue
        try:
            item = _item(row, line)
        except ValueError as exc:
            bad.append(BadLine(line, str(exc)))
            continue
        if item.id in seen:
            bad.append(BadLine(line, f"duplicate id {item.id!r} (first use kept)"))
            continue
        seen.add(item.id)
        items.append(item)
    return items, bad


def decode(raw: bytes, path: Path) -> str:
    """The worksheet's text, in whichever encoding Excel or an editor wrote it.

    UTF-16 only with its BOM (Excel's "Unicode text"); else UTF-8, its BOM dropped; else GB18030,
    which reads GBK and GB2312 too (Excel's plain "CSV" on a Chinese Windows). UTF-8 goes first:
    Chinese text in GBK is almost never valid UTF-8, while any UTF-8 file would decode as GB18030
    into nonsense.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(
        f"{path} 不是可读的文本（试过 UTF-8、GB18030/GBK）：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”。 / "
        f"{path} is not UTF-8 or GB18030 text: in Excel, save it as CSV UTF-8"
    )


def _jsonl_rows(text: str) -> Iterator[tuple[int, dict[str, object] | str]]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, f"not valid JSON ({exc.msg} at column {exc.colno})"
            continue
        if not isinstance(row, dict):
            yield n, 'each line must be a JSON object like {"question": "…"}'
            continue
        yield n, {HEADINGS.get(_heading(str(k)), str(k)): v for k, v in row.items()}


def _heading(name: str) -> str:
    return name.strip().strip("\ufeff").strip().lower()


def _csv_rows(text: str, *, delimiter: str) -> Iterator[tuple[int, dict[str, object] | str]]:
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    fields: list[str] = []
    for name in reader.fieldnames or []:
        field = HEADINGS.get(_heading(name), name.strip())
        if field in HEADINGS.values() and field in fields:
            raise InputError(
                f"表头里有两列都是“{field}”（{', '.join(reader.fieldnames or [])}）：请删掉或改名其中一列。 / "
                f"two columns of the header mean `{field}`; remove or rename one"
            )
        fields.append(field)
    if "question" not in fields:
        raise InputError(
            "CSV 作业单的第一行要是表头，并有一列题目：题目（或 问题、question），可选 题号、年级、模式。 / "
            "a CSV worksheet needs a header row with a `question` (题目) column (and optionally id, grade, mode)"
        )
    reader.fieldnames = fields
    for row in reader:
        if None in row:
            yield reader.line_num, "more fields than the header has (quote questions that contain commas)"
            continue
        yield reader.line_num, dict(row)


def _item(row: dict[str, object], line: int) -> Item:
    question = row.get("question", row.get("q"))
    if not isinstance(question, str) or not question.strip():
        raise ValueError("no `question` (a non-empty string)")
    if len(question) > MAX_QUESTION_CHARS:
        raise ValueError(f"question is {len(question)} characters; the limit is {MAX_QUESTION_CHARS}")
    raw_id = row.get("id")
    if raw_id in (None, ""):
        item_id = stable_id(question)
    elif isinstance(raw_id, str | int) and not isinstance(raw_id, bool):
        item_id = str(raw_id).strip()
    else:
        raise ValueError("`id` must be a string or a number")
    grade = row.get("grade") or None
    if isinstance(grade, str):
        grade = GRADE_ALIASES.get(grade.strip(), grade.strip()) or None
    if grade is not None and grade not in GRADES:
        raise ValueError(f"grade {grade!r} is not one of {', '.join(GRADES)}")
    mode = row.get("mode") or None
    if mode is not None:
        mode = parse_mode(str(mode))
    return Item(item_id, question.strip(), grade if isinstance(grade, str) else None, mode, line)
