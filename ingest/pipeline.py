"""The ingest job: every file in the inbox -> read -> parse -> load.

A file that cannot be read or parsed is recorded as failed with the reason and
the run goes on with the other files; the warehouse is never left half-written.

Reading and hashing happen in this process (a file already loaded is skipped
without parsing). Parsing, and turning the result into Arrow tables, runs in a
pool of worker processes when there is enough to parse; at most a few documents
per worker are in flight, so memory stays bounded by the largest documents, not
by the corpus. Loading stays in this process, in batches: one transaction and
one INSERT per raw table for several documents (see `ingest.load.load_documents`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import duckdb

from ingest.load import (
    LoadItem,
    LoadOutcome,
    connect,
    current_document_ids,
    document_tables,
    load_documents,
    record_failure,
)
from ingest.parser import DocumentRejected, ParserSettings, parse_text
from ingest.reading import (
    DEFAULT_MAX_BYTES,
    UnreadableFile,
    read_bytes,
    sha256_hex,
    source_from_bytes,
)

log = logging.getLogger(__name__)

REPORT_SUFFIXES = (".txt", ".md", ".text")


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


@dataclass(frozen=True, slots=True)
class Settings:
    inbox: Path
    home: Path
    max_file_bytes: int = DEFAULT_MAX_BYTES
    parser: ParserSettings = field(default_factory=ParserSettings)
    workers: int = 1  # parser processes; 1 parses in this process
    batch_cells: int = 50_000  # documents per load transaction, counted in table cells
    batch_documents: int = 64

    @property
    def warehouse_path(self) -> Path:
        return self.home / "warehouse.duckdb"

    @classmethod
    def from_env(cls, inbox: str | None = None, home: str | None = None) -> Settings:
        return cls(
            inbox=Path(inbox or os.environ.get("BAOCAO_INBOX", "seeds/reports")),
            home=Path(home or os.environ.get("BAOCAO_HOME", "warehouse")),
            max_file_bytes=int(os.environ.get("BAOCAO_MAX_FILE_MB", "64")) * 1024 * 1024,
            workers=int(os.environ.get("BAOCAO_WORKERS", default_workers())),
        )


@dataclass
class RunSummary:
    outcomes: list[tuple[str, LoadOutcome, str | None]] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for _, o, _ in self.outcomes if o.action == action)

    @property
    def cells(self) -> int:
        return sum(o.cells for _, o, _ in self.outcomes)


def inbox_files(inbox: Path) -> list[Path]:
    """Report files in the inbox, in a stable order (hidden files skipped)."""
    if inbox.is_file():
        return [inbox]
    return sorted(
        p
        for p in inbox.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in REPORT_SUFFIXES
    )


@dataclass(frozen=True, slots=True)
class Prepared:
    """One file read and parsed into Arrow tables, or the reason it could not be."""

    path: Path
    document_id: str
    size: int | None
    item: LoadItem | None = None
    error: str | None = None


def prepare_file(path: Path, settings: Settings) -> Prepared:
    """Read, decode, parse and tabulate one file. Never raises.

    Runs in a worker process for large runs, so it takes a path (the file is read again
    here, from the page cache, rather than its bytes being copied to the worker) and
    returns only picklable data.
    """
    try:
        data = read_bytes(path, settings.max_file_bytes)
    except (OSError, UnreadableFile) as exc:
        return _unreadable(path, exc)
    document_id = sha256_hex(data)
    try:
        source = source_from_bytes(data, path.name, str(path))
        doc = parse_text(source.text, settings.parser)
        item = document_tables(source, doc)
    except (UnreadableFile, DocumentRejected) as exc:
        return Prepared(path, document_id, len(data), error=str(exc))
    except Exception as exc:  # a parser bug must not stop the other files
        log.error("parser error on %s:\n%s", path, traceback.format_exc())
        reason = f"parser error: {type(exc).__name__}: {exc}"
        return Prepared(path, document_id, len(data), error=reason)
    return Prepared(path, document_id, len(data), item=item)


def _unreadable(path: Path, exc: Exception) -> Prepared:
    reason = str(exc) if isinstance(exc, UnreadableFile) else f"cannot read file: {exc}"
    size = path.stat().st_size if path.exists() else None
    return Prepared(path, sha256_hex(f"unreadable:{path}".encode()), size, error=reason)


def _load(
    con: duckdb.DuckDBPyConnection, batch: list[Prepared]
) -> list[tuple[LoadOutcome, str | None]]:
    """Load a batch of prepared files, in file order; failed files are recorded."""
    parsed = [p.item for p in batch if p.item is not None]
    loaded = iter(load_documents(con, parsed))
    out: list[tuple[LoadOutcome, str | None]] = []
    for p in batch:
        if p.item is not None:
            outcome = next(loaded)
        else:
            outcome = record_failure(
                con, p.document_id, p.path.name, str(p.path), p.size, p.error or "unknown"
            )
        out.append((outcome, outcome.error))
    return out


def _to_parse(
    con: duckdb.DuckDBPyConnection, paths: Iterable[Path], settings: Settings
) -> Iterator[tuple[Path, LoadOutcome | None]]:
    """(path, None) for files to parse, (path, outcome) for files already loaded.

    Reads and hashes each file here, one at a time; identical bytes seen twice in one
    run are loaded once.
    """
    known = current_document_ids(con)
    for path in paths:
        try:
            document_id = sha256_hex(read_bytes(path, settings.max_file_bytes))
        except (OSError, UnreadableFile):
            yield path, None  # prepare_file records why
            continue
        if document_id in known:
            yield path, LoadOutcome("unchanged", document_id)
        else:
            known.add(document_id)
            yield path, None


MIN_FILES_PER_WORKER = 8  # below this, starting worker processes costs more than it saves
# Parsed documents waiting to be loaded, per worker: enough to keep the workers busy
# while this process loads a batch, few enough to bound memory (a document's Arrow
# tables are a few times its size).
IN_FLIGHT_PER_WORKER = 8


def prepare_files(paths: list[Path], settings: Settings) -> Iterator[Prepared]:
    """prepare_file over paths, in order; in worker processes when there is enough work."""
    workers = min(settings.workers, len(paths) // MIN_FILES_PER_WORKER)
    if workers <= 1:
        for path in paths:
            yield prepare_file(path, settings)
        return
    # "spawn": a forked child would inherit the parent's DuckDB and Dagster threads.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending = iter(paths)
        window: deque[Future[Prepared]] = deque(
            pool.submit(prepare_file, path, settings)
            for path in islice(pending, IN_FLIGHT_PER_WORKER * workers)
        )
        while window:
            prepared = window.popleft().result()
            nxt = next(pending, None)
            if nxt is not None:
                window.append(pool.submit(prepare_file, nxt, settings))
            yield prepared


def ingest_files(
    con: duckdb.DuckDBPyConnection, paths: Iterable[Path], settings: Settings
) -> Iterator[tuple[Path, LoadOutcome, str | None]]:
    """Ingest files; yields (path, outcome, error) as each file is settled."""
    todo: list[Path] = []
    for path, outcome in _to_parse(con, paths, settings):
        if outcome is None:
            todo.append(path)
        else:
            yield path, outcome, None
    batch: list[Prepared] = []
    cells = 0
    for prepared in prepare_files(todo, settings):
        batch.append(prepared)
        cells += prepared.item.cells if prepared.item else 0
        if cells >= settings.batch_cells or len(batch) >= settings.batch_documents:
            yield from _settle(con, batch)
            batch, cells = [], 0
    yield from _settle(con, batch)


def _settle(
    con: duckdb.DuckDBPyConnection, batch: list[Prepared]
) -> Iterator[tuple[Path, LoadOutcome, str | None]]:
    for p, (outcome, error) in zip(batch, _load(con, batch), strict=True):
        yield p.path, outcome, error


def run_ingest(
    settings: Settings,
    on_file: Callable[[Path, LoadOutcome, str | None], None] | None = None,
) -> RunSummary:
    settings.home.mkdir(parents=True, exist_ok=True)
    summary = RunSummary()
    con = connect(str(settings.warehouse_path))
    try:
        for path, outcome, error in ingest_files(con, inbox_files(settings.inbox), settings):
            summary.outcomes.append((path.name, outcome, error))
            if on_file:
                on_file(path, outcome, error)
    finally:
        con.close()
    return summary
