"""What the model services say when they cannot be used: not configured, a retired interface,
a model name no service serves, a question too long for the model."""

from __future__ import annotations

from zuoye.messages._text import Text

PROVIDERS: dict[str, Text] = {
    "providers.none": Text(
        "没有配置任何模型服务：数学题由本地求解器离线解答。要使用文心一言，请设置 QIANFAN_BEARER_TOKEN"
        "（千帆控制台 → API Key）；或用 ZUOYE_OPENAI_BASE_URL 指向 OpenAI 兼容的服务器。",
        "No model service is configured: maths is answered offline by the local solver. Set "
        "QIANFAN_BEARER_TOKEN (a Qianfan v2 API key) for ERNIE, or ZUOYE_OPENAI_BASE_URL for an "
        "OpenAI-compatible server.",
    ),
    "providers.ernie_not_configured": Text(
        "文心一言（ERNIE）未配置：请设置 QIANFAN_BEARER_TOKEN（千帆控制台 → API Key 创建的 v2 API Key）。",
        "ERNIE is not configured: set QIANFAN_BEARER_TOKEN to a v2 API key (Qianfan console → API Key).",
    ),
    "providers.v1_retired": Text(
        "文心一言的 v1 接口已于 2026-08-31 停用：请在千帆控制台 → API Key 创建 v2 API Key，设置 QIANFAN_BEARER_TOKEN。",
        "Baidu retired the v1 interface on 2026-08-31: create a v2 API key (Qianfan console → API Key) "
        "and set QIANFAN_BEARER_TOKEN.",
    ),
    "providers.unknown_ernie_model": Text(
        "不认识的文心模型“{model}”；可用的有 {known}（`zuoye models` 或 GET /api/models 列出全部）。",
        "unknown ERNIE model '{model}'; known: {known}. Other services' models are written NAME/model "
        "(`zuoye models` and GET /api/models list them).",
    ),
    "providers.name_a_model": Text(
        "请写出模型名（`zuoye models` 或 GET /api/models 列出可用的模型）。",
        "name a model (`zuoye models` and GET /api/models list them)",
    ),
    "providers.name_too_long": Text(
        "模型名太长（{length} 个字符，最多 {max}）。",
        "the model name has {length} characters, more than {max}",
    ),
    "providers.no_such_service": Text(
        "没有名为 {provider} 的模型服务（已配置：{known}）。在 config.toml 的 [providers.{provider}] 中配置它，"
        "或用 ZUOYE_OPENAI_BASE_URL（`zuoye models` 或 GET /api/models 列出可用的模型）。",
        "no model service named '{provider}' is configured (configured: {known}); add "
        "[providers.{provider}] to config.toml or use ZUOYE_OPENAI_BASE_URL (`zuoye models` and "
        "GET /api/models list the models)",
    ),
    "providers.none_word": Text("无", "none"),
    "providers.key_missing": Text(
        "{name}：环境变量 {var} 没有设置，它应当存放 {name} 的 API 密钥（见 {source}）。",
        "{name}: the environment variable {var} that should hold its API key is not set (see {source}).",
    ),
    "providers.name_a_model_of": Text(
        "请写出 {name} 的模型名，例如 {name}/{example}。", "name a model of {name}, e.g. {name}/{example}"
    ),
    "providers.question_too_long": Text(
        "问题太长，{model} 一次读不下：连同说明约 {chars} 字 / {tokens} tokens，上限 {max_chars} 字 / "
        "{max_tokens} tokens。请缩短问题或分几次问。",
        "The question is too long for {model}: with the instructions about {chars} characters / {tokens} "
        "tokens, at most {max_chars} characters / {max_tokens} tokens. Shorten it or ask in parts.",
    ),
    "providers.stream_ended": Text("模型的回答意外中断。", "the model's stream ended without a reply"),
    # a model's description in the model list (zuoye models, the page's model picker)
    "providers.model.ernie": Text("文心 {name}：{size}，{tools}", "ERNIE {name}: {size}, {tools}"),
    "providers.model.input_limit": Text("输入上限 {chars} 字", "input up to {chars} characters"),
    "providers.model.input_unknown": Text("输入上限未知", "input limit unknown"),
    "providers.model.tools": Text("可调用解题工具", "calls the maths solver"),
    "providers.model.no_tools": Text("不调用工具", "no tools"),
    "providers.model.server": Text("{host}：{tools}", "{host}: {tools}"),
    "providers.model.qianfan": Text("千帆 v2", "Qianfan v2"),
}
