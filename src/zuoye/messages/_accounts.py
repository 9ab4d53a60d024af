"""Accounts: `zuoye users`, passwords, and the account errors the web API returns too."""

from __future__ import annotations

from zuoye.messages._text import Text

ACCOUNTS: dict[str, Text] = {
    # -- passwords (zuoye.store._passwords) --
    "password.too_short": Text(
        "密码太短：至少要 {min} 个字符。", "the password is too short: use at least {min} characters"
    ),
    "password.too_long": Text(
        "密码太长：最多 {max} 个字符。", "the password is too long: use at most {max} characters"
    ),
    "password.only_spaces": Text("密码不能只有空格。", "the password cannot be only spaces"),
    # -- accounts (zuoye.store.users) --
    "account.name_length": Text("用户名要有 1–64 个字符。", "a user name has 1–64 characters"),
    "account.name_characters": Text(
        "用户名只能含字母、数字、汉字和 . _ - @，不能有“{bad}”。",
        "a user name may contain letters, digits, Chinese characters and . _ - @ only, not '{bad}'",
    ),
    "account.name_taken": Text(
        "已经有叫“{name}”的用户了：请换一个名字。",
        "a user named '{name}' already exists; choose another name",
    ),
    "account.no_user_named": Text(
        "没有叫“{name}”的用户（`zuoye users list` 列出所有用户）。",
        "no user named '{name}' (`zuoye users list` shows them)",
    ),
    "account.no_such_user": Text("没有这个用户。", "no such user"),
    "account.bad_role": Text(
        "角色“{role}”不对：只能是 {allowed} 之一。", "role '{role}' is not one of {allowed}"
    ),
    "account.bad_ceiling": Text(
        "帮助上限“{ceiling}”不对：只能是 {allowed} 之一。", "help ceiling '{ceiling}' is not one of {allowed}"
    ),
    "account.bad_quota": Text(
        "每日额度是 0（不限）到 100000 之间的题数。",
        "a daily quota is a number of questions from 0 (no limit) to 100000",
    ),
    "account.bad_token_kind": Text("令牌种类只能是 {allowed} 之一。", "token kind is one of {allowed}"),
    "account.token_days": Text(
        "API 令牌的有效期是 1 到 {max_days} 天，不能是 {days} 天。",
        "an API token lives 1 to {max_days} days, not {days}",
    ),
    "account.guardian_role": Text(
        "{name} 是 {role}：只有老师或家长能照看学生。",
        "{name} is a {role}; only a teacher or parent can look after a student",
    ),
    "account.not_a_student": Text("{name} 是 {role}，不是学生。", "{name} is a {role}, not a student"),
    "account.revoked": Text(
        "结束了 {sessions} 个登录会话，撤销了 {api_tokens} 个 API 令牌",
        "ended {sessions} login session(s) and revoked {api_tokens} API token(s)",
    ),
    # -- zuoye users --
    "users.password_prompt": Text("密码", "Password"),
    "users.password_again": Text("再输一次密码", "Repeat the password"),
    "users.passwords_differ": Text(
        "两次输入的密码不一样，请重输。", "The two passwords differ; type it again."
    ),
    "users.password_stdin_empty": Text(
        "--password-stdin：标准输入是空的。", "--password-stdin: standard input is empty"
    ),
    "users.no_terminal": Text(
        "没有终端可以输入密码：请用 --password-stdin。",
        "no terminal to ask for the password: use --password-stdin",
    ),
    "users.created": Text("已创建账号 {name}（{role}，{id}）", "created {role} {name} ({id})"),
    "users.none_yet": Text("还没有账号：zuoye users add 名字", "no accounts yet: zuoye users add NAME"),
    "users.list_quota": Text("每天 {quota} 题", "quota {quota}/day"),
    "users.list_asked_today": Text("今天已问 {count} 题", "{count} asked today"),
    "users.list_ceiling": Text("帮助上限 {ceiling}", "ceiling {ceiling}"),
    "users.list_students": Text("学生：{names}", "students: {names}"),
    "users.list_disabled": Text("已停用", "DISABLED"),
    "users.default": Text("默认", "default"),
    "users.set": Text(
        "{name}：{role}，每日额度 {quota}，帮助上限 {ceiling}{disabled}",
        "{name}: {role}, quota {quota}, ceiling {ceiling}{disabled}",
    ),
    "users.set_disabled": Text("，已停用", ", disabled"),
    "users.password_changed": Text(
        "{name} 的密码已修改；{revoked}", "password changed for {name}; {revoked}"
    ),
    "users.linked": Text(
        "{guardian}（{role}）现在照看 {student}；{student} 在页面上会看到这一点",
        "{guardian} ({role}) now looks after {student}; {student} is told so on the page",
    ),
    "users.not_linked": Text("{guardian} 并不照看 {student}", "{guardian} does not look after {student}"),
    "users.unlinked": Text("{guardian} 不再照看 {student}", "{guardian} no longer looks after {student}"),
    "users.token_issued": Text(
        "给 {name} 的 API 令牌 {id}，有效期到 {until} UTC：请以 'Authorization: Bearer <令牌>' 发送。"
        "它只显示这一次；`zuoye users tokens revoke {name} {id}` 可以撤销它。",
        "API token {id} for {name}, valid until {until} UTC: send it as 'Authorization: Bearer <token>'. "
        "It is shown only now; `zuoye users tokens revoke {name} {id}` revokes it.",
    ),
    "users.no_tokens": Text(
        "{name} 没有 API 令牌，也没有登录会话", "{name} has no API tokens or login sessions"
    ),
    "users.tokens_header": Text(
        "编号\t种类\t创建 (UTC)\t到期 (UTC)\t上次使用 (UTC)\t用途",
        "id\tkind\tcreated (UTC)\texpires (UTC)\tlast used (UTC)\tlabel",
    ),
    "users.never": Text("从未", "never"),
    "users.revoke_which": Text(
        "请给出要撤销的令牌编号，或用 --all（二者只能选一）。",
        "name the token ids to revoke, or --all (not both)",
    ),
    "users.revoked_token": Text("已撤销 {id}", "revoked {id}"),
    "users.no_such_tokens": Text(
        "{name} 没有令牌 {ids}（`zuoye users tokens list {name}` 列出它们）",
        "{name} has no token {ids} (`zuoye users tokens list {name}`)",
    ),
}
