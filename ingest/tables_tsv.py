"""Tables whose cells are separated by tabs (DOCX extraction) or pipes (Markdown).

One region of consecutive table lines may hold a table cut by page breaks: the
header is printed again at the top of the next page, sometimes garbled. A
repeated header whose first row resembles the table's header, or whose column
codes (`A B (1) (2) …`) match, continues the table; if it differs, both headers
are kept (variant 0 and 1) and the difference is a parse issue.

The module is longer than 400 lines because tab-separated and Markdown pipe tables share
everything past the cell split (header rows, column codes, continuation over page
breaks); one module keeps the two layouts from drifting apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ingest.headers import header_paths, header_similarity, is_column_code_row, path_key
from ingest.model import (
    Cell,
    Column,
    ParseIssue,
    Row,
    Table,
    differing_columns,
    repeated_header_differs,
)
from ingest.rowcodes import (
    is_row_header_word,
    is_total_label,
    parse_lead_code,
    parse_row_code,
    row_kind,
    split_leading_code,
)
from ingest.text import TAG_RE, has_tag, strip_markup


class RawRow(NamedTuple):  # immutable and cheap to build: one per table line
    line: int
    raw_cells: tuple[str, ...]
    cells: tuple[str, ...]  # markup removed
    from_heading: bool = False  # a Markdown heading the extractor put between table rows
    is_header: bool = False  # a Markdown row above the alignment row `|---|---|`


def split_pipe_line(line: str) -> list[str]:
    inner = line.strip()
    inner = inner.removeprefix("|")
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    if "\\|" in inner:  # an escaped pipe is text inside a cell
        return [c.replace("\x00", "|") for c in inner.replace("\\|", "\x00").split("|")]
    return inner.split("|")


def is_pipe_separator(line: str) -> bool:
    s = line.strip().strip("|").replace("|", "").replace(":", "").replace("-", "").strip()
    return s == "" and "-" in line


def make_raw_row(line_no: int, raw_cells: list[str], from_heading: bool = False) -> RawRow:
    raw = tuple(raw_cells)
    if _clean_cells(raw):
        return RawRow(line_no, raw, raw, from_heading)
    # Tags (bold totals and headers) are removed from the whole row at once; a tag never
    # spans a tab, so this is strip_markup per cell when nothing else is left to do.
    untagged = tuple(TAG_RE.sub("", "\t".join(raw)).split("\t"))
    if len(untagged) == len(raw) and _clean_cells(untagged):
        return RawRow(line_no, raw, untagged, from_heading)
    return RawRow(line_no, raw, tuple([strip_markup(c) for c in raw]), from_heading)


def _clean_cells(cells: tuple[str, ...]) -> bool:
    """True if no cell has markup or whitespace to remove (checked on the joined row).

    Most rows are clean; one test on the row is cheaper than strip_markup per cell.
    Only " " is printable whitespace, so a printable row with no doubled, leading or
    trailing spaces in any cell is what strip_markup would return.
    """
    joined = "|".join(cells)  # "|" is printable and not blank; " |" in a cell only costs time
    return (
        "<" not in joined
        and "*" not in joined
        and "__" not in joined
        and "  " not in joined
        and " |" not in joined
        and "| " not in joined
        and joined[:1] != " "
        and joined[-1:] != " "
        and joined.isprintable()
    )


@dataclass
class _Builder:
    table_index: int
    layout: str
    line_start: int
    header_rows: list[RawRow] = field(default_factory=list)
    code_row: RawRow | None = None
    variants: list[tuple[list[RawRow], RawRow | None]] = field(default_factory=list)
    data: list[tuple[RawRow, int, bool]] = field(default_factory=list)  # row, variant, after_break
    line_end: int = 0
    page_breaks: int = 0


def _is_header_start(row: RawRow) -> bool:
    """`STT | Đơn vị | …`: a row-number header word, then at least one more header cell
    with words (a lone `STT` or `TT | 0` is a stray line, not a table's header)."""
    first = row.cells[0] if row.cells else ""
    return is_row_header_word(first) and any(
        not c.isspace() and any(ch.isalpha() for ch in c) for c in row.cells[1:]
    )


def _header_block(
    rows: list[RawRow], i: int, limit: int | None
) -> tuple[list[RawRow], RawRow | None, int]:
    """Collect header rows starting at i; returns (header rows, column-code row, next index)."""
    header = [rows[i]]
    code_row = None
    j = i + 1
    while j < len(rows):
        r = rows[j]
        if is_column_code_row(r.cells):
            code_row = r
            j += 1
            break
        if r.is_header and rows[i].is_header:
            header.append(r)
            j += 1
            continue
        if limit is not None and len(header) >= limit:
            break
        first = r.cells[0] if r.cells else ""
        if first.strip() or r.from_heading or _is_fragment(r) or _has_number(r):
            break  # a row of its own: coded, a section, a label fragment, or values
        header.append(r)
        j += 1
    return header, code_row, j


def _codes(code_row: RawRow | None) -> tuple[str, ...]:
    return tuple(c.strip() for c in code_row.cells) if code_row else ()


def build_tables(
    rows: list[RawRow], layout: str, first_index: int
) -> tuple[list[Table], list[ParseIssue]]:
    """Turn the rows of one table region into tables (a region may hold several)."""
    builders: list[_Builder] = []
    cur: _Builder | None = None
    before: _Builder | None = None  # the table a new header interrupted
    i = 0
    after_break = just_headered = False
    while i < len(rows):
        row = rows[i]
        if row.is_header or _is_header_start(row):
            # Only a table with a header of its own can be continued by a repeated header;
            # a table opened by header-less lines (a stray line, page furniture) cannot.
            if cur is not None and cur.header_rows:
                first_row = cur.header_rows[0].cells
                header, code_row, j = _header_block(rows, i, None)
                same_codes = (
                    bool(cur.code_row and code_row)
                    and _codes(cur.code_row)[:6] == _codes(code_row)[:6]
                )
                # A header line right under a header (no rows between) is part of that
                # header, garbled or stray: it continues the same table.
                if (
                    same_codes
                    or just_headered
                    or any(  # the first header matches most often: stop there
                        header_similarity(known, header[0].cells) >= 0.5
                        for known in (first_row, *(v[0][0].cells for v in cur.variants))
                    )
                ):
                    cur.page_breaks += 0 if just_headered else 1
                    cur.variants.append((header, code_row))
                    after_break = True
                    cur.line_end = max(cur.line_end, (code_row or header[-1]).line)
                    just_headered = True
                    i = j
                    continue
            header, code_row, j = _header_block(rows, i, None)
            before = cur if cur is not None and cur.data else None
            cur = _Builder(first_index + len(builders), layout, row.line, header, code_row)
            builders.append(cur)
            cur.line_end = (code_row or header[-1]).line
            after_break = False
            just_headered = True
            i = j
            continue
        # A header of words printed again after a page break (like its table's first).
        again = (
            cur is not None
            and bool(cur.header_rows and cur.data)
            and _is_word_header(row)
            and header_similarity(cur.header_rows[0].cells, row.cells) >= 0.5
        )
        if (cur is None or again) and _is_word_header(row):
            # A header without `STT` and without a Markdown alignment row: lines of words
            # (no number, no row code) right above rows with values.
            k = i + 1
            while k < len(rows) and k - i < 3 and _is_word_header(rows[k], continuation=True):
                k += 1
            if k < len(rows) and is_column_code_row(rows[k].cells):
                k += 1
            if again and cur is not None and _data_follows(rows, k):
                header = [r for r in rows[i:k] if not is_column_code_row(r.cells)]
                code_row = next((r for r in rows[i:k] if is_column_code_row(r.cells)), None)
                cur.page_breaks += 1
                cur.variants.append((header, code_row))
                cur.line_end = rows[k - 1].line
                after_break = just_headered = True
                i = k
                continue
            if _data_follows(rows, k):
                header = [r for r in rows[i:k] if not is_column_code_row(r.cells)]
                code_row = next((r for r in rows[i:k] if is_column_code_row(r.cells)), None)
                cur = _Builder(first_index + len(builders), layout, row.line, header, code_row)
                builders.append(cur)
                cur.line_end = rows[k - 1].line
                after_break = False
                just_headered = True
                i = k
                continue
        if cur is None:  # a table without a header row
            cur = _Builder(first_index + len(builders), layout, row.line)
            builders.append(cur)
        if before is not None and not cur.data and _is_fragment(row):
            # Text right under a new header that only continues a label: the row before
            # the header (a page break) goes on here, whatever the header looks like.
            before.data.append((row, len(before.variants), True))
            before.line_end = row.line
            i += 1
            continue
        before = None
        cur.data.append((row, len(cur.variants), after_break))
        cur.line_end = row.line
        after_break = just_headered = False
        i += 1
    tables: list[Table] = []
    issues: list[ParseIssue] = []
    for b in builders:
        table, table_issues = _finish(b)
        tables.append(table)
        issues.extend(table_issues)
    return tables, issues


_NUMBER_RE = re.compile(r"[+\-]?\d[\d.,]*%?")


def _is_word_header(row: RawRow, continuation: bool = False) -> bool:
    """A header line of words: at least two filled cells (one for a line under a header
    that leaves its first cell blank), none a number or a row code, none long like a
    sentence, and no totals label first."""
    if row.from_heading or row.is_header:
        return False
    filled = [c for c in row.cells if c]
    if len(filled) < (1 if continuation and not row.cells[0] else 2):
        return False
    if continuation and len(filled) == 1 and len(row.cells) > 1 and row.cells[1]:
        return False  # only a label: a group row ("Cấp tỉnh") or a label fragment
    for c in filled:
        if len(c) > 80 or not _two_letters(c):
            return False
        if c[0] in "0123456789+-" and _NUMBER_RE.fullmatch(c):
            return False
        if parse_row_code(c) or split_leading_code(c):
            return False
    return not is_total_label(row.cells[0])  # "Tổng số" heads value columns too


def _two_letters(text: str) -> bool:
    """sum(ch.isalpha() for ch in text) >= 2, stopping at the second letter (a header
    cell's first two characters, most often)."""
    seen = False
    for ch in text:
        if ch.isalpha():
            if seen:
                return True
            seen = True
    return False


def _data_follows(rows: list[RawRow], k: int) -> bool:
    """Rows with values follow at k, after at most two group rows (a label alone)."""
    for r in rows[k : k + 3]:
        if _is_data_row(r):
            return True
        if sum(1 for c in r.cells if c) != 1:
            return False
    return False


def _is_data_row(row: RawRow) -> bool:
    """A row with a number in a value cell (beside a label: column 1 or 2 on)."""
    return any(c and c[0] in "0123456789+-" and _NUMBER_RE.fullmatch(c) for c in row.cells[1:])


def _has_number(row: RawRow) -> bool:
    """A value cell holding a number: data, not a header (column codes are `(1)`, `A`)."""
    return any(c and c[0] in "0123456789+-" and _NUMBER_RE.fullmatch(c) for c in row.cells[2:])


def _is_fragment(row: RawRow) -> bool:
    """No row code, a label, nothing else: the rest of a label cut by a page break."""
    cells = row.cells
    return (
        len(cells) > 1
        and not cells[0]
        and bool(cells[1])
        and not any(cells[2:])
        and not row.from_heading
        and not is_total_label(cells[1])
    )


def _width(b: _Builder) -> int:
    widths = [len(r.cells) for r in b.header_rows]
    widths += [len(r.cells) for r in ([b.code_row] if b.code_row else [])]
    for r, _, _ in b.data:
        # Trailing empty cells do not widen the table (cells are collapsed: blank is "").
        filled = len(r.cells)
        while filled and not r.cells[filled - 1]:
            filled -= 1
        widths.append(filled)
    return max(widths or [0])


def _columns(
    header: list[RawRow], code_row: RawRow | None, width: int, variant: int
) -> list[Column]:
    paths = header_paths([r.cells for r in header], width)
    codes = list(_codes(code_row)) + [""] * width
    line = header[0].line if header else None
    return [Column(c, paths[c], codes[c] or None, variant, line) for c in range(width)]


def new_builder(
    table_index: int, layout: str, line_start: int, header_rows: list[RawRow]
) -> _Builder:
    """A table whose header rows are known (HTML `<thead>`, a Markdown header row)."""
    header = [r for r in header_rows if not is_column_code_row(r.cells)]
    codes = [r for r in header_rows if is_column_code_row(r.cells)]
    return _Builder(table_index, layout, line_start, header, codes[0] if codes else None)


def _shift(row: RawRow) -> RawRow:
    return RawRow(row.line, ("", *row.raw_cells), ("", *row.cells), row.from_heading)


def _add_code_column(b: _Builder) -> None:
    """Column 0 is the row code, column 1 the label: a table printed without a code
    column (its header does not open with STT and its rows with codes) gets an empty
    column 0, so its labels land in column 1 like every other table's."""
    head = b.header_rows[0].cells if b.header_rows else ()
    if head and (is_row_header_word(head[0]) or not head[0]):
        return
    firsts = [r.cells[0] for r, _, _ in b.data if r.cells and r.cells[0] and not r.from_heading]
    if not firsts or (not head and len(b.data) < 2):
        return
    coded = sum(1 for f in firsts if parse_row_code(f) or split_leading_code(f))
    if coded * 2 >= len(firsts):
        return
    if not head and not any(
        _has_number(RawRow(r.line, r.raw_cells, ("", *r.cells))) for r, _, _ in b.data
    ):
        return  # no header and no numbers beside the first column: leave it as printed
    b.header_rows = [_shift(r) for r in b.header_rows]
    if b.code_row:
        b.code_row = _shift(b.code_row)
    b.variants = [([_shift(r) for r in h], _shift(c) if c else None) for h, c in b.variants]
    b.data = [(r if r.from_heading else _shift(r), v, a) for r, v, a in b.data]


def finish_table(b: _Builder) -> tuple[Table, list[ParseIssue]]:
    return _finish(b)


def _finish(b: _Builder) -> tuple[Table, list[ParseIssue]]:
    _add_code_column(b)
    width = _width(b)
    issues: list[ParseIssue] = []
    columns = _columns(b.header_rows, b.code_row, width, 0)
    variants: list[list[Column]] = []
    base_keys = [path_key(c.header_path) for c in columns]
    seen_variant_keys: list[list[str]] = [base_keys]
    variant_of_break: list[int] = []
    for header, code_row in b.variants:
        cols = _columns(header, code_row, width, 0)
        keys = [path_key(c.header_path) for c in cols]
        if keys in seen_variant_keys:
            variant_of_break.append(seen_variant_keys.index(keys))
            continue
        number = len(seen_variant_keys)
        seen_variant_keys.append(keys)
        variant_of_break.append(number)
        cols = [
            Column(c.column_index, c.header_path, c.column_code, number, c.source_line)
            for c in cols
        ]
        variants.append(cols)
        differing = [
            f"col {c}: {' > '.join(columns[c].header_path) or '∅'} | {' > '.join(cols[c].header_path) or '∅'}"
            for c in range(width)
            if base_keys[c] != keys[c]
        ]
        issues.append(
            repeated_header_differs(
                differing_columns(differing),
                header[0].line,
                b.table_index,
            )
        )
    rows, row_issues = _rows(b, width, variant_of_break)
    issues.extend(row_issues)
    table = Table(
        table_index=b.table_index,
        layout=b.layout,
        line_start=b.line_start,
        line_end=b.line_end,
        columns=columns,
        rows=rows,
        header_variants=variants,
        header_row_count=len(b.header_rows) + (1 if b.code_row else 0),
        page_breaks_merged=b.page_breaks,
    )
    return table, issues


def _rows(
    b: _Builder, width: int, variant_of_break: list[int]
) -> tuple[list[Row], list[ParseIssue]]:
    label_col = 1 if width > 1 else 0
    rows: list[Row] = []
    issues: list[ParseIssue] = []
    section: str | None = None
    for raw, break_no, after_break in b.data:
        variant = variant_of_break[break_no - 1] if break_no else 0
        # Padded to the width only when short (read, never changed: no copy of most rows).
        cells = (
            raw.cells
            if len(raw.cells) >= width
            else (*raw.cells, *([""] * (width - len(raw.cells))))
        )
        first = cells[0].strip()
        code = parse_lead_code(first) if first and label_col else None
        label: str | None = cells[label_col].strip() if label_col < len(cells) else None
        if first and code is None:
            split = split_leading_code(first)
            if split:
                code, label_text = split
                if not (label or "").strip():
                    label = label_text
            elif label_col != 0 and not (label or "").strip():
                label = first
        if (
            rows
            and not first
            and label
            and (after_break or label[:1].islower())
            and not any(cells[label_col + 1 :])  # cells are collapsed: "" is blank
        ):
            rows[-1] = _continue_row(rows[-1], raw, label_col, label)
            issues.append(
                ParseIssue(
                    "row_continued",
                    "info",
                    f"row text continued on line {raw.line}"
                    + (" after a page break" if after_break else ""),
                    raw.line,
                    b.table_index,
                )
            )
            continue
        kind, section = row_kind(code, label, section)
        line = raw.line
        if raw.cells is raw.raw_cells:  # no markup in the row (make_raw_row)
            row_cells = tuple([Cell(k, text, line) for k, text in enumerate(raw.cells) if text])
        else:
            row_cells = tuple(
                [
                    _cell(k, text, raw.raw_cells[k] if k < len(raw.raw_cells) else "", line)
                    for k, text in enumerate(raw.cells)
                    if text
                ]
            )
        if raw.from_heading:
            row_cells = tuple(
                Cell(c.column_index, c.text, c.source_line, True, False) for c in row_cells
            )
        rows.append(
            Row(  # positional: measurably cheaper than keywords at one Row per table line
                len(rows),  # row_index
                line,  # source_line
                row_cells,
                code.printed if code else None,  # row_code
                code.normalised if code else None,  # row_code_norm
                label or None,  # row_label
                kind,  # row_kind
                section,  # section_code
                variant,  # header_variant
            )
        )
    return rows, issues


def _cell(index: int, text: str, raw: str, line: int) -> Cell:
    if "<" not in raw:  # most cells carry no markup: skip the tag checks
        return Cell(index, text, line)
    return Cell(index, text, line, has_tag(raw, "b"), has_tag(raw, "i"))


def _continue_row(row: Row, raw: RawRow, label_col: int, text: str) -> Row:
    cells = []
    merged = False
    for c in row.cells:
        if c.column_index == label_col:
            cells.append(
                Cell(
                    c.column_index,
                    f"{c.text} {text}",
                    c.source_line,
                    c.is_bold,
                    c.is_italic,
                    (*c.continuation_lines, raw.line),
                )
            )
            merged = True
        else:
            cells.append(c)
    if not merged:
        cells.append(Cell(label_col, text, raw.line))
    new_label = f"{row.row_label} {text}" if row.row_label else text
    return Row(
        row.row_index,
        row.source_line,
        tuple(cells),
        row.row_code,
        row.row_code_norm,
        new_label,
        row.row_kind,
        row.section_code,
        row.header_variant,
    )
