"""Loading parsed documents into DuckDB `raw.*`.

One document is one transaction: its old rows (same document id, or an earlier
version of the same file name) are deleted and its new rows inserted together,
so a reader never sees half a document and a crash leaves the previous state.
Rows go in as Arrow tables, one INSERT per raw table, never row by row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from ingest.literals import Literal, parse_literal
from ingest.model import PARSER_VERSION, Cell, ParsedDocument, ReportMetadata, Row
from ingest.reading import SourceFile

RAW_DDL = """
create schema if not exists raw;

create table if not exists raw.documents (
    document_id varchar primary key,
    file_name varchar not null,
    file_path varchar,
    size_bytes bigint,
    encoding varchar,
    status varchar not null check (status in ('parsed', 'failed')),
    error varchar,
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
    parent_issuer varchar
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
    return con


def table_id(document_id: str, table_index: int) -> str:
    return f"{document_id[:16]}_t{table_index:02d}"


@dataclass(frozen=True, slots=True)
class LoadOutcome:
    action: str  # "inserted" | "replaced" | "unchanged" | "failed"
    document_id: str
    cells: int = 0


def already_loaded(con: duckdb.DuckDBPyConnection, document_id: str) -> bool:
    rows = con.execute(
        "select status, parser_version from raw.documents where document_id = ?", [document_id]
    ).fetchall()
    return bool(rows) and rows[0][1] == PARSER_VERSION


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _replace(con: duckdb.DuckDBPyConnection, document_id: str, file_name: str) -> bool:
    """Delete this document's rows and any earlier version of the same file; True if any."""
    ids = [
        r[0]
        for r in con.execute(
            "select document_id from raw.documents where document_id = ? or file_name = ?",
            [document_id, file_name],
        ).fetchall()
    ]
    for name in RAW_TABLES:
        con.execute(
            f"delete from raw.{name} where document_id in (select unnest(?::varchar[]))", [ids]
        )
    return bool(ids)


def _insert(con: duckdb.DuckDBPyConnection, name: str, rows: list[dict] | dict[str, list]) -> None:
    """Insert rows (a list of dicts, or a dict of columns) as one Arrow table."""
    schema_types = {c[0]: c[1] for c in con.execute(f"describe raw.{name}").fetchall()}
    if isinstance(rows, dict):
        columns = rows
        count = len(next(iter(columns.values()), []))
    else:
        columns = {col: [r.get(col) for r in rows] for col in schema_types}
        count = len(rows)
    if count == 0:
        return
    batch = pa.table(  # noqa: F841 - DuckDB reads the local Arrow table by name
        {
            col: pa.array(columns.get(col, [None] * count), type=_arrow_type(t))
            for col, t in schema_types.items()
        }
    )
    con.execute(f"insert into raw.{name} by name select * from batch")


def _arrow_type(duck_type: str) -> pa.DataType:
    return {
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
    }[duck_type]


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
                "file_name": source.file_name,
                "file_path": source.path,
                "size_bytes": source.size_bytes,
                "encoding": source.encoding,
                "status": "parsed",
                "error": None,
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
    cols: dict[str, list] = {c: [] for c in CELL_COLUMNS}
    for t in doc.tables:
        tid = table_id(did, t.table_index)
        for row in t.rows:
            for cell in row.cells:
                structural = _structural_kind(row, cell)
                lit = Literal(structural) if structural else parse_literal(cell.text)
                values = (
                    did, tid, row.row_index, cell.column_index, row.row_code, row.row_code_norm,
                    row.row_label, row.row_kind, row.section_code, row.header_variant, cell.text,
                    lit.value, lit.kind, lit.numerator, lit.denominator, lit.qualifier, lit.unit,
                    json.dumps(dict(lit.codes), ensure_ascii=False) if lit.codes else None,
                    lit.issue, cell.is_bold, cell.is_italic, cell.source_line,
                    list(cell.continuation_lines),
                )  # fmt: skip
                for name, value in zip(CELL_COLUMNS, values, strict=True):
                    cols[name].append(value)
    return cols


def load_document(
    con: duckdb.DuckDBPyConnection, source: SourceFile, doc: ParsedDocument
) -> LoadOutcome:
    rows = document_rows(source, doc)
    con.execute("begin transaction")
    try:
        replaced = _replace(con, source.document_id, source.file_name)
        for name in RAW_TABLES:
            _insert(con, name, rows[name])
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return LoadOutcome(
        "replaced" if replaced else "inserted",
        source.document_id,
        len(rows["table_cells"]["cell_text"]),
    )


def record_failure(
    con: duckdb.DuckDBPyConnection,
    document_id: str,
    file_name: str,
    path: str,
    size: int | None,
    error: str,
) -> LoadOutcome:
    """A file that could not be read or parsed: one raw.documents row with the reason."""
    con.execute("begin transaction")
    try:
        _replace(con, document_id, file_name)
        _insert(
            con,
            "documents",
            [
                {
                    "document_id": document_id,
                    "file_name": file_name,
                    "file_path": path,
                    "size_bytes": size,
                    "encoding": None,
                    "status": "failed",
                    "error": error,
                    "parser_version": PARSER_VERSION,
                    "ingested_at": _now(),
                }
            ],
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return LoadOutcome("failed", document_id)
