"""Any OpenAI-compatible server — DeepSeek, Qwen in compatible mode, a school's own vLLM or
Ollama — through `zuoye.ernie`'s `protocol="openai"` client.

Configured by `zuoye.settings.ProviderSettings` (the environment's `ZUOYE_OPENAI_*` or a
config.toml `[providers.NAME]` table); its models are addressed `NAME/model`. The key is read from
the variable the configuration names, when the client is first needed.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from zuoye import ernie
from zuoye.messages import say
from zuoye.providers._ernie import ErnieChatModel, input_limit, provider_error
from zuoye.providers._provider import Listing, ModelEntry, ProviderStatus
from zuoye.providers.types import ChatModel, ProviderError
from zuoye.settings import ProviderSettings


class OpenAIProvider:
    def __init__(
        self,
        config: ProviderSettings,
        options: Callable[[], Mapping[str, Any]] = dict,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.config = config
        self._options = options
        self._environ = os.environ if environ is None else environ
        self._client: ernie.AsyncErnie | None = None

    @property
    def name(self) -> str:
        return self.config.name

    def _key(self) -> str | None:
        """The key, or None when the server needs none; ProviderError when the variable the
        configuration names is not set (reported, never silently dropped)."""
        var = self.config.api_key_env
        if var is None:
            return None
        key = (self._environ.get(var) or "").strip()
        if not key:
            raise ProviderError(
                say("providers.key_missing", name=self.name, var=var, source=self.config.source),
                kind="config",
            )
        return key

    def client(self) -> ernie.AsyncErnie:
        if self._client is None:
            options: dict[str, Any] = {
                **self._options(),
                "protocol": "openai",
                "base_url": self.config.base_url,
                "bearer_token": self._key(),
            }
            try:
                self._client = ernie.AsyncErnie(**options)
            except ernie.ErnieError as exc:
                raise ProviderError(f"{self.name}: {exc}", kind="config") from None
        return self._client

    def status(self) -> ProviderStatus:
        var = self.config.api_key_env
        credentials = f"API key from {var}" if var else "no key (none configured)"
        problem = None
        try:
            self._key()
        except ProviderError as exc:
            problem = str(exc)
        return ProviderStatus(self.name, self.name, "openai", credentials, self.config.base_url, problem)

    def get(self, model_id: str) -> ChatModel:
        model_id = model_id.strip()
        if not model_id:
            raise ProviderError(
                say("providers.name_a_model_of", name=self.name, example=self._example()),
                kind="input",
                code="unknown_model",
            )
        return ErnieChatModel(
            self.client(),
            name=f"{self.name}/{model_id}",
            model_id=model_id,
            supports_tools=self.config.tools,
            limit=input_limit(model_id, tokens=self.config.max_input_tokens),
            label=self.name,
        )

    def _example(self) -> str:
        return self.config.models[0] if self.config.models else "MODEL"

    def _entry(self, model_id: str) -> ModelEntry:
        host = urlsplit(self.config.base_url).netloc
        tools = "providers.model.tools" if self.config.tools else "providers.model.no_tools"
        about = functools.partial(_about_server, host, tools)
        return ModelEntry(self.name, f"{self.name}/{model_id}", self.config.tools, about)

    def table(self) -> list[ModelEntry]:
        return [self._entry(m) for m in self.config.models]

    async def listing(self) -> Listing:
        try:
            ids = await self.client().models()
        except ProviderError as exc:
            return Listing(self.name, self.table(), "table", str(exc))
        except ernie.ErnieError as exc:
            return Listing(self.name, self.table(), "table", str(provider_error(exc, self.name)))
        # The configured models first (in their order), then whatever else the server offers.
        ordered = list(dict.fromkeys([m for m in self.config.models if m in ids] + ids))
        return Listing(self.name, [self._entry(m) for m in ordered], "service")

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None


def _about_server(host: str, tools_key: str) -> str:
    return say("providers.model.server", host=host, tools=say(tools_key))
