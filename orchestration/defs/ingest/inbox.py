"""What in the inbox is new or changed: content hashes against what raw.documents holds.

Shared by the inbox sensor and `python -m orchestration run`, so both agree on "nothing new".
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest.model import PARSER_VERSION
from ingest.reading import DEFAULT_MAX_BYTES, sha256_hex

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


def scan_inbox(
    files: Mapping[str, Path],
    cache: Mapping[str, list] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[InboxFile]:
    """Hash the inbox files; a file whose size and mtime match the cache is not read again.

    The hash is the document id ingest will give the file, including its id for a file too
    large to read, so "already loaded" means the same thing here and in ingest.
    """
    cache = cache or {}
    out = []
    for key, path in files.items():
        try:
            stat = path.stat()
        except OSError:
            continue  # deleted between listing and stat
        cached = cache.get(key)
        if cached and cached[0] == stat.st_size and cached[1] == stat.st_mtime_ns:
            digest = cached[2]
        elif stat.st_size > max_bytes:
            digest = sha256_hex(f"unreadable:{path}".encode())
        else:
            try:
                digest = sha256_hex(path.read_bytes())
            except OSError as exc:
                # Unreadable now: let ingest record the reason; hash the error so a later
                # readable version counts as a change.
                digest = sha256_hex(f"unreadable:{path}:{exc}".encode())
        out.append(InboxFile(key, path, digest, stat.st_size, stat.st_mtime_ns))
    return out


def loaded_documents(warehouse_path: Path) -> dict[str, tuple[str, str]] | None:
    """file name -> (document id, parser version) in raw.documents; None if it cannot be read.

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
        has_table = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'raw' and table_name = 'documents'"
        ).fetchall()[0][0]
        if not has_table:
            return {}
        rows = con.execute(
            "select file_name, document_id, parser_version from raw.documents"
        ).fetchall()
    finally:
        con.close()
    return {name: (doc_id, version) for name, doc_id, version in rows}


def is_loaded(file: InboxFile, loaded: Mapping[str, tuple[str, str]]) -> bool:
    return loaded.get(file.key) == (file.sha256, PARSER_VERSION)


def pending_files(files: list[InboxFile], loaded: Mapping[str, tuple[str, str]]) -> list[InboxFile]:
    """Files whose bytes (or the parser) differ from what the warehouse holds."""
    return [f for f in files if not is_loaded(f, loaded)]
