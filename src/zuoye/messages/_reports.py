"""What a worksheet's report says (zuoye.batch.reports): `zuoye batch -o` and the page's download.
A teacher prints it, a student writes on it."""

from __future__ import annotations

from zuoye.messages._text import Text

REPORTS: dict[str, Text] = {
    "batch.unknown_version": Text(
        "没有“{version}”这种报告：--version 可以是 full（完整解答）、student（学生版，无答案）或 key（答案）。",
        "no report version '{version}': --version is full (worked answers), student (no answers) or key "
        "(final answers only)",
    ),
    "batch.reused": Text(
        "沿用 {path} 里已经答过的 {count} 题（不再调用模型，不再计费）。",
        "reusing {count} answer(s) already paid for in {path} (no new model calls)",
    ),
    # -- titles, one per version (--title replaces them; the key adds its word to the teacher's title) --
    "report.title.full": Text("作业解答", "Worksheet answers"),
    "report.title.student": Text("作业", "Worksheet"),
    "report.title.key": Text("答案", "Answer key"),
    "report.title.key_of": Text("{title}（答案）", "{title}: answer key"),
    "report.lang": Text("zh-CN", "en"),  # the page's lang attribute
    # -- the line a student fills in by hand on paper --
    "report.class": Text("班级：", "Class: "),
    "report.date": Text("日期：", "Date: "),
    "report.name": Text("姓名：", "Name: "),
    "report.date_value": Text("{year}年{month}月{day}日", "{month}/{day}/{year}"),
    # -- the answers --
    "report.check": Text("验算：{label}", "Check: {label}"),
    "report.failed": Text("未能回答：{error}", "Not answered: {error}"),
    "report.answer_space": Text("解答：", "Working:"),
    "report.summary": Text(
        "共 {total} 题：已回答 {answered}，失败 {failed}；用量 {tokens} tokens，估计费用 ¥{cost}；用时 {seconds} 秒。",
        "{total} questions: {answered} answered, {failed} failed; {tokens} tokens, about ¥{cost}; "
        "{seconds} s.",
    ),
}
