"""`zuoye models`: the models zuoye knows, with their limits and capabilities."""

from __future__ import annotations

import json
from typing import Any

import typer

from zuoye.cli._app import app


@app.command()
def models(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the ERNIE models with their limits, defaults and capabilities."""
    from zuoye.ernie import MODELS

    rows: list[dict[str, Any]] = [
        {
            "name": m.name,
            "endpoint": m.endpoint,
            "aliases": list(m.aliases),
            "max_input_chars": m.max_input_chars,
            "max_input_tokens": m.max_input_tokens,
            "max_output_tokens": m.max_output_tokens,
            "functions": m.supports_functions,
            "tool_choice": m.supports_tool_choice,
            "defaults": dict(m.defaults),
        }
        for m in MODELS.values()
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="ERNIE models (any other endpoint: zuoye.ernie chat(endpoint=...))")
    for col in ("model", "endpoint", "aliases", "input chars/tokens", "output ≤", "functions", "defaults"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["name"],
            r["endpoint"],
            ", ".join(r["aliases"]),
            f"{r['max_input_chars']} / {r['max_input_tokens']}",
            str(r["max_output_tokens"]),
            "✓" if r["functions"] else "—",
            ", ".join(f"{k}={v}" for k, v in r["defaults"].items()),
        )
    Console().print(table)
