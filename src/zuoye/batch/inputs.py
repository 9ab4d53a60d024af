"""Reading a worksheet: JSONL lines `{"id", "question", "grade"?, "mode"?}` or CSV with a header.

A line without an id gets a stable one derived from its content, so a re-run matches it again.
A malformed line is reported with its line number and skipped; it never stops the batch.
"""

from __future__ import annotations

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
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text; save it as UTF-8 (Excel: CSV UTF-8)") from None
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        rows = _jsonl_rows(text)
    elif suffix in (".csv", ".tsv"):
        rows = _csv_rows(text, delimiter="\t" if suffix == ".tsv" else ",")
    else:
        raise InputError(f"{path}: unknown input format {suffix or '(none)'}; use .jsonl or .csv")
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


def _jsonl_rows(text: str) -> Iterator[tuple[int, dict[str, object] | str]]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, f"not valid JSON ({exc.msg} at column {exc.colno})"
            continue
        yield n, row if isinstance(row, dict) else 'each line must be a JSON object like {"question": "…"}'


def _csv_rows(text: str, *, delimiter: str) -> Iterator[tuple[int, dict[str, object] | str]]:
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if not reader.fieldnames or "question" not in [f.strip() for f in reader.fieldnames]:
        raise InputError(
            "a CSV worksheet needs a header row with a `question` column (and optionally id, grade, mode)"
        )
    reader.fieldnames = [f.strip() for f in reader.fieldnames]
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
    if grade is not None and grade not in GRADES:
        raise ValueError(f"grade {grade!r} is not one of {', '.join(GRADES)}")
    mode = row.get("mode") or None
    if mode is not None:
        mode = parse_mode(str(mode))
    return Item(item_id, question.strip(), grade if isinstance(grade, str) else None, mode, line)
