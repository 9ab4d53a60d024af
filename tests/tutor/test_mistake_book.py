"""The 错题本 as a student meets it: entries from 批改 and 不一致, 再练一题 set and marked by the
solver, and the 1-3-7-14 day schedule, run on an injected clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.tutor.conftest import collect, finished
from tests.tutor.fakes import ScriptedModel
from zuoye.store import Store
from zuoye.tutor import schedule
from zuoye.tutor.book import EntryNotFound, MistakeBook, MistakeError
from zuoye.tutor.checkwork import review
from zuoye.tutor.events import Notice
from zuoye.tutor.mistakes import from_check, from_review, from_turn, problem_of

pytestmark = pytest.mark.anyio

WORKING = "解方程 2(x-1)=6\n2x-1=6\n2x=7\nx=3.5"
# 20:00 in Beijing (UTC+8) on 4 December, as the store keeps it (naive UTC).
START = datetime(2026, 12, 4, 12, 0)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def cst_midnight(day: int) -> datetime:
    """Midnight in Beijing on `day` December, in naive UTC."""
    return datetime(2026, 12, day) - timedelta(hours=8)


# -- the schedule ----------------------------------------------------------------------------
def test_correct_answers_while_due_walk_1_3_7_14_days_then_mastered() -> None:
    now, stage, due = START, 0, schedule.first_due(START)
    seen = []
    while due is not None:
        now = due  # answered the moment it comes back
        step = schedule.after_retry(stage=stage, due_at=due, correct=True, now=now)
        assert step.moved
        stage, due = step.stage, step.due_at
        seen.append((stage, due))
    assert seen == [
        (1, cst_midnight(5)),  # 1 day after the 4th
        (2, cst_midnight(8)),  # 3 days after the 5th
        (3, cst_midnight(15)),  # 7 days after the 8th
        (4, cst_midnight(29)),  # 14 days after the 15th
        (schedule.MASTERED, None),
    ]


def test_a_wrong_answer_goes_back_to_the_start_from_any_stage() -> None:
    for stage in range(schedule.MASTERED):
        step = schedule.after_retry(stage=stage, due_at=START, correct=False, now=START)
        assert (step.stage, step.due_at, step.moved) == (0, cst_midnight(5), True)


def test_a_correct_answer_before_it_is_due_keeps_the_schedule() -> None:
    due = START + timedelta(days=2)
    step = schedule.after_retry(stage=2, due_at=due, correct=True, now=START)
    assert (step.stage, step.due_at, step.moved) == (2, due, False)


def test_days_are_beijing_days() -> None:
    # 23:30 in Beijing on the 4th is 15:30 UTC: "one day later" is midnight starting the 5th there.
    late = datetime(2026, 12, 4, 15, 30)
    assert schedule.after_retry(stage=0, due_at=late, correct=True, now=late).due_at == cst_midnight(5)
    # 00:30 in Beijing on the 5th is still the 4th in UTC: one day later is the 6th.
    early = datetime(2026, 12, 4, 16, 30)
    assert schedule.after_retry(stage=0, due_at=early, correct=True, now=early).due_at == cst_midnight(6)


def test_describe_says_when_in_chinese() -> None:
    assert schedule.describe(stage=0, due_at=START, now=START) == "该复习了"
    assert schedule.describe(stage=1, due_at=cst_midnight(5), now=START) == "明天复习"
    assert schedule.describe(stage=2, due_at=cst_midnight(8), now=START) == "4 天后复习（12月8日）"
    assert schedule.describe(stage=5, due_at=None, now=START) == "已掌握"


# -- what goes in ------------------------------------------------------------------------------
def test_a_checkwork_entry_has_the_wrong_line_and_the_problem_without_the_working() -> None:
    question = "批改：解方程 2(x-1)=6\n2x-1=6\n2x=7\nx=3.5"
    found = review(question)
    assert found is not None
    entry = from_review(question, found, "第 2 行去括号错了")
    assert entry is not None
    assert entry.problem == "解方程 2(x-1)=6"
    assert entry.wrong_line == "2x-1=6" and entry.detail["line_no"] == 2
    assert from_review("解方程 2x=4\nx=2", review("解方程 2x=4\nx=2"), "") is None  # type: ignore[arg-type]


def test_a_disagreement_entry_keeps_both_answers() -> None:
    check = {"status": "disagree", "found": "x=3", "expected_latex": "x = 2", "understood": "解方程 $2x+3=7$"}
    entry = from_check("解方程 2x+3=7", check, "……答：x=3")
    assert entry is not None and entry.wrong_line == "x=3" and entry.correct_step == "$x = 2$"
    assert from_check("q", {"status": "agree"}, "") is None


def test_a_saved_turn_keeps_its_answer() -> None:
    entry = from_turn("解方程 2x+3=7", "解：…… 答：x=2", "讲解", [{"status": "agree"}])
    assert entry.source == "saved" and entry.problem == "解方程 2x+3=7" and "x=2" in entry.explanation
    assert problem_of("  化简 (a+b)^2  ", "讲解") == "化简 (a+b)^2"


# -- the book ------------------------------------------------------------------------------------
@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def book(store: Store, clock: Clock) -> MistakeBook:
    return MistakeBook(store, user_id="student-1", clock=clock)


async def test_a_checkwork_entry_gets_the_correct_step_from_the_solver(book: MistakeBook) -> None:
    question = "解方程 2(x-1)=6\n2x-1=6\n2x=7\nx=3.5"
    found = review(question)
    assert found is not None
    entry = from_review(question, found, "去括号时 -1 也要乘 2")
    assert entry is not None
    row, made = book.record(entry, turn_id=None, conversation_id=None)
    assert made and row.source == "checkwork"
    assert row.correct_step is not None and "2 x - 2 = 6" in row.correct_step  # 去括号：$2 x - 2 = 6$
    assert book.is_due(row)  # a new entry is practised today


async def test_practise_sets_a_verified_similar_problem_offline_and_marks_the_answer(
    book: MistakeBook, clock: Clock
) -> None:
    from zuoye import math as zmath

    row, _ = book.record(
        from_turn("解方程 2x+5=9", "答：x=2", "讲解", []), turn_id=None, conversation_id=None
    )
    set_ = await book.practise(row.id)
    assert set_.practice is not None
    question = set_.practice["question"]
    assert question != "解方程 2x+5=9" and question.startswith("解方程")
    solution = zmath.solve(question)  # the answer is the solver's, for the problem shown
    assert set_.practice["solution"]["answer"] == solution.answer

    right = solution.answer[0]
    outcome = await book.answer(row.id, practice_id=set_.practice["id"], answer=right)
    assert outcome.status == "correct" and outcome.entry is not None
    assert outcome.entry.stage == 1 and outcome.entry.due_at == cst_midnight(5)
    assert "答对了" in outcome.message and "明天复习" in outcome.message
    with pytest.raises(MistakeError, match="已经答过了"):  # an answer counts once
        await book.answer(row.id, practice_id=set_.practice["id"], answer=right)

    clock.now = cst_midnight(5) + timedelta(hours=1)  # the next day: due again
    again = await book.practise(row.id)
    assert again.practice is not None and again.practice["question"] != question  # a new one
    wrong = await book.answer(row.id, practice_id=again.practice["id"], answer="x=1000")
    assert wrong.status == "wrong" and wrong.entry is not None
    assert (wrong.entry.stage, wrong.entry.due_at) == (0, cst_midnight(6))
    assert "正确答案" in wrong.message
    assert [a["correct"] for a in wrong.entry.history] == [True, False]


async def test_an_answer_the_solver_cannot_read_changes_nothing(book: MistakeBook) -> None:
    row, _ = book.record(from_turn("解不等式 2x-3>5", "", "讲解", []), turn_id=None, conversation_id=None)
    set_ = await book.practise(row.id)
    assert set_.practice is not None
    outcome = await book.answer(row.id, practice_id=set_.practice["id"], answer="不知道")
    assert outcome.status == "unread" and outcome.entry is None
    assert book.get(row.id).practice is not None  # still there to answer
    with pytest.raises(MistakeError, match="空"):
        await book.answer(row.id, practice_id=set_.practice["id"], answer="  ")


async def test_no_similar_problem_is_an_error_that_says_so(book: MistakeBook) -> None:
    row, _ = book.record(
        from_turn("为什么天空是蓝色的", "因为散射", "讲解", []), turn_id=None, conversation_id=None
    )
    with pytest.raises(MistakeError, match="没法出一道"):
        await book.practise(row.id)


async def test_another_students_entry_is_not_found(store: Store, book: MistakeBook) -> None:
    row, _ = book.record(from_turn("解方程 2x+5=9", "", "讲解", []), turn_id=None, conversation_id=None)
    other = MistakeBook(store, user_id="student-2")
    with pytest.raises(EntryNotFound):
        other.get(row.id)
    with pytest.raises(EntryNotFound):
        await other.practise(row.id)
    with pytest.raises(EntryNotFound):
        other.remove(row.id)
    book.remove(row.id)
    assert book.entries() == []


# -- filled by the tutor -----------------------------------------------------------------------
async def test_a_checkwork_with_a_wrong_line_goes_in_with_the_models_explanation(
    make_tutor: Any, store: Store
) -> None:
    explanation = "第 2 行去括号时，括号外的 2 要乘 -1，应得 2x-2=6。"
    events = await collect(make_tutor(ScriptedModel([explanation])), WORKING, mode="批改")
    kept = [e for e in events if isinstance(e, Notice) and e.kind == "mistake"]
    assert len(kept) == 1 and "错题本" in kept[0].text
    [row] = MistakeBook(store, user_id="student-1").entries()
    result = finished(events).result
    assert (row.source, row.turn_id, row.conversation_id) == (
        "checkwork",
        result.turn_id,
        result.conversation_id,
    )
    assert row.wrong_line == "2x-1=6" and row.explanation == explanation
    assert row.correct_step is not None and "2 x - 2 = 6" in row.correct_step


async def test_offline_checkwork_goes_in_and_right_working_does_not(make_tutor: Any, store: Store) -> None:
    await collect(make_tutor(None), WORKING, mode="批改")
    await collect(make_tutor(None), "解方程 2(x-1)=6\n2x-2=6\n2x=8\nx=4", mode="批改")
    [row] = MistakeBook(store, user_id="student-1").entries()
    assert row.source == "checkwork" and "批改" in row.explanation


async def test_an_answer_that_stays_disagreeing_goes_in_and_an_agreeing_one_does_not(
    make_tutor: Any, store: Store
) -> None:
    wrong = "解：因式分解得 $(x-1)(x-6)=0$。\n答：$x_1=1, x_2=6$。"
    right = "解：因式分解得 $(x-2)(x-3)=0$。\n答：$x_1=2, x_2=3$。"
    events = await collect(make_tutor(ScriptedModel([wrong] * 3)), "解方程 x^2-5x+6=0")
    assert any(isinstance(e, Notice) and e.kind == "mistake" for e in events)
    await collect(make_tutor(ScriptedModel([wrong, right])), "解方程 x^2-5x+6=0")  # re-asked, then agrees
    [row] = MistakeBook(store, user_id="student-1").entries()
    assert row.source == "disagree" and row.wrong_line and "x_1=1" in row.wrong_line.replace(" ", "")
    assert row.correct_step is not None and "2" in row.correct_step and "3" in row.correct_step
    assert "不一致" in row.explanation


async def test_a_teachers_worksheet_keeps_nothing(make_tutor: Any, store: Store) -> None:
    await collect(make_tutor(None, keep_mistakes=False), WORKING, mode="批改")
    assert MistakeBook(store, user_id="student-1").entries() == []


async def test_practice_keeps_the_kind_of_answer_whole_number_roots_stay_whole() -> None:
    from zuoye.tutor.retry import new_exercise

    seen: set[str] = set()
    for _ in range(3):
        exercise = await new_exercise("解方程 x^2-9x+20=0", model=None, grade="初中", user_id=None, seen=seen)
        assert exercise is not None and exercise.question not in seen
        seen.add(exercise.question)
        answers = exercise.solution.answer
        assert len(answers) == 2 and not any("sqrt" in a or "/" in a for a in answers), exercise


async def test_under_a_hint_only_ceiling_the_entry_has_no_correct_step(make_tutor: Any, store: Store) -> None:
    model = ScriptedModel(["第 2 行有问题：想一想，去括号时括号外的数要乘括号里的每一项吗？"])
    await collect(make_tutor(model), WORKING, mode="批改", help_ceiling="hint")
    [row] = MistakeBook(store, user_id="student-1").entries()
    assert row.wrong_line == "2x-1=6" and row.correct_step is None
