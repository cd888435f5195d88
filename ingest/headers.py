"""Multi-row table headers -> one header path per column.

A header cell spans to the right over empty cells until the next non-empty cell
of its row, but never beyond the span of the cell above it (its parent). So

    STT | Tên đơn vị | Tổng hồ sơ nhận giải quyết |          |          | …
        |            | Tổng số                    | Trong đó |          | Kỳ trước chuyên sang
        |            |                            | Thực tuyến | Thực tiếp, qua BCCI |

gives column 3 the path ("Tổng hồ sơ nhận giải quyết", "Trong đó", "Thực tuyến").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import combinations, islice, pairwise

from ingest.text import fold

_COLUMN_CODE_RE = re.compile(r"^(?:[A-ZĐ]|\(\d{1,2}\)(?:\s*=.*)?)$")


def is_column_code(text: str) -> bool:
    return bool(_COLUMN_CODE_RE.match(text.strip()))


def is_column_code_row(cells: Sequence[str]) -> bool:
    """'A | B | (1) | (2) | (3) = (1)+(2)': the row numbering the columns."""
    filled = [c for c in cells if c.strip()]
    if len(filled) < 3:
        return False
    coded = sum(1 for c in filled if is_column_code(c))
    return coded / len(filled) >= 0.8


def header_paths(rows: Sequence[Sequence[str]], width: int) -> list[tuple[str, ...]]:
    """Header path for each of `width` columns from header rows (cells already cleaned)."""
    return list(_header_paths(tuple(tuple(r) for r in rows), width))


@lru_cache(maxsize=1024)  # pure; a header is printed again after every page break
def _header_paths(rows: tuple[tuple[str, ...], ...], width: int) -> tuple[tuple[str, ...], ...]:
    paths: list[list[str]] = [[] for _ in range(width)]
    parent_end = [width - 1] * width  # span end of the cell covering each column, row above
    for row in rows:
        cells = list(row) + [""] * (width - len(row))
        starts = [i for i in range(width) if cells[i].strip()]
        row_end = [-1] * width
        for k, start in enumerate(starts):
            natural_end = (starts[k + 1] - 1) if k + 1 < len(starts) else width - 1
            end = min(natural_end, parent_end[start])
            for col in range(start, end + 1):
                paths[col].append(cells[start].strip())
                row_end[col] = end
        # Columns not covered in this row keep their parent's boundary for the rows below.
        parent_end = [row_end[c] if row_end[c] >= 0 else parent_end[c] for c in range(width)]
    return tuple(tuple(p) for p in paths)


def path_key(path: Sequence[str]) -> str:
    """Accent/case/space-insensitive key for comparing two header paths."""
    return " > ".join(fold(p) for p in path)


def header_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Jaccard similarity of the folded words of two header rows."""
    wa = set(fold(" ".join(a)).split())
    wb = set(fold(" ".join(b)).split())
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


# ---------------------------------------------------------------- headers listed cell by cell
#
# A header copied from a web portal one cell a line lists its rows one after the other,
# and a spanning cell (or one spanning down) only once: `Tiếp nhận | Đã giải quyết |
# Tổng | Trực tuyến | … | Tổng | Sớm hạn | …`. Which cells are a row, and which cell spans
# which, is not printed; it is the tree that best explains the list:
# - a header cell that spans has two sub-cells or more, each named once under it;
# - a bare total word (`Tổng`, `Tổng số`) never spans; `Trong đó` ("of which") always does;
#   a notes column (`Ghi chú`) stands alone at the top;
# - sibling groups repeat their sub-cells (`Tổng … Trễ hạn` under each group), first and
#   last alike; sub-cells of one group share words (`Trước hạn`, `Đúng hạn`);
# - then the shallower tree, fewer cells spanning down, spanning cells further left.

_BARE_TOTALS = frozenset({"tong", "tong so", "tong cong", "cong"})
_MAX_FLAT_CELLS = 16
_MAX_SPANNING = 4
_MAX_TREES = 1000  # bounds the search on a header of unusual shape


def _cell_role(text: str) -> str:
    f = fold(text).strip(" :.")
    if f in _BARE_TOTALS:
        return "leaf"
    if f == "trong do":
        return "parent"
    if f.startswith("ghi chu"):
        return "top"
    return ""


def _compositions(m: int, k: int):
    """Ways to give m sub-cells to k spanning cells, two or more each."""
    if k == 0:
        if m == 0:
            yield ()
        return
    for a in range(2, m - 2 * (k - 1) + 1):
        for rest in _compositions(m - a, k - 1):
            yield (a, *rest)


def _spanning_sets(roles: Sequence[str], k: int):
    must = [i for i, r in enumerate(roles) if r == "parent"]
    free = [i for i, r in enumerate(roles) if not r]
    if len(must) <= k:
        for extra in combinations(free, k - len(must)):
            yield frozenset(must).union(extra)


_Path = tuple[int, ...]  # cell indexes from the top row down


