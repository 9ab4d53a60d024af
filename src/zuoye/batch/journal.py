"""The batch's durable record: one JSON line per finished question, appended and flushed as it
completes, so Ctrl-C or `kill -9` loses nothing finished and a re-run skips what is done.

For a JSONL OUTPUT the journal *is* the output. For CSV/Markdown/HTML outputs the journal is a
sidecar (`.NAME.journal.jsonl`) and the report is rendered from it, atomically, at the end.

Beside it, the in-flight file (`.JOURNAL.turns`) links each question being answered to the
conversation it is about to be stored in (written before it is stored) and then to its turn
(written when the turn starts). After a kill -9 the next run reads it: an answer that was stored
but not yet journaled is journaled from the store instead of paid for again, and a turn left
pending in those conversations is closed at once (this run holds the journal's lock, so the run
that wrote it is gone). The output itself never holds these links.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from zuoye.errors import ZuoyeError
from zuoye.messages import say

RECORD_KEYS = ("id", "question", "basis", "answer", "checks", "usage", "model", "status", "error")


def answers(record: dict[str, Any] | None, question: str, basis: Mapping[str, str] | None) -> bool:
    """Whether `record` is an answer to `question` asked on `basis` (`Tutor.answer_basis`: the
    model, mode, grade, help level and system prompt). Only then is it reused, by a resume or from
    another format's journal: the same worksheet run again with another grade or mode is answered
    again. A record without a basis (written before zuoye kept one) answers nothing, since what it
    was asked with is unknown; nor does anything answer a question whose basis cannot be made (a
    grade that is not one: asked, it fails saying so)."""
    return (
        record is not None
        and basis is not None
        and record.get("status") == "answered"
        and record.get("question") == question
        and record.get("basis") == dict(basis)
    )


class JournalError(ZuoyeError, RuntimeError):
    """The answers file cannot be used (another run holds it, or it is not a journal)."""

    kind = "input"
    code = "journal"


def journal_path(output: Path) -> Path:
    if output.suffix.lower() in (".jsonl", ".ndjson"):
        return output
    return output.with_name(f".{output.name}.journal.jsonl")


MAX_SIBLING_BYTES = 64 * 1024 * 1024


def sibling_journals(output: Path) -> list[Path]:
    """The other batch journals beside `output`: answers already paid for, perhaps of this very
    worksheet written to another format or version (report.jsonl, then report.html, then
    sheet.html --version student). Those of the same name come first. Only answered records of the
    same id, question and basis are taken (`Journal.adopt`, `answers`): another worksheet's file
    gives only answers to the very same questions asked the same way, and the worksheet itself (it
    has no answers) nothing."""
    own = journal_path(output).resolve()
    folder = output.parent
    try:
        found = [*folder.glob("*.jsonl"), *folder.glob("*.ndjson")]  # pathlib's * matches .NAME too
    except OSError:
        return []
    ordered = sorted(dict.fromkeys(found), key=lambda p: (output_of(p).stem != output.stem, p.name))
    return [p for p in ordered if p.resolve() != own and p.is_file() and _small(p)]


def _small(path: Path) -> bool:
    # A journal of 2,000 answers is a few MB; a larger .jsonl beside the output is something else
    # (a data set), not worth reading before every run.
    try:
        return path.stat().st_size <= MAX_SIBLING_BYTES
    except OSError:
        return False


def output_of(journal: Path) -> Path:
    """The output a journal belongs to: itself for JSONL, NAME for the sidecar .NAME.journal.jsonl."""
    name = journal.name
    if name.startswith(".") and name.endswith(".journal.jsonl"):
        return journal.with_name(name[1 : -len(".journal.jsonl")])
    return journal


def read_records(path: Path) -> dict[str, dict[str, Any]]:
    """A journal's records by id (the last of an id), read without its lock: a line still being
    written, or one that is not a record, is left out."""
    records: dict[str, dict[str, Any]] = {}
    try:
        data = path.read_bytes()
    except OSError:
        return records
    for line in data.splitlines(keepends=True):
        if not line.endswith(b"\n"):
            break
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and "id" in record:
            records[str(record["id"])] = record
    return records


def links_path(journal: Path) -> Path:
    name = journal.name if journal.name.startswith(".") else f".{journal.name}"
    return journal.with_name(f"{name}.turns")


def _read_links(file: Any) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The turn links (question id → the last {"id", "question", "turn_id"} of the id) and the
    conversations questions were about to be stored in."""
    file.seek(0)
    links: dict[str, dict[str, Any]] = {}
    conversations: list[str] = []
    for line in file.read().splitlines(keepends=True):
        if not line.endswith(b"\n"):
            break  # cut by a kill: that question's turn, if any, is closed by the lease sweep
        try:
            link = json.loads(line)
        except ValueError:
            continue
        if not isinstance(link, dict) or "id" not in link:
            continue
        if isinstance(link.get("turn_id"), int):
            links[str(link["id"])] = link
        elif isinstance(link.get("conversation_id"), str):
            conversations.append(link["conversation_id"])
    file.seek(0, os.SEEK_END)
    return links, conversations


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
            raise JournalError(say("batch.journal_locked", path=path)) from None
        self.records: dict[str, dict[str, Any]] = {}
        self._load()
        self._links_file = open(links_path(path), "a+b")  # noqa: SIM115 - held open like the journal
        # The previous run's links (question id → {"question", "turn_id"}, the last one of an id)
        # and the conversations its questions were stored in (or about to be).
        self.links, self.conversations = _read_links(self._links_file)

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

    def done(self, item_id: str, question: str, basis: Mapping[str, str] | None) -> bool:
        return answers(self.records.get(item_id), question, basis)

    def adopt(
        self, items: Sequence[tuple[str, str, Mapping[str, str] | None]], others: list[Path]
    ) -> dict[Path, int]:
        """Journal here the answers that `others` (the same worksheet in other formats or versions)
        already hold for these (id, question, basis) not done here, by the rule a resume uses
        (`answers`). How many came from each."""
        taken: dict[Path, int] = {}
        for other in others:
            records = read_records(other)
            for item_id, question, basis in items:
                record = records.get(item_id)
                if not self.done(item_id, question, basis) and answers(record, question, basis):
                    assert record is not None
                    self.append({k: record.get(k) for k in RECORD_KEYS})
                    taken[other] = taken.get(other, 0) + 1
        return taken

    def append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        self._file.write(line.encode())
        self._file.flush()
        os.fsync(self._file.fileno())
        self.records[str(record["id"])] = record

    def asking(self, item_id: str, conversation_id: str) -> None:
        """The question is about to be stored in this new conversation: a kill before its turn is
        linked still leaves the next run the conversation to look in."""
        self._link({"id": item_id, "conversation_id": conversation_id})

    def started(self, item_id: str, question: str, turn_id: int) -> None:
        """The question's answer is being written in this turn."""
        self._link({"id": item_id, "question": question, "turn_id": turn_id})

    def _link(self, link: dict[str, Any]) -> None:
        # Flushed, not fsynced: what it guards against is the process dying (the kernel keeps the
        # write), not the machine.
        self._links_file.write(json.dumps(link, ensure_ascii=False).encode() + b"\n")
        self._links_file.flush()

    def forget_links(self) -> None:
        """The previous run's links are dealt with (journaled or closed): start the file afresh."""
        self._links_file.truncate(0)
        self._links_file.seek(0)
        self.links, self.conversations = {}, []

    def close(self) -> None:
        self._links_file.close()
        self._file.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
