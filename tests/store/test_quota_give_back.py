"""Store.give_back and the sweep (close_abandoned_turns) give a turn's quota question back only if
its answer failed before any text, only if the turn took one, and once."""

from __future__ import annotations

from datetime import timedelta

from zuoye.store import Store
from zuoye.store.quota import Quotas, quota_day
from zuoye.store.tables import utcnow

LEASE = timedelta(seconds=30)


def _asked(store: Store, *, user_id: str = "kid", took: bool = True) -> int:
    """A question taken from today's quota (when `took`) and its pending turn, as a server starts them."""
    day = quota_day()
    if took:
        assert Quotas(store).take(user_id=user_id, day=day, limit=0) is not None
    turn = store.start_conversation(
        user_id=user_id,
        question="问题",
        model="m",
        grade="初中",
        mode="讲解",
        quota_day=day if took else None,
    )
    return turn.id


def _sweep(store: Store) -> list[int]:
    return store.close_abandoned_turns(lease=LEASE, now=utcnow() + 3 * LEASE)


def test_a_turn_with_text_keeps_its_question(store: Store) -> None:
    silent, spoke = _asked(store), _asked(store)
    assert store.save_progress(turn_id=spoke, answer="第一句。", alive_until=utcnow())
    assert Quotas(store).used(user_id="kid", day=quota_day()) == 2
    assert sorted(_sweep(store)) == sorted([silent, spoke])
    statuses = {t: store.get_turn(turn_id=t).status for t in (silent, spoke)}  # type: ignore[union-attr]
    assert statuses == {silent: "failed", spoke: "incomplete"}
    assert Quotas(store).used(user_id="kid", day=quota_day()) == 1  # the silent one's, given back
    assert store.give_back(turn_id=spoke) is False


def test_a_turn_that_took_no_question_gives_none_back(store: Store) -> None:
    # a question the CLI or a worksheet asked: the day's count is the web's questions only
    Quotas(store).take(user_id="kid", day=quota_day(), limit=0)
    _asked(store, took=False)
    assert len(_sweep(store)) == 1
    assert Quotas(store).used(user_id="kid", day=quota_day()) == 1


def test_given_back_once_whoever_comes_first(store: Store) -> None:
    turns = [_asked(store) for _ in range(3)]
    assert Quotas(store).used(user_id="kid", day=quota_day()) == 3
    assert store.give_back(turn_id=turns[0]) is False  # still pending: it may yet be answered
    assert sorted(_sweep(store)) == sorted(turns)
    assert Quotas(store).used(user_id="kid", day=quota_day()) == 0
    assert [store.give_back(turn_id=t) for t in turns] == [False] * 3
    store.close_turns(turn_ids=turns)  # zuoye batch closing them again: nothing more
    assert Quotas(store).used(user_id="kid", day=quota_day()) == 0
    # another question taken today is not given back by the old turns
    _asked(store, user_id="kid")
    assert [store.give_back(turn_id=t) for t in turns] == [False] * 3
    assert Quotas(store).used(user_id="kid", day=quota_day()) == 1
