"""The document model: what the parser found in one report file, with source lines.

Everything is a plain frozen-ish dataclass so a parsed document can be compared,
printed as JSON by `python -m ingest inspect --json`, and turned into Arrow tables
for `raw.*` without any hidden state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

PARSER_VERSION = "1.4.0"


@dataclass(frozen=True, slots=True)
class ParseIssue:
    """Something the parser noticed and did not silently fix."""

    code: str  # e.g. "repeated_header_differs", "issued_date_blank", "doubled_group_separator"
    severity: str  # "info" | "warning" | "error"
    message: str
    source_line: int | None = None
    table_index: int | None = None


# Columns 0 (row code) and 1 (label) of every table are structure, not values. The one
# definition: `ingest.tabulate` marks their cells `row_code` / `label` (value_kind), and
# the dbt models read that mark instead of the column numbers.
STRUCTURE_COLUMNS = 2


def repeated_header_differs(detail: str, line: int | None, table_index: int) -> ParseIssue:
    """The issue every layout records for a header printed again after a page break that
    is not the first header word for word (`detail`: how it differs, how it was read)."""
    return ParseIssue(
        "repeated_header_differs",
        "warning",
        f"header repeated after a page break {detail}",
        line,
        table_index,
    )


def differing_columns(differing: list[str]) -> str:
    """`differs in 2 column(s): col 3: a | b; …` (the first six)."""
    return f"differs in {len(differing)} column(s): " + "; ".join(differing[:6])


@dataclass(slots=True)  # not frozen, like Cell: a report has hundreds of blocks
class Block:
    """A run of non-table lines: heading, paragraph or footnote."""

    block_index: int
    kind: str  # "heading" | "paragraph" | "footnote"
    text: str  # markup (<b>, **, <sup>) removed, whitespace collapsed
    raw_text: str  # the lines exactly as in the file, joined by "\n"
    line_start: int
    line_end: int
    footnote_marker: str | None = None  # "3" for "<sup>3</sup> …" / "(3)" for "<sup>(3)</sup> …"
    footnote_refs: tuple[str, ...] = ()  # markers referenced inside the text
    continues_block_index: int | None = None  # a paragraph cut by a footnote or page break


@dataclass(frozen=True, slots=True)
class Column:
    column_index: int
    header_path: tuple[str, ...]  # top-down header cells covering this column
    column_code: str | None = None  # "(1)", "(3) = (1)+(2)", "A", "B"
    header_variant: int = 0  # 0 = first header; 1.. = a repeated header that differed
    source_line: int | None = None  # first header line of this variant


@dataclass(slots=True)  # not frozen: frozen __init__ is several times slower, and tables are big
class Cell:
    column_index: int
    text: str  # as printed, markup removed
    source_line: int
    is_bold: bool = False
    is_italic: bool = False
    continuation_lines: tuple[int, ...] = ()  # lines whose text was joined into this cell


@dataclass(slots=True)
class Row:
    row_index: int
    source_line: int
    cells: tuple[Cell, ...]
    row_code: str | None  # as printed: "1", "1.1.", "I", "1,1", "a)"
    row_code_norm: str | None  # "1", "1.1", "I", "1.1", "a"
    row_label: str | None
    row_kind: str  # "data" | "section" | "total" | "cut_off" (the file ends inside this row)
    section_code: str | None = None  # nearest enclosing Roman-numeral section ("I", "VII")
    header_variant: int = 0  # which header this row was printed under


@dataclass(slots=True)
class Table:
    table_index: int
    layout: str  # "tsv" | "pipe" | "html" | "pdf_text" | "pdf_columns" | "cell_per_line"
    line_start: int
    line_end: int
    columns: list[Column]
    rows: list[Row]
    header_variants: list[list[Column]] = field(default_factory=list)  # variants 1..
    header_row_count: int = 0
    page_breaks_merged: int = 0
    caption: str | None = None
    appendix_label: str | None = None
    parent_citation: str | None = None
    data_period_as_printed: str | None = None
    data_period_start: date | None = None
    data_period_end: date | None = None
    snapshot_dates: tuple[date, ...] = ()


@dataclass(slots=True)
class ReportMetadata:
    doc_number: str | None = None
    doc_number_as_printed: str | None = None
    doc_number_source: str | None = None  # "header" | "appendix_citation"
    issued_date: date | None = None
    issued_date_as_printed: str | None = None
    issuer: str | None = None
    province: str | None = None  # short name in the package vietnamadminunits: "Thái Nguyên"
    province_code: str | None = None  # the package's provinceCode: "19"; only with its edition
    province_edition: str | None = None  # "legacy" (63, before 1/7/2025) | "2025" (34)
    province_source: str | None = None  # "issuer" | "place" | "title" | "body"
    place: str | None = None
    title: str | None = None
    report_kind: str | None = None  # "report" | "appendix"
    period_label: str | None = None  # nominal period as printed: "Quý I năm 2024"
    # "month" | "quarter" | "half_year" | "nine_months" | "year" | "date_range" ("n_months")
    period_kind: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    period_source: str | None = None  # "title" | "header" (lines under it) | "body"
    # The report's own data period when printed apart: "số liệu tính từ ngày … đến ngày …"
    data_period_start: date | None = None
    data_period_end: date | None = None
    data_period_as_printed: str | None = None
    parent_doc_type: str | None = None
    parent_doc_number: str | None = None
    parent_issued_date: date | None = None
    parent_issuer: str | None = None


@dataclass(slots=True)
class ParsedDocument:
    line_count: int
    metadata: ReportMetadata
    blocks: list[Block]
    tables: list[Table]
    issues: list[ParseIssue]
