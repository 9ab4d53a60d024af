"""What the registry knows of a provider, and what a provider must offer it.

A provider is one configured service (ERNIE on Qianfan, or an OpenAI-compatible server) with its
own client. A third kind of back end is one more module implementing `Provider`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from zuoye.providers.types import ChatModel


@dataclass(frozen=True, slots=True)
class ModelEntry:
    """A model one can ask: `model` is what `Registry.get` takes (`ERNIE-4.0-8K`,
    `deepseek/deepseek-chat`)."""

    provider: str
    model: str
    supports_tools: bool
    # What it is, for a person choosing: fixed text, or words said each time it is shown, in that
    # reader's language (the registry keeps a listing for all readers for a while).
    about: str | Callable[[], str] = ""

    @property
    def description(self) -> str:
        return self.about() if callable(self.about) else self.about


@dataclass(frozen=True, slots=True)
class ProviderStatus:
    """How a provider is set up, for `zuoye doctor` and `zuoye models`: never a credential value.

    `protocol` is "v2" | "v1" | "openai" ("" when no client could be made); `problem` says what
    is wrong and what to do, None when it is usable.
    """

    name: str
    label: str
    protocol: str
    credentials: str
    base_url: str
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    """What a provider offers: from the service (`GET …/models`), else from its table (the ERNIE
    models zuoye knows, or the models named in the configuration). `error` says why the service
    was not asked or did not answer."""

    provider: str
    models: list[ModelEntry]
    source: Literal["service", "table"]
    error: str | None = None


class Provider(Protocol):
    @property
    def name(self) -> str: ...

    def status(self) -> ProviderStatus: ...

    def get(self, model_id: str) -> ChatModel:
        """The model `model_id` (without the provider's prefix); ProviderError when it cannot be
        asked ("input": no such model here, "config": the provider is not usable)."""
        ...

    def table(self) -> list[ModelEntry]: ...

    async def listing(self) -> Listing: ...

    async def aclose(self) -> None: ...
