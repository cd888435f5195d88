"""The shape of `raw.*`: the DDL (the one source of every raw table's columns), its Arrow
schemas, and the ids the tables share. No connection here: `ingest.load` owns that."""

from __future__ import annotations

from functools import cache

import duckdb
import pyarrow as pa

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


def table_id(document_id: str, table_index: int) -> str:
    return f"{document_id[:16]}_t{table_index:02d}"


def arrow_table(name: str, rows: list[dict] | dict[str, list]) -> pa.Table:
    """Rows of raw.<name> (a list of dicts, or a dict of columns) as an Arrow table."""
    schema = _arrow_schemas()[name]
    if isinstance(rows, dict):
        return pa.Table.from_pydict(rows, schema=schema)
    return pa.Table.from_pylist(rows, schema=schema)  # missing keys become nulls


def columns_of(
    con: duckdb.DuckDBPyConnection, table: str | None = None
) -> list[tuple[str, str, str]]:
    """(table, column, DuckDB type) of the raw tables a connection holds, in column order."""
    return con.execute(
        "select table_name, column_name, data_type from duckdb_columns() "
        "where schema_name = 'raw' and (? is null or table_name = ?) "
        "order by table_name, column_index",
        [table, table],
    ).fetchall()


@cache
def ddl_columns() -> tuple[tuple[str, str, str], ...]:
    """(table, column, DuckDB type) of every raw table as RAW_DDL declares it (once per process)."""
    with duckdb.connect(":memory:") as mem:
        mem.execute(RAW_DDL)
        return tuple(columns_of(mem))


@cache
def _arrow_schemas() -> dict[str, pa.Schema]:
    """The Arrow schema of every raw table, from RAW_DDL (once per process).

    Asking the warehouse (`describe`) before every insert cost more than the insert
    for small documents; the DDL is the single source of the schema either way.
    """
    fields: dict[str, list[pa.Field]] = {}
    for table, column, data_type in ddl_columns():
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
