"""Click's usage errors (a missing option, an unknown one, a bad value, a question typed without
quotes) said in the reader's language, with where to read the usage.

Click says them in English ("Error: Got unexpected extra argument (2x+3=7)"), after a usage line;
a student who typed `zuoye ask 解方程 2x + 3 = 7` without quotes could not tell what was wrong. The
values Click reports (option names, the words typed) are kept as they are; Typer's own words about a
value are matched by their beginning, and any other is quoted as it came."""

from __future__ import annotations

import re
from typing import Any

from zuoye.messages import say

try:  # Typer ≥ 0.25 vendors Click (see zuoye.cli._app)
    from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption, UsageError
except ImportError:  # pragma: no cover - older Typer on real Click
    from click.exceptions import (  # type: ignore[assignment]
        BadParameter,
        MissingParameter,
        NoSuchOption,
        UsageError,
    )

_EXTRA = re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)$")
_NEEDS_VALUE = re.compile(r"Option '(?P<option>.+?)' requires an argument")
_NO_COMMAND = re.compile(r"No such command '(?P<name>.+?)'\.(?: Did you mean '(?P<maybe>.+?)'\?)?")
# What Typer says about a value, by its beginning: the catalogue key and the bound it names.
_VALUE = [
    (re.compile(r"Input should be greater than or equal to (?P<bound>\S+)"), "cli.usage.at_least"),
    (re.compile(r"Input should be less than or equal to (?P<bound>\S+)"), "cli.usage.at_most"),
    (re.compile(r"Input should be a valid integer"), "cli.usage.integer"),
    (re.compile(r"Input should be a valid number"), "cli.usage.number"),
]


def usage_message(exc: UsageError, *, command: str = "zuoye") -> str:
    """What was wrong, in the reader's language, and the command whose --help shows the usage
    (`command` when Click did not say which: an option's own parse errors come without it)."""
    ctx: Any = exc.ctx
    command = ctx.command_path if ctx is not None else command
    more = say("cli.usage.more", command=command)
    message = exc.message
    if isinstance(exc, NoSuchOption):
        options = ", ".join(sorted(exc.possibilities or ()))
        maybe = say("cli.usage.maybe", options=options) if options else ""
        return say("cli.usage.no_such_option", option=exc.option_name, maybe=maybe) + more
    if isinstance(exc, MissingParameter):
        return say("cli.usage.missing", param=_hint(exc)) + more
    if isinstance(exc, BadParameter):
        return say("cli.usage.bad_value", param=_hint(exc), detail=_value(message)) + more
    if found := _EXTRA.match(message):
        return say("cli.usage.extra", args=found["args"], command=command) + more
    if found := _NEEDS_VALUE.match(message):
        return say("cli.usage.needs_value", option=found["option"]) + more
    if found := _NO_COMMAND.match(message):
        maybe = say("cli.usage.maybe", options=found["maybe"]) if found["maybe"] else ""
        return say("cli.usage.no_such_command", name=found["name"], maybe=maybe) + more
    return say("cli.usage.other", detail=exc.format_message()) + more


def _hint(exc: BadParameter) -> str:
    if exc.param_hint is not None:
        hint = exc.param_hint
        return hint if isinstance(hint, str) else " / ".join(hint)
    if exc.param is not None:
        return str(exc.param.get_error_hint())
    return ""


def _value(detail: str) -> str:
    for pattern, key in _VALUE:
        if found := pattern.match(detail):
            return say(key, **found.groupdict())
    return detail
