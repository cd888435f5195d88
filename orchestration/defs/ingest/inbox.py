"""What in the inbox is new or changed: content hashes against what raw.documents holds.

Shared by the inbox sensor and `python -m orchestration run`, so both agree on "nothing new".
Files are compared by file key (path relative to the inbox) and `content_sha256`, computed
by `ingest.inbox.content_digest` exactly as ingest records it, so a skipped file, a
duplicate or a file too large to read, once recorded, is not new on the next tick. A
duplicate is pending again when the file it duplicates is pending or no longer holds its
content (ingest looks at both together).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest.inbox import InboxEntry, content_digest
from ingest.load import DocumentState, owner_holds
from ingest.model import PARSER_VERSION
from ingest.raw_schema import columns_of
from ingest.reading import DEFAULT_MAX_BYTES
from orchestration.defs.ingest.partitions import partition_key

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class InboxFile:
    key: str
    path: Path
    sha256: str
    size: int
    mtime_ns: int

    def cache_entry(self) -> list:
        return [self.size, self.mtime_ns, self.sha256]

    @property
    def partition_key(self) -> str:
        return partition_key(self.key)


def scan_inbox(
    entries: Iterable[InboxEntry],
    cache: Mapping[str, list] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[InboxFile]:
    """Hash the inbox files; a file whose size and mtime match the cache is not read again.

    The hash is the `content_sha256` ingest will record for the file (a marker for a link
    outside the inbox, which is never opened, or a file too large to read), so "already
    loaded" means the same thing here and in ingest. The cache is keyed by file key.
    """
    cache = cache or {}
    out = []
    for entry in entries:
        try:
            # lstat for what is never opened: a link outside the inbox is not even stat-ed.
            stat = entry.path.stat() if entry.readable else entry.path.lstat()
        except OSError:
            continue  # deleted between listing and stat
        cached = cache.get(entry.key)
        if cached and cached[0] == stat.st_size and cached[1] == stat.st_mtime_ns:
            digest = cached[2]
        else:
            digest = content_digest(entry, max_bytes)[0]
        out.append(InboxFile(entry.key, entry.path, digest, stat.st_size, stat.st_mtime_ns))
    return out


def loaded_documents(warehouse_path: Path) -> dict[str, DocumentState] | None:
    """file key -> its raw.documents row; None if the warehouse cannot be read.

    A busy warehouse (a run holds the write lock) is not an error here: the caller falls back
    to its own memory and ingest itself skips documents it already holds.
    """
    if not warehouse_path.exists():
        return {}
    try:
        con = duckdb.connect(str(warehouse_path), read_only=True)
    except duckdb.Error as exc:
        log.info("warehouse busy, not comparing with raw.documents: %s", exc)
        return None
    try:
        columns = {column for _, column, _ in columns_of(con, "documents")}
        if "file_key" not in columns:
            return {}  # no raw.documents yet, or one from before file keys: all is new
        rows = con.execute(
            "select file_key, document_id, content_sha256, text_sha256, status, duplicate_of, "
            "parser_version from raw.documents"
        ).fetchall()
    finally:
        con.close()
    return {r[0]: DocumentState(*r[1:]) for r in rows}


def is_loaded(file: InboxFile, loaded: Mapping[str, DocumentState]) -> bool:
    row = loaded.get(file.key)
    if row is None or row.content_sha256 != file.sha256 or row.parser_version != PARSER_VERSION:
        return False
    return row.status != "duplicate" or owner_holds(dict(loaded), row)


def pending_files(
    files: list[InboxFile],
    loaded: Mapping[str, DocumentState],
    among: set[str] | None = None,
) -> list[InboxFile]:
    """Files whose bytes (or the parser) differ from what the warehouse holds, and the
    duplicates of those (ingest decides them again together).

    `among`: only these keys count as candidates (the sensor's changed files); their
    duplicates are added whatever `among` says.
    """
    pending = {
        f.key for f in files if (among is None or f.key in among) and not is_loaded(f, loaded)
    }
    for f in files:
        row = loaded.get(f.key)
        if row is not None and row.status == "duplicate" and row.duplicate_of in pending:
            pending.add(f.key)
    return [f for f in files if f.key in pending]
