"""Where a row's values go when the copy left its empty cells out: the sums that its
table's full rows keep.

A table copied one cell a line (tables_cells) drops its empty cells. Value kinds
(tables_pdf.align_values) tell a rate from a count, not one count from another. The
table's full rows show which column is the sum of a run of columns beside it (a group's
total, printed first or last: `Tổng | Trực tuyến | Trực tiếp`); a short row's values
are placed where they keep most of those sums (an empty cell counting 0) when that is
more than the placement by kind keeps. Values are never changed, only placed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from math import comb

_MIN_SHARE = 0.8  # of the full rows where the sum can be checked (the source errs too)
_MIN_ROWS = 2  # full rows with a non-zero total that keep it
_MAX_PLACEMENTS = 500


@dataclass(frozen=True, slots=True)
class Sum:
    total: int  # value column holding the sum
    parts: tuple[int, ...]  # the run of columns beside it that adds up to it


def _holds(total: float, parts: Sequence[float]) -> bool:
    return abs(total - sum(parts)) <= 0.5 + 1e-9 * abs(total)


def learn_sums(rows: Sequence[Sequence[float | None]], width: int) -> list[Sum]:
    """Sums kept by the full rows (numbers per value column; None: not a number)."""
    # Equal to learn_sums_plain below (a property test holds them so): a run is a slice of
    # the row, summed in the same order, and the rows without a total at t are left out
    # once per t instead of once per run.
    found: list[Sum] = []
    for t in range(width):
        with_total = [(row[t], row) for row in rows if row[t] is not None]
        if len(with_total) < _MIN_ROWS:
            continue  # no run can have _MIN_ROWS non-zero totals
        spans = [(t + 1, t + 1 + j) for j in range(2, width - t)]
        spans += [(t - j, t) for j in range(2, t + 1)]
        for a, b in spans:
            checked = kept = nonzero = 0
            for total, row in with_total:
                parts = row[a:b]
                if None in parts:
                    continue
                checked += 1
                if abs(total - sum(parts)) <= 0.5 + 1e-9 * abs(total):  # type: ignore[operator]
                    kept += 1
                    nonzero += total != 0
            if nonzero >= _MIN_ROWS and kept >= _MIN_SHARE * checked:
                found.append(Sum(t, tuple(range(a, b))))
    return found


def learn_sums_plain(rows: Sequence[Sequence[float | None]], width: int) -> list[Sum]:
    """learn_sums' plain definition: every run of every row checked one by one."""
    found: list[Sum] = []
    for t in range(width):
        runs = [tuple(range(t + 1, t + 1 + j)) for j in range(2, width - t)]
        runs += [tuple(range(t - j, t)) for j in range(2, t + 1)]
        for parts in runs:
            checked = kept = nonzero = 0
            for row in rows:
                cells = [row[t], *(row[p] for p in parts)]
                if any(v is None for v in cells):
                    continue
                checked += 1
                if _holds(cells[0], cells[1:]):  # type: ignore[arg-type]
                    kept += 1
                    nonzero += cells[0] != 0
            if nonzero >= _MIN_ROWS and kept >= _MIN_SHARE * checked:
                found.append(Sum(t, parts))
    return found


def _score(numbers: Sequence[float], positions: Sequence[int], sums: Sequence[Sum]) -> int:
    """Sums kept minus sums broken by the row placed so; a sum whose total is empty
    cannot be checked."""
    row: dict[int, float] = dict(zip(positions, numbers, strict=True))
    score = 0
    for s in sums:
        if s.total not in row:
            continue
        score += 1 if _holds(row[s.total], [row.get(p, 0.0) for p in s.parts]) else -1
    return score


def place_by_sums(
    numbers: Sequence[float | None], width: int, sums: Sequence[Sum], by_kind: Sequence[int]
) -> list[int]:
    """Columns of a short row's values: `by_kind` unless another order-keeping placement
    keeps more of the table's sums. Rows with a value that is no number keep `by_kind`."""
    if not sums or any(v is None for v in numbers) or comb(width, len(numbers)) > _MAX_PLACEMENTS:
        return list(by_kind)
    values = [float(v) for v in numbers if v is not None]
    best, best_score = list(by_kind), _score(values, by_kind, sums)
    for positions in combinations(range(width), len(values)):
        score = _score(values, positions, sums)
        if score > best_score:
            best, best_score = list(positions), score
    return best
