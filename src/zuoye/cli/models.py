"""`zuoye models`: what each configured model service offers."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any

import typer

from zuoye.cli._app import EXIT_CONFIG, CliError, app
from zuoye.messages import say

if TYPE_CHECKING:
    from rich.console import Console

    from zuoye.providers import Registry


@app.command(help="help.models")
def models(as_json: bool = typer.Option(False, "--json", help="help.json")) -> None:
    """List the models of every configured service (ERNIE, OpenAI-compatible servers): asked from
    the service where it can list them, else the models zuoye knows or the configuration names.
    Offline, the ERNIE models."""
    from zuoye.cli._context import load_settings
    from zuoye.providers import Registry

    settings = load_settings()
    registry = Registry.from_settings(settings, client_options=lambda: {"max_retries": 0, "timeout": 15})
    try:
        report = asyncio.run(_report(registry))
    except OSError as exc:  # pragma: no cover - a broken network stack, not a refused listing
        raise CliError(say("models.cannot_list", reason=exc), EXIT_CONFIG) from None
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False))
        return
    _print(report)


async def _report(registry: Registry) -> dict[str, Any]:
    try:
        listings = await registry.listings()
    finally:
        await registry.aclose()
    status = {p.name: p for p in registry.providers}
    providers = []
    for listing in listings:
        p = status.get(listing.provider)
        providers.append(
            {
                "name": listing.provider,
                "protocol": p.protocol if p else "",
                "credentials": p.credentials if p else "",
                "listed_by": listing.source,
                "error": listing.error,
                "problem": p.problem if p else None,
                "models": [
                    {"name": m.model, "tools": m.supports_tools, "description": m.description}
                    for m in listing.models
                ],
            }
        )
    return {"default": registry.default_model, "offline": registry.offline, "providers": providers}


# With fewer columns than this left for descriptions (or than the longest one needs), a table would
# be a column of one-word lines: one model per line instead.
_MIN_DESCRIPTION_WIDTH = 20


def _print(report: dict[str, Any], console: Console | None = None) -> None:
    """A table per service that fits the terminal (80 columns and up) and never shortens a model's
    name: the name is what a user types after --model, so it is printed whole on one line, and the
    description wraps instead. Too narrow for that, one model per line with its details below."""
    # Imported here, not at the top: every zuoye command imports this module, few print a table.
    from rich import box
    from rich.cells import cell_len
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = console or Console()
    for provider in report["providers"]:
        how = say(
            "models.listed_by_service" if provider["listed_by"] == "service" else "models.listed_by_table"
        )
        bits = [b for b in (provider["protocol"], provider["credentials"]) if b]
        title = f"{provider['name']}（{' · '.join(bits)}）— {how}" if bits else f"{provider['name']} — {how}"
        console.print(f"[bold]{escape(title)}[/bold]")
        rows = [
            (
                m["name"] + (" *" if m["name"] == report["default"] else ""),
                "✓" if m["tools"] else "—",
                _description(m["name"], m["description"]),
            )
            for m in provider["models"]
        ]
        name_width = max((cell_len(name) for name, _, _ in rows), default=0)
        # three cells between neighbouring columns (padding, rule, padding), none at the edges
        tools_header = say("models.column.tools")
        tools_width = cell_len(tools_header)  # "工具" is two columns wide twice over; "tools" five
        room = console.width - name_width - tools_width - 2 * 3
        longest = max((cell_len(d) for _, _, d in rows), default=0)
        if room >= min(longest, _MIN_DESCRIPTION_WIDTH):
            table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1))
            table.add_column(say("models.column.model"), no_wrap=True, min_width=name_width)
            table.add_column(tools_header, no_wrap=True, justify="center", width=tools_width)
            table.add_column(say("models.column.description"), overflow="fold")
            for name, tools, description in rows:
                table.add_row(escape(name), tools, escape(description))
            console.print(table)
        else:
            for name, tools, description in rows:
                # soft_wrap: a name wider than the terminal is left to the terminal, never cut
                console.print(escape(name), soft_wrap=True, highlight=False)
                console.print(
                    say("models.tools_line", tools=tools, description=escape(description)), highlight=False
                )
        for note in dict.fromkeys(n for n in (provider["problem"], provider["error"]) if n):
            console.print(f"[yellow]! {escape(note)}[/yellow]")
        console.print()
    console.print(f"[dim]{escape(say('models.default', model=report['default']))}[/dim]")


def _description(name: str, description: str) -> str:
    """The description without a leading "文心 NAME：" — the name is in the column beside it."""
    head, sep, rest = description.partition("：")
    return rest if sep and rest and head.endswith(name) else description
