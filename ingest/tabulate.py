"""A parsed document (or a file recorded without parsing) as the rows of every raw table,
in Arrow: built where the document was parsed (a worker process, for big runs), loaded by
`ingest.load` in batches. Row codes and labels (columns 0 and 1) are structure, not numbers."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

import pyarrow as pa

from ingest.cell_values import comma_group_readings
from ingest.literals import Literal, parse_literal
from ingest.model import (
    PARSER_VERSION,
    STRUCTURE_COLUMNS,
    Cell,
    ParsedDocument,
    ReportMetadata,
    Row,
)
from ingest.raw_schema import RAW_TABLES, arrow_table, table_id
from ingest.reading import SourceFile


def derived_id(status: str, key: str, content_sha256: str) -> str:
    """document_id of a skipped or duplicate row: unique per file key and content."""
    return hashlib.sha256(f"{status}:{key}:{content_sha256}".encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


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
    if cell.column_index >= STRUCTURE_COLUMNS:
        return None
    if cell.column_index == 0:
        return "row_code" if row.row_code and cell.text == row.row_code else "label"
    return "label"


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
        read_in_column = comma_group_readings(t)
        for row in t.rows:
            for cell in row.cells:
                structural = _structural_kind(row, cell)
                lit = (
                    Literal(structural)
                    if structural
                    else read_in_column.get((row.row_index, cell.column_index))
                    or parse_literal(cell.text)
                )
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