def _trees(roles: tuple[str, ...], labels: tuple[str, ...], leaves: int, totals_on_top: bool):
    """Every tree (rows of paths, spanning cells of each row) that lays out the cells;
    with a bare total in the top row only if `totals_on_top`."""
    n = len(roles)
    spanning = n - leaves

    def below(pos: int, above: list[_Path], parents: list[int], budget: int):
        for m in range(2 * len(parents), n - pos + 1):
            last = pos + m == n
            if (last and budget) or (not last and (not budget or len(above[0]) >= 2)):
                continue  # three header rows at most
            row_roles = roles[pos : pos + m]
            if "top" in row_roles or (last and "parent" in row_roles):
                continue
            for comp in _compositions(m, len(parents)):
                paths: list[_Path] = []
                ok = True
                for parent, count in zip(parents, comp, strict=True):
                    start = pos + len(paths)
                    if len({labels[c] for c in range(start, start + count)}) < count:
                        ok = False  # a cell never has two sub-cells of the same name
                        break
                    paths += [(*above[parent], c) for c in range(start, start + count)]
                if not ok:
                    continue
                if last:
                    yield [paths], [frozenset()]
                    continue
                for k in range(1, min(budget, m) + 1):
                    for chosen in _spanning_sets(row_roles, k):
                        for rows, sets in below(pos + m, paths, sorted(chosen), budget - k):
                            yield [paths, *rows], [chosen, *sets]

    for p1 in range(1, n):
        if not totals_on_top and roles[p1 - 1] == "leaf":
            break
        top = [(c,) for c in range(p1)]
        for k in range(1, min(spanning, p1) + 1):
            for chosen in _spanning_sets(roles[:p1], k):
                for rows, sets in below(p1, top, sorted(chosen), spanning - k):
                    yield [top, *rows], [chosen, *sets]


def _leaf_order(rows: list[list[_Path]], sets: list[frozenset[int]]) -> list[_Path]:
    children: dict[_Path, list[tuple[int, int]]] = {}
    for r in range(1, len(rows)):
        for i, p in enumerate(rows[r]):
            children.setdefault(p[:-1], []).append((r, i))
    out: list[_Path] = []

    def walk(r: int, i: int) -> None:
        if i not in sets[r]:
            out.append(rows[r][i])
            return
        for r2, i2 in children[rows[r][i]]:
            walk(r2, i2)

    for i in range(len(rows[0])):
        walk(0, i)
    return out


def _tree_cost(
    rows: list[list[_Path]],
    sets: list[frozenset[int]],
    labels: tuple[str, ...],
    akin: frozenset,
    roles: tuple[str, ...],
) -> tuple:
    by_parent: dict[_Path, list[int]] = {}
    spans: set[int] = set()
    for r, row in enumerate(rows):
        spans.update(row[i][-1] for i in sets[r])
        if r:
            for p in row:
                by_parent.setdefault(p[:-1], []).append(p[-1])
    stray_totals = cohesion = mixed = 0
    # Per level: in how many groups each name is, opens a group, closes a group.
    counts: dict[int, tuple[Counter, Counter, Counter]] = {}
    for parent, kids in by_parent.items():
        spanning = [c in spans for c in kids]
        # A total sums the parts printed beside it; after a spanning sibling it sums nothing.
        first_span = spanning.index(True) if True in spanning else len(kids)
        stray_totals += sum(1 for c in kids[first_span + 1 :] if roles[c] == "leaf")
        cohesion += sum(1 for a, b in pairwise(kids) if (a, b) in akin)
        # Siblings are alike: all of them span, or none (`Trong đó` beside `Tổng` aside).
        mixed += 0 < sum(spanning) < len(kids)
        names, heads, tails = counts.setdefault(len(parent), (Counter(), Counter(), Counter()))
        names.update(labels[c] for c in kids)  # names are distinct under one parent
        heads[labels[kids[0]]] += 1
        tails[labels[kids[-1]]] += 1
    shared = 0
    for parent, kids in by_parent.items():
        names, heads, tails = counts[len(parent)]
        shared += (heads[labels[kids[0]]] > 1) + (tails[labels[kids[-1]]] > 1)
        shared += sum(1 for c in kids if names[labels[c]] > 1)
    spanning_down = sum(len(rows[r]) - len(sets[r]) for r in range(len(rows) - 1))
    # Cells sit as high as they can: a cell is printed in the first row it covers.
    height = sum(r * len(row) for r, row in enumerate(rows)) if "leaf" in roles else 0
    return (stray_totals, -shared, len(rows), -cohesion, height, mixed, spanning_down, sum(sets[0]))


@lru_cache(maxsize=512)  # pure; the same header recurs after page breaks and across reports
def _flat_header_layout(cells: tuple[str, ...], leaves: int) -> tuple[_Path, ...] | None:
    if len(cells) == leaves:
        return tuple((c,) for c in range(len(cells)))
    if not 0 < len(cells) - leaves <= _MAX_SPANNING or len(cells) > _MAX_FLAT_CELLS:
        return None
    roles = tuple(_cell_role(c) for c in cells)
    labels = tuple(fold(c) for c in cells)
    words = [set(x.split()) for x in labels]
    akin = frozenset(
        (a, b) for a in range(len(cells)) for b in range(a + 1, len(cells)) if words[a] & words[b]
    )
    best: tuple | None = None
    # A bare total in the top row (a `Tổng số` column beside the groups) only when
    # nothing else fits: a total is mostly the first column of a group.
    for totals_on_top in (False, True):
        trees = islice(_trees(roles, labels, leaves, totals_on_top), _MAX_TREES)
        for rows, sets in trees:
            cost = _tree_cost(rows, sets, labels, akin, roles)
            if best is None or cost < best[0]:
                best = (cost, rows, sets)
        if best is not None:
            break
    if best is None:
        return None
    return tuple(_leaf_order(best[1], best[2]))


def flat_header_paths(cells: Sequence[str], leaves: int) -> list[tuple[str, ...]] | None:
    """Header path of each of `leaves` columns from header cells listed row by row, each
    spanning cell once (see above); None when no tree of three rows or fewer fits."""
    found = _flat_header_layout(tuple(cells), leaves)
    return None if found is None else [tuple(cells[c] for c in p) for p in found]


def flat_header_layout(cells: Sequence[str], leaves: int) -> list[tuple[int, ...]] | None:
    """flat_header_paths as cell indexes: the same header printed again after a page
    break, misspelt or with columns swapped, reads through the first one's layout."""
    found = _flat_header_layout(tuple(cells), leaves)
    return None if found is None else list(found)
