"""`zuoye batch INPUT -o OUTPUT`: answer a worksheet."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from typing import Any

import typer

from zuoye.cli._app import EXIT_CONFIG, EXIT_INTERRUPTED, EXIT_SERVICE, EXIT_USAGE, CliError, app
from zuoye.cli._context import load_settings, tutor_for
from zuoye.cli._files import reason
from zuoye.messages import say


@app.command(help="help.batch")
def batch(
    input_file: Path = typer.Argument(..., metavar="INPUT", help="help.batch.input"),
    output: Path = typer.Option(..., "--output", "-o", help="help.batch.output"),
    model: str | None = typer.Option(None, "--model", "-m", help="help.model"),
    mode: str | None = typer.Option(None, "--mode", help="help.batch.mode"),
    grade: str | None = typer.Option(None, "--grade", "-g", help="help.batch.grade"),
    help_ceiling: str | None = typer.Option(None, "--help-ceiling", help="help.batch.ceiling"),
    concurrency: int = typer.Option(8, "--concurrency", "-c", min=1, max=256, help="help.batch.concurrency"),
    rpm: int | None = typer.Option(None, "--rpm", min=1, help="help.batch.rpm"),
    tpm: int | None = typer.Option(None, "--tpm", min=1, help="help.batch.tpm"),
    title: str | None = typer.Option(None, "--title", help="help.batch.title"),
    class_name: str | None = typer.Option(None, "--class", help="help.batch.class"),
    version: str = typer.Option("full", "--version", help="help.batch.version"),
) -> None:
    """Answer every question of a worksheet; re-run with the same OUTPUT to resume."""
    from zuoye.batch import (
        AdaptivePacer,
        Journal,
        PacedModel,
        Summary,
        answer_bases,
        journal_path,
        output_of,
        read_items,
        run_batch,
        sibling_journals,
    )
    from zuoye.batch.reports import VERSIONS, ReportOptions, output_format, render, write_atomic
    from zuoye.providers import no_provider

    try:
        fmt = output_format(output)
    except ValueError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    if version not in VERSIONS:
        raise CliError(say("batch.unknown_version", version=version), EXIT_USAGE)
    if any(_same_file(input_file, written) for written in (output, journal_path(output))):
        # `-o sheet.csv` for sheet.csv would replace the teacher's questions with the answers.
        raise CliError(say("batch.output_is_input", path=output), EXIT_USAGE)
    if output.is_dir():  # found before anything is paid for, not when the report is written
        raise CliError(
            say("batch.cannot_write", path=output, reason=say("cli.file.is_directory")), EXIT_USAGE
        )
    try:
        with input_file.open("rb"):  # why it cannot be read, said in the reader's language
            pass
    except OSError as exc:
        raise CliError(say("batch.cannot_read", path=input_file, reason=reason(exc)), EXIT_USAGE) from None
    options = ReportOptions(version=version, title=title, class_name=class_name)
    items, bad = read_items(input_file)  # InputError: exit 2 (zuoye.cli._app)
    for b in bad:
        typer.echo(say("batch.skipped_line", file=input_file, line=b.line, reason=b.reason), err=True)
    if not items:
        raise CliError(say("batch.no_questions", file=input_file), EXIT_USAGE)

    settings = load_settings(grade=grade, mode=mode, help_ceiling=help_ceiling)
    try:
        journal = Journal(journal_path(output))
    except OSError as exc:  # the journal is written beside the output: its folder is the output's
        raise CliError(say("batch.cannot_write", path=output, reason=reason(exc)), EXIT_USAGE) from None
    reporter = _Progress(total=len(items))

    async def main() -> Summary:
        # Retries belong to the batch here: rate limits go through the pacer, other failures
        # are retried per question (see zuoye.batch.runner).
        async with tutor_for(settings, model=model, max_retries=0) as tutor:
            tutor.keep_mistakes = False  # a worksheet's 批改 lines are not the asker's own 错题本
            if tutor.model is not None:
                tutor.model = PacedModel(tutor.model, AdaptivePacer(rpm=rpm, tpm=tpm))
            else:
                typer.echo(no_provider(), err=True)
            # The same worksheet written before beside it, to another format or version (report.jsonl,
            # then report.html, then sheet.html --version student): its answers are journaled here
            # instead of paid for again — those asked the way this run asks (model, mode, grade,
            # help level, prompt: Tutor.answer_basis); another grade or mode is answered again.
            bases = answer_bases(tutor, items)
            asked = [(it.id, it.question, bases[it.id]) for it in items]
            for other, count in journal.adopt(asked, sibling_journals(output)).items():
                typer.echo(say("batch.reused", count=count, path=output_of(other)), err=True)
            return await run_batch(
                items, tutor=tutor, journal=journal, concurrency=concurrency, progress=reporter
            )

    summary: Summary | None = None
    stopped = False
    with journal:
        try:
            summary = asyncio.run(main())
        except KeyboardInterrupt:  # Ctrl-C: said once the progress bar has drawn its last
            stopped = True
        finally:
            reporter.close()
            if fmt != "jsonl":
                done = [journal.records[it.id] for it in items if it.id in journal.records]
                try:
                    write_atomic(output, render(fmt, done, _summary_dict(summary, done), options))
                except OSError as exc:  # the answers are in the journal: a re-run writes them
                    where = say("batch.cannot_write_report", path=output, reason=reason(exc))
                    raise CliError(where, EXIT_USAGE) from None
    if stopped:
        # What was answered is in the journal (and the report): say so and how to go on, instead of
        # ending without a word.
        answered = sum(1 for it in items if journal.records.get(it.id, {}).get("status") == "answered")
        typer.echo(say("batch.stopped", answered=answered, total=len(items)), err=True)
        raise typer.Exit(EXIT_INTERRUPTED)
    assert summary is not None
    summary.bad_lines = len(bad)
    typer.echo(
        say(
            "batch.summary",
            answered=summary.answered,
            failed=summary.failed,
            skipped=summary.skipped,
            bad_lines=summary.bad_lines,
            retried=summary.retried,
            tokens=summary.tokens,
            cost=f"{summary.cost_cny:.4f}",
            seconds=f"{summary.seconds:.1f}",
            output=output,
        ),
        err=True,
    )
    for failure in summary.failures[:20]:
        typer.echo(say("batch.failed_item", failure=failure), err=True)
    if summary.failed:
        # Running again helps when a service failed; not when the setup or the questions must change.
        kinds = set(summary.failure_kinds) or {"service"}
        if kinds == {"config"}:
            raise CliError(say("batch.some_failed_config", failed=summary.failed), EXIT_CONFIG)
        if kinds == {"input"}:
            raise CliError(say("batch.some_failed_input", failed=summary.failed), EXIT_USAGE)
        raise CliError(say("batch.some_failed", failed=summary.failed), EXIT_SERVICE)


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (a link or another spelling of the same path included)."""
    try:
        return a.samefile(b)
    except OSError:  # one of them does not exist (yet): compare where they would be
        return a.resolve() == b.resolve()


