"""An uploaded worksheet → its questions, read exactly as `zuoye batch` reads a file.

The upload is checked before anything is stored: its size, its format (by the file's name, as
`zuoye batch` does), its encoding and header (`zuoye.batch.inputs`), and that it has questions.
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import asdict
from pathlib import Path, PurePath
from typing import Any

from zuoye.batch.inputs import BadLine, InputError, read_items
from zuoye.messages import say
from zuoye.text import check_text

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # a 2,000-question sheet in CSV is ~200 KB
MAX_QUESTIONS = 2000
FORMATS = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}


class UploadError(InputError):
    """The uploaded worksheet cannot be used; the message says what to change."""

    def __init__(self, message: str, *, status: int = 422, code: str = "worksheet") -> None:
        super().__init__(message)
        self.status = status
        self.code = code


def read_upload(filename: str, data: bytes) -> tuple[str, str, list[dict[str, Any]], list[dict[str, Any]]]:
    """(name, format, questions, unreadable lines) of an uploaded worksheet; UploadError if it
    cannot be used at all."""
    name = PurePath(filename.replace("\\", "/")).name.strip() or "worksheet"
    suffix = PurePath(name).suffix.lower()
    fmt = FORMATS.get(suffix)
    if fmt is None:
        raise UploadError(
            say("upload.unknown_format", suffix=suffix or say("upload.no_extension")),
            status=415,
            code="worksheet_format",
        )
    if not data.strip():
        raise UploadError(say("upload.empty"), code="worksheet_empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(
            say("upload.too_large", mb=MAX_UPLOAD_BYTES // 1024 // 1024),
            status=413,
            code="worksheet_too_large",
        )
    # read_items reads a path (and names it in its messages): the upload goes to a private
    # temporary file named like the original, so the messages name what the teacher uploaded.
    with tempfile.TemporaryDirectory(prefix="zuoye-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            items, bad = read_items(path)
        except InputError as exc:
            raise UploadError(str(exc).replace(str(path), name)) from None
        except csv.Error as exc:  # e.g. a quoted field never closed, swallowing the rest of the file
            raise UploadError(say("upload.bad_csv", reason=exc)) from None
    # A question with control characters would be refused when it is asked: say so now, by line.
    kept = []
    for it in items:
        try:
            check_text(it.question)
        except ValueError as exc:
            bad.append(BadLine(it.line, str(exc)))
            continue
        kept.append(it)
    items = kept
    bad.sort(key=lambda b: b.line)
    if not items:
        reasons = "; ".join(say("upload.line", line=b.line, reason=b.reason) for b in bad[:3])
        raise UploadError(
            say("upload.no_questions", reasons=say("upload.reasons", reasons=reasons) if reasons else ""),
            code="worksheet_empty",
        )
    if len(items) > MAX_QUESTIONS:
        raise UploadError(
            say("upload.too_many", count=len(items), max=MAX_QUESTIONS),
            status=413,
            code="worksheet_too_large",
        )
    rows = [asdict(it) for it in items]
    return name, fmt, rows, [{"line": b.line, "reason": b.reason} for b in bad[:100]]
