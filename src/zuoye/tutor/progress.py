"""Saving an answer while it is written, and the turn's lease that says its writer is alive.

    deltas ─▶ note(answer) ─▶ at most one save per SAVE_EVERY seconds, one at a time, off the stream
    heartbeat task ─▶ a save every lease/3 seconds even when the model is silent (thinking, tools)
    each save: the partial answer + alive_until = now + lease     (Store.save_progress)

A kill -9 then loses at most the last second of text, and the turn's lease runs out: the sweep
(`Store.close_abandoned_turns`, run by `zuoye serve` and `zuoye batch`) closes it as interrupted.
Saves never hold up the stream: they run in a task of their own, and a save still due when one
is running waits for the next delta or heartbeat. Nothing is written per delta.

The saves of every answer a process writes go to the database together (`_Batch`): one
transaction for all that are due, not one each. With 250 answers streaming from one server on
PostgreSQL, a transaction per save was a third of the server's CPU (bench/bench_scale.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from datetime import datetime, timedelta

from zuoye.store import Store
from zuoye.store.tables import utcnow

log = logging.getLogger("zuoye.tutor")

# One write a second per answer being written: what a crash can lose, against what hundreds of
# concurrent answers cost SQLite's one writer (each save is one short UPDATE).
SAVE_EVERY = 1.0


class ProgressSaver:
    def __init__(self, store: Store, turn_id: int, *, lease_seconds: float) -> None:
        self.store = store
        self.turn_id = turn_id
        self.lease = timedelta(seconds=lease_seconds)
        self.renew_every = lease_seconds / 3
        self.save_every = SAVE_EVERY
        self._answer = ""
        self._saved_at = time.monotonic()  # the turn was written (with its lease) just now
        self._saving: asyncio.Future[None] | None = None
        self._heartbeat: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._heartbeat = asyncio.create_task(self._beat(), name=f"lease:{self.turn_id}")

    def note(self, answer: str) -> None:
        """The answer so far; saved if the last save is SAVE_EVERY old and none is running."""
        self._answer = answer
        if time.monotonic() - self._saved_at >= self.save_every:
            self._save()

    async def stop(self) -> None:
        """No more saves, and none still running: the final save must come after the last one
        (the caller shields this, as it does the final save)."""
        if self._heartbeat is not None:
            self._heartbeat.cancel()
        pending = [t for t in (self._heartbeat, self._saving) if t is not None]
        if pending:
            await asyncio.wait(pending)

    def _save(self) -> None:
        if self._saving is not None and not self._saving.done():
            return
        self._saved_at = time.monotonic()
        self._saving = _batch(self.store).save(self.turn_id, self._answer, utcnow() + self.lease)

    async def _beat(self) -> None:
        while True:
            wait = self.renew_every - (time.monotonic() - self._saved_at)
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            self._save()
            if self._saving is not None:
                await asyncio.wait([self._saving])  # renewed, or failed and logged: wait again


class _Batch:
    """The saves due of every answer this process writes to one store. While one transaction
    runs, the saves that come in wait and then go in the next one together: no added delay when
    the database keeps up, one transaction for hundreds of answers when it is busy."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._due: dict[int, tuple[str, datetime]] = {}
        self._done: asyncio.Future[None] | None = None  # of the transaction that will write `_due`
        self._writing: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def save(self, turn_id: int, answer: str, alive_until: datetime) -> asyncio.Future[None]:
        """Done when the save is written (or failed and logged: it loses a second of text)."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new event loop (the CLI runs one per question)
            self._loop, self._done, self._writing = loop, None, None
        self._due[turn_id] = (answer, alive_until)
        if self._done is None:
            self._done = loop.create_future()
        done = self._done
        if self._writing is None or self._writing.done():
            self._writing = asyncio.create_task(self._write(), name="save answers being written")
        return done

    async def _write(self) -> None:
        while self._due:
            due, self._due = self._due, {}
            done, self._done = self._done, None
            try:
                await self.store.call(self.store.save_progress_many, [(t, *s) for t, s in due.items()])
            except Exception as exc:  # a failed save loses one second of text, not the answer
                log.warning("could not save %d answer(s) being written: %s", len(due), exc)
            finally:
                if done is not None and not done.done():
                    done.set_result(None)


_batches: weakref.WeakKeyDictionary[Store, _Batch] = weakref.WeakKeyDictionary()


def _batch(store: Store) -> _Batch:
    batch = _batches.get(store)
    if batch is None:
        batch = _batches[store] = _Batch(store)
    return batch


async def sweep_abandoned_turns(store: Store, *, lease_seconds: float) -> None:
    """Close the turns whose writer died, now and then every half lease, until cancelled: a
    turn is closed at most 1.5 leases after its writer's last sign of life, by whichever
    process sweeps first (each sweep is one UPDATE of the expired turns, so racing is harmless)."""
    lease = timedelta(seconds=lease_seconds)
    while True:
        try:
            closed = await store.call(store.close_abandoned_turns, lease=lease)
        except Exception as exc:  # the database is away for a moment: sweep again next time
            log.warning("could not close abandoned answers: %s", exc)
        else:
            if closed:
                log.warning(
                    "closed %d answer(s) left unfinished by a process that stopped: turns %s",
                    len(closed),
                    ", ".join(map(str, closed)),
                )
        await asyncio.sleep(lease_seconds / 2)
