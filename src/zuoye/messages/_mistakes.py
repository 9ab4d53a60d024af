"""What the 错题本 says: its entries and schedule, 再练一题, the printed sheet, `zuoye mistakes`."""

from __future__ import annotations

from zuoye.messages._text import Text

MISTAKES: dict[str, Text] = {
    # -- where an entry came from (zuoye.tutor.book.source_name) --
    "mistakes.source.checkwork": Text("批改发现的错误", "a wrong line found when your working was checked"),
    "mistakes.source.disagree": Text("验算不一致", "an answer the computer disagreed with"),
    "mistakes.source.saved": Text("自己收藏", "saved by you"),
    # -- when it comes back (zuoye.tutor.schedule.describe) --
    "mistakes.when.mastered": Text("已掌握", "mastered"),
    "mistakes.when.due": Text("该复习了", "due now"),
    "mistakes.when.today": Text("今天复习", "due today"),
    "mistakes.when.tomorrow": Text("明天复习", "due tomorrow"),
    "mistakes.when.later": Text("{days} 天后复习（{month}月{day}日）", "due in {days} days ({month}/{day})"),
    # -- an entry whose conversation was deleted (its texts are copies and stay; web/routes/mistakes.py) --
    "mistakes.conversation_deleted": Text("原对话已删除", "original conversation deleted"),
    # -- going in (zuoye.tutor.book) --
    "mistakes.kept.checkwork": Text(
        "这道题的错误已记进错题本：可以在「错题本」里再练一道类似的题，之后按 1、3、7、14 天复习。",
        "This mistake is now in your mistake book (Mistakes): practise a similar problem there; it "
        "comes back after 1, 3, 7 and 14 days.",
    ),
    "mistakes.kept.disagree": Text(
        "这道题已记进错题本（验算不一致）：核对清楚后，可以在「错题本」里再练一道类似的题。",
        "This question is now in your mistake book (the check disagreed): once it is clear, practise a "
        "similar problem there.",
    ),
    "mistakes.entry_not_found": Text(
        "错题本里没有这一条（可能已经移除）。",
        "No such entry in your mistake book (it may have been removed).",
    ),
    "mistakes.turn_not_found": Text(
        "找不到这一问（可能已经删除）。", "No such turn in your conversations (it may have been deleted)."
    ),
    "mistakes.turn_unanswered": Text(
        "这一问还没有回答，等回答写完再加入错题本。",
        "This turn has no answer yet; save it once it is answered.",
    ),
    # -- 再练一题 (zuoye.tutor.book) --
    "mistakes.no_similar": Text(
        "这道题没法出一道由计算机验算答案的类似题（计算机读不懂它，或题里没有可以换的数）。可以对照原题和讲解再做一遍。",
        "No similar problem with a computer-checked answer can be made from this one (the computer cannot "
        "read it, or it has no numbers to change). Work through the original again with its explanation.",
    ),
    "mistakes.answer_empty": Text(
        "答案是空的：请写出你的结果，例如 x=2。", "The answer is empty: write your result, e.g. x=2."
    ),
    "mistakes.answer_too_long": Text(
        "答案太长（{length} 个字），只写最后的结果即可。",
        "The answer is too long ({length} characters); write only the result.",
    ),
    "mistakes.answered": Text(
        "这道练习题已经答过了，或者已经换了一道新题：请点「再练一题」再做一道。",
        "This exercise was answered already or replaced by a new one: ask for another (Practice again).",
    ),
    "mistakes.unread": Text(
        "没能读懂你的答案：请只写最后的结果，例如 x=2、x=2 或 x=3、x>4、19/12。",
        "Your answer could not be read: write only the result, e.g. x=2, x=2 or x=3, x>4, 19/12.",
    ),
    "mistakes.wrong": Text(
        "不对。正确答案是 ${answer}$。这道错题回到第一轮：{when}。",
        "Not right. The answer is ${answer}$. This entry starts again: {when}.",
    ),
    "mistakes.mastered": Text("答对了！这道错题已经掌握了。", "Right! You have mastered this one."),
    "mistakes.moved": Text("答对了！进入第 {stage} 轮，{when}。", "Right! On to round {stage}: {when}."),
    "mistakes.early": Text(
        "答对了！还没到复习时间，这次记下了；{when}。",
        "Right! It is not due yet, so the schedule stays (this answer is recorded): {when}.",
    ),
    # -- the printed sheet (zuoye.tutor.sheet) --
    "mistakes.sheet.title": Text("错题本练习单", "Practice sheet"),
    "mistakes.sheet.print_hint": Text(
        "用浏览器的“打印”（Ctrl+P / ⌘P）打印在 A4 纸上；答案另起一页，放在最后。",
        "Print on A4 from the browser (Ctrl+P / ⌘P); the answers start on a new page at the end.",
    ),
    "mistakes.sheet.name": Text("姓名", "Name"),
    "mistakes.sheet.date": Text("日期 {date}", "Date {date}"),
    "mistakes.sheet.count": Text("共 {count} 题", "{count} problems"),
    "mistakes.sheet.from": Text("来自：{source}", "From: {source}"),
    "mistakes.sheet.original": Text("原题：{problem}", "Original: {problem}"),
    "mistakes.sheet.empty": Text(
        "错题本里没有要练习的题。", "There is nothing to practise in your mistake book."
    ),
    "mistakes.sheet.answers": Text("参考答案", "Answers"),
    "mistakes.sheet.answers_note": Text(
        "答案由计算机求解验证。在「错题本」里输入答案，答对的题按 1、3、7、14 天安排复习。",
        "The answers were computed by the solver. Type your answers into the mistake book: those you get "
        "right come back after 1, 3, 7 and 14 days.",
    ),
    "mistakes.sheet.no_solution": Text("（无解）", "(no solution)"),
    # -- zuoye mistakes (zuoye.cli.mistakes) --
    "mistakes.cli.empty": Text(
        "错题本是空的。批改出错、验算不一致的题会自动加进来；也可以用 `zuoye mistakes add 对话ID` 收藏一问。",
        "Your mistake book is empty. Wrong lines found when your working is checked (--mode check) and "
        "answers the computer disagreed with go in by themselves; `zuoye mistakes add SESSION` saves any turn.",
    ),
    "mistakes.cli.none_due": Text("现在没有该复习的错题。", "Nothing is due for review now."),
    "mistakes.cli.columns": Text("#|复习|来源|题目|错在", "#|review|from|problem|wrong line"),
    "mistakes.cli.footer": Text(
        "再练一题：zuoye mistakes practise 编号 · 打印练习单：zuoye mistakes --print 练习.html",
        "Practise: zuoye mistakes practise ID · print a sheet: zuoye mistakes --print sheet.html",
    ),
    "mistakes.cli.printed": Text(
        "已写出练习单 {path}：{count} 题，答案另起一页，放在最后。用浏览器打开后打印（A4）。",
        "Wrote the practice sheet {path}: {count} problems, the answers on new pages at the end. Open it in a "
        "browser and print it (A4).",
    ),
    "mistakes.cli.cannot_write": Text("写不了 {path}：{reason}。", "Cannot write {path}: {reason}."),
    "mistakes.cli.no_conversation": Text(
        "没有对话“{session}”：`zuoye history` 列出对话。",
        "No conversation '{session}'; `zuoye history` lists them.",
    ),
    "mistakes.cli.few_turns": Text("这个对话只有 {count} 问。", "That conversation has {count} turns."),
    "mistakes.cli.added": Text(
        "已加入错题本（#{id}）：{problem}。再练一题：zuoye mistakes practise {id}",
        "Saved to your mistake book (#{id}): {problem}. Practise: zuoye mistakes practise {id}",
    ),
    "mistakes.cli.already": Text(
        "这一问已经在错题本里了（#{id}）：{problem}。再练一题：zuoye mistakes practise {id}",
        "That turn is in your mistake book already (#{id}): {problem}. Practise: zuoye mistakes practise {id}",
    ),
    "mistakes.cli.practise": Text(
        "再练一题（#{id}，原题：{problem}）：", "Practise (#{id}, original: {problem}):"
    ),
    "mistakes.cli.prompt": Text("你的答案（例如 x=2）", "Your answer (e.g. x=2)"),
    "mistakes.cli.removed": Text("已移除 #{id}。", "Removed #{id}."),
}
