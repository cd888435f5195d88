"""Header rows of a table copied from a web page with one space between cells.

`ingest/tables_spaced.py` finds the rows and knows how many columns they have; here the
header lines above them are cut into cells and fitted to that count: one row, two rows
whose second holds the sub-cells of a run of top cells, three rows (the tree
`header_tree` finds), or a header printed piece by piece over lines. Every function
returns each fit it finds; choosing among them is the caller's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from ingest.header_tree import flat_header_layout
from ingest.headers import repeats_every, spread_groups
from ingest.text import fold

_MAX_CELL_WORDS = 20
_OF_WHICH = ("trong do", "chia ra", "bao gom")
_BARE_TOTALS = frozenset({"tong", "tong so", "tong cong", "cong"})
_ROMAN_RE = re.compile(r"[IVXL]+")


def _opens(word: str, prev: str, acronyms: bool) -> bool:
    first = word[:1]
    if first.isupper() and not (len(word) > 1 and word.isupper()):
        return not _ROMAN_RE.fullmatch(word)
    if not acronyms:
        return False
    if first == "%":
        return True
    # An abbreviation after a word in lower case ends its cell (`qua BCCI`, `Hồ sơ DVC`);
    # after a `%` or a number it opens the next one (`DVC % DVC %`).
    return (
        len(word) > 1
        and word.isupper()
        and not _ROMAN_RE.fullmatch(word)
        and not any(ch.isalpha() for ch in prev)
    )


def split_cells(text: str, acronyms: bool) -> list[str]:
    """A header row's cells: cut before each word that opens with a capital (and, with
    `acronyms`, before an abbreviation such as `DVC` or a `%`). Digits and words in
    lower case never open a cell: `Quý 1`, `Cơ quan, đơn vị`."""
    pieces: list[str] = []
    prev = ""
    for word in text.split():
        if pieces and not _opens(word, prev, acronyms):
            pieces[-1] = f"{pieces[-1]} {word}"
        else:
            pieces.append(word)
        prev = word
    return pieces


def _cuts(text: str) -> list[list[str]]:
    a, b = split_cells(text, False), split_cells(text, True)
    return [a] if a == b else [a, b]


def _plain_cells(cells: Sequence[str]) -> bool:
    return all(len(c.split()) <= _MAX_CELL_WORDS for c in cells)


def _shares_word(cells: Sequence[str]) -> bool:
    words = [set(fold(c).split()) for c in cells]
    common = set.intersection(*words) if words else set()
    return bool(common)


def _group_start(top: Sequence[str], g: int, fixed: int) -> int | None:
    """Where the run of g top cells that span the second row starts: never over the
    label's own cell (the first `fixed` cells) or a bare total; the one admissible run,
    else the one whose cells share a word (`Sớm hạn`, `Quá hạn`), else an
    of-which cell (`Trong đó`) for a lone group. None when that leaves a choice."""
    starts = [
        a
        for a in range(fixed, len(top) - g + 1)
        if not any(fold(c).strip(" :.") in _BARE_TOTALS for c in top[a : a + g])
    ]
    if len(starts) > 1 and g > 1:
        starts = [a for a in starts if _shares_word(top[a : a + g])]
    if len(starts) > 1 and g == 1:
        starts = [a for a in starts if fold(top[a]).startswith(_OF_WHICH)]
    return starts[0] if len(starts) == 1 else None


def _sub_groups(sub: Sequence[str], g: int) -> list[int] | None:
    """Sizes of the g runs of sub-cells: equal runs of the same cells (`Tổng %`), or runs
    that each open with a bare total (`Tổng số Trực tuyến …`, `Tổng số Sớm hạn …`)."""
    if len(sub) % g == 0 and len(sub) // g >= 2 and (g == 1 or repeats_every(sub, len(sub) // g)):
        return [len(sub) // g] * g
    opens = [i for i, c in enumerate(sub) if fold(c).strip(" :.") in _BARE_TOTALS]
    if g < 2 or len(opens) != g or opens[0] != 0:
        return None
    sizes = [b - a for a, b in zip(opens, [*opens[1:], len(sub)], strict=True)]
    return sizes if min(sizes) >= 2 else None


def _fit_two_rows(
    top: Sequence[str], sub: Sequence[str], leaves: int, fixed: int
) -> list[tuple[str, ...]] | None:
    """Paths of `leaves` columns from a top row and a row of sub-cells under a run of its
    cells (see `_sub_groups`)."""
    g = len(top) + len(sub) - leaves
    if g < 1:
        return None
    sizes = _sub_groups(sub, g)
    if sizes is None:
        return None
    a = _group_start(top, g, fixed)
    if a is None:
        return None
    return spread_groups(top, sub, sizes, start=a)


def _fit_three_rows(
    rows: Sequence[Sequence[str]], leaves: int, named: int
) -> list[tuple[str, ...]] | None:
    """Paths of `leaves` columns from three header rows: the tree `header_tree` finds for
    their value cells listed row by row, kept only when each path goes down the rows
    (a top-row cell first, then cells of lower rows)."""
    top = list(rows[0][named:])
    cells = top + list(rows[1]) + list(rows[2])
    layout = flat_header_layout(cells, leaves - named)
    if layout is None:
        return None
    first_sub, first_low = len(top), len(top) + len(rows[1])

    def row_of(i: int) -> int:
        return 0 if i < first_sub else (1 if i < first_low else 2)

    for path in layout:
        levels = [row_of(i) for i in path]
        if levels[0] != 0 or any(b <= a for a, b in pairwise(levels)):
            return None
    return [(c,) for c in rows[0][:named]] + [tuple(cells[i] for i in p) for p in layout]


def _block_cells(lines: Sequence[str]) -> list[str]:
    """The cells of a header printed over many lines, one HTML cell piece by piece: the
    lines' cells in order, where a cell that ends several lines (`Điểm`) is the first
    line of a cell broken in two and joins the first cell of the next line."""
    per_line = [split_cells(x, False) for x in lines]
    enders: dict[str, int] = {}
    for cells in per_line[:-1]:
        enders[fold(cells[-1])] = enders.get(fold(cells[-1]), 0) + 1
    out: list[str] = []
    carry = ""
    for k, cells in enumerate(per_line):
        cells = list(cells)
        if carry:
            cells[0] = f"{carry} {cells[0]}"
            carry = ""
        if k + 1 < len(per_line) and enders[fold(per_line[k][-1])] >= 2:
            carry = cells.pop()
        out.extend(cells)
    return out


def header_fits(
    lines: list[str], above: list[int], leaves: int, named: int, rows: int, skip: int
) -> list[tuple[list[tuple[str, ...]], int]]:
    """(paths of the `leaves` header columns, first header line) for each way the header
    lines above fit; `named`: how many of the first cells head the code/label columns."""
    fits: list[tuple[list[tuple[str, ...]], int]] = []
    last = above[-1]
    for cells in _cuts(lines[last]):
        if len(cells) == leaves and len(cells) >= 2 and rows >= 2 and _plain_cells(cells):
            fits.append(([(c,) for c in cells], last))
    if len(above) >= 2:
        upper = above[-2]
        for top in _cuts(lines[upper]):
            for sub in _cuts(lines[last]):
                if len(top) < 2 or not _plain_cells(top) or not _plain_cells(sub):
                    continue
                paths = _fit_two_rows(top, sub, leaves, named)
                if paths is not None:
                    fits.append((paths, upper))
    if len(above) >= 3:
        for r0 in _cuts(lines[above[-3]]):
            for r1 in _cuts(lines[above[-2]]):
                for r2 in _cuts(lines[last]):
                    if len(r0) < 2 or not all(_plain_cells(r) for r in (r0, r1, r2)):
                        continue
                    paths = _fit_three_rows((r0, r1, r2), leaves, named)
                    if paths is not None:
                        fits.append((paths, above[-3]))
    if fits or skip:
        return fits
    if len(above) >= 3:  # a header printed piece by piece: the lines up to a blank one
        cells = _block_cells([lines[k] for k in above])
        if len(cells) == leaves and rows >= 2 and all(len(c) <= 80 for c in cells):
            fits.append(([(c,) for c in cells], above[0]))
    return fits


def grid_rows(paths: Sequence[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Header rows, one cell a column: a spanning cell's text in its first column only."""
    out = []
    for level in range(max(len(p) for p in paths)):
        row = []
        for c, p in enumerate(paths):
            opens = level < len(p) and (c == 0 or paths[c - 1][: level + 1] != p[: level + 1])
            row.append(p[level] if opens else "")
        out.append(tuple(row))
    return out
