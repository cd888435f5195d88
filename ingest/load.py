"""The store: the connection to DuckDB `raw.*`, its migrations and the transactions that load
parsed documents (their rows come from `ingest.tabulate`, their shape from `ingest.raw_schema`).

A batch of documents is one transaction: their old rows (same document id, or an
earlier version of the same file key) are deleted and their new rows inserted
together, so a reader never sees half a document and a crash leaves the previous
state. Rows go in as Arrow tables, one INSERT per raw table, never row by row; the
Arrow tables are built where the document was parsed (a worker process, for big runs).

`raw.documents` has one row per file key (the file's path relative to the inbox, posix
form: `rev/000_x.txt`); `file_name` is the bare name. Its `status`:

- `parsed`: read and parsed; `document_id` is the SHA-256 of the bytes, and every other
  raw table refers to it;
- `failed`: could not be read or parsed, `error` says why; `document_id` is the SHA-256
  of the bytes (or of a marker naming the key when the bytes could not be read);
- `skipped`: not read on purpose (a `.pdf`, a link pointing outside the inbox), `error`
  says why;
- `duplicate`: the same bytes (`content_sha256`) or the same normalised text
  (`text_sha256`) as the file `duplicate_of` (a file key), which holds them first; not
  parsed again, so the report is published once.

Skipped and duplicate rows get their own `document_id`, the SHA-256 of
`<status>:<file key>:<content_sha256>`, so the primary key stays unique and the id of a
parsed report stays the SHA-256 of its bytes. Only `parsed` rows have rows elsewhere in
`raw.*`.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa

from ingest.raw_schema import RAW_DDL, RAW_TABLES, columns_of, ddl_columns
from ingest.tabulate import LoadItem, file_item


def connect(path: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(path)
    con.execute(RAW_DDL)
    _migrate_documents(con)
    _add_new_columns(con)
    return con


def _add_new_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Columns added to a raw table after a warehouse was created (nullable, so ADD works)."""
    existing = {(table, column) for table, column, _ in columns_of(con)}
    for table, column, data_type in ddl_columns():
        if (table, column) not in existing:
            con.execute(f"alter table raw.{table} add column if not exists {column} {data_type}")


def _migrate_documents(con: duckdb.DuckDBPyConnection) -> None:
    """Bring a raw.documents written before file keys (parser < 1.2) to the current shape.

    DuckDB cannot change a check constraint in place, so the table is rebuilt in one
    transaction; old rows keep their ids and get file_key = file_name. Their parser version
    is older, so the next run parses every file again anyway.
    """
    if any(column == "file_key" for _, column, _ in columns_of(con, "documents")):
        return
    ddl = RAW_DDL[RAW_DDL.index("create table if not exists raw.documents") :]
    ddl = ddl[: ddl.index(";") + 1]
    con.execute("begin transaction")
    try:
        con.execute("alter table raw.documents rename to documents_before_file_keys")
        con.execute(ddl)
        con.execute(
            "insert into raw.documents by name select *, file_name as file_key, "
            "document_id as content_sha256 from raw.documents_before_file_keys"
        )
        con.execute("drop table raw.documents_before_file_keys")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


@dataclass(frozen=True, slots=True)
class LoadOutcome:
    # "inserted" | "replaced" | "unchanged" | "failed" | "skipped" | "duplicate"
    action: str
    document_id: str
    cells: int = 0
    error: str | None = None  # why it failed (failed only)
    key: str = ""  # the file key
    detail: str | None = None  # why it was skipped, or what it duplicates


# Rows that own their bytes and text: a later file with the same content is their duplicate.
OWNER_STATUSES = ("parsed", "failed")


@dataclass(frozen=True, slots=True)
class DocumentState:
    """What raw.documents holds for one file key."""

    document_id: str
    content_sha256: str | None
    text_sha256: str | None
    status: str
    duplicate_of: str | None
    parser_version: str

    @property
    def is_owner(self) -> bool:
        return self.status in OWNER_STATUSES


