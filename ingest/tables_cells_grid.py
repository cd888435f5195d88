"""One cell a line, read as a grid: the copy of an HTML table that prints every cell apart
(each cell its own paragraph): a blank line between cells, a cell printed over two lines
(a header cell wrapped, `value` / `(index)`) with no blank line inside, one more blank
line for each empty cell.

    TT                          1
                                                <- the rows follow one another as the
    Tỉnh, thành phố trực thuộc  Thừa Thiên - Huế   header's cells do: no separator
    Trung ương                                     tells where a row ends
                                01 (0,727)
    Năm 2017

Row boundaries come from the grid only: the row width (the header's cell count, or fewer
when the header has spanning cells or column codes: the width whose rows hold longest)
and the row codes that open the rows (1, 2, 3 …, a tie repeats the code, a section's
roman numeral may restart them), never from the words of the cells. A row that does not
open with the next code (without codes: a label, then values) ends the table; the rows
read stop at the last complete one. A page break falls between rows: its page number and
the header printed again are no cells. The same rows are read from cell pieces under a
one-line header (tables_cells_pieces).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.cell_lines import (
    FURNITURE_RE,
    MAX_CELL,
    is_header_word_line,
    is_value_line,
    opens_header,
)
from ingest.headers import is_column_code
from ingest.rowcodes import RowCode, is_row_header_word, parse_lead_code, parse_row_code
from ingest.tables_pdf import plausible_next
from ingest.text import fold

# `01 (0,727)`: a rank with its index; `(0,6419)`: the index printed under its rank.
INDEX = r"\((?:\d+(?:[.,]\d+)?)\)"
_RANK_RE = re.compile(rf"(\d{{1,3}})\s*{INDEX}")
_LONE_NUMBER_RE = re.compile(r"\d{1,3}")
_MAX_PIECES = 3  # lines of one cell
MAX_HEADER_CELLS = 20

# (code cell, label, values (line, text), first line, label line)
RawRow = tuple[str | None, str | None, list[tuple[int, str]], int, int]
# (first line 1-based, text, first line after the cell 0-based); None: an empty cell
Piece = tuple[int, str, int]


@dataclass(frozen=True, slots=True)
class Grid:
    header: tuple[tuple[int, str], ...]  # (line, text) of each header cell, 1-based
    has_code: bool
    rows: tuple[RawRow, ...]
    positions: tuple[tuple[int, ...], ...]  # value column of each row's values
    width: int  # cells a row
    end: int  # first line after the table (0-based)
    furniture: tuple[int, ...] = ()  # page numbers among the cells (0-based lines)
    repeated: tuple[int, ...] = ()  # the header printed again after a page break
    parts: tuple[tuple[int, tuple[str, ...]], ...] = ()  # as CellRegion.parts


def is_grid_value(s: str) -> bool:
    return is_value_line(s) or bool(_RANK_RE.fullmatch(s))


def lead_code(text: str) -> RowCode | None:
    """The row code of a code cell: a code, or the rank of `rank (index)`."""
    code = parse_lead_code(text)
    if code is None and (m := _RANK_RE.fullmatch(text.strip())):
        code = parse_row_code(m.group(1))
    return code


def next_code(prev: str | None, text: str, restart: bool = False) -> bool:
    """`text` opens the row after the one numbered `prev`: the next number, or a tie, or
    (`restart`: after a section's code) 1 again; a section's letter or roman numeral, or a
    bullet, opens a row anywhere."""
    code = lead_code(text)
    if code is None:
        return False
    if code.style in ("roman", "letter", "bullet"):
        return True
    if prev is not None and code.normalised == prev:
        return True
    return plausible_next(prev, code.printed) or (restart and plausible_next(None, code.printed))


def _numbered(text: str, prev: str | None) -> str | None:
    """The number the next row follows: this row's, unless it is a section's or a bullet."""
    code = lead_code(text)
    if code is None or code.style in ("roman", "letter", "bullet"):
        return prev
    return code.normalised


def cell_line(s: str) -> bool:
    return bool(s) and len(s) <= MAX_CELL and "\t" not in s and "  " not in s and s != "|"


def _cells_apart(lines: list[str], i: int, taken: set[int]) -> list[tuple[int, int, str, int]]:
    """(first line, line count, text, blank lines before) of the cells from `i`, up to a
    line that is no cell or a blank run of more than `MAX_HEADER_CELLS` lines."""
    out: list[tuple[int, int, str, int]] = []
    n = len(lines)
    blanks = 0
    k = i
    while k < n and k not in taken:
        s = lines[k].strip()
        if not s:
            blanks += 1
            if blanks > MAX_HEADER_CELLS:
                break
            k += 1
            continue
        if not cell_line(s):
            break
        j = k + 1
        while j < n and j not in taken and lines[j].strip() and j - k < _MAX_PIECES + 1:
            j += 1
        pieces = [lines[p].strip() for p in range(k, j)]
        if len(pieces) > _MAX_PIECES or not all(cell_line(p) for p in pieces):
            break
        out.append((k, j - k, " ".join(pieces), blanks))
        blanks = 0
        k = j
    return out


def grid_apart(lines: list[str], k: int, taken: set[int]) -> Grid | None:
    """The table whose header opens at `k` with its cells apart (a blank line after the
    row-number or unit cell), or None. The row width is the one whose rows open with the
    next code (hold values) the longest: a header with spanning cells or column codes
    (`A`, `(1)`) has more cells than a row."""
    cells = _cells_apart(lines, k, taken)
    header: list[tuple[int, str]] = []
    for c, (first, count, text, blanks) in enumerate(cells):
        words = all(is_header_word_line(lines[p].strip()) for p in range(first, first + count))
        coded = count == 1 and is_column_code(text)
        if (
            coded
            and parse_row_code(text)
            and c + 1 < len(cells)
            and not is_column_code(cells[c + 1][2])
        ):
            # Column codes close a header: a letter before words is a section's code.
            coded = words = not is_header_word_line(cells[c + 1][2])
        if not (words or coded) or (header and not coded and is_column_code(header[-1][1])):
            break  # column codes close a header
        if (header and blanks != 1) or len(header) >= 2 * MAX_HEADER_CELLS:
            break
        header.append((first + 1, text))
    if len(header) < 3:
        return None
    has_code = is_row_header_word(header[0][1])
    lead = 2 if has_code else 1
    best: Grid | None = None
    # The last header cell may be the first row's: a column code `I` its code (a roman
    # numeral), a word line its label when there is no code column (a section's label
    # has no values). The reading with the most rows wins; on a tie, the whole header.
    ends = parse_row_code(header[-1][1]) or not has_code
    trailing = 0  # blank lines after the last cell
    stop = cells[-1][0] + cells[-1][1]
    while stop + trailing < len(lines) and not lines[stop + trailing].strip() and trailing < 99:
        trailing += 1
    for size in (len(header), len(header) - 1) if ends else (len(header),):
        named = sum(1 for _, t in header[:size] if not is_column_code(t))
        for width in range(lead + 1, named + 1):
            texts = [t for _, t in header[:size]]
            body, breaks = _body_apart(cells[size:], width, texts, has_code, trailing)
            grid = grid_rows(tuple(header[:size]), has_code, body, width, breaks)
            if grid is not None and (
                best is None
                or len(grid.rows) > len(best.rows)
                or (len(grid.rows) == len(best.rows) and len(grid.header) == len(best.header))
            ):
                best = grid
    return best


@dataclass(slots=True)
class _Breaks:
    """What a page break leaves among the cells (0-based lines)."""

    furniture: list[int] = field(default_factory=list)
    repeated: list[int] = field(default_factory=list)
    parts: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)


def _body_apart(
    cells: list[tuple[int, int, str, int]],
    width: int,
    header: list[str],
    has_code: bool,
    trailing: int,
) -> tuple[list[Piece | None], _Breaks]:
    """The body's cells: one more blank line than one before a cell is an empty cell. A
    page break falls between rows: its page number, and the header printed again after
    it, are no cells, and the row before it ends there (its last cells empty)."""
    body: list[Piece | None] = []
    breaks = _Breaks()
    c = 0
    after_page = False
    while c < len(cells):
        first, count, text, blanks = cells[c]
        nxt = cells[c + 1][2] if c + 1 < len(cells) else ""
        # A lone page number has a blank line more around it, after the row's last cell.
        boundary = blanks >= 2 and (len(body) + blanks - 2) % width == 0
        if (
            body
            and count == 1
            and (blanks >= 2 or not text.isdigit())
            and _is_page_line(text, nxt, header, has_code and boundary)
        ):
            breaks.furniture.append(first)
            c += 1
            again = _header_again(cells, c, header, has_code)
            if again:
                # The header printed again (misspelt, reordered, a spanning cell printed
                # once for each column under it).
                breaks.repeated += [p for a, n, _, _ in again for p in range(a, a + n)]
                c += len(again)
                if c < len(cells):
                    breaks.parts.append((cells[c][0], tuple(t for _, _, t, _ in again)))
            body += [None] * (-len(body) % width)
            after_page = True
            continue
        if body and blanks > width and not after_page:
            break  # a whole row left empty: the table has ended
        if not after_page:
            body += [None] * max(0, blanks - 1)
        if len(body) % width == 0 and opens_header(text) and is_header_word_line(nxt):
            break  # the next table's header, where a row would start
        after_page = False
        body.append((first + 1, text, first + count))
        c += 1
    # The last row's last cells empty: as many blank lines more after it.
    after = cells[c][3] if c < len(cells) else trailing
    missing = -len(body) % width
    if missing and after > missing:
        body += [None] * missing
    return body, breaks


def _header_again(
    cells: list[tuple[int, int, str, int]], c: int, header: list[str], has_code: bool
) -> list[tuple[int, int, str, int]]:
    """The cells of the header printed again from `c` (after a page number), or []: with
    a code column, the header's word cells up to the next row code (a spanning cell may
    be printed once for each column under it); else as many cells as the header has."""
    if c >= len(cells) or not _reprinted(cells[c][2], header):
        return []
    limit = c + (3 * len(header) if has_code else len(header))
    j = c
    while j < min(limit, len(cells)):
        t = cells[j][2]
        if not (is_column_code(t) or is_header_word_line(t.rstrip("."))):
            break
        j += 1
    if j == len(cells) or (has_code and lead_code(cells[j][2]) is None):
        return []
    return cells[c:j] if has_code or j - c == len(header) else []


def _is_page_line(text: str, nxt: str, header: list[str], before_code: bool) -> bool:
    """Page furniture among the cells: a worded page number, or a lone number before the
    header printed again or (`before_code`: between rows with codes) the next row's code."""
    if FURNITURE_RE.match(text):
        return True
    if not _LONE_NUMBER_RE.fullmatch(text):
        return False
    return (_reprinted(nxt, header) and opens_header(nxt)) or (
        before_code and parse_row_code(nxt) is not None
    )


