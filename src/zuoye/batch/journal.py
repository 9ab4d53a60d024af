"""The batch's durable record: one JSON line per finished question, appended and flushed as it
completes, so Ctrl-C or `kill -9` loses nothing finished and a re-run skips what is done.

For a JSONL OUTPUT the journal *is* the output. For CSV/Markdown/HTML outputs the journal is a
sidecar (`.NAME.journal.jsonl`) and the report is rendered from it, atomically, at the end.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path
from typing import Any

from zuoye.errors import ZuoyeError

RECORD_KEYS = ("id", "question", "answer", "checks", "usage", "model", "status", "error")


class JournalError(ZuoyeError, RuntimeError):
    """The answers file cannot be used (another run holds it, or it is not a journal)."""

    kind = "input"
    code = "journal"


def journal_path(output: Path) -> Path:
    if output.suffix.lower() in (".jsonl", ".ndjson"):
        return output
    return output.with_name(f".{output.name}.journal.jsonl")


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = open(path, "a+b")  # noqa: SIM115 - held open for the whole batch
        try:
            # Two batches appending to one file would interleave and duplicate answers.
            fcntl.flock(self._file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._file.close()
            raise JournalError(
                f"another `zuoye batch` is writing {path}; wait for it or choose another output"
            ) from None
        self.records: dict[str, dict[str, Any]] = {}
        self._load()

    def _load(self) -> None:
        self._file.seek(0)
        data = self._file.read()
        good_end = 0
        for line in data.splitlines(keepends=True):
            if not line.endswith(b"\n"):
                break  # a line cut by a kill: dropped, and truncated away below
            try:
                record = json.loads(line)
            except ValueError:
                break
            if isinstance(record, dict) and "id" in record:
                self.records[str(record["id"])] = record  # the last record of an id wins
            good_end += len(line)
        if good_end < len(data):
            self._file.truncate(good_end)
        self._file.seek(0, os.SEEK_END)

    def done(self, item_id: str, question: str) -> bool:
        record = self.records.get(item_id)
        return (
            record is not None and record.get("status") == "answered" and record.get("question") == question
        )

    def append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        self._file.write(line.encode())
        self._file.flush()
        os.fsync(self._file.fileno())
        self.records[str(record["id"])] = record

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
