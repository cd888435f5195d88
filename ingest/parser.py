"""Compose the parser stages: text -> lines -> table regions + blocks -> tables -> metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.literals import parse_literal
from ingest.metadata import annotate_tables, report_metadata
from ingest.model import ParsedDocument, ParseIssue, Table
from ingest.segment import build_blocks, find_delimited_regions, find_pdf_regions
from ingest.tables_pdf import parse_pdf_table
from ingest.tables_tsv import build_tables

DEFAULT_MAX_LINE_CHARS = 200_000


class DocumentRejected(Exception):
    """The text decoded but is not a report we can parse (reason in the message)."""


@dataclass(frozen=True, slots=True)
class ParserSettings:
    max_line_chars: int = DEFAULT_MAX_LINE_CHARS


def parse_text(text: str, settings: ParserSettings | None = None) -> ParsedDocument:
    settings = settings or ParserSettings()
    lines = text.split("\n")
    if max(map(len, lines)) > settings.max_line_chars:
        no, line = next(
            (no, line) for no, line in enumerate(lines, 1) if len(line) > settings.max_line_chars
        )
        raise DocumentRejected(
            f"line {no} is {len(line):,} characters long (limit {settings.max_line_chars:,}): "
            "not a report"
        )
    issues: list[ParseIssue] = []
    delimited = find_delimited_regions(lines)
    taken = {i for r in delimited for i in range(r.start, r.end)}
    pdf = find_pdf_regions(lines, taken)
    tables: list[Table] = []
    regions = sorted([*delimited, *pdf], key=lambda r: r.start)
    for region in regions:
        if region.layout == "pdf_text":
            header = [(k + 1, lines[k]) for k in range(region.start, region.header_end)]
            body = [(k + 1, lines[k]) for k in range(region.header_end, region.end)]
            table, table_issues = parse_pdf_table(header, body, len(tables))
            found = [table]
        else:
            found, table_issues = build_tables(list(region.rows), region.layout, len(tables))
        tables.extend(found)
        issues.extend(table_issues)
    blocks = build_blocks(lines, regions)
    metadata, meta_issues = report_metadata(lines, blocks)
    issues.extend(meta_issues)
    annotate_tables(tables, blocks)
    issues.extend(_literal_issues(tables))
    issues.extend(_cut_off_issues(lines, tables))
    for t in tables:
        if not t.rows:
            issues.append(
                ParseIssue(
                    "table_without_rows",
                    "warning",
                    "table header without data rows (cut off?)",
                    t.line_start,
                    t.table_index,
                )
            )
    return ParsedDocument(len(lines), metadata, blocks, tables, issues)


# Only these shapes can give a literal issue; everything else skips the literal parser here.
_SUSPICIOUS_RE = re.compile(r"\.\.|\d\.\d{1,2}$")


def _literal_issues(tables: list[Table]) -> list[ParseIssue]:
    out = []
    for t in tables:
        for row in t.rows:
            for cell in row.cells:
                if cell.column_index < 2 or "." not in cell.text:  # every suspicious shape has one
                    continue
                if not _SUSPICIOUS_RE.search(cell.text):
                    continue
                lit = parse_literal(cell.text)
                if lit.issue:
                    out.append(
                        ParseIssue(
                            lit.issue,
                            "warning",
                            f"value {cell.text!r} read as {lit.value!r} (column {cell.column_index})",
                            cell.source_line,
                            t.table_index,
                        )
                    )
    return out


def _cut_off_issues(lines: list[str], tables: list[Table]) -> list[ParseIssue]:
    """A table that ends the file on a row shorter than the one before it was cut off."""
    last_line = next((no for no in range(len(lines), 0, -1) if lines[no - 1].strip()), 0)
    out = []
    for t in tables:
        if t.line_end != last_line or len(t.rows) < 2:
            continue
        last, previous = t.rows[-1], t.rows[-2]
        # Compare value cells: a totals row prints no row code but all its values.
        last_values = sum(1 for c in last.cells if c.column_index >= 2)
        previous_values = sum(1 for c in previous.cells if c.column_index >= 2)
        if last_values < previous_values:
            out.append(
                ParseIssue(
                    "table_cut_off",
                    "warning",
                    f"the file ends inside table {t.table_index}: its last row has "
                    f"{last_values} values, the row before {previous_values}",
                    last.source_line,
                    t.table_index,
                )
            )
    return out
