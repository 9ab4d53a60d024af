"""What the command line says: errors of every command, `zuoye chat`, `zuoye batch`."""

from __future__ import annotations

from zuoye.messages._text import Text

CLI: dict[str, Text] = {
    # -- every command (zuoye.cli._app) --
    "cli.error": Text("错误：{message}", "error: {message}"),
    "cli.next_step.config": Text(" 运行 `zuoye doctor` 可检查配置。", " `zuoye doctor` checks the setup."),
    "cli.next_step.service": Text(" 请稍后再试。", " Try again in a moment."),
    "cli.cancelled": Text("已取消。", "Cancelled."),
    "cli.full_stop": Text("。", "."),
    # Click's usage errors (zuoye.cli._usage): option names and typed words are quoted as they came
    "cli.usage.more": Text(" 用法见 `{command} --help`。", " See `{command} --help`."),
    "cli.usage.maybe": Text("（是不是 {options}？）", " (did you mean {options}?)"),
    "cli.usage.no_such_option": Text(
        "没有 {option} 这个选项{maybe}。", "there is no option {option}{maybe}."
    ),
    "cli.usage.no_such_command": Text("没有 {name} 这个命令{maybe}。", "there is no command {name}{maybe}."),
    "cli.usage.needs_value": Text("{option} 后面要写一个值。", "{option} needs a value after it."),
    "cli.usage.missing": Text("缺少 {param}。", "{param} is missing."),
    "cli.usage.bad_value": Text("{param} 的值不对：{detail}。", "{param} has a wrong value: {detail}."),
    "cli.usage.at_least": Text("要大于或等于 {bound}", "it must be at least {bound}"),
    "cli.usage.at_most": Text("要小于或等于 {bound}", "it must be at most {bound}"),
    "cli.usage.integer": Text("要是整数", "it must be a whole number"),
    "cli.usage.number": Text("要是数", "it must be a number"),
    "cli.usage.extra": Text(
        '多出了参数 {args}：题目里有空格时，请把整道题放在引号里，例如 {command} "解方程 2x + 3 = 7"。',
        'unexpected extra argument(s) {args}: put a question with spaces in quotes, e.g. {command} "solve 2x + 3 = 7".',
    ),
    "cli.usage.other": Text("命令写得不对：{detail}", "{detail}"),
    "cli.model_failed": Text(
        "模型服务没有回答。{fix}（详情：{detail}）",
        "The model service did not answer. {fix} (details: {detail})",
    ),
    # why a file could not be read or written (zuoye.cli._files)
    "cli.file.not_found": Text(
        "没有这个文件（请检查路径和文件名）", "there is no such file (check the path and name)"
    ),
    "cli.file.is_directory": Text("这是一个文件夹，不是文件", "it is a folder, not a file"),
    "cli.file.not_directory": Text(
        "路径里有一段不是文件夹（请检查路径）", "part of the path is not a folder (check the path)"
    ),
    "cli.file.permission": Text(
        "没有权限（请换一个位置，或检查文件权限）", "permission denied (use another place)"
    ),
    "cli.file.read_only": Text("那里是只读的（请换一个位置）", "that place is read-only (use another one)"),
    "cli.file.no_space": Text("磁盘已满", "the disk is full"),
    "cli.file.name_too_long": Text("文件名太长", "the file name is too long"),
    "cli.port_in_use": Text(
        "这个端口已经有程序在用（换一个 --port，或用 --port 0 自动挑一个空闲的）",
        "another program is using that port (choose another --port, or --port 0 for a free one)",
    ),
    "cli.no_such_address": Text(
        "这台电脑没有这个地址（请检查 --host）", "this computer has no such address (check --host)"
    ),
    "cli.partial_saved": Text(
        " 已写出的部分已保存（`zuoye history`）。", " What was written is saved (`zuoye history`)."
    ),
    # -- options shared by ask, chat and batch (zuoye.cli._context) --
    "cli.bad_grade": Text(
        "--grade {grade}：年级只能是 {allowed} 之一。", "--grade {grade} is not one of {allowed}"
    ),
    "cli.ceiling_only_lowered": Text(
        "家长或老师设置的帮助上限是 {ceiling}，--help-ceiling 只能调低它（要调高，请他们修改 ZUOYE_HELP_CEILING）。",
        "the help ceiling is {ceiling}, set by a parent or teacher; --help-ceiling can only lower it "
        "(ask them to change ZUOYE_HELP_CEILING)",
    ),
    # -- zuoye ask --
    "ask.no_question": Text(
        '请给出题目，例如 zuoye ask "解方程 2x+3=7"（或用 --image 给照片）。',
        'give a question, e.g. zuoye ask "solve 2x+3=7" (or --image FILE)',
    ),
    "ask.stdin_not_text": Text(
        "标准输入不是 UTF-8 文本（比如是一张照片）：照片请用 --image 照片.jpg；文本文件请先另存为 UTF-8。",
        "standard input is not UTF-8 text (a photo, say): give a photo with --image photo.jpg; save a text "
        "file as UTF-8 first",
    ),
    "ask.pick_without_image": Text(
        "--pick 用来选照片里的一道题：请同时用 --image 给出照片。",
        "--pick chooses a question of a photo: give the photo with --image",
    ),
    "ask.cannot_read_file": Text("读不了文件 {path}：{reason}", "cannot read {path}: {reason}"),
    "ask.vision_unusable": Text(
        "视觉模型 {model} 不可用（{reason}），这是本机识别的结果，请仔细核对。",
        "The vision model {model} is not usable ({reason}); this is the local reading: check it carefully.",
    ),
    "ask.recognised": Text("识别出的题目{by}：\n{text}\n", "recognised text{by}:\n{text}\n"),
    "ask.read_by": Text("（{model} 读题）", " (read by {model})"),
    "ask.check_doubt": Text("请核对：{doubt}", "check: {doubt}"),
    "ask.several_need_pick": Text(
        "照片里有 {count} 道题，请用 --pick N 选一道：\n{listing}",
        "the photo holds {count} questions; choose one with --pick N:\n{listing}",
    ),
    "ask.several": Text(
        "照片里有 {count} 道题：\n{listing}", "the photo holds {count} questions:\n{listing}"
    ),
    "ask.which_one": Text("问哪一道？(1–{count})", "Which one? (1–{count})"),
    "ask.pick_a_number": Text(
        "请输入 1 到 {count} 之间的题号（“{given}”不是）。",
        "type a number from 1 to {count} ('{given}' is not one)",
    ),
    "ask.pick_out_of_range": Text(
        "--pick {pick}：照片里只有 {count} 道题。", "--pick {pick}: the photo holds {count} question(s)"
    ),
    "ask.confirm_question": Text(
        "要问的题目：\n{question}\n按回车确认，或输入改正后的题目",
        "The question:\n{question}\nEnter to confirm, or type it corrected",
    ),
    "ask.reading_has_doubts": Text(
        "识别结果有需要核对的地方（见上），为了不问错题，没有提问：请对照照片核对后直接输入题目，例如 "
        'zuoye ask "…"。',
        "Parts of the reading need checking (above), so nothing was asked: check it against the photo "
        'and type the question, e.g. zuoye ask "…".',
    ),
    "ask.thinking": Text("正在思考……", "Thinking…"),
    "ask.session": Text("会话 {ref}", "session {ref}"),
    "ask.stopped": Text(
        '已停止。已写出的部分已保存；继续这次对话：zuoye ask --session {ref} "…"',
        'Stopped; what was written is saved. To go on: zuoye ask --session {ref} "…"',
    ),
    "ask.stopped_before_answer": Text(
        '已停止，还没有回答。题目已保存；继续这次对话：zuoye ask --session {ref} "…"',
        'Stopped before the answer began; the question is saved. To go on: zuoye ask --session {ref} "…"',
    ),
    "ask.follow_up": Text(
        '继续提问：zuoye ask --session {ref} "…"', 'follow up: zuoye ask --session {ref} "…"'
    ),
    # -- modes and ceilings (zuoye.tutor.modes), history, models, solve --
    "options.unknown_mode": Text(
        "不认识的模式“{mode}”：请用 {allowed} 之一。", "unknown mode '{mode}'; use one of {allowed}"
    ),
    "options.unknown_ceiling": Text(
        "不认识的帮助上限“{ceiling}”：请用 {allowed} 之一。",
        "unknown help ceiling '{ceiling}'; use one of {allowed}",
    ),
    "history.no_conversation": Text(
        "没有对话“{conversation}”：`zuoye history` 列出所有对话。",
        "no conversation '{conversation}'; `zuoye history` lists them",
    ),
    "history.none_yet": Text(
        '还没有对话。试试：zuoye ask "解方程 2x+3=7"', 'No conversations yet. Try: zuoye ask "solve 2x+3=7"'
    ),
    "history.columns": Text(
        "编号\t更新时间 (UTC)\t轮数\t模式\t标题", "id\tupdated (UTC)\tturns\tmode\ttitle"
    ),
    "history.line": Text(
        "{id}  {updated} UTC  {mode} · {turns} 轮", "{id}  {updated} UTC  {mode} · {turns} Q"
    ),
    "history.question": Text("问：", "Q: "),
    "history.no_answer": Text("（没有回答）", "(no answer)"),
    "history.regenerated": Text(
        "（已重新生成，共 {count} 个版本，下面是最新的；`--json` 列出每个版本）",
        "(regenerated: {count} versions, the latest below; --json lists every one)",
    ),
    "history.check": Text("验算：{label}", "checked: {label}"),
    "history.incomplete": Text("这个回答不完整（{why}）", "this answer is incomplete ({why})"),
    "history.interrupted": Text(
        "回答中途停止了：按了停止或 Ctrl-C，或程序中断",
        "it was stopped part-way: Stop or Ctrl-C, or the program ended",
    ),
    "history.status.complete": Text("完整", "complete"),
    "history.status.incomplete": Text("不完整", "incomplete"),
    "history.status.failed": Text("没有回答", "not answered"),
    "history.status.pending": Text("正在回答", "being answered"),
    "models.listed_by_service": Text("服务提供的列表", "the service's list"),
    "models.listed_by_table": Text("zuoye 内置", "zuoye's table"),
    "models.column.model": Text("模型", "model"),
    "models.column.tools": Text("工具", "tools"),
    "models.column.description": Text("说明", "description"),
    "models.tools_line": Text("    工具 {tools} · {description}", "    tools {tools} · {description}"),
    "models.default": Text(
        "* 默认：{model}（--model 或 ZUOYE_MODEL 可改）",
        "* default: {model} (change it with --model or ZUOYE_MODEL)",
    ),
    "models.cannot_list": Text("列不出模型：{reason}", "cannot list models: {reason}"),
    "solve.problem_or_batch": Text(
        "--batch 和题目只能给一个。", "Give either a problem or --batch, not both."
    ),
    "solve.no_problem": Text(
        '请给出题目，例如：zuoye solve "解方程 2x+3=7"。',
        'Give a problem to solve, e.g. zuoye solve "solve 2x+3=7".',
    ),
    "solve.cannot_read": Text("读不了文件 {path}：{reason}。", "Cannot read {path}: {reason}."),
    "solve.input_failed": Text("读取输入时出错：{reason}。", "Error reading the input: {reason}."),
    # -- zuoye serve and zuoye worker (the person running the server reads these) --
    "serve.open_single_user": Text(
        "在 {host} 上用单用户模式，任何能连到这台机器的人都能以你的身份提问。请用 --multi-user（账号：`zuoye users add`），"
        "或者确实要这样时用 --open-single-user。",
        "single-user mode on {host} would let anyone who reaches this machine ask as you. Use --multi-user "
        "(accounts: `zuoye users add`), or --open-single-user if that is what you want.",
    ),
    "serve.cannot_listen": Text(
        "无法在 {host}:{port} 上监听：{reason}", "cannot listen on {host}:{port}: {reason}"
    ),
    "serve.multi_user": Text("多用户", "multi-user"),
    "serve.single_user": Text("单用户", "single-user"),
    "serve.offline": Text(
        "离线：只有本地求解器（设置 QIANFAN_BEARER_TOKEN 使用文心一言）", "offline, local solver only"
    ),
    "serve.models": Text("模型：{names}", "models: {names}"),
    "serve.started": Text(
        "zuoye serve：{url} — {mode}，{models}。按 Ctrl+C 停止。",
        "zuoye serve: {url} — {mode}, {models}. Ctrl+C to stop.",
    ),
    "serve.warning": Text("注意：{problem}", "warning: {problem}"),
    "serve.no_accounts": Text(
        "还没有账号：用 `zuoye users add 名字` 创建一个。",
        "no accounts yet; create one with `zuoye users add NAME`.",
    ),
    "serve.log_format": Text(
        "--log-format 只能是 text 或 json，不能是 {value}", "--log-format must be text or json, not {value}"
    ),
    "serve.log_level": Text(
        "--log-level 只能是 debug、info、warning 或 error，不能是 {value}",
        "--log-level must be debug, info, warning or error, not {value}",
    ),
    "serve.workers_need_shared": Text(
        "--workers {workers} 需要各进程共用的 PostgreSQL 和 Redis：请设置 {missing}（或去掉 --workers）。",
        "--workers {workers} needs a PostgreSQL database and a Redis the processes share: set {missing} "
        "(or drop --workers).",
    ),
    "serve.and": Text("、", " and "),  # between the settings named in serve.workers_need_shared
    "serve.proxy_not_address": Text(
        "--forwarded-allow-ips：'{entry}' 不是地址或网段（例如 127.0.0.1、10.0.0.0/8）",
        "--forwarded-allow-ips: '{entry}' is not an address or network (e.g. 127.0.0.1, 10.0.0.0/8)",
    ),
    "serve.proxy_empty": Text(
        "--forwarded-allow-ips 是空的：请写出代理的地址（例如 127.0.0.1）",
        "--forwarded-allow-ips is empty: name the proxy's address (e.g. 127.0.0.1)",
    ),
    "worker.needs_postgres": Text(
        "zuoye worker 需要 PostgreSQL（ZUOYE_DATABASE_URL=postgresql+psycopg://…）；用 SQLite 时，"
        "作业单由 zuoye serve 自己来做，不需要 worker。",
        "zuoye worker needs PostgreSQL (set ZUOYE_DATABASE_URL); on SQLite, zuoye serve runs the worksheets itself",
    ),
    "worker.stalled_after": Text(
        "--stalled-after（{stalled} 秒）必须大于 --heartbeat（{heartbeat} 秒）的两倍，否则活着的 worker 会被当成已停止。",
        "--stalled-after ({stalled} s) must be more than twice --heartbeat ({heartbeat} s), or live workers "
        "would be taken for dead",
    ),
    "worker.waiting": Text(
        "zuoye worker：等待作业单（并发 {concurrency}）",
        "zuoye worker: waiting for worksheets (concurrency {concurrency})",
    ),
    # -- zuoye chat --
    # the prompt a question is typed after ("问" = ask)
    "chat.prompt": Text("问> ", "Q> "),
    "chat.help": Text(
        "作业助手 zuoye chat — 输入问题后按回车发送。Alt+Enter（或先按 Esc 再按 Enter）或在行末输入 \\ 换行；"
        "↑/↓ 翻看之前的问题；Ctrl+C 停止正在写的回答或清空本行；Ctrl+D 或 /exit 退出。",
        "zuoye chat — Enter sends; Alt+Enter (Esc, Enter) or a trailing \\ adds a line; ↑/↓ recall; "
        "Ctrl+C stops an answer or clears the line; Ctrl+D or /exit leaves.",
    ),
    "chat.solver_only": Text(
        "这个问题本地求解器回答不了：没有配置文心一言（ERNIE）时，只能解答它读得懂的数学题，例如“解方程 2x+3=7”。"
        "想问“为什么”、听讲解，请设置 QIANFAN_BEARER_TOKEN（`zuoye doctor` 可检查配置）。",
        "The local solver cannot answer this: without ERNIE it answers only maths it can read, such as "
        "“solve 2x+3=7”. To ask why and hear it explained, set QIANFAN_BEARER_TOKEN (`zuoye doctor` "
        "checks the setup).",
    ),
    "chat.stopped_saved": Text(
        "已停止。已写出的部分已保存，可以继续提问。", "Stopped; what was written is saved. Ask on."
    ),
    "chat.stopped": Text("已停止。", "Stopped."),
    "chat.bye_session": Text(
        "再见！继续这次对话：zuoye chat --session {ref}", "Bye. To go on: zuoye chat --session {ref}"
    ),
    "chat.bye": Text("再见！", "Bye."),
    # -- zuoye doctor: a check's name and what it found; in Chinese with no space after the colon, so
    # that a long detail folds on the name's line instead of starting a line of its own --
    "doctor.line": Text("{label}：{detail}", "{label}: {detail}"),
    # -- zuoye batch --
    "batch.cannot_read": Text("无法读取作业单 {path}：{reason}", "cannot read {path}: {reason}"),
    "batch.unknown_format": Text(
        "{path}：不认识的作业单格式 {suffix}：请用 .csv（Excel 可另存为）或 .jsonl。",
        "{path}: unknown input format {suffix}; use .csv or .jsonl",
    ),
    "batch.no_suffix": Text("（无扩展名）", "(none)"),
    "batch.not_text": Text(
        "{path} 不是可读的文本（试过 UTF-8、GB18030/GBK）：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”。",
        "{path} is not UTF-8 or GB18030 text: in Excel, save it as CSV UTF-8",
    ),
    "batch.two_columns": Text(
        "表头里有两列都是“{field}”（{header}）：请删掉或改名其中一列。",
        "two columns of the header mean `{field}` ({header}); remove or rename one",
    ),
    "batch.no_question_column": Text(
        "CSV 作业单的第一行要是表头，并有一列题目：题目（或 问题、question），可选 题号、年级、模式。",
        "a CSV worksheet needs a header row with a `question` (题目) column (and optionally id, grade, mode)",
    ),
    "batch.line.duplicate_id": Text(
        "题号 {id} 重复了（保留第一次出现的）", "duplicate id {id} (first use kept)"
    ),
    "batch.line.bad_json": Text(
        "不是有效的 JSON（第 {column} 列：{error}）", "not valid JSON ({error} at column {column})"
    ),
    "batch.line.not_object": Text(
        '每一行都要是一个 JSON 对象，例如 {{"question": "…"}}',
        'each line must be a JSON object like {{"question": "…"}}',
    ),
    "batch.line.too_many_fields": Text(
        "这一行的列比表头多（含逗号的题目要加引号）",
        "more fields than the header has (quote questions that contain commas)",
    ),
    "batch.line.no_question": Text("没有题目（question 不能为空）", "no `question` (a non-empty string)"),
    "batch.line.too_long": Text(
        "题目有 {length} 个字，最多 {limit} 个", "question is {length} characters; the limit is {limit}"
    ),
    "batch.line.bad_id": Text("题号要是文字或数字", "`id` must be a string or a number"),
    "batch.line.bad_grade": Text(
        "年级“{grade}”不对：只能是 {allowed} 之一", "grade '{grade}' is not one of {allowed}"
    ),
    "batch.journal_locked": Text(
        "另一个 `zuoye batch` 正在写 {path}：请等它结束，或换一个输出文件。",
        "another `zuoye batch` is writing {path}; wait for it or choose another output",
    ),
    # -- a worksheet uploaded to the web page (zuoye.jobs) --
    "upload.unknown_format": Text(
        "不认识的作业单格式“{suffix}”：请上传 .csv（Excel 可另存为 CSV）或 .jsonl 文件。",
        "unknown worksheet format {suffix}: upload a .csv or .jsonl file",
    ),
    "upload.no_extension": Text("无扩展名", "(no extension)"),
    "upload.empty": Text(
        "作业单是空的：请上传有题目的文件。", "the worksheet is empty: upload a file with questions"
    ),
    "upload.too_large": Text(
        "作业单超过 {mb} MB：请分成几份上传。", "the worksheet is larger than {mb} MB; split it"
    ),
    "upload.bad_csv": Text(
        "CSV 作业单读不下去（{reason}）：请检查引号是否成对，或在 Excel 里重新另存为 CSV。",
        "the CSV cannot be read ({reason}); check its quotes or save it again from Excel",
    ),
    "upload.line": Text("第 {line} 行：{reason}", "line {line}: {reason}"),
    "upload.no_questions": Text(
        "作业单里没有可以回答的题目{reasons}。", "the worksheet has no usable questions{reasons}"
    ),
    "upload.reasons": Text("：{reasons}", ": {reasons}"),
    "upload.too_many": Text(
        "作业单有 {count} 道题，一次最多 {max} 道：请分成几份上传。",
        "{count} questions; at most {max} per worksheet: split it",
    ),
    "batch.unknown_output": Text(
        "不认识的输出格式 {suffix}：请用 .jsonl、.csv、.md 或 .html。",
        "unknown output format {suffix}; use .jsonl, .csv, .md or .html",
    ),
    "batch.progress": Text("答题", "answering"),
    # every few seconds when stderr is not a terminal (a log file, a pipe)
    "batch.progress_line": Text(
        "进度 {done}/{total}：已答 {answered}，失败 {failed}，每秒 {rate} 题，还要约 {eta} 秒",
        "progress {done}/{total}: answered {answered}, failed {failed}, {rate}/s, about {eta} s left",
    ),
    "batch.cannot_write": Text(
        "写不了 {path}：{reason}。请用 -o 换一个位置。",
        "cannot write {path}: {reason}; give -o another place",
    ),
    "batch.cannot_write_report": Text(
        "写不了 {path}：{reason}。已答的题都保存着：改正后再运行同样的命令，不会重复计费。",
        "cannot write {path}: {reason}. The answers are kept: fix it and run the same command again; "
        "nothing is paid twice",
    ),
    "batch.stopped": Text(
        "已停止：{total} 题里已答的 {answered} 题都保存着。再运行同样的命令，就从中断处继续（已答的不会重答，也不再计费）。",
        "Stopped: {answered} of {total} questions are answered and kept. Run the same command again to go "
        "on (answered ones are not asked or paid for again).",
    ),
    "batch.output_is_input": Text(
        "输出文件 {path} 就是作业单本身：答案会把题目覆盖掉。请用 -o 另给一个文件，例如 -o 答案.html。",
        "the output {path} is the worksheet itself: the answers would overwrite its questions; "
        "give -o another file, e.g. -o answers.html",
    ),
    "batch.skipped_line": Text("{file}:{line}：已跳过：{reason}", "{file}:{line}: skipped: {reason}"),
    "batch.no_questions": Text("{file} 里没有可用的题目。", "{file} has no usable questions"),
    "batch.summary": Text(
        "已答 {answered}，失败 {failed}，之前已答 {skipped}，跳过的行 {bad_lines}，流中断后重问 {retried}；"
        "{tokens} 个 token ≈ ¥{cost}；{seconds} 秒 → {output}",
        "answered {answered}, failed {failed}, already done {skipped}, skipped lines {bad_lines}, "
        "asked again after a cut stream {retried}; {tokens} tokens ≈ ¥{cost}; {seconds} s → {output}",
    ),
    "batch.failed_item": Text("  失败 {failure}", "  failed {failure}"),
    "batch.some_failed_config": Text(
        "{failed} 道题没有答：要先把模型服务配置好（原因见上，`zuoye doctor` 可检查），再运行同样的命令（已答的不会重答）。",
        "{failed} question(s) were not answered: set up the model service first (the reasons are above; "
        "`zuoye doctor` checks the setup), then re-run the same command",
    ),
    "batch.some_failed_input": Text(
        "{failed} 道题没有答：是题目本身的问题（原因见上）。改好作业单里的这些题，再运行同样的命令（已答的不会重答）。",
        "{failed} question(s) were not answered because of the questions themselves (the reasons are "
        "above): correct them in the worksheet, then re-run the same command",
    ),
    "batch.some_failed": Text(
        "{failed} 道题失败：再运行一次同样的命令即可重试它们（已答的不会重答）。",
        "{failed} question(s) failed; re-run the same command to retry them",
    ),
}
