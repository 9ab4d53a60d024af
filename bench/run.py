"""Run every benchmark under bench/ and print one table.

Each `bench/bench_*.py` module exposes `run() -> list[Row]`; a row is a dict with the keys
`bench`, `metric`, `value`, `unit` and optionally `goal` and `note`. Run one with
`./dev bench NAME` (the part after `bench_`).
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(HERE))
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if argv:
        wanted = {f"bench_{a.removeprefix('bench_')}" for a in argv}
        unknown = wanted - set(names)
        if unknown:
            print(f"unknown benchmark(s): {', '.join(sorted(unknown))}; have: {', '.join(names)}")
            return 2
        names = [n for n in names if n in wanted]
    table = Table(title="zuoye benchmarks")
    for col in ("bench", "metric", "value", "unit", "goal", "note"):
        table.add_column(col)
    console = Console()
    for name in names:
        started = time.perf_counter()
        console.print(f"[bold]running {name}…[/bold]")
        for row in importlib.import_module(name).run():
            value = row["value"]
            shown = f"{value:,.3f}" if isinstance(value, float) else str(value)
            table.add_row(
                row["bench"], row["metric"], shown, row["unit"], row.get("goal", ""), row.get("note", "")
            )
        console.print(f"  {name} took {time.perf_counter() - started:.1f} s")
    console.print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
