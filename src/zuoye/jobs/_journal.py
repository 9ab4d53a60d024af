"""The journal of a worksheet job, kept in the database so that any worker can resume the job.

It is the file journal of `zuoye batch` (`zuoye.batch.journal.Journal`) with the same meaning,
row by row in `worksheet_items`: a question's final record, and while its answer is written the
conversation it is stored in (recorded before it is) and the turn it is written in. Each write is
committed before the run goes on, as the file journal is flushed: a worker killed -9 between two
questions, or in the middle of one, leaves the next worker everything it needs to pay for no
answer twice (`zuoye.batch.runner._recover`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zuoye.batch.journal import answers
from zuoye.store.worksheets import Worksheets


class DbJournal:
    def __init__(self, worksheets: Worksheets, job_id: str) -> None:
        self.worksheets = worksheets
        self.job_id = job_id
        self.records: dict[str, dict[str, Any]] = {}
        self.links: dict[str, dict[str, Any]] = {}
        self.conversations: list[str] = []
        for row in worksheets.items(job_id=job_id):
            if row.conversation_id is not None:
                self.conversations.append(row.conversation_id)
            if row.record is not None:
                self.records[row.item_id] = dict(row.record)
            if row.turn_id is not None:
                self.links[row.item_id] = {
                    "id": row.item_id,
                    "question": row.question,
                    "turn_id": row.turn_id,
                }

    def done(self, item_id: str, question: str, basis: Mapping[str, str] | None) -> bool:
        # The rule of the file journal: a worker resuming the job after the server's default
        # model, grade or mode changed answers again what was asked otherwise.
        return answers(self.records.get(item_id), question, basis)

    def append(self, record: dict[str, Any]) -> None:
        self.worksheets.record(job_id=self.job_id, item_id=str(record["id"]), record=record)
        self.records[str(record["id"])] = record

    def asking(self, item_id: str, conversation_id: str) -> None:
        self.worksheets.link_conversation(
            job_id=self.job_id, item_id=item_id, conversation_id=conversation_id
        )

    def started(self, item_id: str, question: str, turn_id: int) -> None:
        self.worksheets.link(job_id=self.job_id, item_id=item_id, turn_id=turn_id)

    def forget_links(self) -> None:
        self.worksheets.forget_links(job_id=self.job_id)
        self.links, self.conversations = {}, []
