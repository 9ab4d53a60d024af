"""What is wrong with the configuration (zuoye.settings): a ZUOYE_* variable or config.toml."""

from __future__ import annotations

from zuoye.messages._text import Text

SETTINGS: dict[str, Text] = {
    "settings.no_such": Text("没有名为 {name} 的设置。", "there is no setting {name}"),
    "settings.bad_value": Text("设置 {name} 的值不对：{reason}。", "{name}: {reason}"),
    "settings.not_one_of": Text(
        "{what} {value} 不是可选的值（{allowed}）。", "{what} {value} is not one of {allowed}"
    ),
    "settings.grade": Text("年级", "grade"),
    "settings.mode": Text("模式", "mode"),
    "settings.help_ceiling": Text("帮助上限", "help_ceiling"),
    "settings.whole": Text(
        "{name} 必须是 {low}–{high} 之间的整数，而不是 {value}。",
        "{name} must be a whole number {low}–{high}, not {value}",
    ),
    "settings.flag": Text(
        "{name} 是开关设置，只能是 1/0 或 true/false，而不是 {value}。",
        "{name} is a yes/no setting (1/0, true/false), not {value}",
    ),
    "settings.not_toml": Text(
        "{path} 不是有效的 TOML 文件（{reason}）：请改正或删除它。",
        "{path} is not valid TOML ({reason}); fix or delete it",
    ),
    "settings.unknown_in_file": Text(
        "{path}：不认识的设置 {unknown}；可用的有 {known}。",
        "{path}: unknown setting(s) {unknown}; known: {known}",
    ),
    "settings.providers_table": Text(
        "{path}：providers 必须是表，例如 [providers.deepseek]。",
        "{path}: `providers` must be tables such as [providers.deepseek]",
    ),
    "settings.provider_name": Text(
        "{where}：名称只能用小写字母、数字、- 和 _（模型按 名称/模型 调用）。",
        "{where}: the name may only hold lower-case letters, digits, - and _ (models are addressed NAME/model)",
    ),
    "settings.provider_reserved": Text(
        "{where}：{name} 是文心一言（ERNIE）的名字，它由 QIANFAN_* 环境变量（QIANFAN_BEARER_TOKEN）配置。",
        "{where}: ERNIE is configured by the QIANFAN_* variables (QIANFAN_BEARER_TOKEN), not by a table ({name})",
    ),
    "settings.provider_not_table": Text(
        "{where} 必须是表（base_url = …）。", "{where} must be a table (base_url = …)"
    ),
    "settings.key_in_file": Text(
        "{where}：密钥不能写在配置文件里。请把它放进环境变量，再用 api_key_env 写出变量名。",
        "{where}: keys never live in config.toml: put the key in an environment variable and name it, "
        'api_key_env = "MY_KEY"',
    ),
    "settings.provider_unknown_keys": Text(
        "{where}：不认识的设置 {unknown}；可用的有 {known}。",
        "{where}: unknown key(s) {unknown}; known: {known}",
    ),
    "settings.base_url": Text(
        '{where}：base_url 必须是 http:// 或 https:// 开头的地址，例如 "http://127.0.0.1:11434/v1"（现在是 {got}）。',
        "{where}: base_url must be the server's http(s) address, got {got}",
    ),
    "settings.key_env": Text(
        "{where}：api_key_env 是存放密钥的环境变量的名字（如 DEEPSEEK_API_KEY），不是密钥本身（{shown}）。",
        "{where}: api_key_env is the NAME of the environment variable that holds the key, not the key ({shown})",
    ),
    "settings.models": Text(
        '{where}：models 必须是模型名的列表，例如 ["deepseek-chat"]。',
        '{where}: models must be a list of model names, e.g. ["deepseek-chat"]',
    ),
    "settings.tools": Text(
        "{where}：tools 只能是 true 或 false（现在是 {got}）。", "{where}: tools is true or false, not {got}"
    ),
    "settings.max_input_tokens": Text(
        "{where}：max_input_tokens 必须是不小于 256 的整数。",
        "{where}: max_input_tokens must be a whole number ≥ 256",
    ),
    "settings.openai_url_missing": Text(
        "设置了 {variable}，但没有设置 ZUOYE_OPENAI_BASE_URL（服务器地址，如 https://api.deepseek.com/v1）。",
        "{variable} is set but ZUOYE_OPENAI_BASE_URL (the server's address) is not",
    ),
    "settings.openai_url_scheme": Text(
        "ZUOYE_OPENAI_BASE_URL 必须以 http:// 或 https:// 开头（现在是 {got}）。",
        "ZUOYE_OPENAI_BASE_URL must start with http:// or https://, got {got}",
    ),
}
