"""Header paths of a table copied one cell a line: its header cells, listed row by row,
fitted to the value columns its rows have; the header printed again after a page break
(misspelt, reordered, a spanning cell printed once for each column under it)."""

from __future__ import annotations

from itertools import pairwise

from ingest.header_tree import flat_header_layout, flat_header_paths
from ingest.headers import header_similarity, is_column_code, repeats_every, spread_groups
from ingest.rowcodes import is_total_label
from ingest.text import fold


def fit_header(cells: list[str], value_count: int) -> tuple[list[tuple[str, ...]], bool]:
    """Header paths of the value columns from header cells listed row by row: the top
    row (p cells, the first m of them spanning s sub-columns each), then the sub-row.
    m = cells - value columns; the fewest top cells that give every spanning cell two
    sub-columns or more (and the same sub-columns under each) win."""
    n = len(cells)
    if n == value_count:
        return [(c,) for c in cells], True
    m = n - value_count
    if m > 0:
        for p in range(m, n):
            q = n - p
            if q % m or q // m < 2:
                continue
            s = q // m
            tops, subs = cells[:p], cells[p:]
            if m > 1 and not repeats_every(subs, s):
                continue
            return spread_groups(tops, subs, [s] * m), True
        # Sub-columns of unequal number: each group opens with its total ("Tổng số").
        starts = [i for i, c in enumerate(cells) if i and is_total_label(c)]
        if starts:
            p = starts[0]
            bounds = [*starts, n]
            groups = [cells[a:b] for a, b in pairwise(bounds)]
            if len(groups) <= p and (p - len(groups)) + (n - p) == value_count:
                paths = []
                for g, t in enumerate(cells[:p]):
                    if g < len(groups):
                        paths.extend((t, sub) for sub in groups[g])
                    else:
                        paths.append((t,))
                return paths, True
    flat = [(c,) for c in cells[:value_count]]
    return flat + [()] * (value_count - len(flat)), False


def value_paths(cells: list[str], value_count: int) -> tuple[list[tuple[str, ...]], bool]:
    """Header paths of the value columns: the header tree the listed cells lay out
    (header_tree.flat_header_paths), else the two-row fit."""
    paths = flat_header_paths(cells, value_count)
    return (paths, True) if paths is not None else fit_header(cells, value_count)


def again_paths(tops: list[str], again: list[str], value_count: int) -> list[tuple[str, ...]]:
    """Paths of a header printed again after a page break: laid out like the first one
    when it has as many cells (its cells misspelt or swapped), else on its own."""
    if len(again) > len(tops):
        again = merge_split_cells(tops, again)
    layout = flat_header_layout(tops, value_count) if len(again) == len(tops) else None
    if layout is not None:
        return [tuple(again[c] for c in p) for p in layout]
    return value_paths(again, value_count)[0]


def merge_split_cells(tops: list[str], again: list[str]) -> list[str]:
    """A spanning cell printed again once for each column under it (misspelt differently
    in each, so no longer one cell) is one cell: neighbours closest to the same cell of
    the first header are merged when that gives the first header's number of cells."""
    closest = [
        max(range(len(tops)), key=lambda i: (header_similarity([tops[i]], [cell]), -i))
        for cell in again
    ]
    merged = [c for k, c in enumerate(again) if k == 0 or closest[k] != closest[k - 1]]
    return merged if len(merged) == len(tops) else again


def again_tops(again: tuple[str, ...], words: list[str], tops: list[str]) -> list[str]:
    """The value columns' cells of a header printed again: its column codes (`A`, `(1)`),
    printed in their order whatever the order of the cells above, left out like the first
    header's, and as many lead cells as the first header has."""
    cells = [t for t in again if not is_column_code(t)]
    return cells[len(words) - len(tops) :]


def column_order(first: list[str], again: list[str]) -> list[int] | None:
    """Position in `first` of each cell of `again` (the same header cells in another order,
    perhaps misspelt); None when they are in the same order or do not pair up."""
    if len(first) != len(again) or not first:
        return None
    keys = [fold(c) for c in first]
    slots: list[int | None] = [None] * len(again)
    free = set(range(len(first)))
    for k, cell in enumerate(again):  # the cells printed alike first, then the misspelt ones
        exact = next((i for i in sorted(free) if keys[i] == fold(cell)), None)
        if exact is not None:
            slots[k] = exact
            free.discard(exact)
    for k, cell in enumerate(again):
        if slots[k] is not None:
            continue
        best = max(free, key=lambda i: (header_similarity([first[i]], [cell]), -i))
        if header_similarity([first[best]], [cell]) < 0.5:
            return None
        slots[k] = best
        free.discard(best)
    order = [i for i in slots if i is not None]
    return None if order == list(range(len(first))) else order
