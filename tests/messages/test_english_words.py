"""An English reader reads English: no catalogue text's English carries Chinese, except where the
Chinese is itself what the reader types or meets (a mode or grade name the command line takes, a
worksheet's column name, a phrase the solver reads), each listed here with why."""

from __future__ import annotations

import re

from zuoye.messages import CATALOGUE

CHINESE = re.compile(r"[\u4e00-\u9fff]")

MEANT = {
    "batch.no_question_column": "题目 is a column name a worksheet may use",
    "help.app": "作业 is the program's name",
    "help.grade": "the grade names --grade takes",
    "help.mode": "the mode names --mode takes",
    "help.batch.mode": "the mode names a worksheet's mode column takes",
    "help.batch.title": "the report's default title, which the report prints",
    "help.batch.class": "the report's 班级 line, which the report prints",
    "math.hint.two_roots": "算术平方根 is a phrase the solver reads",
}


def test_english_texts_carry_no_chinese_unless_meant() -> None:
    chinese = {key for key, text in CATALOGUE.items() if CHINESE.search(text.en)}
    assert chinese - MEANT.keys() == set()
    assert MEANT.keys() <= CATALOGUE.keys()  # no stale exceptions
