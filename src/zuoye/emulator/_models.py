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