def _summary_dict(summary: Any, done: list[dict[str, Any]]) -> dict[str, Any]:
    from zuoye.batch.runner import cost_of  # start-up speed, as in batch() above

    answered = sum(1 for r in done if r["status"] == "answered")
    return {
        "total": len(done),
        "answered": answered,
        "failed": len(done) - answered,
        "tokens": sum(int((r.get("usage") or {}).get("total_tokens", 0)) for r in done),
        # What the answers in the report cost, whichever run paid for them (tokens likewise).
        "cost_cny": sum(cost_of(str(r.get("model", "")), r.get("usage") or {}) for r in done),
        "seconds": summary.seconds if summary else 0.0,
    }


class _Progress:
    """A bar with rate and ETA on a terminal; a plain line every few seconds otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.tty = sys.stderr.isatty()
        self._last = 0.0
        self._bar: Any = None
        if self.tty:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn(say("batch.progress")),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                transient=False,
            )
            self._task = self._bar.add_task("batch", total=total, rate="")
            self._bar.start()

    def __call__(self, summary: Any, record: dict[str, Any]) -> None:
        done = summary.answered + summary.failed + summary.skipped
        rate = (summary.answered + summary.failed) / summary.seconds if summary.seconds else 0.0
        if self._bar is not None:
            self._bar.update(self._task, completed=done, rate=f"{rate:.1f}/s")
            return
        now = time.monotonic()
        if now - self._last >= 2 or done == self.total or record["status"] != "answered":
            self._last = now
            eta = (self.total - done) / rate if rate else 0
            line = say(
                "batch.progress_line",
                done=done,
                total=self.total,
                answered=summary.answered,
                failed=summary.failed,
                rate=f"{rate:.1f}",
                eta=f"{eta:.0f}",
            )
            typer.echo(line, err=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
