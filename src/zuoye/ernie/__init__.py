"""`zuoye.ernie`: a client for Baidu's Qianfan chat API and its ERNIE models.

```python
from zuoye.ernie import Ernie

with Ernie() as client:  # QIANFAN_BEARER_TOKEN (a v2 API key) from the environment
    r = client.chat(model="ERNIE-4.0-8K", messages=[{"role": "user", "content": "你好"}])
    print(r.result, r.usage.total_tokens)
    with client.chat(model="ernie-4.0-8k", messages=[...], stream=True) as stream:
        for chunk in stream:
            print(chunk.result, end="")
        print(stream.response.usage)
```
It speaks Qianfan v2 (OpenAI-compatible: a v2 API key, or IAM keys exchanged for a bearer
token), v1 (the Wenxin workshop interface Baidu retired on 2026-08-31, for old keys; its errors
say how to move), and any other OpenAI-compatible server (`protocol="openai"`). The credentials
choose the protocol; one way of calling `chat()` works on all three. It depends only on httpx,
imports nothing else from zuoye, and does no I/O at import.
"""

from __future__ import annotations

from zuoye.ernie._async_client import AsyncErnie
from zuoye.ernie._auth import AccessTokenAuth, BearerAuth, IamBearerAuth, StaticTokenAuth
from zuoye.ernie._client import Ernie
from zuoye.ernie._config import credentials_configured
from zuoye.ernie._errors import (
    AccessTokenError,
    APIConnectionError,
    APIError,
    APIRetiredError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ErnieError,
    FunctionCallError,
    IncompleteStreamError,
    InternalServerError,
    InvalidCredentialsError,
    MissingCredentialsError,
    PermissionDeniedError,
    QuotaExceededError,
    RateLimitError,
    ServerBusyError,
    ServerError,
    StreamError,
    ValidationError,
)
from zuoye.ernie._models import MODELS, ModelInfo, get_model
from zuoye.ernie._ratelimit import Limiter, RateLimiter
from zuoye.ernie._signing import BceSigningAuth, sign_request
from zuoye.ernie._streaming import AsyncChatStream, ChatStream
from zuoye.ernie._token_store import TokenStore
from zuoye.ernie._tokens import estimate_tokens, trim_messages
from zuoye.ernie.types import (
    ChatChunk,
    ChatParams,
    ChatResponse,
    FunctionCall,
    FunctionSpec,
    Message,
    RateLimitInfo,
    ToolCallDict,
    ToolSpec,
    Usage,
)

__all__ = [
    "MODELS",
    "APIConnectionError",
    "APIError",
    "APIRetiredError",
    "APITimeoutError",
    "AccessTokenAuth",
    "AccessTokenError",
    "AsyncChatStream",
    "AsyncErnie",
    "AuthenticationError",
    "BadRequestError",
    "BceSigningAuth",
    "BearerAuth",
    "ChatChunk",
    "ChatParams",
    "ChatResponse",
    "ChatStream",
    "Ernie",
    "ErnieError",
    "FunctionCall",
    "FunctionCallError",
    "FunctionSpec",
    "IamBearerAuth",
    "IncompleteStreamError",
    "InternalServerError",
    "InvalidCredentialsError",
    "Limiter",
    "Message",
    "MissingCredentialsError",
    "ModelInfo",
    "PermissionDeniedError",
    "QuotaExceededError",
    "RateLimitError",
    "RateLimitInfo",
    "RateLimiter",
    "ServerBusyError",
    "ServerError",
    "StaticTokenAuth",
    "StreamError",
    "TokenStore",
    "ToolCallDict",
    "ToolSpec",
    "Usage",
    "ValidationError",
    "credentials_configured",
    "estimate_tokens",
    "get_model",
    "sign_request",
    "trim_messages",
]
