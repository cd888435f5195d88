"""The ingest job: every file in the inbox -> read -> parse -> load.

A file that cannot be read or parsed is recorded as failed with the reason and
the run goes on with the other files; the warehouse is never left half-written.

How files are keyed, skipped and told apart as duplicates: `ingest.inbox`.

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

from ingest.inbox import InboxEntry, content_digest, entry_for, inbox_files, key_order
from ingest.load import (
    DocumentState,
    LoadOutcome,
    connect,
    document_states,
    load_documents,
    owner_holds,
)
from ingest.model import PARSER_VERSION
from ingest.parser import DocumentRejected, parse_text
from ingest.reading import (
    UnreadableFile,
    source_from_bytes,
)
from ingest.settings import Settings
from ingest.tabulate import LoadItem, document_tables, file_item

log = logging.getLogger(__name__)


@dataclass
class RunSummary:
    outcomes: list[tuple[str, LoadOutcome, str | None]] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for _, o, _ in self.outcomes if o.action == action)

    @property
    def cells(self) -> int:
        return sum(o.cells for _, o, _ in self.outcomes)

    def line(self) -> str:
        """`4 files: 2 new, … 1 skipped, 1 duplicate` (the counts a person reads)."""
        return (
            f"{len(self.outcomes)} files: {self.count('inserted')} new, "
            f"{self.count('replaced')} replaced, {self.count('unchanged')} unchanged, "
            f"{self.count('failed')} failed, {self.count('skipped')} skipped, "
            f"{self.count('duplicate')} duplicate"
        )

    def not_parsed(self) -> list[tuple[str, str, str]]:
        """(key, action, reason) of every file recorded without being parsed in this run."""
        return [
            (key, o.action, error or o.detail or "")
            for key, o, error in self.outcomes
            if o.action in ("failed", "skipped", "duplicate")
        ]


@dataclass(frozen=True, slots=True)
class Prepared:
    """One file read and parsed into Arrow tables, or the reason it could not be."""

    path: Path
    key: str
    document_id: str
    size: int | None
    item: LoadItem | None = None
    error: str | None = None
    text_sha256: str | None = None
    encoding: str | None = None


def prepare_file(entry: InboxEntry, settings: Settings) -> Prepared:
    """Read, decode, parse and tabulate one file. Never raises.

    Runs in a worker process for large runs, so it takes a path (the file is read again
    here, from the page cache, rather than its bytes being copied to the worker) and
    returns only picklable data.
    """
    path, key = entry.path, entry.key
    digest, data, unreadable = content_digest(entry, settings.max_file_bytes)
    if data is None:
        size = _size(path)
        return Prepared(path, key, digest, size, error=unreadable or "cannot read file")
    source = None
    try:
        source = source_from_bytes(data, path.name, str(path), key)
        doc = parse_text(source.text, settings.parser)
        item = document_tables(source, doc)
    except (UnreadableFile, DocumentRejected) as exc:
        return _failed(entry, digest, len(data), str(exc), source)
    except Exception as exc:  # a parser bug must not stop the other files
        log.error("parser error on %s:\n%s", path, traceback.format_exc())
        reason = f"parser error: {type(exc).__name__}: {exc}"
        return _failed(entry, digest, len(data), reason, source)
    return Prepared(
        path, key, digest, len(data), item=item, text_sha256=source.text_sha256,
        encoding=source.encoding,
    )  # fmt: skip


def _failed(entry: InboxEntry, digest: str, size: int, reason: str, source) -> Prepared:
    text_sha = source.text_sha256 if source is not None else None
    encoding = source.encoding if source is not None else None
    return Prepared(entry.path, entry.key, digest, size, None, reason, text_sha, encoding)


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


MIN_FILES_PER_WORKER = 8  # below this, starting worker processes costs more than it saves
# Parsed documents waiting to be loaded, per worker: enough to keep the workers busy
# while this process loads a batch, few enough to bound memory (a document's Arrow
# tables are a few times its size).
IN_FLIGHT_PER_WORKER = 8


def prepare_files(entries: list[InboxEntry], settings: Settings) -> Iterator[Prepared]:
    """prepare_file over entries, in order; in worker processes when there is enough work."""
    workers = min(settings.workers, len(entries) // MIN_FILES_PER_WORKER)
    if workers <= 1:
        for entry in entries:
            yield prepare_file(entry, settings)
        return
    # "spawn": a forked child would inherit the parent's DuckDB and Dagster threads.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending = iter(entries)
        window: deque[Future[Prepared]] = deque(
            pool.submit(prepare_file, entry, settings)
            for entry in islice(pending, IN_FLIGHT_PER_WORKER * workers)
        )
        while window:
            prepared = window.popleft().result()
            nxt = next(pending, None)
            if nxt is not None:
                window.append(pool.submit(prepare_file, nxt, settings))
            yield prepared


@dataclass(slots=True)
class _Job:
    """One file of the run, in inbox order: unchanged, recorded as is, or parsed."""

    entry: InboxEntry
    digest: str
    size: int | None
    unchanged: DocumentState | None = None
    skip: str | None = None
    duplicate_of: str | None = None  # same bytes as this key (resolved when settled)


class _Owners:
    """Which key holds given bytes or text first: the warehouse's, then this run's, in order."""

    def __init__(self, states: dict[str, DocumentState], redo: set[str]) -> None:
        kept = [(k, s) for k, s in states.items() if k not in redo and s.is_owner]
        self.content = {s.content_sha256: k for k, s in kept if s.content_sha256}
        self.text = {s.text_sha256: k for k, s in kept if s.text_sha256}
        self.redirect: dict[str, str] = {}  # a key found to be a duplicate -> its owner

    def resolve(self, key: str) -> str:
        while key in self.redirect:
            key = self.redirect[key]
        return key


def _plan(
    con: duckdb.DuckDBPyConnection, entries: list[InboxEntry], settings: Settings
) -> tuple[list[_Job], _Owners]:
    """Hash every file (one at a time) and decide what each needs, in inbox order."""
    states = document_states(con)
    entries = list({e.key: e for e in entries}.values())
    keys = {e.key for e in entries}
    jobs = [_job(e, states, settings) for e in entries]
    redo = {j.entry.key for j in jobs if j.unchanged is None}
    # A duplicate is looked at again with the file it duplicates (which may now hold other
    # bytes), and a duplicate of a re-read file that is not in this run joins the run.
    if settings.inbox.is_dir():
        for key, state in sorted(states.items()):
            if state.status == "duplicate" and state.duplicate_of in redo and key not in keys:
                path = settings.inbox / key
                if os.path.lexists(path):
                    job = _job(entry_for(path, settings.inbox), states, settings)
                    job.unchanged = None
                    jobs.append(job)
                    redo.add(key)
    for job in jobs:
        state = job.unchanged
        if (
            state
            and state.status == "duplicate"
            and (state.duplicate_of in redo or not owner_holds(states, state))
        ):
            job.unchanged = None
            redo.add(job.entry.key)
    jobs.sort(key=lambda j: key_order(j.entry))
    owners = _Owners(states, redo)
    for job in jobs:
        if job.unchanged is not None or job.entry.skip:
            job.skip = job.entry.skip
            continue
        first = owners.content.setdefault(job.digest, job.entry.key)
        if first != job.entry.key:
            job.duplicate_of = first
    return jobs, owners


def _job(entry: InboxEntry, states: dict[str, DocumentState], settings: Settings) -> _Job:
    digest, _, _ = content_digest(entry, settings.max_file_bytes)
    state = states.get(entry.key)
    same = (
        state is not None
        and state.content_sha256 == digest
        and state.parser_version == PARSER_VERSION
    )
    return _Job(
        entry, digest, _size(entry.path) if entry.readable else None, state if same else None
    )


def ingest_files(
    con: duckdb.DuckDBPyConnection, paths: Iterable[Path], settings: Settings
) -> Iterator[tuple[Path, LoadOutcome, str | None]]:
    """Ingest files; yields (path, outcome, error) as each file is settled.

    Files are settled in inbox order, so "which file holds these bytes first" does not
    depend on how parsing was spread over worker processes.
    """
    entries = [entry_for(Path(p), settings.inbox) for p in paths]
    jobs, owners = _plan(con, entries, settings)
    for job in jobs:
        if job.unchanged is not None:
            state = job.unchanged
            yield (
                job.entry.path,
                LoadOutcome("unchanged", state.document_id, key=job.entry.key),
                None,
            )
    todo = [j for j in jobs if j.unchanged is None]
    parsed = prepare_files([j.entry for j in todo if not j.skip and not j.duplicate_of], settings)
    batch: list[LoadItem] = []
    paths_of: list[Path] = []
    cells = 0
    for job in todo:
        if job.skip or job.duplicate_of:
            item = _record(job, owners)
        else:
            item = _settled(next(parsed), owners)
        batch.append(item)
        paths_of.append(job.entry.path)
        cells += item.cells
        if cells >= settings.batch_cells or len(batch) >= settings.batch_documents:
            yield from _load(con, paths_of, batch)
            batch, paths_of, cells = [], [], 0
    yield from _load(con, paths_of, batch)


def _record(job: _Job, owners: _Owners) -> LoadItem:
    key = job.entry.key
    if job.skip:
        return file_item(
            key=key, path=str(job.entry.path), size=job.size, status="skipped",
            reason=job.skip, content_sha256=job.digest,
        )  # fmt: skip
    owner = owners.resolve(job.duplicate_of or "")
    return file_item(
        key=key, path=str(job.entry.path), size=job.size, status="duplicate",
        reason=f"same bytes as {owner}", content_sha256=job.digest, duplicate_of=owner,
    )  # fmt: skip


def _settled(p: Prepared, owners: _Owners) -> LoadItem:
    """The parsed (or failed) file, or a duplicate when another file has the same text."""
    if p.text_sha256:
        first = owners.text.setdefault(p.text_sha256, p.key)
        if first != p.key:
            owner = owners.resolve(first)
            owners.redirect[p.key] = owner
            return file_item(
                key=p.key, path=str(p.path), size=p.size, status="duplicate",
                reason=f"same text as {owner} (another encoding or line ends)",
                content_sha256=p.document_id, text_sha256=p.text_sha256, duplicate_of=owner,
                encoding=p.encoding,
            )  # fmt: skip
    if p.item is not None:
        return p.item
    return file_item(
        key=p.key, path=str(p.path), size=p.size, status="failed",
        reason=p.error or "unknown", content_sha256=p.document_id,
        text_sha256=p.text_sha256, encoding=p.encoding,
    )  # fmt: skip


def _load(
    con: duckdb.DuckDBPyConnection, paths: list[Path], batch: list[LoadItem]
) -> Iterator[tuple[Path, LoadOutcome, str | None]]:
    for path, outcome in zip(paths, load_documents(con, batch), strict=True):
        yield path, outcome, outcome.error


def run_ingest(
    settings: Settings,
    on_file: Callable[[Path, LoadOutcome, str | None], None] | None = None,
) -> RunSummary:
    """Ingest the whole inbox; the summary lists every file by key with its outcome."""
    settings.home.mkdir(parents=True, exist_ok=True)
    summary = RunSummary()
    con = connect(str(settings.warehouse_path))
    try:
        for path, outcome, error in ingest_files(con, inbox_files(settings.inbox), settings):
            summary.outcomes.append((outcome.key, outcome, error))
            if on_file:
                on_file(path, outcome, error)
    finally:
        con.close()
    return summary
