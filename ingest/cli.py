"""Command line: `python -m ingest run` (the ingest job) and `python -m ingest inspect FILE`."""

from __future__ import annotations

import dataclasses
import json
import logging
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from ingest.inbox import inbox_files
from ingest.load import LoadOutcome
from ingest.model import ParsedDocument
from ingest.parser import DocumentRejected, parse_text
from ingest.pipeline import RunSummary, run_ingest
from ingest.reading import UnreadableFile, read_bytes, source_from_bytes
from ingest.settings import Settings

app = typer.Typer(
    add_completion=False, help="Parse Vietnamese provincial reports into DuckDB raw.*"
)


@app.command()
def run(
    inbox: Annotated[
        str | None, typer.Option(help="Folder of report files ($BAOCAO_INBOX)")
    ] = None,
    home: Annotated[str | None, typer.Option(help="Output folder ($BAOCAO_HOME)")] = None,
) -> None:
    """Ingest every report file in the inbox into $BAOCAO_HOME/warehouse.duckdb."""
    logging.basicConfig(level=logging.WARNING)
    console = Console()
    settings = Settings.from_env(inbox, home)
    summary = ingest_with_progress(settings, console)
    for key, action, reason in summary.not_parsed():
        if action != "failed":  # failures were printed as they happened
            console.print(f"[yellow]{action}[/] {key}: {reason}")
    console.print(
        f"{summary.line()}; {summary.cells} table cells loaded into {settings.warehouse_path}"
    )


def ingest_with_progress(settings: Settings, console: Console) -> RunSummary:
    """Run the ingest job with a progress bar (shown on long runs) and failures as they happen."""
    files = inbox_files(settings.inbox)
    if not files:
        console.print(f"[yellow]no report files in {settings.inbox}[/]")
    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=len(files))

        def on_file(path: Path, outcome: LoadOutcome, error: str | None) -> None:
            progress.update(task, advance=1, description=outcome.key or path.name)
            if error:
                progress.console.print(f"[red]failed[/] {outcome.key or path.name}: {error}")

        return run_ingest(settings, on_file)


def _json_default(obj: object) -> object:
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, tuple):
        return list(obj)
    raise TypeError(type(obj))


def document_json(doc: ParsedDocument) -> str:
    return json.dumps(dataclasses.asdict(doc), default=_json_default, ensure_ascii=False, indent=2)


@app.command()
def inspect(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A report file")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the parsed document as JSON")
    ] = False,
    rows: Annotated[int, typer.Option(help="Rows to show per table")] = 1000,
) -> None:
    """Show what the parser saw in FILE: metadata, tables with header paths and rows, issues."""
    console = Console()
    try:
        source = source_from_bytes(read_bytes(file), file.name, str(file))
        doc = parse_text(source.text)
    except (UnreadableFile, DocumentRejected) as exc:
        console.print(f"[red]cannot parse {file}:[/] {exc}")
        raise typer.Exit(1) from exc
    if as_json:
        typer.echo(document_json(doc))
        return
    meta = RichTable(
        title=f"{file.name} ({source.encoding}, {source.size_bytes:,} bytes)", show_header=False
    )
    for key, value in dataclasses.asdict(doc.metadata).items():
        meta.add_row(key, "" if value is None else str(value))
    console.print(meta)
    for t in doc.tables:
        title = (
            f"table {t.table_index} · {t.layout} · lines {t.line_start}-{t.line_end} · "
            f"{len(t.rows)} rows · {t.caption or ''}"
        )
        grid = RichTable(title=title[:160], show_lines=False)
        for c in t.columns:
            label = " > ".join(c.header_path) or f"col {c.column_index}"
            grid.add_column(f"{c.column_code or ''} {label}".strip(), overflow="fold")
        grid.add_column("line", justify="right")
        for row in t.rows[:rows]:
            values = [""] * len(t.columns)
            for cell in row.cells:
                if cell.column_index < len(values):
                    values[cell.column_index] = cell.text
            grid.add_row(*values, str(row.source_line))
        console.print(grid)
        for variant in t.header_variants:
            console.print(
                f"  header variant {variant[0].header_variant} (line {variant[0].source_line}): "
                + " | ".join(" > ".join(c.header_path) for c in variant)
            )
    issues = RichTable(title=f"{len(doc.issues)} parse issues")
    for col in ("line", "severity", "code", "message"):
        issues.add_column(col, overflow="fold")
    for i in doc.issues:
        issues.add_row(str(i.source_line or ""), i.severity, i.code, i.message)
    console.print(issues)


if __name__ == "__main__":
    app()
