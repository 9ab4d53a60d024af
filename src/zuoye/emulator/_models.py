"""The chat endpoints the emulator serves, with each model's documented limits.

From the seed model pages and PROTOCOL-NOTES.md. `last_sentence_ends` records a stream detail
that differs between the pages: the ERNIE-4.0-8K page ends a stream with `is_end` on the last
sentence, the newer pages send one more event with an empty `result`. Serving both keeps clients
honest about either.
"""

from __future__ import annotations

from dataclasses import dataclass

CHAT_PREFIX = "/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/"


@dataclass(frozen=True, slots=True)
class ModelSpec:
    name: str
    endpoint: str
    max_chars: int  # messages + functions + system, in characters
    max_tokens: int  # the same, by the documented token estimate
    functions: bool  # accepts `functions`
    tool_choice: bool  # accepts `tool_choice`
    system_max_chars: int | None  # a separate limit on `system` (the older 4.0 page)
    max_output_default: int
    last_sentence_ends: bool


MODELS: tuple[ModelSpec, ...] = (
    ModelSpec("ERNIE-4.0-8K", "completions_pro", 20000, 5120, True, False, 1024, 2048, True),
    ModelSpec("ERNIE-4.0-8K-Preview", "ernie-4.0-8k-preview", 20000, 5120, True, False, None, 1024, False),
    ModelSpec("ERNIE-3.5-8K-Preview", "ernie-3.5-8k-preview", 20000, 5120, True, True, None, 2048, False),
    ModelSpec("ERNIE-Speed-8K", "ernie_speed", 24000, 6144, False, False, None, 2048, False),
    ModelSpec("ERNIE-3.5-8K", "completions", 20000, 5120, True, True, None, 2048, False),
)


def generic_model(endpoint: str) -> ModelSpec:
    """An endpoint added with `--endpoint`: the platform adds models faster than any table."""
    return ModelSpec(endpoint, endpoint, 20000, 5120, True, True, None, 2048, False)


def model_table(extra_endpoints: tuple[str, ...] = ()) -> dict[str, ModelSpec]:
    table = {m.endpoint: m for m in MODELS}
    for endpoint in extra_endpoints:
        table.setdefault(endpoint, generic_model(endpoint))
    return table


# --- Qianfan v2 (and the OpenAI-compatible face) ----------------------------------------------


@dataclass(frozen=True, slots=True)
class V2Model:
    """A v2 model id (lower case, named in the body) with the limits the emulator checks."""

    id: str
    v1_endpoint: str | None  # the same model's v1 endpoint, for scenario rules that name one
    max_chars: int
    max_tokens: int
    max_output: int  # the largest max_completion_tokens accepted
    max_output_default: int
    tools: bool  # function calling; v2 refuses `tools` for the Speed/Lite/Tiny families
    thinking: bool  # answers with `reasoning_content` first (ERNIE X1, DeepSeek-R1)
    owned_by: str = "baidu"

    @property
    def temperature_range(self) -> tuple[float, float, bool]:
        """(low, high, low included): ERNIE takes (0, 1] as on v1, the others OpenAI's [0, 2]."""
        return (0.0, 1.0, False) if self.owned_by == "baidu" else (0.0, 2.0, True)


# The seed models keep their v1 limits. The later ids' limits are round figures of the right size
# (their pages are not among the seeds); `--model ID` serves any other id with generic limits.
V2_MODELS: tuple[V2Model, ...] = (
    V2Model("ernie-4.0-8k", "completions_pro", 20000, 5120, 2048, 2048, True, False),
    V2Model("ernie-4.0-8k-preview", "ernie-4.0-8k-preview", 20000, 5120, 2048, 1024, True, False),
    V2Model("ernie-3.5-8k-preview", "ernie-3.5-8k-preview", 20000, 5120, 2048, 2048, True, False),
    V2Model("ernie-speed-8k", "ernie_speed", 24000, 6144, 2048, 2048, False, False),
    V2Model("ernie-3.5-8k", "completions", 20000, 5120, 2048, 2048, True, False),
    V2Model("ernie-lite-8k", "ernie-lite-8k", 24000, 6144, 2048, 2048, False, False),
    V2Model("ernie-4.0-turbo-8k", "ernie-4.0-turbo-8k", 20000, 5120, 2048, 2048, True, False),
    V2Model("ernie-4.5-8k-preview", None, 20000, 5120, 2048, 2048, True, False),
    V2Model("ernie-4.5-turbo-128k", None, 400000, 126976, 12288, 4096, True, False),
    V2Model("ernie-x1-turbo-32k", None, 96000, 24576, 16384, 8192, True, True),
    V2Model("deepseek-v3", None, 200000, 65536, 8192, 4096, True, False, "deepseek"),
    V2Model("deepseek-r1", None, 200000, 65536, 16384, 8192, False, True, "deepseek"),
)


def generic_v2_model(model_id: str) -> V2Model:
    """A model added with `--model`: any id a client may need to pass through."""
    return V2Model(model_id, None, 20000, 5120, 4096, 2048, True, False, "custom")


def v2_model_table(extra_ids: tuple[str, ...] = ()) -> dict[str, V2Model]:
    table = {m.id: m for m in V2_MODELS}
    for model_id in extra_ids:
        table.setdefault(model_id, generic_v2_model(model_id))
    return table
