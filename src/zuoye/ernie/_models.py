"""The model table: endpoints, documented limits, defaults and capabilities.

Sources: the seed model pages (outside the repository, ../shared/spec/) and docs/protocol-v1.md. The platform adds models faster
than any table can, so any other endpoint is reachable with `chat(endpoint=...)`; the table only
decides what can be checked before sending.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from zuoye.ernie._errors import ValidationError

# Optional body parameters every chat endpoint documents.
_COMMON = frozenset(
    {"temperature", "top_p", "penalty_score", "system", "stop", "max_output_tokens", "user_id"}
)
# The search-backed ERNIE 3.5/4.0 families add these.
_SEARCH = frozenset({"disable_search", "enable_citation", "enable_trace", "response_format"})
_MEMORY = frozenset({"enable_system_memory", "system_memory_id"})

# Every parameter any model here documents: the set an explicit endpoint= override may use.
ALL_PARAMS = _COMMON | _SEARCH | _MEMORY | {"functions", "tool_choice", "user_ip"}


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """What is documented about one chat model.

    Limits are the documented ones: `max_input_chars`/`max_input_tokens` count message contents plus
    `system` (plus `functions` where `functions_count_toward_limit`); None means unknown (custom
    endpoints), in which case the service is left to judge.
    """

    name: str
    endpoint: str
    aliases: tuple[str, ...] = ()
    max_input_chars: int | None = 20_000
    max_input_tokens: int | None = 5_120
    min_output_tokens: int = 2
    max_output_tokens: int = 2_048
    default_max_output_tokens: int | None = 2_048
    supports_functions: bool = False
    supports_tool_choice: bool = False
    # Older ERNIE-4.0 page: `system` is limited to 1024 chars on its own (elsewhere it only counts
    # towards the total).
    system_max_chars: int | None = None
    # The pages advise against `system` together with `functions` (4.0: "not supported"). Recorded,
    # not enforced: the service accepts it today and the tutor may need both.
    system_with_functions: bool = True
    functions_count_toward_limit: bool = False
    params: frozenset[str] = field(default=_COMMON)
    defaults: MappingProxyType[str, Any] = field(
        default_factory=lambda: MappingProxyType({"temperature": 0.8, "top_p": 0.8, "penalty_score": 1.0})
    )
    documented: bool = True
    # The model's id on v2 (lower case, in the request body); None: not known to exist there.
    v2_id: str | None = None

    @property
    def path(self) -> str:
        return f"chat/{self.endpoint}"


def _defaults(temperature: float, top_p: float) -> MappingProxyType[str, Any]:
    return MappingProxyType({"temperature": temperature, "top_p": top_p, "penalty_score": 1.0})


MODELS: MappingProxyType[str, ModelInfo] = MappingProxyType(
    {
        m.name: m
        for m in (
            ModelInfo(
                name="ERNIE-4.0-8K",
                v2_id="ernie-4.0-8k",
                endpoint="completions_pro",
                aliases=("ERNIE-Bot-4", "ERNIE-4.0", "ERNIE 4.0"),
                # The seed page (2023-10) lists fewer parameters; the later pages of the same family
                # (and the official SDK's table) add stop/search/max_output_tokens/response_format.
                params=_COMMON | _SEARCH | _MEMORY | {"functions"},
                supports_functions=True,
                system_max_chars=1_024,
                system_with_functions=False,
                # Not on the seed page; the 4.0 preview page documents 1024 for the family.
                default_max_output_tokens=1_024,
                defaults=_defaults(0.95, 0.8),
            ),
            ModelInfo(
                name="ERNIE-4.0-8K-Preview",
                v2_id="ernie-4.0-8k-preview",
                endpoint="ernie-4.0-8k-preview",
                aliases=("ERNIE-4.0-preview",),
                params=_COMMON | _SEARCH | _MEMORY | {"functions", "user_ip"},
                # The page lists no functions; docs/protocol-v1.md records the endpoint accepting them.
                supports_functions=True,
                default_max_output_tokens=1_024,
                defaults=_defaults(0.8, 0.8),
            ),
            ModelInfo(
                name="ERNIE-3.5-8K-Preview",
                v2_id="ernie-3.5-8k-preview",
                endpoint="ernie-3.5-8k-preview",
                aliases=("ERNIE-3.5-preview",),
                params=_COMMON | _SEARCH | {"functions", "tool_choice"},
                supports_functions=True,
                supports_tool_choice=True,
                functions_count_toward_limit=True,
                defaults=_defaults(0.8, 0.8),
            ),
            ModelInfo(
                name="ERNIE-Speed-8K",
                v2_id="ernie-speed-8k",
                endpoint="ernie_speed",
                aliases=("ERNIE-Speed", "ERNIE Speed"),
                # Seed page: 24000 chars / 6144 tokens (the official SDK's table says 11200 / 7168;
                # the page is the source we have).
                max_input_chars=24_000,
                max_input_tokens=6_144,
                defaults=_defaults(0.95, 0.7),
            ),
            ModelInfo(
                name="ERNIE-3.5-8K",
                v2_id="ernie-3.5-8k",
                endpoint="completions",
                aliases=("ERNIE-Bot", "ERNIE-3.5", "ERNIE 3.5"),
                params=_COMMON | _SEARCH | {"functions", "tool_choice"},
                supports_functions=True,
                supports_tool_choice=True,
                functions_count_toward_limit=True,
                defaults=_defaults(0.8, 0.8),
            ),
        )
    }
)


def _key(name: str) -> str:
    return name.strip().lower()


_BY_KEY: dict[str, ModelInfo] = {}
for _m in MODELS.values():
    for _n in (_m.name, _m.endpoint, *_m.aliases, _m.v2_id or _m.name):
        _BY_KEY[_key(_n)] = _m


def get_model(name: str) -> ModelInfo:
    """Look a model up by name, alias or endpoint, case-insensitively.

    >>> get_model("ernie-bot-4").endpoint
    'completions_pro'
    """
    if not isinstance(name, str) or not name.strip():
        raise ValidationError(
            f"model must be a non-empty model name such as 'ERNIE-4.0-8K', got {name!r}",
            field="model",
            value=name,
        )
    found = _BY_KEY.get(_key(name))
    if found is not None:
        return found
    import difflib  # only on this error path: keeps `import zuoye.ernie` light

    close = difflib.get_close_matches(_key(name), list(_BY_KEY), n=1, cutoff=0.75)
    hint = f"did you mean {_BY_KEY[close[0]].name!r}? " if close else ""
    raise ValidationError(
        f"unknown model {name!r}: {hint}known models are {', '.join(MODELS)}; for any other model "
        "pass its API endpoint name, e.g. chat(endpoint='ernie-lite-8k', ...)",
        field="model",
        value=name,
    )


def find_model(name: str) -> ModelInfo | None:
    """The table's entry for a name, alias, v1 endpoint or v2 id (case-insensitive), or None."""
    return _BY_KEY.get(_key(name))


