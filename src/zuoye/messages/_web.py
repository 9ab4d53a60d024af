"""What the web API says in its JSON errors (`error.message`; `error.code` stays as it is)."""

from __future__ import annotations

from zuoye.messages._text import Text

WEB: dict[str, Text] = {
    # -- text anywhere (zuoye.text) --
    "text.control_character": Text(
        "不能含有控制字符（第 {position} 个字符是 {codepoint}）：请删去后重试。",
        "must not contain control characters (character {position} is {codepoint}); remove it and try again",
    ),
    # -- a conversation (zuoye.store) --
    "conversation.busy": Text(
        "这个对话里还有一个回答正在写：请等它写完或先停止它，再提问（也可以开一个新对话）。",
        "An answer is still being written in this conversation; wait for it or stop it first "
        "(or start a new conversation).",
    ),
    "store.bad_url": Text(
        "ZUOYE_DATABASE_URL 不是数据库地址（例如 sqlite:///path/zuoye.db 或 postgresql+psycopg://user@host/db）。",
        "ZUOYE_DATABASE_URL is not a database URL (e.g. sqlite:///path/zuoye.db or "
        "postgresql+psycopg://user@host/db)",
    ),
    "store.no_folder": Text(
        "数据库所在的文件夹 {folder} 建不起来：请把 ZUOYE_HOME 设为一个可以写入的文件夹（或用 ZUOYE_DATABASE_URL 指定数据库）。",
        "the database's folder {folder} cannot be made: set ZUOYE_HOME to a folder that can be written "
        "(or ZUOYE_DATABASE_URL to a database)",
    ),
    "store.cannot_use": Text("无法使用数据库 {where}：{reason}", "cannot use database {where}: {reason}"),
    "store.cannot_open": Text(
        "无法打开数据库 {where}：{reason}", "cannot open the database at {where}: {reason}"
    ),
    # -- logging in (zuoye.web._auth, zuoye.web._throttle, routes/auth) --
    "web.login_required": Text(
        "请先登录（POST /api/login），或发送 Authorization: Bearer <API 令牌>。",
        "log in first (POST /api/login), or send Authorization: Bearer <API token>",
    ),
    "web.bearer_format": Text(
        "请使用请求头 Authorization: Bearer <API 令牌>。", "use the header Authorization: Bearer <API token>"
    ),
    "web.bad_token": Text(
        "这个 API 令牌无效（已撤销、已过期或输错了）：请申请一个新的。",
        "this API token is not valid (revoked, expired or mistyped); ask for a new one",
    ),
    "web.csrf_header": Text(
        "修改数据的请求需要请求头 {header}: 1（页面会自动发送；API 客户端请用 Bearer 令牌代替 cookie）。",
        "requests that change something need the header {header}: 1 (the page sends it; API clients "
        "use a Bearer token instead of the cookie)",
    ),
    "web.csrf_origin": Text(
        "这个请求来自其他网站的页面，已被拒绝。", "this request came from another site's page and was refused"
    ),
    "web.guardians_only": Text(
        "只有老师或家长账号可以这样做。", "only a teacher or parent account can do this"
    ),
    "web.teachers_only": Text("只有老师账号可以上传作业单。", "only a teacher account can run worksheets"),
    "web.single_user": Text(
        "这台服务器是单用户模式，不需要登录（要使用账号，请用 --multi-user 启动它）。",
        "this server runs in single-user mode: no login is needed (start it with --multi-user for accounts)",
    ),
    "web.bad_login": Text("用户名或密码不对。", "the name or the password is wrong"),
    "web.login_busy": Text(
        "服务器正在核对其他人的登录，请过几秒再试。",
        "the server is busy checking other logins; try again in a few seconds",
    ),
    "web.too_many_attempts.account": Text(
        "这个账号的密码输错太多次，请 {minutes} 分钟后再试，或请老师重设密码。",
        "too many wrong passwords for this account; try again in {minutes} minutes, or ask a teacher to reset it",
    ),
    "web.too_many_attempts.address": Text(
        "从这个网络输错密码的次数太多，请 {minutes} 分钟后再试。",
        "too many wrong passwords from this network; try again in {minutes} minutes",
    ),
    # -- asking (zuoye.web._answering, routes/ask) --
    "web.quota_exceeded": Text(
        "今天的提问次数已用完（{limit}/{limit}），明天再来吧；或请老师/家长调整额度。",
        "Daily question limit reached ({limit}); it resets at midnight (UTC+8), or ask a teacher or "
        "parent to change it.",
    ),
    "web.stopped_before_start": Text("回答还没开始就被停止了。", "the answer was stopped before it started"),
    "web.stopped": Text(
        "已停止：回答在中途停止，已写出的部分已保存。", "Stopped: what was written of the answer is saved."
    ),
    "web.stopped_unwritten": Text(
        "已停止：回答还没写出内容。可以点「重新生成」再问一次。",
        "Stopped before any of the answer was written: press Regenerate to ask again.",
    ),
    "web.failed_unwritten": Text(
        "服务器出了问题，回答没有写出内容：请稍后点「重新生成」再问一次。",
        "something went wrong on the server before any of the answer was written: press Regenerate "
        "to ask again in a moment",
    ),
    "web.failed_saved": Text(
        "服务器出了问题：已写出的部分已保存。",
        "something went wrong on the server; what was written is saved",
    ),
    "web.nothing_to_regenerate": Text(
        "这个对话里没有可以重新回答的问题。", "this conversation has no question to answer again"
    ),
    "web.no_answer": Text("这个对话里还没有回答。", "this conversation has no answer to read"),
    # -- not found and other HTTP errors (zuoye.web._errors) --
    "web.not_found.conversation": Text(
        "没有这个对话：GET /api/conversations 列出你的对话。",
        "no such conversation; list yours with GET /api/conversations",
    ),
    "web.not_found.student": Text(
        "没有这个学生：GET /api/students 列出你照看的学生。",
        "no such student; list yours with GET /api/students",
    ),
    "web.not_found.token": Text(
        "没有这个令牌：GET /api/tokens 列出你的令牌。", "no such token; list yours with GET /api/tokens"
    ),
    "web.not_found.worksheet": Text(
        "没有这份作业单：GET /api/worksheets 列出你的作业单。",
        "no such worksheet; list yours with GET /api/worksheets",
    ),
    "web.not_found.photo": Text(
        "没有这张照片（或它已经随一个问题发送过了）：请重新拍照或上传。",
        "no such photo (or it was already sent with a question); take or upload it again",
    ),
    "web.not_found.page": Text(
        "没有这个页面或 API 接口；API 的说明在 /openapi.json。",
        "no such page or API endpoint; the API is described at /openapi.json",
    ),
    "web.method_not_allowed": Text("这个接口不接受这种请求方法。", "this endpoint does not take that method"),
    "web.request_failed": Text("请求失败。", "request failed"),
    "web.internal": Text(
        "服务器出了问题，错误已记录。请再试一次。",
        "something went wrong on the server; the error is logged. Try again.",
    ),
    # -- request validation (zuoye.web._errors): pydantic's error types, said in Chinese too --
    "web.invalid.more": Text("（还有 {count} 处）", " (and {count} more)"),
    "web.invalid.missing": Text("缺少这一项", "Field required"),
    "web.invalid.extra_forbidden": Text("不认识这一项", "Extra inputs are not permitted"),
    "web.invalid.string_too_long": Text(
        "最多 {max_length} 个字符", "String should have at most {max_length} characters"
    ),
    "web.invalid.string_too_short": Text(
        "至少要 {min_length} 个字符", "String should have at least {min_length} characters"
    ),
    "web.invalid.string_type": Text("应当是文字", "Input should be a valid string"),
    "web.invalid.string_pattern_mismatch": Text("格式不对", "String is not in the expected form"),
    "web.invalid.literal_error": Text("只能是 {expected}", "Input should be {expected}"),
    "web.invalid.bool_type": Text("应当是 true 或 false", "Input should be a valid boolean"),
    # a query's true/false (?due=…) that pydantic cannot read as either
    "web.invalid.bool_parsing": Text("应当是 true 或 false", "Input should be true or false"),
    "web.invalid.int_type": Text("应当是整数", "Input should be a valid integer"),
    "web.invalid.int_parsing": Text(
        "应当是整数", "Input should be a valid integer, unable to parse string as an integer"
    ),
    "web.invalid.greater_than_equal": Text("不能小于 {ge}", "Input should be greater than or equal to {ge}"),
    "web.invalid.less_than_equal": Text("不能大于 {le}", "Input should be less than or equal to {le}"),
    "web.invalid.json_invalid": Text("不是有效的 JSON", "JSON decode error"),
    "web.invalid.model_attributes_type": Text(
        "应当是一个 JSON 对象", "Input should be a valid dictionary or object to extract fields from"
    ),
    "web.help_ceiling_per_question": Text(
        "帮助上限不能按题选择：由老师或家长为学生设置。",
        "help_ceiling cannot be chosen per question: a teacher or parent sets it for the student",
    ),
    # -- photos and worksheets --
    "web.photo_too_large": Text(
        "照片超过 10 MB，请缩小后再发。", "the photo is larger than 10 MB; send a smaller one"
    ),
    "web.photo_busy": Text(
        "拍照识题正忙，请一分钟后再试。", "photo recognition is busy; try again in a minute"
    ),
    "web.body_too_large": Text(
        "请求的内容超过 {size}：请少发一些（照片最多 10 MB）。",
        "the request body is larger than {size}; send less (a photo: at most 10 MB)",
    ),
    "web.worksheet_name": Text("文件名不可用：{reason}", "the file name cannot be used: {reason}"),
}
