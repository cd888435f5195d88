"""Tables written as HTML markup (`<table>…</table>`), as DOCX/PDF converters write them.

Only locating the markup uses a regular expression (`<table` … `</table>` line ranges);
the markup itself is parsed by lxml. The grid:

* `rowspan`/`colspan` are expanded: a spanning cell's text is kept once, at its top-left
  grid position; the other positions it covers are empty. Header paths then come from
  `headers.header_paths`, which spreads a header cell over the empty positions to its
  right, so a `colspan` header covers its columns; a `rowspan` header has no child.
* header rows: the rows of `<thead>`, else the leading rows whose cells are all `<th>`,
  else a first row opening with `STT`/`TT` (as tab tables have it);
* a cell's text: `<br>` is a space, entities (`&nbsp;`) are decoded, inline tags
  (`<b>`, `<span style=…>`, `<a>`) are dropped with their attributes, blanks collapse;
  a cell inside `<b>`/`<strong>` is bold, inside `<i>`/`<em>` italic;
* source lines: each row keeps the line of its `<tr>` in the file;
* a table without header cells that follows another after a page break (only blank lines
  and page furniture between them, which is dropped and recorded) is that table going on;
* a group or totals row whose one cell spans the code and label columns (`<td colspan=6>Cấp
  tỉnh</td>`) has its text in column 1, the label column.

Rows then go through the same row logic as tab tables (row codes, labels, totals,
sections, a code column added when the table has none).
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ingest.model import ParseIssue, Table
from ingest.rowcodes import is_row_header_word, parse_row_code
from ingest.segment import is_page_furniture
from ingest.tables_tsv import RawRow, build_tables, finish_table, new_builder
from ingest.text import collapse

TABLE_OPEN_RE = re.compile(r"<table\b", re.IGNORECASE)
TABLE_CLOSE_RE = re.compile(r"</table\s*>", re.IGNORECASE)


def find_html_ranges(lines: list[str]) -> list[tuple[int, int]]:
    """[start, end) line index ranges of `<table` … `</table>`; an unclosed table runs to
    the end of the file (a file cut inside its markup)."""
    ranges: list[tuple[int, int]] = []
    k = 0
    n = len(lines)
    while k < n:
        if "<" not in lines[k] or not TABLE_OPEN_RE.search(lines[k]):
            k += 1
            continue
        start = k
        depth = 0
        end = n
        while k < n:
            line = lines[k]
            depth += len(TABLE_OPEN_RE.findall(line)) - len(TABLE_CLOSE_RE.findall(line))
            k += 1
            if depth <= 0:
                end = k
                break
        ranges.append((start, end))
        k = end
    return _join_continued(lines, ranges)


_HEADER_MARKUP_RE = re.compile(r"<th\b|<thead\b", re.IGNORECASE)


def _join_continued(lines: list[str], ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A table without header cells right after another, with only blank lines and page
    furniture between them, is the same table going on after a page break: one range."""
    out: list[tuple[int, int]] = []
    for start, end in ranges:
        if out:
            gap = [lines[k].strip() for k in range(out[-1][1], start)]
            if all(not t or is_page_furniture(t) for t in gap) and not any(
                _HEADER_MARKUP_RE.search(lines[k]) for k in range(start, end)
            ):
                out[-1] = (out[-1][0], end)
                continue
        out.append((start, end))
    return out


def _text(el: etree._Element) -> str:
    parts: list[str] = []
    for node in el.iter():
        if node is not el and node.tag == "br":
            parts.append(" ")
        if node is el:
            parts.append(node.text or "")
        else:
            if node.tag not in ("br",):
                parts.append(node.text or "")
            parts.append(node.tail or "")
    return collapse("".join(parts).replace("\xa0", " "))


def _styled(el: etree._Element, tags: tuple[str, ...]) -> bool:
    return any(isinstance(n.tag, str) and n.tag in tags for n in el.iter())


def _rows_of(table: etree._Element) -> list[tuple[etree._Element, bool]]:
    """(tr, in thead) for the rows of this table, not of tables nested in it."""
    out = []
    for tr in table.iter("tr"):
        owner = next(a for a in tr.iterancestors() if a.tag == "table")
        if owner is table:
            out.append((tr, any(a.tag == "thead" for a in tr.iterancestors("thead"))))
    return out


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


