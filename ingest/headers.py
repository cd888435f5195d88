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
from collections.abc import Sequence
from functools import lru_cache

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


def repeats_every(cells: Sequence[str], period: int) -> bool:
    """The same cells (folded) every `period` cells: the same sub-cells under each spanning
    cell (`Tổng % Tổng %`)."""
    keys = [fold(c) for c in cells]
    return all(keys[i] == keys[i + period] for i in range(len(keys) - period))


def spread_groups(
    tops: Sequence[str], subs: Sequence[str], sizes: Sequence[int], start: int = 0
) -> list[tuple[str, ...]]:
    """Two-row header paths: the top cells from `start` on span `sizes[0]`, `sizes[1]`, …
    sub-cells in order; every other top cell stands alone (`Tổng số | Trước hạn: Tổng, %`)."""
    paths: list[tuple[str, ...]] = []
    used = 0
    for i, top in enumerate(tops):
        if start <= i < start + len(sizes):
            n = sizes[i - start]
            paths.extend((top, cell) for cell in subs[used : used + n])
            used += n
        else:
            paths.append((top,))
    return paths
