"""Building the tutor's model from settings: one place for the CLI and the web server.

No credentials is not an error: `make_model` returns None and the tutor answers maths offline.
An unknown model name and unusable credentials are errors, told apart so each interface can say
who must act (the user picks another model; the operator fixes the configuration).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zuoye import ernie
    from zuoye.settings import Settings
    from zuoye.tutor.model import ChatModel


class ModelChoiceError(ValueError):
    """The model name is not one the client knows; the message lists what is."""


class ClientConfigError(RuntimeError):
    """Credentials are set but cannot be used (e.g. only half of a key pair)."""


def resolve_model(name: str) -> str:
    """The canonical name of a model (aliases and case accepted)."""
    from zuoye import ernie

    try:
        return ernie.get_model(name).name
    except ernie.ErnieError as exc:
        raise ModelChoiceError(str(exc)) from None


def make_client(**options: Any) -> ernie.AsyncErnie | None:
    """An ERNIE client from the environment (QIANFAN_*), or None when no credentials are set.
    `options` go to `AsyncErnie` (e.g. a `transport` with a bigger connection pool). The caller
    owns the client: close it when done (one client serves many models and requests)."""
    from zuoye import ernie

    try:
        return ernie.AsyncErnie(**options)
    except ernie.MissingCredentialsError:
        return None
    except ernie.ErnieError as exc:
        raise ClientConfigError(str(exc)) from None


def make_model(
    settings: Settings, model: str | None = None, *, client: ernie.AsyncErnie | None = None
) -> ChatModel | None:
    """The chat model to ask (`model`, else the configured one), or None to answer offline.
    Without `client` a new one is made from the environment."""
    from zuoye.tutor.ernie_model import ErnieChatModel

    name = resolve_model(model or settings.model)
    if client is None:
        client = make_client()
        if client is None:
            return None
    return ErnieChatModel(client, name)