def document_states(con: duckdb.DuckDBPyConnection) -> dict[str, DocumentState]:
    """file key -> its raw.documents row (one query for a whole run)."""
    rows = con.execute(
        "select file_key, document_id, content_sha256, text_sha256, status, duplicate_of, "
        "parser_version from raw.documents"
    ).fetchall()
    return {r[0]: DocumentState(*r[1:]) for r in rows}


def owner_holds(states: dict[str, DocumentState], row: DocumentState) -> bool:
    """A duplicate row is still right: its owner is recorded and holds the same content."""
    owner = states.get(row.duplicate_of or "")
    return (
        owner is not None
        and owner.is_owner
        and (
            owner.content_sha256 == row.content_sha256
            or (row.text_sha256 is not None and owner.text_sha256 == row.text_sha256)
        )
    )


def _replace(con: duckdb.DuckDBPyConnection, documents: list[LoadItem]) -> set[str]:
    """Delete these documents' rows and earlier versions of the same files.

    Returns the ids of the documents that replaced something. One query finds what to
    delete and one delete per raw table removes it; a batch of new documents deletes
    nothing (each delete scans a whole table).
    """
    found = con.execute(
        "select document_id, file_key from raw.documents "
        "where document_id in (select unnest(?::varchar[])) "
        "or file_key in (select unnest(?::varchar[]))",
        [[d.document_id for d in documents], [d.file_key for d in documents]],
    ).fetchall()
    if not found:
        return set()
    old_ids = {r[0] for r in found}
    old_names = {r[1] for r in found}
    for name in RAW_TABLES:
        con.execute(
            f"delete from raw.{name} where document_id in (select unnest(?::varchar[]))",
            [sorted(old_ids)],
        )
    return {d.document_id for d in documents if d.document_id in old_ids or d.file_key in old_names}


def _insert(con: duckdb.DuckDBPyConnection, name: str, batch: pa.Table) -> None:
    """Insert one Arrow table into raw.<name> (DuckDB reads the local `batch` by name)."""
    if batch.num_rows:
        con.execute(f"insert into raw.{name} by name select * from batch")


def load_documents(con: duckdb.DuckDBPyConnection, items: list[LoadItem]) -> list[LoadOutcome]:
    """Replace documents in one transaction: each lands whole or not at all.

    A batch shares one transaction and one INSERT per raw table, which is what makes
    loading many small documents fast. Should the warehouse refuse the batch, it is
    rolled back and retried one document per transaction, so one bad document is
    recorded as failed and the others still land. Errors other than DuckDB's (a full
    disk surfaces as one) roll back and propagate.
    """
    if not items:
        return []
    con.execute("begin transaction")
    try:
        replaced = _replace(con, items)
        for name in RAW_TABLES:
            _insert(con, name, pa.concat_tables([item.tables[name] for item in items]))
        con.execute("commit")
    except duckdb.Error as exc:
        con.execute("rollback")
        if len(items) > 1:
            return [outcome for item in items for outcome in load_documents(con, [item])]
        item = items[0]
        documents = item.tables["documents"]
        row = documents.to_pylist()[0] if documents.num_rows else {}
        reason = f"load error: {type(exc).__name__}: {exc}"
        failed = file_item(
            key=item.file_key,
            path=row.get("file_path") or item.file_key,
            size=row.get("size_bytes"),
            status="failed",
            reason=reason,
            content_sha256=row.get("content_sha256") or item.document_id,
            text_sha256=row.get("text_sha256"),
            encoding=row.get("encoding"),
        )
        con.execute("begin transaction")
        try:
            _replace(con, [failed])
            _insert(con, "documents", failed.tables["documents"])
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        return [_outcome(failed, replaced=False)]
    except BaseException:
        con.execute("rollback")
        raise
    return [_outcome(item, item.document_id in replaced) for item in items]


def _outcome(item: LoadItem, replaced: bool) -> LoadOutcome:
    if item.status == "parsed":
        action = "replaced" if replaced else "inserted"
        return LoadOutcome(action, item.document_id, item.cells, key=item.file_key)
    if item.status == "failed":
        return LoadOutcome("failed", item.document_id, error=item.detail, key=item.file_key)
    return LoadOutcome(item.status, item.document_id, key=item.file_key, detail=item.detail)