def v2_model(name: object) -> ModelInfo:
    """The model a v2 (or OpenAI-compatible) call names: the table's entry when it knows the name
    (its rules apply, its v2 id is sent), else the id as given, checked only for form. v2 serves
    more models than any table, and the server says which ones an account may call."""
    if not isinstance(name, str) or not name.strip() or any(c.isspace() or ord(c) < 32 for c in name.strip()):
        raise ValidationError(
            f"model must be a model id without spaces such as 'ernie-4.0-8k', got {name!r}",
            field="model",
            value=name,
        )
    found = _BY_KEY.get(_key(name))
    if found is not None and found.v2_id is not None:
        return found
    model_id = name.strip()
    return ModelInfo(
        name=model_id,
        endpoint=model_id,
        v2_id=model_id,
        max_input_chars=None,
        max_input_tokens=None,
        default_max_output_tokens=None,
        max_output_tokens=1_000_000,
        supports_functions=True,
        supports_tool_choice=True,
        params=ALL_PARAMS,
        documented=False,
    )


def custom_model(endpoint: str, base: ModelInfo | None = None) -> ModelInfo:
    """A model reached through an explicit endpoint override.

    With a known `base` model its rules apply at the other endpoint; without one, every documented
    parameter is accepted and the limits are left to the service.
    """
    if base is not None:
        return dataclasses.replace(base, endpoint=endpoint, aliases=())
    return ModelInfo(
        name=endpoint,
        endpoint=endpoint,
        max_input_chars=None,
        max_input_tokens=None,
        default_max_output_tokens=None,
        supports_functions=True,
        supports_tool_choice=True,
        params=ALL_PARAMS,
        documented=False,
    )