def parse_html_table(
    lines: list[str], start: int, end: int, first_index: int
) -> tuple[list[Table], list[ParseIssue]]:
    """Tables of the markup in lines[start:end] (0-based); source lines are the file's."""
    markup = "\n".join(lines[start:end])
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return [], [
            ParseIssue(
                "html_table_unreadable", "warning", "table markup lxml cannot read", start + 1
            )
        ]
    tables: list[Table] = []
    issues: list[ParseIssue] = [
        ParseIssue(
            "page_furniture_dropped",
            "info",
            f"page furniture {lines[k].strip()!r} inside a table: dropped, not a row",
            k + 1,
            first_index,
        )
        for k in range(start, end)
        if "<" not in lines[k] and lines[k].strip() and is_page_furniture(lines[k].strip())
    ]
    # The last table with a header: (header rows, data rows, first line), width, its issues
    previous: tuple[tuple[list[RawRow], list, int], int, int] | None = None
    for table_el in root.iter("table"):
        if any(a.tag == "table" for a in table_el.iterancestors()):
            continue  # a table nested in a cell: its text is the cell's text
        grid: list[list[str]] = []
        bold: list[list[bool]] = []
        italic: list[list[bool]] = []
        header_flags: list[bool] = []
        row_lines: list[int] = []
        pending: dict[tuple[int, int], bool] = {}  # grid positions covered by a rowspan
        for r, (tr, in_head) in enumerate(_rows_of(table_el)):
            cells: list[str] = []
            bolds: list[bool] = []
            italics: list[bool] = []
            col = 0
            all_th = True
            for td in tr:
                if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                    continue
                while (r, col) in pending:
                    cells.append("")
                    bolds.append(False)
                    italics.append(False)
                    col += 1
                all_th = all_th and td.tag == "th"
                text = _text(td)
                span_c, span_r = _int(td.get("colspan")), _int(td.get("rowspan"))
                is_b = td.tag == "th" or _styled(td, ("b", "strong"))
                is_i = _styled(td, ("i", "em"))
                # A group or totals row spans the code and label columns: its text is a
                # label, so it goes to column 1 (column 0 is the row code's).
                at = 1 if col == 0 and span_c >= 2 and text and not parse_row_code(text) else 0
                for c in range(span_c):
                    cells.append(text if c == at else "")
                    bolds.append(is_b and c == at)
                    italics.append(is_i and c == at)
                    for dr in range(1, span_r):
                        pending[(r + dr, col + c)] = True
                col += span_c
            while (r, col) in pending:
                cells.append("")
                bolds.append(False)
                italics.append(False)
                col += 1
            grid.append(cells)
            bold.append(bolds)
            italic.append(italics)
            header_flags.append(in_head or (all_th and bool(cells)))
            row_lines.append(start + (tr.sourceline or 1))
        if not grid:
            continue
        n_head = 0
        while n_head < len(grid) and header_flags[n_head]:
            n_head += 1
        if n_head == 0 and grid[0] and is_row_header_word(grid[0][0]):
            n_head = 1
        raw_rows = []
        for k, cells in enumerate(grid):
            marks = tuple(
                ("<b>" if bold[k][c] else "") + ("<i>" if italic[k][c] else "") + cells[c]
                for c in range(len(cells))
            )
            raw_rows.append(RawRow(row_lines[k], marks, tuple(cells)))
        if n_head == 0 and previous is not None and len(grid[0]) == previous[1]:
            # The table goes on after a page break without its header (_join_continued).
            head, data, line_start = previous[0]
            data += [(row, 0, k == 0) for k, row in enumerate(raw_rows)]
            b = new_builder(first_index + len(tables) - 1, "html", line_start, head)
            b.data = list(data)
            b.line_end = row_lines[-1]
            table, table_issues = finish_table(b)
            table.line_start = tables[-1].line_start
            table.line_end = max(table.line_end, tables[-1].line_end)
            tables[-1] = table
            issues[previous[2] :] = table_issues
            continue
        if n_head:
            b = new_builder(first_index + len(tables), "html", row_lines[0], raw_rows[:n_head])
            b.data = [(row, 0, False) for row in raw_rows[n_head:]]
            b.line_end = row_lines[-1]
            previous = ((raw_rows[:n_head], list(b.data), row_lines[0]), len(grid[-1]), len(issues))
            table, table_issues = finish_table(b)
            found = [table]
        else:
            previous = None
            found, table_issues = build_tables(raw_rows, "html", first_index + len(tables))
        last = end
        while last > start + 1 and not lines[last - 1].strip():
            last -= 1
        if found:
            found[0].line_start = start + 1
            found[-1].line_end = max(found[-1].line_end, last)
        tables.extend(found)
        issues.extend(table_issues)
    return tables, issues
