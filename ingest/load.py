"""Loading parsed documents into DuckDB `raw.*`.

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

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

import duckdb
import pyarrow as pa

from ingest.literals import Literal, parse_literal
from ingest.model import PARSER_VERSION, Cell, ParsedDocument, ReportMetadata, Row
from ingest.reading import SourceFile

RAW_DDL = """
create schema if not exists raw;

create table if not exists raw.documents (
    document_id varchar primary key,
    file_key varchar not null,
    file_name varchar not null,
    file_path varchar,
    size_bytes bigint,
    encoding varchar,
    status varchar not null check (status in ('parsed', 'failed', 'skipped', 'duplicate')),
    error varchar,
    content_sha256 varchar,
    text_sha256 varchar,
    duplicate_of varchar,
    parser_version varchar not null,
    line_count integer,
    table_count integer,
    paragraph_count integer,
    cell_count integer,
    issue_count integer,
    ingested_at timestamp not null
);

create table if not exists raw.report_metadata (
    document_id varchar primary key,
    doc_number varchar,
    doc_number_as_printed varchar,
    doc_number_source varchar,
    issued_date date,
    issued_date_as_printed varchar,
    issuer varchar,
    province varchar,
    place varchar,
    title varchar,
    report_kind varchar,
    period_label varchar,
    period_kind varchar,
    period_start date,
    period_end date,
    parent_doc_type varchar,
    parent_doc_number varchar,
    parent_issued_date date,
    parent_issuer varchar,
    province_code varchar,
    province_edition varchar,
    province_source varchar,
    period_source varchar,
    data_period_as_printed varchar,
    data_period_start date,
    data_period_end date
);

create table if not exists raw.paragraphs (
    document_id varchar not null,
    block_index integer not null,
    kind varchar not null,
    text varchar not null,
    raw_text varchar not null,
    line_start integer not null,
    line_end integer not null,
    footnote_refs varchar[],
    continues_block_index integer,
    primary key (document_id, block_index)
);

create table if not exists raw.footnotes (
    document_id varchar not null,
    block_index integer not null,
    marker varchar not null,
    text varchar not null,
    raw_text varchar not null,
    line_start integer not null,
    line_end integer not null,
    primary key (document_id, block_index)
);

create table if not exists raw.tables (
    document_id varchar not null,
    table_id varchar primary key,
    table_index integer not null,
    layout varchar not null,
    caption varchar,
    appendix_label varchar,
    parent_citation varchar,
    data_period_as_printed varchar,
    data_period_start date,
    data_period_end date,
    snapshot_dates date[],
    line_start integer not null,
    line_end integer not null,
    row_count integer not null,
    column_count integer not null,
    header_row_count integer not null,
    header_variant_count integer not null,
    page_breaks_merged integer not null
);

create table if not exists raw.table_columns (
    document_id varchar not null,
    table_id varchar not null,
    header_variant integer not null,
    column_index integer not null,
    header_path varchar,
    header_path_parts varchar[],
    column_code varchar,
    source_line integer,
    primary key (table_id, header_variant, column_index)
);

create table if not exists raw.table_cells (
    document_id varchar not null,
    table_id varchar not null,
    row_index integer not null,
    column_index integer not null,
    row_code varchar,
    row_code_norm varchar,
    row_label varchar,
    row_kind varchar not null,
    section_code varchar,
    header_variant integer not null,
    cell_text varchar not null,
    value_number double,
    value_kind varchar not null,
    value_numerator double,
    value_denominator double,
    value_qualifier varchar,
    value_unit varchar,
    value_codes varchar,
    value_issue varchar,
    is_bold boolean not null,
    is_italic boolean not null,
    source_line integer not null,
    continuation_lines integer[],
    primary key (table_id, row_index, column_index)
);

