"""Many threads of one process on one store: reads never wait for a writer, writes take turns."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from zuoye.store import Store, TurnUpdate


def test_reads_do_not_wait_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "zuoye.db"
    with Store(f"sqlite:///{path}") as store:
        cid = store.create_conversation(user_id="u", title="t", model="m", grade="初中", mode="讲解").id
        turn = store.start_turn(conversation_id=cid, question="q", mode="讲解", model="m")
        store.finish_turn(turn_id=turn.id, update_=TurnUpdate(answer="committed", status="complete"))
        # Another process is in the middle of a write: it holds SQLite's one writer lock.
        other = sqlite3.connect(path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE turns SET answer = 'not yet committed'")

            def read_everything() -> list[str]:
                got = store.get_turn(turn_id=turn.id)
                conv = store.get_conversation(conversation_id=cid, user_id="u")
                assert store.find_conversation(ref=cid[:6], user_id="u") is not None
                assert [c.id for c, _ in store.list_conversations(user_id="u")] == [cid]
                assert conv is not None and got is not None
                return [got.answer, conv.turns[0].answer, store.history(conversation_id=cid)[0].answer]

            # A read that queued for the writer would wait out the 30 s busy timeout.
            with ThreadPoolExecutor(1) as pool:
                assert pool.submit(read_everything).result(timeout=10) == ["committed"] * 3
        finally:
            other.execute("ROLLBACK")
            other.close()


def test_threads_writing_and_reading_at_once_lose_nothing(store: Store) -> None:
    def one_student(k: int) -> list[str]:
        cid = store.create_conversation(user_id=f"u{k}", title="t", model="m", grade="初中", mode="讲解").id
        for i in range(10):
            t = store.start_turn(conversation_id=cid, question=f"{k}-{i}", mode="讲解", model="m")
            assert [h.answer for h in store.history(conversation_id=cid, before_turn_id=t.id)] == [
                f"{k}-{j}" for j in range(i)
            ]
            store.finish_turn(turn_id=t.id, update_=TurnUpdate(answer=f"{k}-{i}", status="complete"))
        conv = store.get_conversation(conversation_id=cid, user_id=f"u{k}")
        assert conv is not None
        return [t.answer for t in conv.turns]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one_student, range(8)))
    assert results == [[f"{k}-{i}" for i in range(10)] for k in range(8)]
