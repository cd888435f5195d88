"""The ingest job: every file in the inbox -> read -> parse -> load, one transaction per file.

A file that cannot be read or parsed is recorded as failed with the reason and
the run goes on with the other files; the warehouse is never left half-written.
"""

from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.load import LoadOutcome, already_loaded, connect, load_document, record_failure
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


@dataclass(frozen=True, slots=True)
class Settings:
    inbox: Path
    home: Path
    max_file_bytes: int = DEFAULT_MAX_BYTES
    parser: ParserSettings = field(default_factory=ParserSettings)

    @property
    def warehouse_path(self) -> Path:
        return self.home / "warehouse.duckdb"

    @classmethod
    def from_env(cls, inbox: str | None = None, home: str | None = None) -> Settings:
        return cls(
            inbox=Path(inbox or os.environ.get("BAOCAO_INBOX", "seeds/reports")),
            home=Path(home or os.environ.get("BAOCAO_HOME", "warehouse")),
            max_file_bytes=int(os.environ.get("BAOCAO_MAX_FILE_MB", "64")) * 1024 * 1024,
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


def ingest_file(con, path: Path, settings: Settings) -> tuple[LoadOutcome, str | None]:
    """Read, parse and load one file; failures are recorded, never raised."""
    file_name = path.name
    try:
        data = read_bytes(path, settings.max_file_bytes)
    except (OSError, UnreadableFile) as exc:
        reason = str(exc) if isinstance(exc, UnreadableFile) else f"cannot read file: {exc}"
        size = path.stat().st_size if path.exists() else None
        doc_id = sha256_hex(f"unreadable:{path}".encode())
        return record_failure(con, doc_id, file_name, str(path), size, reason), reason
    document_id = sha256_hex(data)
    if already_loaded(con, document_id):
        return LoadOutcome("unchanged", document_id), None
    try:
        source = source_from_bytes(data, file_name, str(path))
        doc = parse_text(source.text, settings.parser)
    except (UnreadableFile, DocumentRejected) as exc:
        return record_failure(con, document_id, file_name, str(path), len(data), str(exc)), str(exc)
    except Exception as exc:  # a parser bug must not stop the other files
        log.error("parser error on %s:\n%s", path, traceback.format_exc())
        reason = f"parser error: {type(exc).__name__}: {exc}"
        return record_failure(con, document_id, file_name, str(path), len(data), reason), reason
    return load_document(con, source, doc), None


def run_ingest(
    settings: Settings,
    on_file: Callable[[Path, LoadOutcome, str | None], None] | None = None,
) -> RunSummary:
    settings.home.mkdir(parents=True, exist_ok=True)
    summary = RunSummary()
    con = connect(str(settings.warehouse_path))
    try:
        for path in inbox_files(settings.inbox):
            outcome, error = ingest_file(con, path, settings)
            summary.outcomes.append((path.name, outcome, error))
            if on_file:
                on_file(path, outcome, error)
    finally:
        con.close()
    return summary
