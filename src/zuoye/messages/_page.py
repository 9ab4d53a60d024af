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
    "page.sidebar.empty": Text("还没有对话。提一个问题吧！", "No conversations yet. Ask a question!"),
    "page.sidebar.logout": Text("退出登录", "Log out"),
    "page.students.title": Text("我的学生", "My students"),
    "page.login.title": Text("登录", "Log in"),
    "page.login.name": Text("用户名", "User name"),
    "page.login.password": Text("密码", "Password"),
    "page.login.submit": Text("登录", "Log in"),
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
        "A CSV saved from Excel (header: 题号, 题目, 年级, 模式; UTF-8 or GBK) or JSONL, at most 2 MB. "
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
    "page.example.rectangle": Text(
        "一个长方形的长是 8 厘米，宽是 5 厘米，它的面积是多少？",
        "A rectangle is 8 cm long and 5 cm wide. What is its area?",
    ),
    "page.example.rectangle_label": Text("长方形的面积", "Area of a rectangle"),
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
    "page.mode.check": Text("批改", "Check my work"),
    "page.mode.practice": Text("练习", "Practice"),
    "page.grade.primary": Text("小学", "Primary"),
    "page.grade.junior": Text("初中", "Junior secondary"),
    "page.grade.senior": Text("高中", "Senior secondary"),
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
}
