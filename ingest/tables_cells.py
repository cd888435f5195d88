"""Tables copied from web portals: one cell a line.

    STT
    Đơn vị
    Số hồ sơ
    Tỷ lệ (%)
    |                      <- optional: a `|` line or a blank line after the header
    1                         and after each row
    Sở Tư pháp
    1.250
    99,2

The header is a run of short lines of words (no numbers) opening with a row-number
word (`STT`, `TT`, `Số TT`) or a unit word, right above rows whose value lines are
number literals. A row starts at a `|` or blank separator, at a row code after a row
that already has its label, at a label after a row that already has values, or when
the row has as many lines as the table has columns. The width N is the usual length of
the rows that print values; a header of more than N lines has spanning cells over
sub-columns (fitted like PDF text headers, tables_pdf.header_columns). A row with fewer
values than columns (an empty cell left out of the copy) is aligned by value kind like
a PDF-text row and the alignment is a parse issue.

A table whose header cells are apart (a blank line after `STT`), or printed in cell
pieces under a one-line header, is read as a grid (tables_cells_grid, tables_cells_pieces):
its rows come ready and only the columns are built here.

The module is longer than 400 lines because finding the table (header, body, page breaks
with the header repeated, garbled or left out, page numbers between rows) and reading its
rows share the same state; the line predicates are cell_lines, the header fitting
cell_headers, the header tree header_tree.flat_header_paths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.cell_headers import again_paths, again_tops, column_order
from ingest.cell_headers import value_paths as fit_value_paths

# The line predicates are shared with the grid reader (tables_cells_grid).
from ingest.cell_lines import FURNITURE_RE as _FURNITURE_RE
from ingest.cell_lines import HEADER_INITIALS as _HEADER_INITIALS
from ingest.cell_lines import MAX_CELL as _MAX_CELL
from ingest.cell_lines import is_header_word_line as _is_header_word_line
from ingest.cell_lines import is_sep as _is_sep
from ingest.cell_lines import is_value_line
from ingest.cell_lines import opens_header as _opens_header
from ingest.cell_sums import learn_sums, place_by_sums
from ingest.headers import header_similarity, is_column_code
from ingest.literals import parse_literal
from ingest.model import (
    Cell,
    Column,
    ParseIssue,
    Row,
    Table,
    repeated_header_differs,
)
from ingest.rowcodes import (
    is_row_header_word,
    parse_lead_code,
    parse_row_code,
    row_kind,
)
from ingest.tables_cells_grid import Grid, grid_apart, lead_code
from ingest.tables_cells_pieces import grid_pieces, index_pieces
from ingest.tables_pdf import _kind as value_kind  # the kinds PDF-text alignment uses
from ingest.tables_pdf import align_values, column_class, plausible_next
from ingest.text import fold

LAYOUT = "cell_per_line"

_MIN_HEADER = 3


@dataclass(frozen=True, slots=True)
class CellRegion:
    start: int  # first header line (0-based)
    end: int  # exclusive
    header_end: int  # first line after the header (and its separator)
    bars: bool = False  # rows end with a `|` line; a blank line inside a row is an empty cell
    furniture: tuple[int, ...] = ()  # page furniture inside the table (line indexes)
    repeated: tuple[int, ...] = ()  # the header printed again after a page break
    # (first body line, header cells) of each part under a header printed again
    parts: tuple[tuple[int, tuple[str, ...]], ...] = ()
    grid: Grid | None = None  # rows already read from a grid of cells apart or in pieces


def find_cell_regions(lines: list[str], taken: set[int]) -> list[CellRegion]:
    regions: list[CellRegion] = []
    n = len(lines)
    # A header opens with a short line: find the candidates in one pass.
    initials = _HEADER_INITIALS
    starts = [
        k
        for k, line in enumerate(lines)
        if line[:1] in initials and len(line) <= 48 and _opens_header(line.strip())
    ]
    done = 0
    for k in starts:
        if k < done or k in taken:
            continue
        s = lines[k].strip()
        # The header: short word lines (and column codes), then a separator or a row.
        j = k
        head_furniture: list[int] = []
        while j < n and j not in taken:
            t = lines[j].strip()
            if _FURNITURE_RE.match(t) and j > k:
                head_furniture.append(j)  # a worded page number: no header cell
                j += 1
                continue
            if _is_header_word_line(t) or (t and is_column_code(t)):
                j += 1
                continue
            break
        while head_furniture and head_furniture[-1] == j - 1:
            j = head_furniture.pop()  # a page number after the header is the body's
        last_word = j - 1 > k and _is_header_word_line(lines[j - 1].strip())
        if last_word and j < n and is_value_line(lines[j].strip()) and not is_row_header_word(s):
            j -= 1  # the first row's label (rows without codes nor separators)
        if j - k - len(head_furniture) < _MIN_HEADER:
            if j == k + 1 < n and not lines[j].strip():  # the header's cells apart
                grid = grid_apart(lines, k, taken)
                if grid is not None:
                    regions.append(_grid_region(k, grid))
                    done = grid.end
            continue
        header_end = j
        bars = j < n and lines[j].strip() == "|"
        if j < n and _is_sep(lines[j]):
            header_end = j + 1
        stops: list[int] = []
        end = _body_end(lines, header_end, taken, bars, lines[k].strip(), stops)
        header_words = [
            lines[h].strip() for h in range(k, j) if lines[h].strip() and h not in head_furniture
        ]
        has_code = is_row_header_word(s)
        furniture: list[int] = list(head_furniture)
        repeated: list[int] = []
        parts: list[tuple[int, tuple[str, ...]]] = []
        while True:  # a page break: the table goes on under its header printed again
            # A page number printed on its own line between rows reads like a value; the
            # last row's text cells after its values stay when the table goes on.
            tail = end
            while (
                tail < stops[-1]
                and not _is_sep(lines[tail])
                and not _is_furniture(lines[tail].strip())
            ):
                tail += 1  # text cells right after the last values (a note)
            limit = end
            cut = _before_page_number(lines, header_end, tail)
            last = _last_code(lines, header_end, cut)
            more = _continuation(lines, cut, taken, header_words, has_code, last)
            if more is None and _heading_before_break(lines, tail, stops[-1]):
                limit = stops[-1]
                cut = _before_page_number(lines, header_end, limit)
                last = _last_code(lines, header_end, cut)
                more = _continuation(lines, cut, taken, header_words, has_code, last)
            if more is None:
                break
            skip_furniture, skip_header, body_from = more
            more_end = _body_end(lines, body_from, taken, bars, lines[k].strip(), stops)
            if more_end <= body_from:
                break
            furniture += [cut] if cut < limit else []
            furniture += skip_furniture
            repeated += skip_header
            if skip_header:
                again = [lines[r].strip() for r in skip_header]
                parts.append((body_from, tuple(t for t in again if t and t != "|")))
            end = more_end
        records = _records(lines, header_end, end, bars)
        if len(records) == 1:  # no separators: rows by their shape
            records = [v for _, _, v, _, _ in _split_rows(records[0], has_code, False)]
        valued = [r for r in records if sum(1 for _, t in r if is_value_line(t)) >= 2]
        if len(valued) < 2:
            continue
        end = _with_last_note(lines, end, stops[-1], bars)
        furniture += [
            f
            for f in _page_numbers_between_rows(lines, header_end, end, bars)
            if f not in furniture
        ]
        regions.append(
            CellRegion(k, end, header_end, bars, tuple(furniture), tuple(repeated), tuple(parts))
        )
        done = end
    return _with_pieces(lines, taken, regions)


def _grid_region(start: int, grid: Grid) -> CellRegion:
    header_end = grid.rows[0][3] - 1 if grid.rows else start + 1
    return CellRegion(
        start,
        grid.end,
        header_end,
        furniture=grid.furniture,
        repeated=grid.repeated,
        parts=grid.parts,
        grid=grid,
    )


def _with_pieces(lines: list[str], taken: set[int], regions: list[CellRegion]) -> list[CellRegion]:
    """`regions` and the tables printed in cell pieces (tables_cells_grid) outside them."""
    covered = [(r.start, r.end) for r in regions]
    done = 0
    for p in index_pieces(lines, taken):
        if p < done or any(a <= p < b for a, b in covered):
            continue
        found = grid_pieces(lines, p, taken)
        if found is None:
            continue
        start, grid = found
        if any(a < grid.end and start < b for a, b in covered):
            continue
        regions.append(_grid_region(start, grid))
        covered.append((start, grid.end))
        done = grid.end
    return sorted(regions, key=lambda r: r.start)


def _heading_before_break(lines: list[str], end: int, limit: int) -> bool:
    """Rows without values (a section's heading: a code and a label) close the part at a
    page break: up to `limit`, a few cell lines, then page furniture."""
    cells = [t for t in (lines[k].strip() for k in range(end, limit)) if t and t != "|"]
    if not 0 < len(cells) <= 3 or any(is_value_line(t) for t in cells[1:]):
        return False
    after = next((lines[k].strip() for k in range(limit, len(lines)) if not _is_sep(lines[k])), "")
    return _is_furniture(after)


_LONE_PAGE_NUMBER_RE = re.compile(r"\d{1,3}(?:\s*/\s*\d{1,3})?")


def _is_furniture(s: str) -> bool:
    return bool(_FURNITURE_RE.match(s) or _LONE_PAGE_NUMBER_RE.fullmatch(s))


def _with_last_note(lines: list[str], end: int, limit: int, bars: bool) -> int:
    """`end`, or past the text cells that close the last row (a note, or a unit and a
    note of columns printed after the value, then the row's separator): the body was
    cut at the last value."""
    k = end - 1 if bars and end and lines[end - 1].strip() == "|" else end
    if not (0 < k < limit) or not is_value_line(lines[k - 1].strip()):
        return end
    j = k
    while j < min(limit, k + 2) and not _is_sep(lines[j]):
        t = lines[j].strip()
        if _is_furniture(t) or is_value_line(t):
            return end
        j += 1
    if j == k or (j < len(lines) and not _is_sep(lines[j])):
        return end
    return j + 1 if bars and j < len(lines) and lines[j].strip() == "|" else j


def _page_numbers_between_rows(lines: list[str], start: int, end: int, bars: bool) -> list[int]:
    """Lone page numbers between blank lines where a row would start: between rows
    closed by bars, after the bar and the blank of an empty code cell (a label is never
    a number); between blank lines, a "row" of that number alone."""
    found = []
    for k in range(start + 1, end - 1):
        t = lines[k].strip()
        if not t or not t[0].isdigit() or lines[k - 1].strip() or lines[k + 1].strip():
            continue
        if not _LONE_PAGE_NUMBER_RE.fullmatch(t):
            continue
        if bars and k >= 2 and lines[k - 2].strip() != "|":
            continue
        found.append(k)
    return found


def _before_page_number(lines: list[str], start: int, end: int) -> int:
    """`end`, or the index of a lone page number that ends the region after a separator."""
    p = end - 1
    while p > start and not lines[p].strip():
        p -= 1
    if p > start and _LONE_PAGE_NUMBER_RE.fullmatch(lines[p].strip()) and _is_sep(lines[p - 1]):
        return p
    return end


def _last_code(lines: list[str], start: int, end: int) -> str | None:
    """The last row code of a region: a code line followed by a label line (and, in a
    copy with separators, right after one: a row's last value before its note is no code)."""
    separated = any(_is_sep(lines[k]) for k in range(start, end))
    for k in range(end - 1, start - 1, -1):
        t = lines[k].strip()
        if separated and k > start and not _is_sep(lines[k - 1]):
            continue
        if t and parse_lead_code(t) is not None:
            nxt = next((lines[j].strip() for j in range(k + 1, end) if lines[j].strip()), "")
            if nxt and nxt != "|" and not is_value_line(nxt):
                return t
    return None


def _page_line(lines: list[str], k: int, furniture: list[int]) -> bool:
    """Page furniture after a table's last row: a worded page number, or a lone number
    alone between separators (after a worded one, a lone number opens the next row)."""
    t = lines[k].strip()
    if _FURNITURE_RE.match(t):
        return True
    if not _LONE_PAGE_NUMBER_RE.fullmatch(t) or any(
        _FURNITURE_RE.match(lines[f]) for f in furniture
    ):
        return False
    return k + 1 >= len(lines) or _is_sep(lines[k + 1]) or bool(_FURNITURE_RE.match(lines[k + 1]))


def _continuation(
    lines: list[str],
    end: int,
    taken: set[int],
    header: list[str],
    has_code: bool,
    last_code: str | None,
) -> tuple[list[int], list[int], int] | None:
    """Does the table ending at `end` go on after a page break? (furniture lines, header
    lines printed again, first body line) or None. It goes on when the header is printed
    again (identical, misspelt or reordered: most of its words) or, after a page number,
    with rows whose numbering follows the last row's."""
    furniture: list[int] = []
    k = end
    n = len(lines)
    while k < n and k not in taken and (_is_sep(lines[k]) or _page_line(lines, k, furniture)):
        if lines[k].strip() and lines[k].strip() != "|":
            furniture.append(k)
        k += 1
        if len(furniture) > 2:
            return None
    if k >= n or k in taken:
        return None
    again = _header_again(lines, k, taken, header)
    if again is not None:  # before a lone number can be read as the next row's code
        return furniture, *again
    if furniture and has_code and _LONE_PAGE_NUMBER_RE.fullmatch(lines[furniture[-1]].strip()):
        last = lines[furniture[-1]].strip()
        right_above = furniture[-1] + 1 == k  # a row's code is right above its label
        if right_above and plausible_next(last_code, last) and not is_value_line(lines[k].strip()):
            k = furniture.pop()  # the next row's code, not a page number
            if not furniture:
                return None
    if len(_header_run(lines, k, taken, header)) >= max(_MIN_HEADER, len(header) - 1):
        return None  # a header of another table
    if not furniture:
        return None
    first = lines[k].strip()
    if has_code:
        if parse_row_code(first) is None:
            if parse_lead_code(first) is None or first != last_code:
                return None  # a bullet goes on only after rows of that bullet
        elif not plausible_next(last_code, first):
            return None
        return furniture, [], k
    # No code column: a label line, then values (a caption or a title before another
    # table's header has none in its first lines).
    ahead = [lines[j].strip() for j in range(k, min(n, k + 8)) if not _is_sep(lines[j])][:4]
    if ahead and not is_value_line(ahead[0]) and sum(1 for t in ahead if is_value_line(t)) >= 2:
        return furniture, [], k
    return None


def _header_run(lines: list[str], k: int, taken: set[int], header: list[str]) -> list[int]:
    """The short word lines (and column codes) from `k`: a header printed again may be
    misspelt, down to a stray full stop, and print a spanning cell once for each column
    under it (misspelt differently in each), up to three times the first header's lines."""
    run: list[int] = []
    j = k
    while j < len(lines) and j not in taken and len(run) < 3 * len(header):
        t = lines[j].strip()
        if not (_is_header_word_line(t.rstrip(".")) or (t and is_column_code(t))):
            break
        run.append(j)
        j += 1
    return run


def _header_again(
    lines: list[str], k: int, taken: set[int], header: list[str]
) -> tuple[list[int], int] | None:
    """(header lines, first body line) when the header is printed again at `k`: as many
    short word lines as the header has, opening like a header, most words shared."""
    run = _header_run(lines, k, taken, header)
    k_text = lines[k].strip()
    after = run[-1] + 1 if run else len(lines)
    if (
        after < len(lines)
        and is_value_line(lines[after].strip())
        and not is_row_header_word(k_text)
    ):
        run.pop()  # the first row's label (rows without codes nor separators)
    if len(run) < max(_MIN_HEADER, len(header) - 1) or not _opens_header(lines[k].strip()):
        return None
    if header_similarity(header, [lines[r].strip() for r in run]) < 0.5:
        return None
    n = len(lines)
    j = run[-1] + 1
    while j < n and j not in taken and _is_sep(lines[j]) and lines[j].strip() != "|":
        j += 1
    if j < n and lines[j].strip() == "|":
        run.append(j)  # the bar that closes the header
        j += 1
    return run, j


def _body_end(
    lines: list[str],
    i: int,
    taken: set[int],
    bars: bool = False,
    head: str = "",
    untrimmed: list[int] | None = None,
) -> int:
    """The body runs while lines are short cells; trailing rows without values (a
    signature, a distribution list) and separators are left out (`untrimmed` gets the
    end before they are)."""
    end = i
    blanks = 0
    j = i
    last_value = i
    while j < len(lines) and j not in taken:
        s = lines[j].strip()
        if not s:
            blanks += 1
            if blanks > (40 if bars else 1):
                break
            j += 1
            continue
        blanks = 0
        if len(s) > _MAX_CELL or s.startswith(("#", "**")) or "\t" in s or "  " in s or s == head:
            break  # prose, a heading (bold), another layout, the header printed again
        if _FURNITURE_RE.match(s):
            break  # a page break: what follows is judged again
        if _opens_header(s) and _header_follows(lines, j + 1):
            break  # a header: this table's printed again, or the next table's
        if is_value_line(s):
            last_value = j
        end = j + 1
        j += 1
    if untrimmed is not None:
        untrimmed.append(end)
    if last_value < end - 1:
        end = last_value + 1
    if bars and end < len(lines) and lines[end].strip() == "|":
        end += 1  # the bar that closes the last row
    return end


def _header_follows(lines: list[str], j: int) -> bool:
    """The two lines from `j` are header cells (words, no values): a header goes on; or,
    a blank line before each, the cells of a header printed apart (tables_cells_grid)."""
    following = lines[j : j + 2]
    if len(following) == 2 and not following[0].strip():
        apart = lines[j : j + 4]
        following = [apart[1], apart[3]] if len(apart) == 4 and not apart[2].strip() else []
    return len(following) == 2 and all(_is_header_word_line(t.strip()) for t in following)


def _records(
    lines: list[str], start: int, end: int, bars: bool = False
) -> list[list[tuple[int, str]]]:
    """Lines grouped by separator (a blank or `|` line; only `|` with `bars`, where a
    blank line is an empty cell and stays in its row)."""
    out: list[list[tuple[int, str]]] = [[]]
    for k in range(start, end):
        if lines[k].strip() == "|" if bars else _is_sep(lines[k]):
            if out[-1]:
                out.append([])
            continue
        out[-1].append((k + 1, lines[k].strip()))
    if bars:  # a row's trailing blank lines are empty cells only up to the next row
        return [r for r in out if any(t for _, t in r)]
    return [r for r in out if r]


def parse_cell_table(
    lines: list[str], region: CellRegion, table_index: int
) -> tuple[Table, list[ParseIssue]]:
    issues: list[ParseIssue] = []
    grid = region.grid
    if grid is not None:  # rows read from the grid of cells (tables_cells_grid)
        header_lines = list(grid.header)
        codes = [t for _, t in header_lines if is_column_code(t)]
        words = [t for _, t in header_lines if not is_column_code(t)]
        has_code = grid.has_code
        rows_raw = list(grid.rows)
        positional = [list(p) for p in grid.positions]
    else:
        header_lines = [
            (k + 1, lines[k].strip())
            for k in range(region.start, region.header_end)
            if lines[k].strip() and lines[k].strip() != "|" and k not in region.furniture
        ]
        codes = [t for _, t in header_lines if is_column_code(t)]
        words = [t for _, t in header_lines if not is_column_code(t)]
        has_code = bool(words) and is_row_header_word(words[0])
        skip = set(region.furniture) | set(region.repeated)
        for f in region.furniture:  # the blank lines around a page number are the page's, no cells
            for step in (-1, 1):
                k = f + step
                while region.header_end <= k < region.end and not lines[k].strip():
                    skip.add(k)
                    k += step
        if skip:  # page furniture and the header printed again are no cells
            lines = [("|" if region.bars else "") if k in skip else t for k, t in enumerate(lines)]
        separated = any(
            _is_sep(lines[k]) for k in range(region.header_end, region.end) if k not in skip
        )
        # Rows: by separators when the copy has them, else by the shape of the lines.
        body = [
            (k + 1, lines[k].strip()) for k in range(region.header_end, region.end) if k not in skip
        ]
        groups = (
            _records(lines, region.header_end, region.end, region.bars) if separated else [body]
        )
        rows_raw: list[tuple[str | None, str | None, list[tuple[int, str]], int, int]] = []
        positional: list[list[int]] = []  # bars: the value columns of each row's values
        for group in groups:
            if region.bars:
                row, cols = _positional_row(group, has_code)
                rows_raw.append(row)
                positional.append(cols)
            elif separated:
                row, _ = _positional_row(group, has_code, skip_code=True)
                rows_raw.append(row)
            else:
                rows_raw.extend(_split_rows(group, has_code, separated))
    if grid is not None:
        value_count = grid.width - (2 if has_code else 1)
    elif region.bars:
        value_count = max((max(c) + 1 for c in positional if c), default=0)
    else:
        value_count = max((len(v) for _, _, v, _, _ in rows_raw), default=0)
    tops = words[(2 if has_code else 1) :]
    value_paths, fitted = fit_value_paths(tops, value_count)
    if not fitted:
        issues.append(
            ParseIssue(
                "header_not_aligned",
                "warning",
                f"{len(tops)} header lines could not be fitted to {value_count} value columns",
                header_lines[0][0] if header_lines else None,
                table_index,
            )
        )
    first_line = header_lines[0][0] if header_lines else region.start + 1
    lead_paths = [(words[0],) if has_code and words else (), ()]
    label_word = (
        words[1] if has_code and len(words) > 1 else (words[0] if words and not has_code else None)
    )
    lead_paths[1] = (label_word,) if label_word else ()
    # Column codes (`A`, `B`, `(1)` …): one a column, the code column's only if printed.
    code_cells = codes if len(codes) == (2 if has_code else 1) + value_count else []
    if code_cells and not has_code:
        code_cells = ["", *code_cells]
    columns = [
        Column(c, p, (code_cells[c] if c < len(code_cells) else None) or None, 0, first_line)
        for c, p in enumerate([*lead_paths, *value_paths])
    ]
    width = 2 + value_count
    classes = [column_class(c.header_path) for c in columns[2:]]
    full = [v for _, _, v, _, _ in rows_raw if len(v) == value_count]
    profiles: list[dict[str, float]] = []
    for col in range(value_count):
        kinds = [value_kind(v[col][1]) for v in full]
        profiles.append({k: kinds.count(k) / len(kinds) for k in set(kinds)} if kinds else {})
    span_groups = []
    for c in columns[2:]:
        top = c.header_path[0] if c.header_path else f"#{c.column_index}"
        span_groups.append(
            span_groups[-1]
            if span_groups and columns[1 + len(span_groups)].header_path[:1] == (top,)
            else len(span_groups)
        )
    # A part under its header printed in another column order: its value columns mapped
    # to the first header's by their words.
    remaps = {
        start: column_order(
            [" ".join(p) for p in value_paths],
            [" ".join(p) for p in again_paths(tops, again_tops(again, words, tops), value_count)],
        )
        for start, again in region.parts
    }
    for start, again in region.parts:
        if [fold(t) for t in again] != [fold(t) for _, t in header_lines]:
            order = remaps[start]
            how = f"; its columns are read in the first header's order {order}" if order else ""
            issues.append(repeated_header_differs("differs" + how, start, table_index))
    rows: list[Row] = []
    section: str | None = None
    last_path = value_paths[-1] if value_paths else ()
    notes_last = bool(last_path) and fold(last_path[-1]).startswith("ghi chu")

    def order_at(line: int) -> list[int] | None:  # a part's columns in the first order
        part = max((p for p in remaps if p <= line - 1), default=None)
        return remaps[part] if part is not None else None

    # Sums the full rows keep (a group's total beside its parts) place short rows' values.
    sums = learn_sums(
        [[parse_literal(t).value for _, t in v] for _, _, v, line, _ in rows_raw
         if len(v) == value_count and order_at(line) is None],
        value_count,
    )  # fmt: skip
    for r_index, (code_text, label, values, line, label_line) in enumerate(rows_raw):
        code = (lead_code if grid else parse_lead_code)(code_text) if code_text else None
        if region.bars or grid is not None:
            positions = positional[r_index]
        elif values and len(values) < value_count:
            if notes_last and len(values) == value_count - 1:
                # The note left blank, most often; printed where its part's header has it.
                order = order_at(line)
                note_at = order.index(value_count - 1) if order else value_count - 1
                positions = [p for p in range(value_count) if p != note_at]
            else:
                positions = align_values(
                    [t for _, t in values], classes, profiles, span_groups, label or ""
                )
                if order_at(line) is None:
                    numbers = [parse_literal(t).value for _, t in values]
                    positions = place_by_sums(numbers, value_count, sums, positions)
            issues.append(
                ParseIssue(
                    "values_aligned_by_kind",
                    "info",
                    f"{len(values)} of {value_count} values; placed in columns "
                    + ", ".join(str(p + 2) for p in positions),
                    line,
                    table_index,
                )
            )
        else:
            positions = list(range(len(values)))
        order = order_at(line) if values else None
        if order is not None:
            positions = [order[p] if p < len(order) else p for p in positions]
        cells: list[Cell] = []
        if code_text:
            cells.append(Cell(0, code_text, line))
        if label:
            cells.append(Cell(1, label, label_line))
        cells += sorted(
            (Cell(2 + p, values[v][1], values[v][0]) for v, p in enumerate(positions)),
            key=lambda c: c.column_index,
        )
        kind, section = row_kind(code, label, section)
        rows.append(
            Row(
                len(rows),
                line,
                tuple(cells),
                code.printed if code else None,
                code.normalised if code else None,
                label,
                kind,
                section,
            )
        )
    last = max((c.source_line for r in rows for c in r.cells), default=first_line)
    table = Table(
        table_index=table_index,
        layout=LAYOUT,
        line_start=first_line,
        line_end=last,
        columns=columns[:width],
        rows=rows,
        header_row_count=len(header_lines),
    )
    return table, issues


def _positional_row(
    group: list[tuple[int, str]], has_code: bool, skip_code: bool = False
) -> tuple[tuple[str | None, str | None, list[tuple[int, str]], int], list[int]]:
    """A row between `|` lines: one line a column, a blank line an empty cell. With
    `skip_code` (rows between blank lines, empty cells left out) a first line that is
    not a row code is the label."""
    if skip_code and has_code and not _leads_with_code(group):
        has_code = False
        row, cols = _positional_row(group, False)
        return row, cols
    lead = 2 if has_code else 1
    first = next((no for no, t in group if t), group[0][0])
    code = group[0][1] or None if has_code else None
    label = group[lead - 1][1] or None if len(group) >= lead else None
    label_no = group[lead - 1][0] if len(group) >= lead else first
    values: list[tuple[int, str]] = []
    cols: list[int] = []
    for pos, (no, text) in enumerate(group[lead:]):
        if text:
            values.append((no, text))
            cols.append(pos)
    return (code, label, values, first, label_no), cols


def _leads_with_code(group: list[tuple[int, str]]) -> bool:
    """A row's first line is its code: a row code, or a bullet before a label line."""
    first = group[0][1]
    if parse_row_code(first):
        return True
    return len(group) > 1 and parse_lead_code(first) is not None and not is_value_line(group[1][1])


def _split_rows(
    group: list[tuple[int, str]], has_code: bool, separated: bool
) -> list[tuple[str | None, str | None, list[tuple[int, str]], int, int]]:
    """(code, label, value lines, first line, label line) of the rows in a run of cell
    lines without separators: a row opens at a row code followed by a label line, or
    at a label (a line that is no number) after a row that has values."""
    out: list[tuple[str | None, str | None, list[tuple[int, str]], int, int]] = []
    code: str | None = None
    label: str | None = None
    label_no = 0
    values: list[tuple[int, str]] = []
    first = 0
    last_code: str | None = None
    for i, (no, text) in enumerate(group):
        value = is_value_line(text)
        nxt = group[i + 1][1] if i + 1 < len(group) else None
        if (
            has_code
            and parse_row_code(text) is not None
            and nxt is not None
            and not is_value_line(nxt)
            and (code is not None or label is not None or values or not out)
            and (not (values or label) or plausible_next(last_code, text))
        ):
            last_code = text
            if code is not None or label is not None or values:
                out.append((code, label, values, first, label_no or first))
            code, label, values, first, label_no = text, None, [], no, 0
            continue
        if not value:
            if label is None and not values:
                label, label_no = text, no
                first = first or no
                continue
            if code is not None or label is not None or values:
                out.append((code, label, values, first, label_no or first))
            code, label, values, first, label_no = None, text, [], no, no
            continue
        values.append((no, text))
        first = first or no
    if code is not None or label is not None or values:
        out.append((code, label, values, first, label_no or first))
    return out
