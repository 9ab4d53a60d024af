"""ERNIE on Baidu Qianfan: credentials from the `QIANFAN_*` environment, whichever protocol they
select in `zuoye.ernie` (a v2 API key or IAM keys → v2; the retired v1 keys → v1).

Models are addressed by their ERNIE names (`ERNIE-4.0-8K`, aliases, any case) or, on v2, by any
v2 id (`ernie-4.5-turbo-128k`): the platform adds models faster than a table can follow.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from zuoye import ernie
from zuoye.messages import say
from zuoye.providers._ernie import ErnieChatModel, input_limit, provider_error
from zuoye.providers._provider import Listing, ModelEntry, ProviderStatus
from zuoye.providers.types import ChatModel, ProviderError

NAME = "qianfan"
LABEL = "ERNIE"
DEFAULT_MODEL = "ERNIE-4.0-8K"
# Families Baidu lists with function calling (its v2 launch notice); Speed, Lite, Tiny and
# Character do not, except their -Pro models. Only a guess for ids the table does not know.
_TOOLS = re.compile(r"^ernie-(?:[345x]|speed-pro|lite-pro)", re.IGNORECASE)
# What `GET /v2/models` also lists but cannot chat.
_NOT_CHAT = re.compile(r"embed|rerank|bge|tao-|image|vl-|tts|asr", re.IGNORECASE)


def retired_v1_hint() -> str:
    """What to do with credentials for the v1 interface Baidu retired."""
    return say("providers.v1_retired")


def not_configured() -> str:
    return say("providers.ernie_not_configured")


def check_name(model_id: str) -> ernie.ModelInfo:
    """The ERNIE model the table knows by this name; ProviderError ("input") naming them all."""
    try:
        return ernie.get_model(model_id)
    except ernie.ValidationError:
        known = ", ".join(ernie.MODELS)
        raise ProviderError(
            say("providers.unknown_ernie_model", model=model_id, known=known),
            kind="input",
            code="unknown_model",
        ) from None


def _qianfan_only() -> str:
    return say("providers.model.qianfan")


def _description(info: ernie.ModelInfo) -> Callable[[], str]:
    def say_it() -> str:
        size = (
            say("providers.model.input_limit", chars=info.max_input_chars)
            if info.max_input_chars
            else say("providers.model.input_unknown")
        )
        tools = say("providers.model.tools" if info.supports_functions else "providers.model.no_tools")
        return say("providers.model.ernie", name=info.name, size=size, tools=tools)

    return say_it


class QianfanProvider:
    """`client` is None when no QIANFAN_* credentials are set (then this provider is absent);
    `problem` is set when they are set but unusable (a half key pair)."""

    def __init__(self, client: ernie.AsyncErnie | None, *, problem: str | None = None) -> None:
        self._client = client
        self._problem = problem

    @classmethod
    def from_environment(
        cls, options: Mapping[str, Any], environ: Mapping[str, str] | None = None
    ) -> QianfanProvider | None:
        """None when no credentials are configured at all (nothing is sent to find out)."""
        if not ernie.credentials_configured(environ):
            return None
        try:
            return cls(ernie.AsyncErnie(**options))
        except ernie.MissingCredentialsError:
            return None
        except ernie.ErnieError as exc:
            return cls(None, problem=f"{LABEL}: {exc}")

    @property
    def name(self) -> str:
        return NAME

    @property
    def protocol(self) -> str:
        return self._client.protocol if self._client is not None else ""

    def status(self) -> ProviderStatus:
        if self._client is None:
            return ProviderStatus(NAME, LABEL, "", "", "", self._problem)
        problem = retired_v1_hint() if self.protocol == "v1" else None
        return ProviderStatus(
            NAME, LABEL, self.protocol, self._client.credentials, self._client.base_url, problem
        )

    def get(self, model_id: str) -> ChatModel:
        if self._client is None:
            raise ProviderError(self._problem or not_configured(), kind="config")
        try:
            info: ernie.ModelInfo | None = ernie.get_model(model_id)
        except ernie.ValidationError:
            if self.protocol == "v1":  # v1 reaches a model by its endpoint: only the table's
                check_name(model_id)
            info = None
        if info is not None:
            return ErnieChatModel(
                self._client,
                name=info.name,
                model_id=info.name,
                supports_tools=info.supports_functions,
                limit=input_limit(info.name, info),
                label=LABEL,
            )
        model_id = model_id.strip()
        return ErnieChatModel(
            self._client,
            name=model_id,
            model_id=model_id,
            supports_tools=bool(_TOOLS.match(model_id)),
            limit=input_limit(model_id),
            label=LABEL,
        )

    def table(self) -> list[ModelEntry]:
        return [
            ModelEntry(NAME, m.name, m.supports_functions, _description(m)) for m in ernie.MODELS.values()
        ]

    async def listing(self) -> Listing:
        if self._client is None:
            return Listing(NAME, self.table(), "table", self._problem or not_configured())
        if self.protocol == "v1":  # v1 has no list of models: the table is all there is
            return Listing(NAME, self.table(), "table")
        try:
            ids = await self._client.models()
        except ernie.ErnieError as exc:
            return Listing(NAME, self.table(), "table", str(provider_error(exc, LABEL)))
        entries = []
        for model_id in ids:
            if _NOT_CHAT.search(model_id):
                continue
            try:
                info = ernie.get_model(model_id)
            except ernie.ValidationError:
                entries.append(ModelEntry(NAME, model_id, bool(_TOOLS.match(model_id)), _qianfan_only))
            else:
                entries.append(ModelEntry(NAME, info.name, info.supports_functions, _description(info)))
        return Listing(NAME, entries, "service")

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()