create table if not exists raw.parse_issues (
    document_id varchar not null,
    issue_index integer not null,
    severity varchar not null,
    code varchar not null,
    message varchar not null,
    source_line integer,
    table_id varchar,
    primary key (document_id, issue_index)
);
"""

RAW_TABLES = (
    "documents",
    "report_metadata",
    "paragraphs",
    "footnotes",
    "tables",
    "table_columns",
    "table_cells",
    "parse_issues",
)


def connect(path: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(path)
    con.execute(RAW_DDL)
    _migrate_documents(con)
    _add_new_columns(con)
    return con


def _add_new_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Columns added to a raw table after a warehouse was created (nullable, so ADD works)."""
    existing = set(
        con.execute(
            "select table_name || '.' || column_name from duckdb_columns() "
            "where schema_name = 'raw'"
        ).fetchall()
    )
    with duckdb.connect(":memory:") as mem:
        mem.execute(RAW_DDL)
        wanted = mem.execute(
            "select table_name, column_name, data_type from duckdb_columns() "
            "where schema_name = 'raw' order by table_name, column_index"
        ).fetchall()
    for table, column, data_type in wanted:
        if (f"{table}.{column}",) not in existing:
            con.execute(f"alter table raw.{table} add column if not exists {column} {data_type}")


def _migrate_documents(con: duckdb.DuckDBPyConnection) -> None:
    """Bring a raw.documents written before file keys (parser < 1.2) to the current shape.

    DuckDB cannot change a check constraint in place, so the table is rebuilt in one
    transaction; old rows keep their ids and get file_key = file_name. Their parser version
    is older, so the next run parses every file again anyway.
    """
    columns = {
        r[0]
        for r in con.execute(
            "select column_name from duckdb_columns() "
            "where schema_name = 'raw' and table_name = 'documents'"
        ).fetchall()
    }
    if "file_key" in columns:
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


def table_id(document_id: str, table_index: int) -> str:
    return f"{document_id[:16]}_t{table_index:02d}"


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


def derived_id(status: str, key: str, content_sha256: str) -> str:
    """document_id of a skipped or duplicate row: unique per file key and content."""
    return hashlib.sha256(f"{status}:{key}:{content_sha256}".encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


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


def arrow_table(name: str, rows: list[dict] | dict[str, list]) -> pa.Table:
    """Rows of raw.<name> (a list of dicts, or a dict of columns) as an Arrow table."""
    schema = _arrow_schemas()[name]
    if isinstance(rows, dict):
        return pa.Table.from_pydict(rows, schema=schema)
    return pa.Table.from_pylist(rows, schema=schema)  # missing keys become nulls


@cache
def _arrow_schemas() -> dict[str, pa.Schema]:
    """The Arrow schema of every raw table, from RAW_DDL (once per process).

    Asking the warehouse (`describe`) before every insert cost more than the insert
    for small documents; the DDL is the single source of the schema either way.
    """
    with duckdb.connect(":memory:") as mem:
        mem.execute(RAW_DDL)
        rows = mem.execute(
            "select table_name, column_name, data_type from duckdb_columns() "
            "where schema_name = 'raw' order by table_name, column_index"
        ).fetchall()
    fields: dict[str, list[pa.Field]] = {}
    for table, column, data_type in rows:
        fields.setdefault(table, []).append(pa.field(column, _ARROW_TYPES[data_type]))
    return {table: pa.schema(f) for table, f in fields.items()}


_ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "VARCHAR[]": pa.list_(pa.string()),
    "INTEGER[]": pa.list_(pa.int32()),
    "DATE[]": pa.list_(pa.date32()),
}


