"""`zuoye.providers`: model back ends behind one provider-neutral interface.

```python
from zuoye.providers import Message, Registry

registry = Registry.from_settings(settings)   # ERNIE from QIANFAN_*, others from ZUOYE_OPENAI_* / config.toml
model = registry.get("deepseek/deepseek-chat")  # or "ERNIE-4.0-8K", or None for the default
async for event in model.stream(messages=[Message.user("解方程 2x+3=7")], system="…"):
    ...                                          # TextDelta, ReasoningDelta, then one Reply
await registry.aclose()
```
The tutor speaks only these types; each back end translates them to its wire (`_ernie.py` over
`zuoye.ernie`, for Qianfan v2, legacy v1 and any OpenAI-compatible server).
"""

from __future__ import annotations

from zuoye.errors import ErrorKind
from zuoye.providers._ernie import ErnieChatModel
from zuoye.providers._openai import OpenAIProvider
from zuoye.providers._provider import Listing, ModelEntry, Provider, ProviderStatus
from zuoye.providers._qianfan import QianfanProvider, retired_v1_hint
from zuoye.providers._registry import Registry, no_provider
from zuoye.providers.types import (
    FINISH_REASONS,
    ChatModel,
    FinishReason,
    Message,
    ProviderError,
    RateLimits,
    ReasoningDelta,
    Reply,
    Role,
    StreamEvent,
    TextDelta,
    ToolCall,
    ToolSpec,
    Usage,
    complete,
    new_call_id,
)

__all__ = [
    "FINISH_REASONS",
    "ChatModel",
    "ErnieChatModel",
    "ErrorKind",
    "FinishReason",
    "Listing",
    "Message",
    "ModelEntry",
    "OpenAIProvider",
    "Provider",
    "ProviderError",
    "ProviderStatus",
    "QianfanProvider",
    "RateLimits",
    "ReasoningDelta",
    "Registry",
    "Reply",
    "Role",
    "StreamEvent",
    "TextDelta",
    "ToolCall",
    "ToolSpec",
    "Usage",
    "complete",
    "new_call_id",
    "no_provider",
    "retired_v1_hint",
]