def _reprinted(text: str, header: list[str]) -> bool:
    return (
        is_column_code(text)
        or (is_header_word_line(text) and opens_header(text))
        or any(fold(text) == fold(h) for h in header)
    )


def grid_rows(
    header: tuple[tuple[int, str], ...],
    has_code: bool,
    body: list[Piece | None],
    width: int,
    breaks: _Breaks | None = None,
) -> Grid | None:
    """Rows of `width` cells while each opens with the next code (a label with no code
    column) and holds values where the values are."""
    lead = 2 if has_code else 1
    rows: list[RawRow] = []
    positions: list[tuple[int, ...]] = []
    last: str | None = None
    restart = False
    end = 0
    for i in range(0, len(body) - width + 1, width):
        cells = body[i : i + width]
        code = cells[0] if has_code else None
        if has_code and code is not None:
            if not next_code(last, code[1], restart):
                break
            last, restart = _numbered(code[1], last), _numbered(code[1], None) is None
        label = cells[lead - 1]
        if label is not None and is_grid_value(label[1]) and not has_code:
            break  # (with codes, a unit named by a number: `Quận 8` printed `8`)
        if code is None and label is None:
            break  # a row has its code or its label (a total)
        values = [(c, cell) for c, cell in enumerate(cells[lead:]) if cell is not None]
        valued = any(is_grid_value(cell[1]) for _, cell in values)
        if values and not valued and not has_code:
            break  # without codes, a row is a label and values (a unit or a note beside)
        filled = [c for c in cells if c is not None]
        if not filled:
            break
        first = filled[0][0]
        rows.append(
            (
                code[1] if code else None,
                label[1] if label else None,
                [(cell[0], cell[1]) for _, cell in values],
                first,
                label[0] if label else first,
            )
        )
        positions.append(tuple(c for c, _ in values))
        end = max(c[2] for c in filled)
    if sum(1 for _, _, v, _, _ in rows if any(is_grid_value(t) for _, t in v)) < 2:
        return None
    breaks = breaks or _Breaks()
    return Grid(
        header,
        has_code,
        tuple(rows),
        tuple(positions),
        width,
        end,
        tuple(f for f in breaks.furniture if f < end),
        tuple(r for r in breaks.repeated if r < end),
        tuple(p for p in breaks.parts if p[0] < end),
    )
