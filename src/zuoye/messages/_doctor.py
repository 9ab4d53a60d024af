"""What `zuoye doctor` says: each check's name, what it found, and what to do when it fails."""

from __future__ import annotations

from zuoye.messages._text import Text

DOCTOR: dict[str, Text] = {
    # the checks' names as shown (their JSON `name` stays the English id programs match on)
    "doctor.check.configuration": Text("配置", "configuration"),
    "doctor.check.data_directory": Text("数据目录", "data directory"),
    "doctor.check.database": Text("数据库", "database"),
    "doctor.check.redis": Text("Redis", "redis"),
    "doctor.check.several_processes": Text("多个进程", "several processes"),
    "doctor.check.model_services": Text("模型服务", "model services"),
    "doctor.check.credentials": Text("{provider} 密钥", "{provider} credentials"),
    "doctor.check.reachability": Text("{provider} 连通", "{provider} reachability"),
    "doctor.check.chat": Text("和 {model} 对话", "chat with {model}"),
    "doctor.check.solver": Text("数学求解器", "maths solver"),
    "doctor.check.key_shape": Text("千帆 API Key", "Qianfan API key"),
    "doctor.check.ocr": Text("照片识别", "photo OCR"),
    # what each found, and the fix
    "doctor.config.ok": Text(
        "数据目录 {home}，模型 {model}，年级 {grade}", "home {home}, model {model}, grade {grade}"
    ),
    "doctor.config.default_model": Text("默认", "default"),
    "doctor.config.fix": Text(
        "修改它提到的 ZUOYE_* 变量或 config.toml", "fix the ZUOYE_* variable or config.toml it names"
    ),
    "doctor.home.ok": Text("{home} 可写", "{home} is writable"),
    "doctor.home.fix": Text("请把 ZUOYE_HOME 设为一个可写的目录", "set ZUOYE_HOME to a writable directory"),
    "doctor.database.ok": Text(
        "{where}：{count} 个对话，表结构是最新的", "{where}: {count} conversation(s), schema up to date"
    ),
    "doctor.database.sqlite": Text("ZUOYE_HOME 里的 SQLite", "SQLite in ZUOYE_HOME"),
    "doctor.database.fix": Text(
        "检查 ZUOYE_DATABASE_URL（或取消它，改用 ZUOYE_HOME 里的 SQLite）",
        "check ZUOYE_DATABASE_URL (or unset it to use SQLite in ZUOYE_HOME)",
    ),
    "doctor.redis.bad_url_fix": Text(
        "修改 ZUOYE_REDIS_URL；只有一个进程时可以取消它", "fix ZUOYE_REDIS_URL, or unset it for one process"
    ),
    "doctor.redis.unreachable": Text(
        "设置了 ZUOYE_REDIS_URL，但 Redis 没有回应：每个进程只能用自己那一份模型额度",
        "ZUOYE_REDIS_URL is set but Redis does not answer: each process falls back to its own share of "
        "the model quota",
    ),
    "doctor.redis.unreachable_fix": Text(
        "启动 Redis，或检查 ZUOYE_REDIS_URL 里的地址和密码",
        "start Redis, or check the address and password in ZUOYE_REDIS_URL",
    ),
    "doctor.redis.ok": Text(
        "连得上：模型额度和 ERNIE 令牌通过它共享",
        "reachable: the model quota and ERNIE token are shared through it",
    ),
    "doctor.fleet.sqlite": Text(
        "设置了 Redis，但数据库是 SQLite：其他机器上的进程无法共用它",
        "Redis is set but the database is SQLite: processes on other machines cannot share it",
    ),
    "doctor.fleet.sqlite_fix": Text(
        "多台机器时请设置 ZUOYE_DATABASE_URL=postgresql+psycopg://用户:密码@主机/数据库",
        "set ZUOYE_DATABASE_URL=postgresql+psycopg://USER:PASSWORD@HOST/DB for more than one machine",
    ),
    "doctor.models.none": Text(
        "一个也没有配置：数学题由本地求解器离线解答",
        "none configured: maths questions are answered offline by the local solver",
    ),
    "doctor.credentials.pair_fix": Text(
        "请两个密钥都设置，或都不设置", "set both keys of the pair, or neither"
    ),
    "doctor.credentials.detail": Text(
        "协议 {protocol}：{credentials} → {base_url}", "protocol {protocol}: {credentials} → {base_url}"
    ),
    "doctor.key_shape.bad": Text(
        "{variable} 不像千帆控制台给的 v2 API Key（形如 bce-v3/ALTAK-…/…），千帆会拒绝它",
        "{variable} does not look like a v2 API key from the Qianfan console (bce-v3/ALTAK-…/…); "
        "Qianfan will refuse it",
    ),
    "doctor.key_shape.fix": Text(
        "在千帆控制台 → API Key 复制整串密钥，不要带引号、空格或换行",
        "copy the whole key from the Qianfan console → API Key, without quotes, spaces or line breaks",
    ),
    "doctor.credentials.v1_retired": Text("（v1 已停用）", " (v1 is retired)"),
    "doctor.credentials.missing_fix": Text(
        "设置这个变量，或修改 api_key_env", "set the variable, or change api_key_env"
    ),
    "doctor.chat.ok": Text("回答了（{tokens} 个 token）", "answered ({tokens} tokens)"),
    "doctor.chat.fix.config": Text(
        "密钥错误、种类不对、模型未开通或额度用完：ERNIE 需要 QIANFAN_BEARER_TOKEN（千帆控制台 → API Key 创建的 "
        "v2 API Key）。",
        "The key is wrong or of the wrong kind, the model is not enabled, or the quota is spent: ERNIE "
        "takes a v2 API Key in QIANFAN_BEARER_TOKEN (Qianfan console → API Key).",
    ),
    "doctor.chat.fix.input": Text(
        "换一个模型：`zuoye models` 列出可用的。", "Choose another model: `zuoye models` lists them."
    ),
    "doctor.chat.fix.service": Text(
        "检查网络、代理（HTTPS_PROXY），或稍后再试。",
        "Check the network or a proxy (HTTPS_PROXY), or try again later.",
    ),
    "doctor.reach.ok": Text("{base_url} 有回应", "{base_url} answers"),
    "doctor.reach.fix": Text(
        "检查网络、代理（HTTPS_PROXY）或服务的地址",
        "check the network, a proxy (HTTPS_PROXY) or the service's base URL",
    ),
    "doctor.solver.fix": Text("重新安装：./dev zuoye doctor", "reinstall: ./dev zuoye doctor"),
    "doctor.ocr.missing": Text("没有安装 rapidocr-onnxruntime", "rapidocr-onnxruntime is not installed"),
    "doctor.ocr.ok": Text(
        "rapidocr-onnxruntime，带有它自带的中文模型", "rapidocr-onnxruntime with its bundled Chinese models"
    ),
}
