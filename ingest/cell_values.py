"""Cell values read with their column: a comma that groups the thousands of a count.

`ingest.literals.parse_literal` reads one cell alone, and alone `1,359` is the Vietnamese
decimal 1.359 (`,` is the decimal sign). Some templates and converters print a count the
English way, `1,359` for 1.359 hồ sơ. A cell cannot tell the two apart; its column can: in a
column whose other numbers are all whole (a column of counts), a lone `d,ddd` among them
is a count with its thousands grouped by a comma. Such a cell is read as that count with
the issue `comma_group_separator`, so the reading is flagged wherever the value goes
(`raw.table_cells.value_issue`, a parse issue) and the text stays as printed.

The evidence asked of the column is deliberately narrow: at least two whole numbers, more
whole numbers than such cells, and nothing else numeric (a decimal, a percent, a change)
in it. A rate column (`99,125`) or a column of such cells alone stays decimal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ingest.literals import Literal, parse_literal
from ingest.model import STRUCTURE_COLUMNS, Cell, Table

# One comma, then exactly three digits: the only shape a single comma leaves in doubt.
_COMMA_GROUP_RE = re.compile(r"\d{1,3},\d{3}")
MIN_WHOLE_NEIGHBOURS = 2
# What a column of counts may hold besides whole numbers without weakening the evidence.
_NEUTRAL_KINDS = frozenset({"empty", "placeholder", "malformed"})

CellKey = tuple[int, int]  # (row_index, column_index)


def _is_comma_group(text: str) -> bool:
    return "," in text and _COMMA_GROUP_RE.fullmatch(text.strip()) is not None


def _value_cells(table: Table) -> Iterator[tuple[int, Cell]]:
    for row in table.rows:
        for cell in row.cells:
            if cell.column_index >= STRUCTURE_COLUMNS:
                yield row.row_index, cell


def _is_count_column(column: list[Cell], doubtful: int) -> bool:
    whole = 0
    for cell in column:
        if _is_comma_group(cell.text):
            continue
        kind = parse_literal(cell.text).kind
        if kind == "integer":
            whole += 1
        elif kind not in _NEUTRAL_KINDS:
            return False
    return whole >= MIN_WHOLE_NEIGHBOURS and whole > doubtful


def comma_group_readings(table: Table) -> dict[CellKey, Literal]:
    """The cells of `table` whose `d,ddd` is a count with a comma grouping its thousands.

    Keyed by (row_index, column_index); every other cell reads as `parse_literal` reads it.
    """
    doubtful: dict[int, list[tuple[int, Cell]]] = {}
    for row_index, cell in _value_cells(table):
        if _is_comma_group(cell.text):
            doubtful.setdefault(cell.column_index, []).append((row_index, cell))
    if not doubtful:
        return {}
    columns: dict[int, list[Cell]] = {k: [] for k in doubtful}
    for _, cell in _value_cells(table):
        if cell.column_index in columns:
            columns[cell.column_index].append(cell)
    out: dict[CellKey, Literal] = {}
    for column_index, cells in doubtful.items():
        if not _is_count_column(columns[column_index], len(cells)):
            continue
        for row_index, cell in cells:
            value = float(cell.text.strip().replace(",", ""))
            out[row_index, column_index] = Literal("integer", value, issue="comma_group_separator")
    return out
