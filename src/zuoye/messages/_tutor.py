"""What the tutor says around an answer (its notices) and when it refuses a question."""

from __future__ import annotations

from zuoye.messages._text import Text

TUTOR: dict[str, Text] = {
    "tutor.retry_notice": Text(
        # It stays under the answer on the page once the answer is written: said so that it reads
        # true then as well as while the answer is written again.
        "连接中断，已重新开始作答。",
        "The connection dropped mid-answer; the answer was started again.",
    ),
    "tutor.offline_notice": Text(
        "文心一言（ERNIE）未配置，以下由本地计算机代数系统解答。"
        "设置 QIANFAN_BEARER_TOKEN（千帆控制台 → API Key 创建的 v2 API Key）后即可获得 ERNIE 的详细讲解。",
        "ERNIE is not configured: the local computer algebra system answers below. Set "
        "QIANFAN_BEARER_TOKEN (a v2 API key from the Qianfan console → API Key) for ERNIE's explanations.",
    ),
    "tutor.offline_notice_shared": Text(
        "文心一言（ERNIE）还没有设置好，以下由本地计算机代数系统解答。要听 ERNIE 的详细讲解，请告诉管理员（老师）。",
        "ERNIE is not set up on this server yet: the local computer algebra system answers below. For "
        "ERNIE's explanations, tell whoever runs it (your teacher or the administrator).",
    ),
    "tutor.unreachable_notice": Text(
        "无法连接文心一言（ERNIE）（网络不通或服务无响应），以下由本地计算机代数系统解答；网络恢复后再问可获得详细讲解。",
        "ERNIE could not be reached (no network, or the service did not answer): the local computer "
        "algebra system answers below; ask again when the network is back for an explanation.",
    ),
    "tutor.offline_refusal": Text(
        "未配置文心一言（ERNIE）：本地求解器只能解答它读得懂的数学题。{declined}请设置环境变量 "
        "QIANFAN_BEARER_TOKEN（千帆控制台 → API Key 创建的 v2 API Key），或用 ZUOYE_OPENAI_BASE_URL 指向 "
        "OpenAI 兼容的服务器。",
        "No model is configured and the local solver can only answer maths questions it can parse. "
        "{declined}Set QIANFAN_BEARER_TOKEN (a Qianfan v2 API key) to ask ERNIE, or ZUOYE_OPENAI_BASE_URL "
        "for an OpenAI-compatible server.",
    ),
    "tutor.offline_refusal_shared": Text(
        "文心一言（ERNIE）还没有设置好：本地求解器只能解答它读得懂的数学题。{declined}要问其他问题，请告诉管理员（老师）。",
        "ERNIE is not set up on this server yet, and the local solver can only answer maths questions "
        "it can parse. {declined}To ask anything else, tell whoever runs it (your teacher or the "
        "administrator).",
    ),
    "tutor.solver_declined": Text(
        "本地求解器没有解这道题：{reason} ", "The local solver did not solve it: {reason} "
    ),
    "tutor.empty_question": Text(
        "题目是空的：请输入作业题，例如 解方程 2x+3=7。",
        "the question is empty; type the homework question (e.g. Solve 2x+3=7)",
    ),
    "tutor.question_too_long": Text(
        "题目有 {length} 个字，最多 {limit} 个：请一次问一道题（整份作业单请用 `zuoye batch`）。",
        "the question is {length} characters long; the limit is {limit}. Ask one question at a time "
        "(use `zuoye batch` for a worksheet).",
    ),
    "tutor.bad_grade": Text(
        "年级“{grade}”不对：只能是 {allowed} 之一。", "grade '{grade}' is not one of {allowed}"
    ),
    "tutor.no_conversation": Text(
        "没有对话“{ref}”：`zuoye history` 列出所有对话（写编号或它的前 4 个以上字符）。",
        "no conversation '{ref}'; `zuoye history` lists them (an id or its first 4+ characters)",
    ),
}
