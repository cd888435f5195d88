"""Compose the parser stages: text -> lines -> table regions + blocks -> tables -> metadata."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.cell_values import comma_group_readings
from ingest.literals import parse_literal
from ingest.metadata import annotate_tables, report_metadata
from ingest.model import STRUCTURE_COLUMNS, ParsedDocument, ParseIssue, Row, Table
from ingest.segment import (
    TableRegion,
    build_blocks,
    find_delimited_regions,
    find_pdf_regions,
    find_uncoded_pdf_regions,
    is_page_furniture,
)
from ingest.tables_cells import LAYOUT as LAYOUT_CELLS
from ingest.tables_cells import find_cell_regions, parse_cell_table
from ingest.tables_columns import LAYOUT as LAYOUT_COLUMNS
from ingest.tables_columns import find_column_regions, parse_column_table
from ingest.tables_html import find_html_ranges, parse_html_table
from ingest.tables_pdf import parse_pdf_table
from ingest.tables_spaced import LAYOUT as LAYOUT_SPACED
from ingest.tables_spaced import find_spaced_regions, parse_spaced_table
from ingest.tables_tsv import build_tables
from ingest.text import fold

DEFAULT_MAX_LINE_CHARS = 200_000


def _worded_furniture(line: str) -> bool:
    return is_page_furniture(line, worded_only=True)


def _lines_of(regions: Iterable[TableRegion]) -> set[int]:
    """The line indexes the regions cover (ranges added in C, not one index at a time)."""
    out: set[int] = set()
    for r in regions:
        out.update(range(r.start, r.end))
    return out


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
    html: list[TableRegion] = []
    scan = lines
    if "<table" in text or "<TABLE" in text:
        html = [TableRegion("html", a, b) for a, b in find_html_ranges(lines)]
        if html:
            scan = list(lines)
            for r in html:
                scan[r.start : r.end] = [""] * (r.end - r.start)
    delimited = find_delimited_regions(scan)
    # A lone tab or pipe line does not interrupt PDF text: it is one of its lines.
    taken = _lines_of(r for r in delimited if r.end - r.start > 1)
    taken.update(_lines_of(html))
    column_regions = {r.start: r for r in find_column_regions(scan, taken, _worded_furniture)}
    columns = [
        TableRegion(LAYOUT_COLUMNS, r.start, r.end, (), r.header_end, r.dropped)
        for r in column_regions.values()
    ]
    taken.update(_lines_of(columns))
    spaced_regions = {r.start: r for r in find_spaced_regions(scan, taken)}
    spaced = [
        TableRegion(LAYOUT_SPACED, r.start, r.end, holes=r.holes) for r in spaced_regions.values()
    ]
    taken.update(_lines_of(spaced))
    uncoded = find_uncoded_pdf_regions(lines, taken)
    taken.update(_lines_of(uncoded))
    pdf = find_pdf_regions(lines, taken)
    taken.update(_lines_of(pdf))
    pdf += uncoded
    uncoded_starts = {r.start for r in uncoded}
    cell_regions = {r.start: r for r in find_cell_regions(scan, taken)}
    cell_lines = [
        TableRegion(LAYOUT_CELLS, r.start, r.end, (), r.header_end, r.furniture)
        for r in cell_regions.values()
    ]
    if pdf or columns or cell_lines:
        in_pdf = _lines_of((*pdf, *columns, *cell_lines))
        delimited = [r for r in delimited if r.end - r.start > 1 or r.start not in in_pdf]
    tables: list[Table] = []
    regions = sorted(
        [*html, *delimited, *columns, *pdf, *cell_lines, *spaced], key=lambda r: r.start
    )
    for region in regions:
        dropped = list(region.dropped)
        if region.layout == "pdf_text":
            header = [(k + 1, lines[k]) for k in range(region.start, region.header_end)]
            body = []
            for k in range(region.header_end, region.end):
                line = lines[k]
                if ("rang" in line or "-" in line or "–" in line or "age" in line) and (
                    is_page_furniture(line, worded_only=True)
                ):
                    dropped.append(k)
                    continue
                body.append((k + 1, line))
            table, table_issues = parse_pdf_table(
                header, body, len(tables), coded=region.start not in uncoded_starts
            )
            found = [table]
        elif region.layout == LAYOUT_CELLS:
            table, table_issues = parse_cell_table(lines, cell_regions[region.start], len(tables))
            found = [table]
        elif region.layout == LAYOUT_COLUMNS:
            table, table_issues = parse_column_table(
                lines, column_regions[region.start], len(tables)
            )
            found = [table]
        elif region.layout == LAYOUT_SPACED:
            table, table_issues = parse_spaced_table(spaced_regions[region.start], len(tables))
            found = [table]
        elif region.layout == "html":
            found, table_issues = parse_html_table(lines, region.start, region.end, len(tables))
        else:
            found, table_issues = build_tables(list(region.rows), region.layout, len(tables))
        tables.extend(found)
        issues.extend(table_issues)
        for k in dropped:
            table_index = next(
                (t.table_index for t in found if t.line_start <= k + 1 <= t.line_end),
                found[-1].table_index if found else None,
            )
            issues.append(
                ParseIssue(
                    "page_furniture_dropped",
                    "info",
                    f"page furniture {lines[k].strip()!r} inside a table: dropped, not a row",
                    k + 1,
                    table_index,
                )
            )
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
        read_in_column = comma_group_readings(t)
        for row in t.rows:
            for cell in row.cells:
                lit = read_in_column.get((row.row_index, cell.column_index))
                if lit is None:
                    if (
                        cell.column_index < STRUCTURE_COLUMNS or "." not in cell.text
                    ):  # every other suspicious shape has one
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


_CLOSING_TAG_RE = re.compile(r"</[A-Za-z][A-Za-z0-9]*\s*>$")


def _ends_at_cell_boundary(line: str) -> bool:
    """Does the line end where a cell ends: a tab, a pipe, or a closing tag (`</b>`, `</td>`)?"""
    return line.endswith(("\t", "|")) or bool(_CLOSING_TAG_RE.search(line))


def _is_note_column(table: Table, column_index: int) -> bool:
    if column_index >= len(table.columns):
        return False
    path = table.columns[column_index].header_path
    return bool(path) and fold(path[-1]).startswith("ghi chu")


def _rightmost_value(table: Table, row: Row) -> int:
    """Rightmost filled value column of a row (notes columns aside); -1 without values."""
    return max(
        (
            c.column_index
            for c in row.cells
            if c.column_index >= 2 and not _is_note_column(table, c.column_index)
        ),
        default=-1,
    )


def _cut_off_issues(lines: list[str], tables: list[Table]) -> list[ParseIssue]:
    """Find the table row the file was cut in, flag it and mark it `row_kind = "cut_off"`.

    A table ends the file when its last line is the file's last non-blank line. Its last
    row is cut off if
      (a) the writer was interrupted: the text does not end with a newline after that
          line and the line does not end at a cell boundary (a tab, a `|`, a closing tag
          such as `</b>` or `</td>`): `…\t8.5` is cut, `…\t286\t` (as the samples end) is
          not; or
      (b) the row stops short: its rightmost value is left of the rightmost value of the
          nearest earlier row that has values (of the header's last column when it is the
          only row). Notes columns (`Ghi chú`) are left out of both sides, and a totals
          row that skips middle cells but prints its last one is complete.
    A complete report whose last line is a complete table row and which ends with "\n"
    is therefore not cut. The cut row keeps its cells (they land in raw.table_cells);
    its `row_kind` "cut_off" keeps them out of the facts, and a `table_cut_off` warning
    names the row's line.
    """
    last_line = next((no for no in range(len(lines), 0, -1) if lines[no - 1].strip()), 0)
    if not last_line:
        return []
    interrupted = last_line == len(lines) and not _ends_at_cell_boundary(lines[-1])
    out = []
    for t in tables:
        if t.line_end != last_line or not t.rows:
            continue
        last = t.rows[-1]
        reach = _rightmost_value(t, last)
        earlier = next((r for r in reversed(t.rows[:-1]) if _rightmost_value(t, r) >= 0), None)
        if earlier is not None:
            expected = _rightmost_value(t, earlier)
        else:
            named = [
                c.column_index
                for c in t.columns[2:]
                if c.header_path and not _is_note_column(t, c.column_index)
            ]
            expected = max(named, default=-1) if t.header_row_count else -1
        short = reach < expected
        if not (interrupted or short):
            continue
        last.row_kind = "cut_off"
        reason = (
            f"its last row stops at column {reach}, the "
            + ("row before" if earlier is not None else "header")
            + f" reaches column {expected}"
            if short
            else "the text stops in its last row without a newline"
        )
        out.append(
            ParseIssue(
                "table_cut_off",
                "warning",
                f"the file ends inside table {t.table_index}: {reason}; "
                "the row's cells are kept out of the facts",
                last.source_line,
                t.table_index,
            )
        )
    return out
