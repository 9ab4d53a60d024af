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
from zuoye.messages import say
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
        raise InputError(say("batch.cannot_read", path=path, reason=exc.strerror)) from None
    text = decode(raw, path)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        rows = _jsonl_rows(text)
    elif suffix in (".csv", ".tsv"):
        rows = _csv_rows(text, delimiter="\t" if suffix == ".tsv" else ",")
    else:
        raise InputError(say("batch.unknown_format", path=path, suffix=suffix or say("batch.no_suffix")))
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
            bad.append(BadLine(line, say("batch.line.duplicate_id", id=repr(item.id))))
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
    raise InputError(say("batch.not_text", path=path))


def _jsonl_rows(text: str) -> Iterator[tuple[int, dict[str, object] | str]]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, say("batch.line.bad_json", error=exc.msg, column=exc.colno)
            continue
        if not isinstance(row, dict):
            yield n, say("batch.line.not_object")
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
            raise InputError(say("batch.two_columns", field=field, header=", ".join(reader.fieldnames or [])))
        fields.append(field)
    if "question" not in fields:
        raise InputError(say("batch.no_question_column"))
    reader.fieldnames = fields
    for row in reader:
        if None in row:
            yield reader.line_num, say("batch.line.too_many_fields")
            continue
        yield reader.line_num, dict(row)


def _item(row: dict[str, object], line: int) -> Item:
    question = row.get("question", row.get("q"))
    if not isinstance(question, str) or not question.strip():
        raise ValueError(say("batch.line.no_question"))
    if len(question) > MAX_QUESTION_CHARS:
        raise ValueError(say("batch.line.too_long", length=len(question), limit=MAX_QUESTION_CHARS))
    raw_id = row.get("id")
    if raw_id in (None, ""):
        item_id = stable_id(question)
    elif isinstance(raw_id, str | int) and not isinstance(raw_id, bool):
        item_id = str(raw_id).strip()
    else:
        raise ValueError(say("batch.line.bad_id"))
    grade = row.get("grade") or None
    if isinstance(grade, str):
        grade = GRADE_ALIASES.get(grade.strip(), grade.strip()) or None
    if grade is not None and grade not in GRADES:
        raise ValueError(say("batch.line.bad_grade", grade=grade, allowed=", ".join(GRADES)))
    mode = row.get("mode") or None
    if mode is not None:
        mode = parse_mode(str(mode))
    return Item(item_id, question.strip(), grade if isinstance(grade, str) else None, mode, line)
