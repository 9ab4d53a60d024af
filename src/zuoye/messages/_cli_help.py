"""The command line's --help texts for students, parents and teachers (ask, chat, history, batch,
solve, mistakes, doctor, models), said in the reader's language when help is shown
(`zuoye.cli._app`). The values a user types (小学, 讲解, hint) stay as they are typed."""

from __future__ import annotations

from zuoye.messages._text import Text

CLI_HELP: dict[str, Text] = {
    "help.app": Text(
        "作业 zuoye：用文心一言（ERNIE）解答作业题，数学由计算机验算。",
        "作业 zuoye — homework questions answered by ERNIE, with the maths checked by a computer.",
    ),
    "help.version": Text("显示版本号后退出。", "Print the version and exit."),
    # -- options shared by ask and chat --
    "help.model": Text(
        "模型：ERNIE-4.0-8K 等文心模型，或 服务名/模型，例如 deepseek/deepseek-chat"
        "（环境变量 ZUOYE_MODEL；`zuoye models` 列出全部）。",
        "ERNIE-4.0-8K, another ERNIE model, or PROVIDER/model, e.g. deepseek/deepseek-chat "
        "(env ZUOYE_MODEL; `zuoye models` lists them).",
    ),
    "help.grade": Text(
        "年级：小学 / 初中 / 高中 / 大学（环境变量 ZUOYE_GRADE）。",
        "The grade: 小学 (primary) / 初中 (junior secondary) / 高中 (senior secondary) / 大学 (university) "
        "(env ZUOYE_GRADE).",
    ),
    "help.mode": Text(
        "模式：讲解 / 提示（只给提示和一个反问）/ 批改（找出第一处错误）/ 练习（出类似的题）。",
        "讲解 explain / 提示 hint / 批改 check / 练习 practice.",
    ),
    "help.ceiling": Text(
        "最多给多少帮助：hint（提示）/ step（一步）/ full（完整解答）；由家长或老师设置"
        "（环境变量 ZUOYE_HELP_CEILING），这里只能调低。",
        "Most help allowed: hint / step / full (an adult's setting; env ZUOYE_HELP_CEILING; this option "
        "can only lower it).",
    ),
    "help.session": Text("继续这个对话（编号或它的前几位）。", "Continue this conversation (id or prefix)."),
    "help.verbose": Text("显示模型调用的工具和它的思路。", "Show the model's tool calls and its reasons."),
    "help.json": Text("输出 JSON。", "Print JSON."),
    # -- zuoye ask --
    "help.ask": Text(
        "问一道作业题；回答边写边显示。", "Ask one homework question; the answer streams as it is written."
    ),
    "help.ask.question": Text(
        "作业题。写 - 从标准输入读取。", "The homework question. Use - to read it from standard input."
    ),
    "help.ask.image": Text(
        "题目的照片（PNG/JPEG/WebP/BMP）。先显示识别出的文字；在终端里可以确认或改正，"
        "照片里有几道题时选一道。",
        "A photo of the question (PNG/JPEG/WebP/BMP). What was read is shown; at a terminal you confirm or "
        "correct it, and pick one question when the photo holds several.",
    ),
    "help.ask.pick": Text(
        "与 --image 一起用：问照片里的第 N 道题（1 是第一道）。",
        "With --image: ask question N of a photo that holds several (1 = the first).",
    ),
    "help.ask.json": Text(
        "最后输出一个 JSON 对象，而不是边写边显示。", "Print one JSON object instead of streaming."
    ),
    # -- zuoye chat --
    "help.chat": Text(
        "多轮对话：提问、追问；Alt+Enter 或行末 \\ 换行，Ctrl-C 停止回答，Ctrl-D 退出。"
        "标准输入不是终端时，每行一个问题。",
        "A conversation: ask, follow up; Alt+Enter or a trailing \\ adds a line, Ctrl-C stops an answer, "
        "Ctrl-D leaves. Reads one question per line when standard input is not a terminal.",
    ),
    # -- zuoye history --
    "help.history": Text(
        "列出对话（最新的在前），或显示一个对话。", "List conversations (newest first) or show one."
    ),
    "help.history.conversation": Text(
        "显示这个对话（编号或它的前 4 位以上）。", "Show this conversation (id or its first 4+ characters)."
    ),
    "help.history.limit": Text("最多列出多少个对话。", "How many conversations to list."),
    "help.history.all_users": Text("也列出本机其他用户的对话。", "Include other local users' conversations."),
    # -- zuoye batch --
    "help.batch": Text(
        "解答一份作业单的每一道题；用同样的输出文件再运行一次，就从中断处继续。",
        "Answer every question of a worksheet; re-run with the same OUTPUT to resume.",
    ),
    "help.batch.input": Text(
        "作业单：.csv（第一行是表头，要有“题目”一列）或 .jsonl（每行 {{id, question, grade?, mode?}}）。",
        "Worksheet: .jsonl lines {{id, question, grade?, mode?}} or .csv with a header.",
    ),
    "help.batch.output": Text(
        "答案写到哪里：.jsonl、.csv、.md 或 .html（按扩展名）。旁边已经由 zuoye batch 写过的、"
        "同一模型、模式和年级的答案会直接沿用，不再计费。",
        "Where answers go: .jsonl, .csv, .md or .html (by extension). Answers to the same questions already "
        "written beside it by zuoye batch (another format or version) with the same model, mode and grade "
        "are reused, not paid again.",
    ),
    "help.batch.mode": Text(
        "没写模式的题用的模式：讲解 / 提示 / 批改 / 练习。",
        "Default mode for lines without one: 讲解/提示/批改/练习.",
    ),
    "help.batch.grade": Text("没写年级的题用的年级。", "Default grade for lines without one."),
    "help.batch.ceiling": Text(
        "最多给多少帮助：hint / step / full。", "Most help allowed: hint / step / full."
    ),
    "help.batch.concurrency": Text("同时在答的题数。", "Questions in flight at once."),
    "help.batch.rpm": Text(
        "额度允许的每分钟请求数（不填就自动摸索）。",
        "Requests per minute your quota allows (learned if unset).",
    ),
    "help.batch.tpm": Text(
        "额度允许的每分钟 token 数（不填就自动摸索；v2 分输入和输出）。",
        "Tokens per minute your quota allows (learned if unset, input and output apart on v2).",
    ),
    "help.batch.title": Text(
        "报告的标题（默认“作业解答”；答案版加“（答案）”）。",
        "The report's title (default 作业解答; the key adds （答案）).",
    ),
    "help.batch.class": Text(
        "印在报告“班级”一行上（不填就留空，手写）。",
        "Printed on the report's 班级 line (left blank to fill in by hand).",
    ),
    "help.batch.version": Text(
        "哪一种报告：full（完整解答）、student（学生版：只有题目和答题空白）或 key（答案版：只有最后答案）。"
        "用于 HTML 和 Markdown。",
        "Which report: full (answers worked out), student (questions and room to write, no answers) or key "
        "(the final answers only). HTML and Markdown.",
    ),
    # -- zuoye solve --
    "help.solve": Text(
        "用本地求解器精确解一道数学题，并给出步骤。",
        "Solve a maths problem exactly with the local solver, with steps.",
    ),
    "help.solve.problem": Text("题目，例如“解方程 x^2-5x+6=0”。", "The problem, e.g. 'solve x^2-5x+6=0'."),
    "help.solve.json": Text("以 JSON 输出解答。", "Print the solution as JSON."),
    "help.solve.batch": Text(
        '逐行求解 {{"id", "q"}}（- 表示标准输入），每行输出一行 JSON。',
        'Solve a JSONL file of {{"id", "q"}} lines (- for standard input), one JSON line out per line.',
    ),
    "help.solve.timeout": Text("每道题的时间上限（秒）。", "Seconds allowed per problem."),
    # -- zuoye mistakes --
    "help.mistakes": Text(
        "错题本：批改出的错误、验算不一致的回答和自己收藏的题，按 1、3、7、14 天复习。",
        "Your mistake book: wrong lines found by checking your working (--mode check), answers the "
        "check disagreed with, and questions you saved, reviewed after 1, 3, 7 and 14 days.",
    ),
    "help.mistakes.due": Text("只列出该复习的。", "Only entries due for review."),
    "help.mistakes.print": Text(
        "写一张 A4 练习单（答案另起一页，放在最后），用浏览器打印。",
        "Write an A4 practice sheet (the answers on a last page of their own) to print from a browser.",
    ),
    "help.mistakes.model": Text(
        "出题用的模型（默认：配置的模型）。",
        "The model that proposes problems (default: the configured one).",
    ),
    "help.mistakes.add": Text(
        "加入错题本：把一个对话里的一问收进错题本。", "Save a turn of a conversation to your mistake book."
    ),
    "help.mistakes.session": Text(
        "对话（编号或前 4 位以上）；`zuoye history` 列出对话。",
        "A conversation (id or its first 4+ characters); `zuoye history` lists them.",
    ),
    "help.mistakes.turn": Text(
        "第几问（1 是第一问；默认最后一问）。", "Which turn (1 = the first; default the last)."
    ),
    "help.mistakes.practise": Text(
        "再练一题：出一道类似的题，你的答案由计算机判对错。",
        "Practise a similar problem; the computer marks your answer.",
    ),
    "help.mistakes.entry": Text(
        "错题编号（`zuoye mistakes` 列出）。", "The entry's number (`zuoye mistakes` lists them)."
    ),
    "help.mistakes.answer": Text(
        "你的答案（不给就在终端里问）。", "Your answer (asked for at the terminal when not given)."
    ),
    "help.mistakes.remove": Text("从错题本里移除一条。", "Remove an entry from your mistake book."),
    # -- zuoye doctor, zuoye models --
    "help.doctor": Text(
        "检查配置、密钥、网络、数据库和本地求解器；每一项出错时都说怎么办。",
        "Check configuration, credentials, reachability, the database and the local solver.",
    ),
    "help.doctor.call": Text(
        "发一个很小的对话请求（几个 token），证明密钥和模型都能用。",
        "Send one tiny chat request (a few tokens) to prove credentials and model.",
    ),
    "help.doctor.model": Text(
        "要检查的模型（默认：ZUOYE_MODEL）。", "The model to check (default: ZUOYE_MODEL)."
    ),
    # -- zuoye users (an admin, a teacher or a parent creates the accounts of zuoye serve --multi-user) --
    "help.users": Text(
        "zuoye serve --multi-user 的账号：添加、列出、修改、密码、API 令牌、老师和家长。",
        "Accounts for `zuoye serve --multi-user`: add, list, set, passwords, API tokens, teachers/parents.",
    ),
    "help.users.tokens": Text(
        "一个用户的 API 令牌和登录会话：列出（从不显示令牌本身）、添加、吊销。",
        "A user's API tokens and login sessions: list (never the secrets), add, revoke.",
    ),
    "help.users.password_stdin": Text(
        "从标准输入的第一行读取密码。", "Read the password from the first line of standard input."
    ),
    "help.users.add": Text("创建一个账号（会问它的密码）。", "Create an account (asks for its password)."),
    "help.users.name": Text(
        "登录名（字母、数字、汉字、. _ - @）。", "Login name (letters, digits, Chinese, . _ - @)."
    ),
    "help.users.role": Text(
        "角色：student（学生）、teacher（老师）、parent（家长）或 admin（管理员）。",
        "student, teacher, parent or admin.",
    ),
    "help.users.no_password": Text(
        "不能用密码登录（只用 API 令牌）。", "No password login (API tokens only)."
    ),
    "help.users.daily_quota": Text(
        "每天能问几道题（0：不限；默认：服务器的设置）。",
        "Questions per day (0: no limit; default: the server's).",
    ),
    "help.users.ceiling": Text(
        "最多给多少帮助：hint、step 或 full（默认：服务器的设置）。",
        "Most help: hint, step or full (default: the server's).",
    ),
    "help.users.list": Text(
        "列出账号：角色、每日题数（和今天已问的）、帮助上限。",
        "The accounts, with their role, quota (and the questions taken today) and help ceiling.",
    ),
    "help.users.set": Text(
        "修改一个账号的角色、每日题数、帮助上限，或是否允许登录。",
        "Change an account's role, quota, help ceiling or whether it may log in.",
    ),
    "help.users.set_quota": Text("每天能问几道题（0：不限）。", "Questions per day (0: no limit)."),
    "help.users.default_quota": Text("改回服务器的每日题数。", "Use the server's daily quota."),
    "help.users.set_ceiling": Text("帮助上限：hint、step 或 full。", "hint, step or full."),
    "help.users.default_ceiling": Text("改回服务器的帮助上限。", "Use the server's help ceiling."),
    "help.users.disable": Text(
        "禁止或允许登录（禁止时结束已登录的会话）。", "Block or allow logins (ends sessions)."
    ),
    "help.users.passwd": Text(
        "设置新密码（结束这个账号的登录会话，并吊销它的 API 令牌）。",
        "Set a new password (ends the account's login sessions and revokes its API tokens).",
    ),
    "help.users.link": Text(
        "让老师或家长看到一个学生的对话，并能设置他的帮助上限。",
        "Let a teacher or parent see a student's conversations and set their help ceiling.",
    ),
    "help.users.unlink": Text("撤销 `link`。", "Undo `link`."),
    "help.users.days": Text(
        "有效天数（默认：设置 api_token_days，90；最多 api_token_max_days，365）。",
        "Days it lives (default: setting api_token_days, 90; at most api_token_max_days, 365).",
    ),
    "help.users.token": Text(
        "创建一个 API 令牌（只在标准输出上显示这一次；只保存它的哈希）。",
        "Create an API token (printed once on stdout; only its hash is kept).",
    ),
    "help.users.label": Text("这个令牌是做什么用的。", "What the token is for."),
    "help.users.tokens_add": Text(
        "创建一个 API 令牌（和 `zuoye users token` 一样）。",
        "Create an API token (the same as `zuoye users token`).",
    ),
    "help.users.tokens_list": Text(
        "一个用户的 API 令牌和登录会话：编号、用途、创建、到期、最近使用（从不显示令牌本身）。",
        "A user's API tokens and login sessions: id, label, created, expires, last used (never the secret).",
    ),
    "help.users.revoke": Text(
        "吊销一个用户的某些令牌，或用 --all 吊销全部令牌和登录会话。",
        "Revoke some of a user's tokens, or all of them and their login sessions (--all).",
    ),
    "help.users.token_ids": Text(
        "`zuoye users tokens list` 列出的编号。", "Ids from `zuoye users tokens list`."
    ),
    "help.users.revoke_all": Text(
        "这个用户的每一个 API 令牌和登录会话。", "Every API token and login session of the user."
    ),
    "help.models": Text(
        "列出每个已配置服务（文心一言、OpenAI 兼容的服务器）的模型：能问服务就问服务，"
        "否则列出 zuoye 认识的或配置里写的。离线时列出文心模型。",
        "List the models of every configured service (ERNIE, OpenAI-compatible servers): asked from the "
        "service where it can list them, else the models zuoye knows or the configuration names. Offline, "
        "the ERNIE models.",
    ),
}
