"""The one place the interfaces get models from.

    registry.get("ERNIE-4.0-8K")            bare names are ERNIE's (Qianfan, from QIANFAN_*)
    registry.get("deepseek/deepseek-chat")  NAME/model: a provider from the environment or config.toml
    await registry.models()                 what every provider offers (GET …/models, else its table)
    await registry.aclose()                 closes every client it made

No provider configured is not an error: `offline` is true and the tutor answers maths with the
local solver. A provider that is configured but unusable (a key variable that is not set) stays
in the registry and says what is wrong whenever it is asked for.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from zuoye.fleet import Fleet
from zuoye.messages import say
from zuoye.providers import _qianfan
from zuoye.providers._openai import OpenAIProvider
from zuoye.providers._provider import Listing, ModelEntry, Provider, ProviderStatus
from zuoye.providers.types import ChatModel, ProviderError

if TYPE_CHECKING:
    from zuoye.settings import Settings

MAX_NAME = 64  # conversations store the model's name in 64 characters
LISTING_TTL = 300.0  # seconds a provider's list of models is reused (the page asks on every load)


def no_provider() -> str:
    """What to do when no model service is configured (maths is then answered offline)."""
    return say("providers.none")


class Registry:
    def __init__(
        self, providers: Sequence[Provider], *, default_model: str = "", fleet: Fleet | None = None
    ) -> None:
        self._providers = {p.name: p for p in providers}
        self._default = default_model.strip()
        self._listings: dict[str, tuple[float, Listing]] = {}
        # Set when ZUOYE_REDIS_URL is: ERNIE's quota and token are then shared by every process.
        self.fleet = fleet

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        client_options: Callable[[], Mapping[str, Any]] = dict,
        token_cache: bool = False,
        environ: Mapping[str, str] | None = None,
    ) -> Registry:
        """ERNIE from the QIANFAN_* environment, then the providers of `settings`.
        `client_options` makes each client's extra options (a transport, max_retries, …);
        `token_cache` keeps ERNIE's tokens on disk between runs (the CLI). With `settings.redis_url`
        ERNIE's calls take their share of one quota kept in Redis and its token is shared there."""
        providers: list[Provider] = []
        qianfan_options = {**client_options(), **({"token_cache": True} if token_cache else {})}
        fleet = Fleet.connect(settings.redis_url) if settings.redis_url else None
        if fleet is not None:
            qianfan_options.update(rate_limiter=fleet.limiter, token_cache=fleet.tokens)
        qianfan = _qianfan.QianfanProvider.from_environment(qianfan_options, environ)
        if qianfan is not None:
            providers.append(qianfan)
        providers += [OpenAIProvider(p, client_options, environ) for p in settings.providers]
        return cls(providers, default_model=settings.model, fleet=fleet)

    # -- what is configured ---------------------------------------------------------------------
    @property
    def offline(self) -> bool:
        """No provider is configured: the tutor answers maths offline."""
        return not self._providers

    @property
    def providers(self) -> list[ProviderStatus]:
        return [p.status() for p in self._providers.values()]

    @property
    def default_model(self) -> str:
        """The configured model; else ERNIE's default when ERNIE is configured; else the first
        model named for another provider; else ERNIE's default (which then says how to set it up)."""
        if self._default:
            return self._default
        if _qianfan.NAME in self._providers or not self._providers:
            return _qianfan.DEFAULT_MODEL
        for provider in self._providers.values():
            table = provider.table()
            if table:
                return table[0].model
        return _qianfan.DEFAULT_MODEL

    def split(self, name: str | None) -> tuple[str, str]:
        """(provider, model id) for a model name; ProviderError ("input") for a name no
        configured provider could serve."""
        name = (name or self.default_model).strip()
        if not name:
            raise ProviderError(say("providers.name_a_model"), kind="input", code="unknown_model")
        if len(name) > MAX_NAME:
            raise ProviderError(
                say("providers.name_too_long", length=len(name), max=MAX_NAME),
                kind="input",
                code="unknown_model",
            )
        provider, slash, model_id = name.partition("/")
        if not slash:
            return _qianfan.NAME, name
        if provider in self._providers or provider == _qianfan.NAME:
            return provider, model_id
        known = ", ".join(p for p in self._providers if p != _qianfan.NAME) or say("providers.none_word")
        raise ProviderError(
            say("providers.no_such_service", provider=provider, known=known),
            kind="input",
            code="unknown_model",
        )

    # -- models ---------------------------------------------------------------------------------
    def get(self, name: str | None = None) -> ChatModel:
        """The model `name` (the default model when None). ProviderError: "input" for a name no
        provider knows, "config" for a provider that is not configured or not usable."""
        provider_name, model_id = self.split(name)
        provider = self._providers.get(provider_name)
        if provider is None:  # only ERNIE can be missing here: split() refused other names
            raise ProviderError(
                _qianfan.not_configured() if self._providers else no_provider(), kind="config"
            )
        return provider.get(model_id)

    def get_or_offline(self, name: str | None = None) -> ChatModel | None:
        """`get`, or None when no provider is configured (the tutor then answers offline). The
        name is still checked offline: an unknown provider or ERNIE model is refused."""
        if not self.offline:
            return self.get(name)
        provider, model_id = self.split(name)
        if provider == _qianfan.NAME:
            _qianfan.check_name(model_id)
        return None

    async def listings(self) -> list[Listing]:
        """What each provider offers (`GET …/models` where it can be asked, reused for a few
        minutes); offline, the ERNIE table. A provider that fails says why in `error`."""
        if self.offline:
            return [Listing(_qianfan.NAME, _qianfan.QianfanProvider(None).table(), "table", no_provider())]
        return list(await asyncio.gather(*(self._listing(p) for p in self._providers.values())))

    async def _listing(self, provider: Provider) -> Listing:
        now = time.monotonic()
        cached = self._listings.get(provider.name)
        if cached is not None and now - cached[0] < LISTING_TTL:
            return cached[1]
        listing = await provider.listing()
        if listing.error is None:  # a failure is asked again next time
            self._listings[provider.name] = (now, listing)
        return listing

    async def models(self) -> list[ModelEntry]:
        return [entry for listing in await self.listings() for entry in listing.models]

    async def aclose(self) -> None:
        await asyncio.gather(*(p.aclose() for p in self._providers.values()))
        if self.fleet is not None:
            self.fleet.close()
