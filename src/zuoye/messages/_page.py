"""The web page's own words (static/index.html and its scripts): `page.*`.

index.html names them as `{{page.key}}` and the server fills them in (zuoye.web._index); the
scripts read the same table from the page and say them with `t("page.key", {count})`
(static/i18n.js). tests/messages checks that every key the page names exists and that every
key here is named by the page.
"""

from __future__ import annotations

from zuoye.messages._text import Text

PAGE: dict[str, Text] = {
    # -- index.html: the frame --
    "page.title": Text("作业 · 作业问题回答", "Zuoye · homework questions answered"),
    "page.app_name": Text("作业", "Zuoye"),
    "page.sidebar.label": Text("对话列表", "Conversations"),
    "page.sidebar.new_chat": Text("＋ 新对话", "+ New chat"),
    "page.sidebar.close": Text("关闭列表", "Close the list"),
    "page.sidebar.open": Text("打开对话列表", "Open the conversations"),
    "page.sidebar.more": Text("更早的对话", "Older conversations"),
    "page.sidebar.empty": Text("还没有对话。提一个问题吧！", "No conversations yet. Ask a question!"),
    "page.sidebar.logout": Text("退出登录", "Log out"),
    "page.students.title": Text("我的学生", "My students"),
    "page.login.title": Text("登录", "Log in"),
    "page.login.name": Text("用户名", "User name"),
    "page.login.password": Text("密码", "Password"),
    "page.login.submit": Text("登录", "Log in"),
    # these two are said by app.js
    "page.login.missing": Text("请输入用户名和密码。", "Enter your user name and password."),
    "page.login.lapsed": Text(
        "登录已过期，请重新登录。输入框里的题目会保留。",
        "Your session has ended: log in again. The question you typed is kept.",
    ),
    "page.student.label": Text("学生", "Student"),
    "page.ceiling.label": Text("帮助上限", "Most help given"),
    "page.ceiling.default": Text("跟随默认", "The default"),
    "page.ceiling.hint": Text("只给提示", "Hints only"),
    "page.ceiling.step": Text("只给下一步", "The next step only"),
    "page.ceiling.full": Text("完整讲解", "Full explanation"),
    # -- index.html: the class view, the mistakes book, worksheets --
    "page.class.title": Text("学习概况", "Progress"),
    "page.class.days_label": Text("统计的天数", "Days counted"),
    "page.class.csv": Text("导出 CSV（Excel）", "Export CSV (Excel)"),
    "page.class.empty": Text(
        "还没有关联的学生。请管理员用 zuoye users link 把学生关联到你的账号。",
        "No students are linked to you yet. Ask an administrator to link them to your account "
        "with zuoye users link.",
    ),
    "page.mistakes.title": Text("错题本", "Mistakes"),
    "page.mistakes.filter": Text("显示哪些", "Which to show"),
    "page.mistakes.all": Text("全部", "All"),
    "page.mistakes.due": Text("该复习", "Due"),
    "page.mistakes.print": Text("打印练习单", "Print a practice sheet"),
    "page.mistakes.about": Text(
        "批改发现的错误、验算不一致的回答会自动加进来。每道题点「再练一题」做一道类似的题，答案由计算机判；"
        "答对了按 1、3、7、14 天再复习，答错了从头开始。",
        "Mistakes found when checking work, and answers the computer disagreed with, are added here by "
        "themselves. Click “Practice again” on one for a similar question, marked by the computer; right "
        "answers come back after 1, 3, 7 and 14 days, a wrong one starts over.",
    ),
    "page.worksheets.title": Text("作业单", "Worksheets"),
    "page.worksheets.upload_title": Text("上传作业单", "Upload a worksheet"),
    "page.worksheets.about": Text(
        "Excel 另存为的 CSV（表头：题号、题目、年级、模式；UTF-8 或 GBK 都可以）或 JSONL，最大 2 MB。"
        "每道题都会像学生提问一样作答并验算，完成后可下载网页、Markdown 或 CSV 报告。",
        "A CSV saved from Excel (header: id, question, grade, mode; UTF-8 or GBK) or JSONL, at most 2 MB. "
        "Each question is answered and checked as if a student had asked it; then download the report "
        "as a web page, Markdown or CSV.",
    ),
    "page.worksheets.file": Text("作业单文件", "Worksheet file"),
    "page.worksheets.title_label": Text("标题", "Title"),
    "page.worksheets.title_placeholder": Text("作业解答", "Homework answers"),
    "page.worksheets.class_label": Text("班级", "Class"),
    "page.worksheets.class_placeholder": Text("例如 八年级（3）班", "e.g. Year 8, class 3"),
    "page.worksheets.submit": Text("上传并开始", "Upload and start"),
    "page.worksheets.mine": Text("我的作业单", "My worksheets"),
    "page.worksheets.empty": Text("还没有作业单。", "No worksheets yet."),
    # -- index.html: asking --
    "page.chat.label": Text("对话", "Conversation"),
    "page.welcome.title": Text("有什么作业问题？", "What is your homework question?"),
    "page.welcome.about": Text(
        "输入题目，或拍一张题目的照片。数学公式会正常显示，计算结果由计算机验算。",
        "Type the question, or take a photo of it. Formulae are shown properly, and the computer checks "
        "the calculations.",
    ),
    "page.example.equation": Text("解方程 x^2-5x+6=0", "Solve x^2-5x+6=0"),
    "page.example.equation_label": Text("解方程 x²-5x+6=0", "Solve x²-5x+6=0"),
    # The second example differs by language on purpose: the offline solver reads word problems in
    # Chinese only, and an example chip must be answered with or without ERNIE.
    "page.example.second": Text(
        "一个长方形的长是 8 厘米，宽是 5 厘米，它的面积是多少？",
        "Find the derivative of x^3-3x",
    ),
    "page.example.second_label": Text("长方形的面积", "Derivative of x³-3x"),
    "page.example.simplify": Text("化简 (a+b)^2-(a-b)^2", "Simplify (a+b)^2-(a-b)^2"),
    "page.example.simplify_label": Text("化简 (a+b)²-(a-b)²", "Simplify (a+b)²-(a-b)²"),
    "page.photo.alt": Text("题目照片", "Photo of the question"),
    "page.photo.remove": Text("移除照片", "Remove the photo"),
    "page.photo.button": Text("拍照或上传题目照片", "Take or upload a photo of the question"),
    "page.composer.placeholder": Text(
        "输入题目……（Enter 发送，Shift+Enter 换行）",
        "Type the question… (Enter sends, Shift+Enter: new line)",
    ),
    "page.composer.label": Text("题目", "Question"),
    "page.composer.send": Text("发送", "Send"),
    "page.composer.stop": Text("停止", "Stop"),
    "page.composer.mode": Text("模式", "Mode"),
    "page.composer.grade": Text("年级", "Level"),
    "page.composer.model": Text("模型", "Model"),
    "page.mode.explain": Text("讲解", "Explain"),
    "page.mode.hint": Text("提示", "Hint"),
    "page.mode.check": Text("批改", "Check"),
    "page.mode.practice": Text("练习", "Practice"),
    "page.grade.primary": Text("小学", "Primary"),
    "page.grade.junior": Text("初中", "Middle school"),
    "page.grade.senior": Text("高中", "High school"),
    "page.grade.university": Text("大学", "University"),
    "page.turn.reasoning": Text("思考过程", "Reasoning"),
    "page.turn.copy": Text("复制", "Copy"),
    "page.turn.regenerate": Text("重新生成", "Regenerate"),
    "page.turn.save_mistake": Text("加入错题本", "Add to mistakes"),
    # -- loader.js: the page's modules did not load --
    "page.loader.failed": Text(
        "页面无法加载（{detail}），无法提问。请重启 zuoye serve 后刷新页面；若仍然如此，请重新安装 zuoye。",
        "The page failed to load ({detail}), so no questions can be asked: restart zuoye serve and reload "
        "the page; if it persists, reinstall zuoye.",
    ),
    "page.loader.script": Text("脚本 {src} 加载失败", "the script {src} failed to load"),
    # -- api.js, app.js: the frame's words --
    "page.api.http_error": Text(
        "服务器错误（HTTP {status}），请稍后再试。", "Server error (HTTP {status}); please try again later."
    ),
    "page.api.network": Text(
        "连接不上服务器，请检查网络后再试。", "Cannot reach the server; check the network and try again."
    ),
    "page.api.cut": Text("连接中断了。", "The connection was cut."),
    "page.role.teacher": Text("老师", "teacher"),
    "page.role.parent": Text("家长", "parent"),
    "page.role.student": Text("学生", "student"),
    "page.role.admin": Text("管理员", "administrator"),
    "page.role.local": Text("本机用户", "this computer's user"),
    "page.person": Text("{name}（{role}）", "{name} ({role})"),
    "page.list_separator": Text("、", ", "),
    "page.close": Text("关闭", "Close"),
    "page.banner.offline": Text(
        "ERNIE（文心一言）未配置：现在只能由本地计算机代数系统解答能识别的数学题。设置环境变量 QIANFAN_BEARER_TOKEN（千帆控制台 → API Key 创建的 v2 API Key）后重启 zuoye serve，即可获得 ERNIE 的讲解。",
        "ERNIE is not set up: for now only maths questions the local computer algebra system recognises can be answered. Set QIANFAN_BEARER_TOKEN (a v2 API key created in the Qianfan console under API Key) and restart zuoye serve to get ERNIE's explanations.",
    ),
    "page.banner.offline_shared": Text(
        "文心一言（ERNIE）还没有配置：现在只能解答计算机读得懂的数学题（由本地计算机代数系统解答）。"
        "需要 ERNIE 的讲解，请管理员配置（zuoye doctor 会说明怎么做）。",
        "ERNIE is not set up yet: for now only maths questions the computer can read are answered (by the "
        "local computer algebra system). For ERNIE's explanations, the administrator needs to set it up "
        "(zuoye doctor says how).",
    ),
    "page.banner.watched": Text(
        "{names} 可以查看你在这里的对话。", "{names} can see your conversations here."
    ),
    "page.banner.ceiling": Text(
        "帮助上限：{ceiling}（由老师或家长设置）。",
        "Most help given: {ceiling} (set by a teacher or parent).",
    ),
    "page.provider.qianfan": Text("文心一言（千帆）", "ERNIE (Qianfan)"),
    "page.models.offline": Text(
        "未配置模型服务：由本地求解器离线解答", "No model service is set up: the local solver answers offline"
    ),
    "page.quota": Text("今日剩余 {remaining}/{limit} 次", "{remaining}/{limit} left today"),
    # English counts are said "questions: 1", never "1 questions": the catalogue has no plurals
    "page.conversation.about": Text("{grade} · {mode} · {count} 问", "{grade} · {mode} · questions: {count}"),
    "page.conversation.delete": Text("删除对话 {title}", "Delete the conversation {title}"),
    "page.conversation.of": Text("{name}：{title}", "{name}: {title}"),
    "page.conversation.read_only": Text(
        "只读：这是 {name} 的对话，你可以查看，不能在这里提问。",
        "Read only: this is {name}'s conversation; you can read it but not ask questions in it.",
    ),
    "page.conversation.confirm_delete": Text(
        "删除对话“{title}”？删除后无法恢复。", "Delete the conversation “{title}”? It cannot be restored."
    ),
    "page.student.today": Text("{name} · 今日 {count} 问", "{name} · today: {count}"),
    "page.student.title": Text("学生：{name}", "Student: {name}"),
    "page.student.saved": Text("已保存：{ceiling}", "Saved: {ceiling}"),
    "page.student.no_conversations": Text("还没有对话。", "No conversations yet."),
    # -- chat.js: the conversation --
    "page.check.agree": Text("✓ 已验算", "✓ Checked"),
    "page.check.disagree": Text("✗ 与计算机结果不一致", "✗ The computer's result differs"),
    "page.check.unknown": Text("未验算", "Not checked"),
    "page.check.disputed": Text(
        "计算机验算的结果与这里不一致，见下方说明。",
        "The computer's check does not agree with this line; see the note below.",
    ),
    "page.practice.show_answers": Text("做完了？点这里看参考答案", "Done? Click here for the answers"),
    "page.turn.incomplete": Text("（回答未完成）", "(answer not finished)"),
    "page.turn.failed": Text("（没有得到回答）", "(no answer)"),
    "page.error.model_unavailable": Text(
        "文心一言（ERNIE）这次没有答完：服务出错或太忙。请稍等片刻，再点「重新生成」。",
        "ERNIE did not finish this answer: the service failed or was busy. Wait a moment, then click "
        "“Regenerate”.",
    ),
    "page.error.model_config": Text(
        "文心一言（ERNIE）的设置有问题，现在无法回答。请管理员运行 zuoye doctor 查看原因。",
        "ERNIE is not set up right and cannot answer now. The administrator can run zuoye doctor to see why.",
    ),
    "page.error.model_refused": Text(
        "文心一言（ERNIE）没有接受这个问题。请换一种说法，或换一个模型。",
        "ERNIE did not accept this question. Ask it in other words, or choose another model.",
    ),
    "page.error.details": Text("详情（给管理员）", "Details (for the administrator)"),
    "page.turn.pending": Text("（正在回答…）", "(answering…)"),
    "page.turn.interrupted": Text(
        "（回答中断，可以重新生成）", "(answer interrupted; you can regenerate it)"
    ),
    "page.turn.interrupted_read_only": Text("（回答中断）", "(answer interrupted)"),
    "page.turn.retired": Text("已重新生成，不再作为上下文", "regenerated; no longer used as context"),
    "page.turn.cleared": Text("已清空，不再作为上下文", "cleared; no longer used as context"),
    "page.turn.tokens": Text("{count} tokens", "{count} tokens"),
    "page.link.reconnecting": Text("连接中断，正在重新连接…", "Connection lost, reconnecting…"),
    "page.link.lost": Text(
        "连接不上服务器。回答仍在服务器上继续写，写出的部分会保存；请检查网络后点“重新连接”。",
        "Cannot reach the server. The answer is still being written there and what is written is saved; check the network, then click “Reconnect”.",
    ),
    "page.link.left": Text(
        "停止的请求没能送到服务器，回答可能仍在继续写；点“重新连接”接着看。",
        "The stop did not reach the server, so the answer may still be being written; click “Reconnect” to follow it.",
    ),
    "page.link.again": Text("重新连接", "Reconnect"),
    "page.versions.label": Text("这道题的几个回答", "This question's answers"),
    "page.versions.previous": Text("上一个回答", "Previous answer"),
    "page.versions.next": Text("下一个回答", "Next answer"),
    "page.photo.enlarged": Text("题目照片（点一下关闭）", "Photo of the question (tap to close)"),
    "page.photo.too_big": Text(
        "照片超过 10 MB，请降低分辨率后重拍。",
        "The photo is over 10 MB: lower the resolution and take it again.",
    ),
    "page.photo.reading": Text("正在识别题目……", "Reading the question…"),
    "page.photo.by_vision": Text("（由视觉模型 {model} 读题）", " (read by the vision model {model})"),
    "page.photo.unsure": Text("有地方没有把握，", "some parts are uncertain, so "),
    "page.photo.nothing": Text(
        "没有识别出文字，请重拍或直接输入。", "No text was found: take the photo again or type the question."
    ),
    "page.photo.pick": Text(
        "照片里有 {count} 道题，请选一道{by}：", "The photo has {count} questions; pick one{by}:"
    ),
    "page.photo.chosen": Text(
        "已选第 {number} 题，{unsure}请核对、修改后再发送。",
        "Question {number} chosen: {unsure}check it and correct it before you send it.",
    ),
    "page.photo.read": Text(
        "已识别{by}，{unsure}请核对、修改后再发送。",
        "Read{by}: {unsure}check it and correct it before you send it.",
    ),
    "page.photo.choose": Text("选择一道题", "Choose a question"),
    "page.photo.doubts": Text("请对照照片核对", "Check these against the photo"),
    "page.composer.placeholder_phone": Text("输入题目（回车换行）", "Question (Enter: newline)"),
    # -- figure.js, render.js: figures and code blocks --
    "page.figure.key": Text("{caption}：", "{caption}: "),
    "page.figure.solution_set": Text("解集", "Solution set"),
    "page.figure.note_touch": Text(
        "（计算机按它理解的题目作图；两指拖动平移、捏合缩放）",
        " (drawn by the computer as it understood the question; drag with two fingers to move, pinch to zoom)",
    ),
    "page.figure.note_mouse": Text(
        "（计算机按它理解的题目作图；拖动平移，按住 Shift 滚动鼠标或点 + / − 缩放）",
        " (drawn by the computer as it understood the question; drag to move, Shift + mouse wheel or + / − to zoom)",
    ),
    "page.figure.number_line": Text("数轴上的解集", "The solution set on a number line"),
    "page.figure.graph": Text("函数图像", "Graph of the function"),
    "page.figure.failed": Text(
        "图形没有画出来（作图库加载失败），下面是图中的关键点。",
        "The figure could not be drawn (the drawing library failed to load); its key points are listed below.",
    ),
    "page.copy.code": Text("复制代码", "Copy code"),
    "page.copy.done": Text("已复制", "Copied"),
    "page.copy.failed": Text("复制失败", "Copy failed"),
    # -- mistakes.js: the mistakes book --
    "page.mistakes.saved": Text("已加入错题本", "Added to mistakes"),
    "page.mistakes.already": Text("已在错题本里", "Already in mistakes"),
    "page.mistakes.save_failed": Text("加入失败", "Could not add it"),
    "page.mistakes.due_count": Text("{due} 道该复习", "{due} due"),
    "page.mistakes.count": Text("共 {total} 道。", "{total} in all."),
    "page.mistakes.count_due": Text(
        "共 {total} 道，{due} 道该复习。", "{total} in all, {due} due for review."
    ),
    "page.mistakes.none_due": Text("现在没有该复习的错题。", "Nothing is due for review now."),
    "page.mistakes.empty": Text(
        "错题本是空的。批改发现的错误、验算不一致的回答会自动加进来；也可以点回答下面的「加入错题本」。",
        "The mistakes book is empty. Mistakes found when checking work, and answers the computer disagreed with, are added by themselves; you can also click “Add to mistakes” under an answer.",
    ),
    "page.mistakes.round": Text("第 {stage} 轮", "round {stage}"),
    "page.mistakes.answer_result": Text("回答的结果：", "The answer's result: "),
    "page.mistakes.wrong_line": Text("错在这一行：", "Wrong in this line: "),
    "page.mistakes.computer_result": Text("计算机的结果：", "The computer's result: "),
    "page.mistakes.right_step": Text("正确的一步：", "The right step: "),
    "page.mistakes.explanation": Text("讲解", "Explanation"),
    "page.mistakes.retry": Text("再练一题", "Practice again"),
    "page.mistakes.another": Text("换一题", "Another question"),
    "page.mistakes.practice_label": Text("再练一题：", "Practice: "),
    "page.mistakes.remove": Text("移除", "Remove"),
    "page.mistakes.conversation": Text("原对话", "The conversation"),
    "page.mistakes.making": Text(
        "正在出题，并用计算机验算答案……", "Making a question and checking its answer with the computer…"
    ),
    "page.mistakes.answer_placeholder": Text("你的答案，例如 x=2", "Your answer, e.g. x=2"),
    "page.mistakes.answer_label": Text("你的答案", "Your answer"),
    "page.mistakes.submit": Text("提交", "Submit"),
    "page.mistakes.confirm_remove": Text(
        "从错题本里移除“{problem}”？", "Remove “{problem}” from the mistakes book?"
    ),
    # -- worksheets.js: worksheets --
    "page.worksheets.queued": Text("排队中", "queued"),
    "page.worksheets.running": Text("答题中", "answering"),
    "page.worksheets.done": Text("已完成", "done"),
    "page.worksheets.failed": Text("失败", "failed"),
    "page.worksheets.cancelled": Text("已取消", "cancelled"),
    "page.worksheets.in_process": Text("本服务器处理", "worked by this server"),
    "page.worksheets.queue": Text("作业队列处理", "worked by the job queue"),
    "page.worksheets.report_full": Text("网页（解答）", "Web page (answers)"),
    "page.worksheets.report_student": Text("学生版（无答案）", "Student copy (no answers)"),
    "page.worksheets.report_key": Text("答案", "Answer key"),
    "page.worksheets.report_md": Text("Markdown", "Markdown"),
    "page.worksheets.report_csv": Text("CSV（Excel）", "CSV (Excel)"),
    "page.worksheets.no_file": Text(
        "请先选择一个 .csv 或 .jsonl 文件。", "Choose a .csv or .jsonl file first."
    ),
    "page.worksheets.uploading": Text("上传中……", "Uploading…"),
    "page.worksheets.uploaded": Text(
        "已上传“{title}”：共 {total} 题。", "Uploaded “{title}”: {total} questions."
    ),
    "page.worksheets.uploaded_skipped": Text(
        "已上传“{title}”：共 {total} 题，跳过 {skipped} 行。",
        "Uploaded “{title}”: {total} questions, {skipped} lines skipped.",
    ),
    "page.worksheets.too_long": Text(
        "{label}最多 {max} 个字符（现在 {count} 个）：请改短后重试。",
        "{label}: at most {max} characters (now {count}); shorten it and try again.",
    ),
    "page.worksheets.control": Text(
        "{label}不能含有控制字符（第 {position} 个字符是 U+{code}）：请删去后重试。",
        "{label} must not contain control characters (character {position} is U+{code}); remove it and try again.",
    ),
    "page.worksheets.class_of": Text("班级：{name}", "Class: {name}"),
    "page.worksheets.answered": Text("已答 {answered} / {total} 题", "{answered} / {total} answered"),
    "page.worksheets.failed_count": Text("失败 {count}", "{count} failed"),
    "page.worksheets.skipped": Text(
        "跳过 {count} 行（第 {lines} 行）", "{count} lines skipped (lines {lines})"
    ),
    "page.worksheets.resumed": Text("已在另一个 worker 上接着做", "taken up again by another worker"),
    "page.worksheets.cancelling": Text("正在取消……", "Cancelling…"),
    "page.worksheets.cancel": Text("取消", "Cancel"),
    "page.worksheets.download": Text("下载报告：", "Download the report:"),
    "page.worksheets.download_partial": Text("下载已答部分：", "Download what is answered:"),
    # -- class.js: a teacher's or parent's progress view --
    "page.class.entry_parent": Text("孩子的学习概况", "My child's progress"),
    "page.class.entry_teacher": Text("班级学习概况", "Class progress"),
    "page.class.last_days": Text("最近 {count} 天", "Last {count} days"),
    "page.class.counting": Text("正在统计……", "Counting…"),
    "page.class.summary": Text(
        "{students} 名学生，最近 {days} 天共提问 {questions} 次。",
        "Last {days} days: students {students}, questions {questions}.",
    ),
    "page.class.summary_ceiling": Text(
        "{students} 名学生，最近 {days} 天共提问 {questions} 次，达到帮助上限 {ceiling} 次。",
        "Last {days} days: students {students}, questions {questions}, help limit reached {ceiling}.",
    ),
    "page.class.topics_common": Text("常见题型", "Common topics"),
    "page.class.mistake_kinds": Text(
        "批改中第一处错误的类型", "Kinds of first mistake found when checking work"
    ),
    "page.class.no_mistakes": Text("还没有批改出错的步骤。", "No wrong steps found when checking work yet."),
    "page.class.no_records": Text("还没有记录。", "Nothing recorded yet."),
    "page.class.open_student": Text("查看对话、设置帮助上限", "See the conversations, set the help limit"),
    "page.class.questions": Text("提问 {count} 次", "questions: {count}"),
    "page.class.topics": Text("题型", "Topics"),
    "page.class.not_recorded": Text(
        "另有 {count} 次提问早于统计功能，没有记录题型。",
        "Questions asked before topics were recorded: {count}.",
    ),
    "page.class.checked": Text("批改 {count} 次", "{count} checked"),
    "page.class.not_checked": Text("还没有批改", "nothing checked yet"),
    "page.class.no_errors": Text("批改中没有发现错误。", "No mistakes found when checking work."),
    "page.class.errors_later": Text(
        "批改过的作业会在这里显示第一处错误的类型。",
        "Work that is checked will show the kind of its first mistake here.",
    ),
    "page.class.first_errors": Text("第一处错误（{checked}）", "First mistakes ({checked})"),
    "page.class.ceiling": Text(
        "达到帮助上限 {reached} 次（共 {known} 次提问有记录）",
        "Help limit reached: {reached} (questions recorded: {known})",
    ),
    "page.class.ceiling_unknown": Text("帮助上限：没有记录", "Help limit: nothing recorded"),
    "page.class.due": Text("错题本：{count} 道该复习", "Mistakes: {count} due for review"),
    "page.class.wrong": Text("错在：{line}", "Wrong: {line}"),
    "page.class.should_be": Text("应为：", "Should be: "),
    "page.class.more_due": Text("另有 {count} 道未列出。", "{count} more not listed."),
    "page.class.per_day": Text("每天的提问次数：{counts}", "Questions per day: {counts}"),
    "page.class.day_count": Text("{day}：{count} 次", "{day}: {count}"),
    "page.class.today": Text("今天", "today"),
    "page.class.date": Text("{month}月{day}日", "{month}/{day}"),
}