def document_rows(source: SourceFile, doc: ParsedDocument) -> dict[str, list[dict]]:
    """The rows of every raw table for one parsed document."""
    did = source.document_id
    m = doc.metadata
    cells = _cell_columns(did, doc)
    cell_count = len(cells["cell_text"])
    paragraphs = [b for b in doc.blocks if b.kind != "footnote"]
    return {
        "documents": [
            {
                "document_id": did,
                "file_key": source.key,
                "file_name": source.file_name,
                "file_path": source.path,
                "size_bytes": source.size_bytes,
                "encoding": source.encoding,
                "status": "parsed",
                "error": None,
                "content_sha256": did,
                "text_sha256": source.text_sha256 or None,
                "duplicate_of": None,
                "parser_version": PARSER_VERSION,
                "line_count": doc.line_count,
                "table_count": len(doc.tables),
                "paragraph_count": len(paragraphs),
                "cell_count": cell_count,
                "issue_count": len(doc.issues),
                "ingested_at": _now(),
            }
        ],
        "report_metadata": [{"document_id": did, **_metadata_dict(m)}],
        "paragraphs": [
            {
                "document_id": did,
                "block_index": b.block_index,
                "kind": b.kind,
                "text": b.text,
                "raw_text": b.raw_text,
                "line_start": b.line_start,
                "line_end": b.line_end,
                "footnote_refs": list(b.footnote_refs),
                "continues_block_index": b.continues_block_index,
            }
            for b in paragraphs
        ],
        "footnotes": [
            {
                "document_id": did,
                "block_index": b.block_index,
                "marker": b.footnote_marker or "",
                "text": b.text,
                "raw_text": b.raw_text,
                "line_start": b.line_start,
                "line_end": b.line_end,
            }
            for b in doc.blocks
            if b.kind == "footnote"
        ],
        "tables": [
            {
                "document_id": did,
                "table_id": table_id(did, t.table_index),
                "table_index": t.table_index,
                "layout": t.layout,
                "caption": t.caption,
                "appendix_label": t.appendix_label,
                "parent_citation": t.parent_citation,
                "data_period_as_printed": t.data_period_as_printed,
                "data_period_start": t.data_period_start,
                "data_period_end": t.data_period_end,
                "snapshot_dates": list(t.snapshot_dates),
                "line_start": t.line_start,
                "line_end": t.line_end,
                "row_count": len(t.rows),
                "column_count": len(t.columns),
                "header_row_count": t.header_row_count,
                "header_variant_count": 1 + len(t.header_variants),
                "page_breaks_merged": t.page_breaks_merged,
            }
            for t in doc.tables
        ],
        "table_columns": [
            {
                "document_id": did,
                "table_id": table_id(did, t.table_index),
                "header_variant": c.header_variant,
                "column_index": c.column_index,
                "header_path": " > ".join(c.header_path) if c.header_path else None,
                "header_path_parts": list(c.header_path),
                "column_code": c.column_code,
                "source_line": c.source_line,
            }
            for t in doc.tables
            for c in [*t.columns, *(col for v in t.header_variants for col in v)]
        ],
        "table_cells": cells,
        "parse_issues": [
            {
                "document_id": did,
                "issue_index": k,
                "severity": i.severity,
                "code": i.code,
                "message": i.message,
                "source_line": i.source_line,
                "table_id": table_id(did, i.table_index) if i.table_index is not None else None,
            }
            for k, i in enumerate(doc.issues)
        ],
    }


def _metadata_dict(m: ReportMetadata) -> dict:
    return {
        "doc_number": m.doc_number,
        "doc_number_as_printed": m.doc_number_as_printed,
        "doc_number_source": m.doc_number_source,
        "issued_date": m.issued_date,
        "issued_date_as_printed": m.issued_date_as_printed,
        "issuer": m.issuer,
        "province": m.province,
        "place": m.place,
        "title": m.title,
        "report_kind": m.report_kind,
        "period_label": m.period_label,
        "period_kind": m.period_kind,
        "period_start": m.period_start,
        "period_end": m.period_end,
        "parent_doc_type": m.parent_doc_type,
        "parent_doc_number": m.parent_doc_number,
        "parent_issued_date": m.parent_issued_date,
        "parent_issuer": m.parent_issuer,
        "province_code": m.province_code,
        "province_edition": m.province_edition,
        "province_source": m.province_source,
        "period_source": m.period_source,
        "data_period_as_printed": m.data_period_as_printed,
        "data_period_start": m.data_period_start,
        "data_period_end": m.data_period_end,
    }


