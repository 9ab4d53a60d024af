"""`zuoye models`: what each configured model service offers."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any

import typer

from zuoye.cli._app import EXIT_CONFIG, CliError, app

if TYPE_CHECKING:
    from zuoye.providers import Registry


@app.command()
def models(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
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
        raise CliError(f"cannot list models: {exc}", EXIT_CONFIG) from None
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


def _print(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    for provider in report["providers"]:
        how = "the service's list" if provider["listed_by"] == "service" else "zuoye's table"
        bits = [b for b in (provider["protocol"], provider["credentials"]) if b]
        title = f"{provider['name']}（{' · '.join(bits)}）— {how}" if bits else f"{provider['name']} — {how}"
        table = Table(title=title, title_justify="left")
        for col in ("model", "tools", "description"):
            table.add_column(col)
        for m in provider["models"]:
            name = m["name"] + (" *" if m["name"] == report["default"] else "")
            table.add_row(escape(name), "✓" if m["tools"] else "—", escape(m["description"]))
        console.print(table)
        for note in dict.fromkeys(n for n in (provider["problem"], provider["error"]) if n):
            console.print(f"[yellow]! {escape(note)}[/yellow]")
    console.print(f"[dim]* default 默认：{escape(report['default'])}（--model 或 ZUOYE_MODEL 可改）[/dim]")
