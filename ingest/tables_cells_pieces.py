"""One cell a line, in cell pieces: an HTML table whose every line break inside a cell
became a line, and whose cell's last piece is glued to the next cell's first.

    Xếp hạng DTI Tỉnh, thành phố Xếp hạng CQS Xếp hạng KTS      <- the header on one line
    1                                                          <- `1` / `(0,6419)`: one cell
    (0,6419)
    TP. Đà Nẵng 1                                              <- the label glued to the
    (0,6868)                                                      next cell's first piece
    …

The header's cells come from its repeated opening words (split_header_line); rows are as
many cells as it has, each opening with the next rank (ties repeat it); a row one cell
short holds the glued label, split where its value begins. The grid is read into rows by
tables_cells_grid.grid_rows like a table with its cells apart.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from ingest.cell_lines import is_header_word_line
from ingest.tables_cells_grid import (
    INDEX,
    MAX_HEADER_CELLS,
    Grid,
    Piece,
    cell_line,
    grid_rows,
    lead_code,
    next_code,
)

_INDEX_PIECE_RE = re.compile(INDEX)  # `(0,6419)`: an index printed under its rank
# A label glued to the first piece of the next cell: `TP. Đà Nẵng 1 (0,6868)`.
_GLUED_RE = re.compile(rf"(.*[^\W\d_].*?[^\s\d])\s+(\d{{1,3}}(?:\s*{INDEX})?)")


def split_header_line(text: str) -> list[str] | None:
    """The cells of a header printed on one line, when its cells name parallel columns
    with the same opening words (`Xếp hạng DTI … Xếp hạng CQS Xếp hạng KTS`): a cell at
    each occurrence of the opening, as many words after it as most of them have; the
    words after a longer one are a cell of their own. None without such an opening."""
    words = text.split()
    for size in (2, 1):
        grams = Counter(tuple(w.lower() for w in words[p : p + size]) for p in range(len(words)))
        gram, count = grams.most_common(1)[0] if grams else ((), 0)
        if count < 3 or not any(ch.isalpha() for ch in " ".join(gram)):
            continue
        starts = [
            p for p in range(len(words)) if tuple(w.lower() for w in words[p : p + size]) == gram
        ]
        bounds = [*starts, len(words)]
        segments = [words[a:b] for a, b in pairwise(bounds)]
        tail = Counter(len(s) - size for s in segments).most_common(1)[0][0]
        if tail < 1:
            continue
        cells = [" ".join(words[: starts[0]])] if starts[0] else []
        for seg in segments:
            cells.append(" ".join(seg[: size + tail]))
            if len(seg) > size + tail:
                cells.append(" ".join(seg[size + tail :]))
        return cells
    return None


def index_pieces(lines: list[str], taken: set[int]) -> list[int]:
    """Lines that are an index printed under its rank, `(0,6419)`: where a table of cell
    pieces may be (the one pass over the text that such a table costs when there is none)."""
    found = [k for k, line in enumerate(lines) if line[:1] == "(" and line[1:2].isdigit()]
    return [k for k in found if k not in taken and _INDEX_PIECE_RE.fullmatch(lines[k].strip())]


def grid_pieces(lines: list[str], p: int, taken: set[int]) -> tuple[int, Grid] | None:
    """(header line, table) of the cell pieces around the index piece at `p`: the header
    is the line right above the first row, whose code cell opens within a row's reach
    above `p`."""
    for q in range(p - 1, max(0, p - 2 * MAX_HEADER_CELLS), -1):
        s = lines[q].strip()
        if q in taken or not cell_line(s):
            return None
        if q == 0 or q - 1 in taken or not next_code(None, s):
            continue
        head = lines[q - 1].strip()
        cells = split_header_line(head) if is_header_word_line(head) else None
        if cells is None or not 3 <= len(cells) <= MAX_HEADER_CELLS:
            continue
        grid = _pieces_rows(lines, q, taken, cells)
        if grid is not None:
            return q - 1, grid
    return None


def _pieces_rows(lines: list[str], start: int, taken: set[int], header: list[str]) -> Grid | None:
    """The rows of cell pieces from `start` (the header on the line above): an index
    piece goes with the line above; a row one cell short holds a label glued to the next
    cell's first piece, split there."""
    width = len(header)
    cells: list[Piece] = []
    k = start
    while k < len(lines) and k not in taken and cell_line(s := lines[k].strip()):
        if _INDEX_PIECE_RE.fullmatch(s) and cells:
            cells[-1] = (cells[-1][0], f"{cells[-1][1]} {s}", k + 1)
        else:
            cells.append((k + 1, s, k + 1))
        k += 1
    body: list[Piece | None] = []
    i = 0
    last: str | None = None
    while i < len(cells) and next_code(last, cells[i][1]):
        code = lead_code(cells[i][1])
        assert code is not None  # next_code read it
        nxt = i + width
        if nxt == len(cells) or (nxt < len(cells) and next_code(code.normalised, cells[nxt][1])):
            row: list[Piece] | None = cells[i:nxt]
        else:
            nxt -= 1
            row = _unglue(cells[i:nxt]) if nxt <= len(cells) else None
            if row is None or (nxt < len(cells) and not next_code(code.normalised, cells[nxt][1])):
                break
        body += row
        last = code.normalised
        i = nxt
    head = tuple((start, c) for c in header)  # the line above `start`, 1-based
    return grid_rows(head, True, body, width)


def _unglue(row: list[Piece]) -> list[Piece] | None:
    """A row one cell short with one text cell that ends in a value: split there."""
    glued = [c for c, cell in enumerate(row) if c and _GLUED_RE.fullmatch(cell[1])]
    if len(glued) != 1:
        return None
    c = glued[0]
    line, text, stop = row[c]
    m = _GLUED_RE.fullmatch(text)
    assert m is not None
    return [*row[:c], (line, m.group(1), line), (line, m.group(2), stop), *row[c + 1 :]]