def _structural_kind(row: Row, cell: Cell) -> str | None:
    """Row codes and labels are structure, not numbers: `1,1` in the code column is section 1.1."""
    if cell.column_index == 0:
        return "row_code" if row.row_code and cell.text == row.row_code else "label"
    if cell.column_index == 1:
        return "label"
    return None


CELL_COLUMNS = (
    "document_id", "table_id", "row_index", "column_index", "row_code", "row_code_norm",
    "row_label", "row_kind", "section_code", "header_variant", "cell_text", "value_number",
    "value_kind", "value_numerator", "value_denominator", "value_qualifier", "value_unit",
    "value_codes", "value_issue", "is_bold", "is_italic", "source_line", "continuation_lines",
)  # fmt: skip


def _cell_columns(did: str, doc: ParsedDocument) -> dict[str, list]:
    """raw.table_cells as columns: a large table must not become a list of dicts."""
    records = []
    for t in doc.tables:
        tid = table_id(did, t.table_index)
        for row in t.rows:
            for cell in row.cells:
                structural = _structural_kind(row, cell)
                lit = Literal(structural) if structural else parse_literal(cell.text)
                records.append(
                    (
                        did, tid, row.row_index, cell.column_index, row.row_code,
                        row.row_code_norm, row.row_label, row.row_kind, row.section_code,
                        row.header_variant, cell.text, lit.value, lit.kind, lit.numerator,
                        lit.denominator, lit.qualifier, lit.unit,
                        json.dumps(dict(lit.codes), ensure_ascii=False) if lit.codes else None,
                        lit.issue, cell.is_bold, cell.is_italic, cell.source_line,
                        list(cell.continuation_lines),
                    )
                )  # fmt: skip
    # One transpose in C instead of an append per value.
    columns = zip(*records, strict=True) if records else ([] for _ in CELL_COLUMNS)
    return {name: list(values) for name, values in zip(CELL_COLUMNS, columns, strict=True)}


@dataclass(frozen=True, slots=True)
class LoadItem:
    """One parsed document as Arrow tables, ready to load (built where it was parsed)."""

    document_id: str
    file_name: str
    tables: dict[str, pa.Table]
    file_key: str = ""
    status: str = "parsed"
    detail: str | None = None  # the reason of a failed, skipped or duplicate row

    @property
    def cells(self) -> int:
        return self.tables["table_cells"].num_rows if "table_cells" in self.tables else 0


def document_tables(source: SourceFile, doc: ParsedDocument) -> LoadItem:
    rows = document_rows(source, doc)
    return LoadItem(
        source.document_id,
        source.file_name,
        {name: arrow_table(name, rows[name]) for name in RAW_TABLES},
        source.key,
    )


def file_item(
    *,
    key: str,
    path: str,
    size: int | None,
    status: str,
    reason: str,
    content_sha256: str,
    text_sha256: str | None = None,
    duplicate_of: str | None = None,
    encoding: str | None = None,
) -> LoadItem:
    """A file recorded without parsing (failed, skipped, duplicate): one raw.documents row."""
    document_id = content_sha256 if status == "failed" else derived_id(status, key, content_sha256)
    name = key.rsplit("/", 1)[-1]
    row = {
        "document_id": document_id,
        "file_key": key,
        "file_name": name,
        "file_path": path,
        "size_bytes": size,
        "encoding": encoding,
        "status": status,
        "error": reason,
        "content_sha256": content_sha256,
        "text_sha256": text_sha256,
        "duplicate_of": duplicate_of,
        "parser_version": PARSER_VERSION,
        "ingested_at": _now(),
    }
    tables = {name: _empty_table(name) for name in RAW_TABLES}
    tables["documents"] = arrow_table("documents", [row])
    return LoadItem(document_id, name, tables, key, status, reason)


@cache
def _empty_table(name: str) -> pa.Table:
    return arrow_table(name, [])


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
