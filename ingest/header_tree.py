"""Headers copied from web portals one cell a line -> one header path per column.

A header copied one cell a line lists its rows one after the other, and a spanning cell
(or one spanning down) only once: `Tiếp nhận | Đã giải quyết | Tổng | Trực tuyến | … |
Tổng | Sớm hạn | …`. Which cells are a row, and which cell spans which, is not printed; it
is the tree that best explains the list:
- a header cell that spans has two sub-cells or more, each named once under it;
- a bare total word (`Tổng`, `Tổng số`) never spans; `Trong đó` ("of which") always does;
  a notes column (`Ghi chú`) stands alone at the top;
- sibling groups repeat their sub-cells (`Tổng … Trễ hạn` under each group), first and
  last alike; sub-cells of one group share words (`Trước hạn`, `Đúng hạn`);
- then the shallower tree, fewer cells spanning down, spanning cells further left.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import combinations, pairwise

from ingest.text import fold

_BARE_TOTALS = frozenset({"tong", "tong so", "tong cong", "cong"})
_MAX_FLAT_CELLS = 16
_MAX_SPANNING = 4
_MAX_TREES = 1000  # trees costed: bounds the search on a header of unusual shape


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


def _row_size(
    roles: tuple[str, ...], pos: int, m: int, depth: int, budget: int
) -> tuple[bool, tuple[str, ...]] | None:
    """Whether the next header row may hold the `m` cells from `pos` (and if it is the last
    row, and their roles), given the depth of the row above and the spanning cells left."""
    last = pos + m == len(roles)
    if (last and budget) or (not last and (not budget or depth >= 2)):
        return None  # three header rows at most
    row_roles = roles[pos : pos + m]
    if "top" in row_roles or (last and "parent" in row_roles):
        return None
    return last, row_roles


def _row_sizes(roles: tuple[str, ...], pos: int, parents: int, depth: int, budget: int):
    """Every size the next header row may have under `parents` spanning cells."""
    for m in range(2 * parents, len(roles) - pos + 1):
        sized = _row_size(roles, pos, m, depth, budget)
        if sized is not None:
            yield m, *sized


def _row_layouts(labels: tuple[str, ...], pos: int, m: int, above: list[_Path], parents: list[int]):
    """Every way the `m` cells from `pos` share out among the spanning cells above (as the
    split of `m` and the cells' paths)."""
    for comp in _compositions(m, len(parents)):
        paths: list[_Path] = []
        for parent, count in zip(parents, comp, strict=True):
            start = pos + len(paths)
            if len({labels[c] for c in range(start, start + count)}) < count:
                break  # a cell never has two sub-cells of the same name
            paths += [(*above[parent], c) for c in range(start, start + count)]
        else:
            yield comp, paths


def _trees(roles: tuple[str, ...], labels: tuple[str, ...], leaves: int, totals_on_top: bool):
    """Every tree (rows of paths, spanning cells of each row) that lays out the cells;
    with a bare total in the top row only if `totals_on_top`. With `_tree_cost` the plain
    definition of the search (`_Search` finds the same tree faster; a property test holds
    them equal)."""
    n = len(roles)
    spanning = n - leaves

    def below(pos: int, above: list[_Path], parents: list[int], budget: int):
        for m, last, row_roles in _row_sizes(roles, pos, len(parents), len(above[0]), budget):
            for _comp, paths in _row_layouts(labels, pos, m, above, parents):
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


class _Search:
    """The least-cost tree of `_trees` (the first one found on a tie), found without
    costing every tree: visited in `_trees`' order, each row's share of the cost is
    computed once for all the trees under it, and a partial tree is left as soon as no
    tree under it can beat the best one found (its stray totals only grow; the names it
    can still share are the ones printed twice among the cells left)."""

    def __init__(self, roles: tuple[str, ...], labels: tuple[str, ...], akin: frozenset):
        self.roles, self.labels = roles, labels
        self.n = len(roles)
        self.has_leaf = "leaf" in roles
        # akin neighbours: siblings are consecutive cells
        self.next_akin = [(c, c + 1) in akin for c in range(self.n)]
        # most `shared` the cells from pos on can add: each cell whose name is printed
        # again among them, once for its name and once as a group's first or last cell
        self.share_cap = [
            2 * sum(1 for x in labels[pos:] if labels[pos:].count(x) > 1)
            for pos in range(self.n + 1)
        ]
        self.best: tuple | None = None
        self.trees = 0

    def _hopeless(self, stray: int, shared_most: int) -> bool:
        return self.best is not None and (stray, -shared_most) > self.best[0][:2]

    def _groups_share(self, pos: int, comp: tuple[int, ...]) -> tuple[int, int]:
        """(shared, cohesion) of one row: its groups, in order, of comp[g] cells from pos."""
        labels = self.labels
        row = labels[pos : pos + sum(comp)]
        names = Counter(row)
        bounds = []
        start = pos
        for count in comp:
            bounds.append((start, start + count - 1))
            start += count
        heads = Counter(labels[a] for a, _ in bounds)
        tails = Counter(labels[b] for _, b in bounds)
        shared = sum(1 for x in row if names[x] > 1)
        shared += sum((heads[labels[a]] > 1) + (tails[labels[b]] > 1) for a, b in bounds)
        cohesion = sum(1 for a, b in bounds for c in range(a, b) if self.next_akin[c])
        return shared, cohesion

    def _groups_span(
        self, pos: int, comp: tuple[int, ...], chosen: frozenset[int]
    ) -> tuple[int, int]:
        """(stray totals, mixed groups) of one row once its spanning cells are chosen."""
        stray = mixed = 0
        start = 0
        for count in comp:
            spans = [i in chosen for i in range(start, start + count)]
            if True in spans:
                first = spans.index(True)
                stray += sum(
                    1
                    for i in range(start + first + 1, start + count)
                    if self.roles[pos + i] == "leaf"
                )
            mixed += 0 < sum(spans) < count
            start += count
        return stray, mixed

    def run(self, leaves: int, totals_on_top: bool) -> None:
        n, roles = self.n, self.roles
        spanning = n - leaves
        for p1 in range(1, n):
            if not totals_on_top and roles[p1 - 1] == "leaf":
                break
            top = [(c,) for c in range(p1)]
            for k in range(1, min(spanning, p1) + 1):
                for chosen in _spanning_sets(roles[:p1], k):
                    # (stray, shared, cohesion, mixed, height, spanning_down) so far
                    acc = (0, 0, 0, 0, 0, p1 - k)
                    self._below(p1, top, sorted(chosen), spanning - k, [top], [chosen], acc)
                    if self.trees >= _MAX_TREES:
                        return

    def _below(self, pos, above, parents, budget, rows, sets, acc) -> None:
        n, roles, labels = self.n, self.roles, self.labels
        stray, shared, cohesion, mixed, height, down = acc
        r = len(rows)
        for m in range(2 * len(parents), n - pos + 1):
            if self.trees >= _MAX_TREES or self._hopeless(stray, shared + self.share_cap[pos]):
                return
            sized = _row_size(roles, pos, m, len(above[0]), budget)
            if sized is None:
                continue
            last, row_roles = sized
            for comp, paths in _row_layouts(labels, pos, m, above, parents):
                row_shared, row_cohesion = self._groups_share(pos, comp)
                now_shared = shared + row_shared
                now_height = height + r * m
                if last:
                    self.trees += 1
                    cost = (
                        stray,
                        -now_shared,
                        r + 1,
                        -(cohesion + row_cohesion),
                        now_height if self.has_leaf else 0,
                        mixed,
                        down,
                        sum(sets[0]),
                    )
                    if self.best is None or cost < self.best[0]:
                        self.best = (cost, [*rows, paths], [*sets, frozenset()])
                    if self.trees >= _MAX_TREES:
                        return
                    continue
                if self._hopeless(stray, now_shared + self.share_cap[pos + m]):
                    continue
                for k in range(1, min(budget, m) + 1):
                    for chosen in _spanning_sets(row_roles, k):
                        row_stray, row_mixed = self._groups_span(pos, comp, chosen)
                        if self._hopeless(stray + row_stray, now_shared + self.share_cap[pos + m]):
                            continue
                        acc2 = (
                            stray + row_stray,
                            now_shared,
                            cohesion + row_cohesion,
                            mixed + row_mixed,
                            now_height,
                            down + m - k,
                        )
                        self._below(
                            pos + m,
                            paths,
                            sorted(chosen),
                            budget - k,
                            [*rows, paths],
                            [*sets, chosen],
                            acc2,
                        )


def _akin(labels: tuple[str, ...], roles: tuple[str, ...]) -> frozenset[tuple[int, int]]:
    """Pairs of cells that share a word. A bare total (`Tổng số`) shares no meaning with
    the cells beside it (`Số hồ sơ …`)."""
    words = [set(x.split()) if r != "leaf" else set() for x, r in zip(labels, roles, strict=True)]
    n = len(labels)
    return frozenset((a, b) for a in range(n) for b in range(a + 1, n) if words[a] & words[b])


@lru_cache(maxsize=512)  # pure; the same header recurs after page breaks and across reports
def _flat_header_layout(cells: tuple[str, ...], leaves: int) -> tuple[_Path, ...] | None:
    if len(cells) == leaves:
        return tuple((c,) for c in range(len(cells)))
    if not 0 < len(cells) - leaves <= _MAX_SPANNING or len(cells) > _MAX_FLAT_CELLS:
        return None
    roles = tuple(_cell_role(c) for c in cells)
    labels = tuple(fold(c) for c in cells)
    akin = _akin(labels, roles)
    # A bare total in the top row (a `Tổng số` column beside the groups) only when
    # nothing else fits: a total is mostly the first column of a group.
    best = None
    for totals_on_top in (False, True):
        search = _Search(roles, labels, akin)
        search.run(leaves, totals_on_top)
        best = search.best
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
