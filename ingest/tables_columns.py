"""Tables in PDF-extracted text whose cells are separated by runs of two or more spaces.

The extractor lays the page out with spaces: inside a cell words are one space apart,
between cells there are at least two. So each line splits into cells with their
character positions, and the columns are where the cells of the body rows sit:

* a table is a run of at least three lines that each split into three or more cells,
  most of them with two or more number cells, whose number cells line up (the same
  start or end position, within a character, in most lines); rows around that core
  with fewer cells (group rows such as `Cấp tỉnh`, totals, rows with blank cells)
  belong to it too. Prose, the two-column letterhead, signature blocks and lists do
  not pass: they have two cells a line at most, or no numbers;
* the column intervals come from the rows that print the most usual number of cells;
  every cell goes to the column it overlaps most (the nearest one when it overlaps
  none), so a row with blank cells keeps its values in their columns;
* header lines are the lines of words right above the body; a header cell belongs to
  the columns it overlaps. A cell under a header cell of the line above that has no
  sibling under that cell continues it (a wrapped header); several cells under one
  header cell are its children (a spanning header over sub-columns);
* column 0 is the row code and column 1 the label: a table printed without a code
  column gets an empty column 0; a totals label that drifted into the code column
  moves to the label column.

The module is longer than 400 lines because finding the column bounds, reading headers
printed as blocks and placing each row's cells are one algorithm over character
positions: each step needs the others' column model (`_best_column`). Splitting them would
put one data structure's rules in three files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.headers import header_similarity, is_column_code_row
from ingest.model import (
    Cell,
    Column,
    ParseIssue,
    Row,
    Table,
    repeated_header_differs,
)
from ingest.pdf_headers import (
    NOTE_HEADERS,
    fit_block_header,
    header_columns,
    header_segments,
    lead_cells,
    split_joined_cells,
)
from ingest.rowcodes import is_row_header_word, is_total_label, parse_row_code, row_kind
from ingest.tables_pdf import ROW_START_RE, first_token_is_word, plausible_next
from ingest.text import fold

LAYOUT = "pdf_columns"

_CELL_RE = re.compile(r"\S+(?: \S+)*")  # a cell: words one space apart
_NUM = r"\d{1,3}(?:[.,]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_NUMBER_CELL_RE = re.compile(
    rf"(?:[+\-−]\s?)?(?:{_NUM})\s?%?(?:/(?:{_NUM}))?|[xX\-–]|(?:Tăng|Giảm)\s+(?:{_NUM}).*|Giữ nguyên"
)
_DIGIT_CELL_RE = re.compile(rf"(?:[+\-−]\s?)?(?:{_NUM})\s?%?(?:/(?:{_NUM}))?")
_BULLETS = frozenset("-–•+")  # a dash in the code column: a row without a number
_MIN_CORE = 3  # lines in a run, each with three or more cells
_MAX_HEADER_LINES = 5
# Header cells printed as blocks: two lead cells and up to 11 value columns over three
# header rows make 16 blocks; prose above a table stops the walk before that.
_MAX_HEADER_BLOCKS = 24
_TERMINAL = tuple(".:;!?")

Span = tuple[int, int, str]  # start, end (exclusive) character positions, text


@dataclass(frozen=True, slots=True)
class ColumnRegion:
    start: int  # 0-based line index, inclusive (first header line)
    end: int  # exclusive
    header_end: int  # first body line index
    dropped: tuple[int, ...] = ()  # page furniture inside the table
    repeated: tuple[int, ...] = ()  # header lines printed again after a page break
    # (first body line, first header line) of each part under a header printed again
    parts: tuple[tuple[int, int], ...] = ()


def cells_of(line: str) -> list[Span]:
    """The cells of a line: runs of text separated by two or more spaces."""
    if "  " not in line.strip():
        s = line.strip()
        if not s:
            return []
        at = line.index(s[0])
        return [(at, at + len(s), s)]
    return [(m.start(), m.end(), m.group()) for m in _CELL_RE.finditer(line)]


def is_number_cell(text: str) -> bool:
    return bool(_NUMBER_CELL_RE.fullmatch(text))


def _digit_cells(spans: list[Span]) -> int:
    return sum(1 for _, _, t in spans if _DIGIT_CELL_RE.fullmatch(t))


def _is_wide(line: str) -> bool:
    s = line.strip()
    # Three cells need two gaps: two double spaces inside at least (a cheap bound first).
    # A line opening with a pipe is a Markdown row, not a spaced one.
    return s.count("  ") >= 2 and "\t" not in s and s[:1] != "|" and len(cells_of(s)) >= 3


# -- finding the regions ---------------------------------------------------------------


def find_column_regions(lines: list[str], taken: set[int], is_furniture=None) -> list[ColumnRegion]:
    """Regions of space-aligned tables among the lines not taken by other layouts."""
    # Only a line with a double space inside can be a wide row: find them in one pass.
    wide = [
        k
        for k, line in enumerate(lines)
        if "  " in line and line.count("  ") >= 2 and k not in taken and _is_wide(line)
    ]
    if len(wide) < _MIN_CORE:
        return []
    regions: list[ColumnRegion] = []
    wide_set = set(wide)
    done = -1
    # The run from a wide line inside the run read last is the rest of that run (the
    # walk from it is the same), with the page furniture after it: read once, not once a
    # line. A line's header test and cells are kept for the suffixes tried after it.
    run: list[int] = []
    run_at: dict[int, int] = {}
    run_bridged: list[int] = []
    header_line: dict[int, bool] = {}
    spans: dict[int, list[Span]] = {}
    for k in wide:
        if k <= done:
            continue
        if k in run_at:
            core = run[run_at[k] :]
            bridged = [b for b in run_bridged if b > k]
        else:
            bridged = []
            run = _core_run(lines, k, wide_set, bridged)
            run_at = {j: at for at, j in enumerate(run)}
            run_bridged = list(bridged)
            core = list(run)
        # Header lines of three cells or more open the run: they are no rows.
        while core:
            first = core[0]
            if first not in header_line:
                header_line[first] = _is_header_line(lines[first])
            if not header_line[first]:
                break
            core.pop(0)
        if len(core) < _MIN_CORE or not _is_table_core(lines, core, spans):
            continue
        stray: list[int] = []
        start, header_end = _extend_up(lines, core[0], taken, done, stray)
        end, dropped = _extend_down(lines, core[-1], taken, is_furniture)
        stray = [k for k in stray if k >= header_end]
        dropped += [b for b in bridged if b not in dropped]
        regions.append(ColumnRegion(start, end, header_end, tuple(sorted([*stray, *dropped]))))
        done = end - 1
    return _join_page_breaks(lines, regions, taken)


_LONE_NUMBER_RE = re.compile(r"\s*(?:Trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?\s*")


def _join_page_breaks(
    lines: list[str], regions: list[ColumnRegion], taken: set[int]
) -> list[ColumnRegion]:
    """A region that continues the one before it across a page break joins it: only
    blank lines and page furniture between them, and either its header is the first
    one printed again (identical, misspelt or reordered: most words shared), or it has
    no header, page furniture came between, and its first row's code follows the last
    row's code."""
    out: list[ColumnRegion] = []
    for r in regions:
        prev = out[-1] if out else None
        if prev is None or prev.header_end == prev.start:
            out.append(r)
            continue
        between = range(prev.end, r.start)
        if any(k in taken for k in between):
            out.append(r)
            continue
        text = [k for k in between if lines[k].strip()]
        furniture = [
            k for k in text if _LONE_NUMBER_RE.fullmatch(lines[k]) or _is_worded_furniture(lines[k])
        ]
        # A group row (`III  Cải cách thủ tục hành chính`) left at the foot of the page.
        groups = [k for k in text if k not in furniture and _is_group_line(cells_of(lines[k]))]
        if len(furniture) > 2 or len(groups) > 1 or len(text) != len(furniture) + len(groups):
            out.append(r)
            continue
        if groups and (not furniture or groups[0] > furniture[0]):
            out.append(r)
            continue
        joined = None
        if r.header_end > r.start:
            first = [lines[k] for k in range(prev.start, prev.header_end)]
            again = [lines[k] for k in range(r.start, r.header_end)]
            if header_similarity(first, again) >= 0.5:
                repeated = tuple(range(r.start, r.header_end))
                joined = (repeated, ((r.header_end, r.start),))
        elif furniture:
            lasts = [_last_code(lines, prev)]
            if groups:
                group = cells_of(lines[groups[0]])[0][2]
                lasts += [group] if parse_row_code(group) is not None else []
            code = _first_code(lines, r)
            if code is not None and any(plausible_next(last, code) for last in lasts):
                joined = ((), ())
            elif code is None and lasts[0] is None and _same_columns(lines, prev, r):
                joined = ((), ())  # rows without codes whose values line up with the table's
        if joined is None:
            out.append(r)
            continue
        out[-1] = ColumnRegion(
            prev.start,
            r.end,
            prev.header_end,
            (*prev.dropped, *furniture, *r.dropped),
            (*prev.repeated, *joined[0]),
            (*prev.parts, *joined[1]),
        )
    return out


def _same_columns(lines: list[str], prev: ColumnRegion, r: ColumnRegion) -> bool:
    """Do the rows of r print their cells in the columns of prev's rows (the same number
    of columns, each value column ending within two characters)?"""
    a = _column_intervals([cells_of(lines[k]) for k in range(prev.header_end, prev.end)])
    b = _column_intervals([cells_of(lines[k]) for k in range(r.start, r.end)])
    return len(a) == len(b) > 2 and all(
        abs(x[1] - y[1]) <= 2 for x, y in zip(a[1:], b[1:], strict=True)
    )


def _is_worded_furniture(line: str) -> bool:
    s = line.strip()
    return bool(
        re.fullmatch(
            r"(?:Trang|trang|TRANG|Page)\s*\d{1,3}(?:\s*/\s*\d{1,3})?|[-–]\s*\d{1,3}\s*[-–]", s
        )
    )


def _last_code(lines: list[str], region: ColumnRegion) -> str | None:
    for k in range(region.end - 1, region.header_end - 1, -1):
        spans = cells_of(lines[k])
        if spans and parse_row_code(spans[0][2]) is not None and len(spans) > 1:
            return spans[0][2]
    return None


def _first_code(lines: list[str], region: ColumnRegion) -> str | None:
    for k in range(region.header_end, region.end):
        spans = cells_of(lines[k])
        if spans:
            return spans[0][2] if parse_row_code(spans[0][2]) is not None else None
    return None


def _core_run(
    lines: list[str], k: int, wide: set[int], furniture: list[int] | None = None
) -> list[int]:
    """Wide lines from k on, one blank line or one group row (`1     Cấp tỉnh`) at most
    between two of them, or a page break: page furniture alone between blank lines
    (added to `furniture`, to be dropped), a group row after it allowed; a header printed
    again after it is left to the page-break join."""
    run = [k]
    j = k + 1
    while j < len(lines):
        if j in wide:
            run.append(j)
            j += 1
        elif j + 1 in wide and (not lines[j].strip() or _is_group_line(cells_of(lines[j]))):
            j += 1
        elif (at := _page_break_at(lines, j)) is not None and (
            (at[1] in wide and not _is_header_line(lines[at[1]]))
            or (at[1] + 1 in wide and _is_group_line(cells_of(lines[at[1]])))
        ):
            if furniture is not None:
                furniture.append(at[0])
            j = at[1]
        else:
            break
    return run


def _page_break_at(lines: list[str], j: int) -> tuple[int, int] | None:
    """(furniture line, next line) when blank lines, one line of page furniture (`Trang
    2/5`, a lone page number) and blank lines start at j; else None."""
    k = j
    while k < len(lines) and not lines[k].strip():
        k += 1
    if k == j or k >= len(lines):
        return None
    if not (_LONE_NUMBER_RE.fullmatch(lines[k]) or _is_worded_furniture(lines[k])):
        return None
    m = k + 1
    while m < len(lines) and not lines[m].strip():
        m += 1
    return (k, m) if m > k + 1 else None


def _is_table_core(
    lines: list[str], core: list[int], spans: dict[int, list[Span]] | None = None
) -> bool:
    """`spans`: the cells of lines already read (by line index), filled in here."""
    if spans is None:
        spans = {}
    rows = []
    for k in core:
        if k not in spans:
            spans[k] = cells_of(lines[k])
        rows.append(spans[k])
    numeric = [r for r in rows if _digit_cells(r) >= 2]
    if len(numeric) * 2 <= len(rows) or len(numeric) < _MIN_CORE - 1:
        return False
    # The number cells line up: one edge position shared by most numeric rows.
    counts: dict[tuple[str, int], int] = {}
    for r in numeric:
        edges = set()
        for a, b, t in r:
            if _DIGIT_CELL_RE.fullmatch(t):
                for p in (a - 1, a, a + 1):
                    edges.add(("s", p))
                for p in (b - 1, b, b + 1):
                    edges.add(("e", p))
        for e in edges:
            counts[e] = counts.get(e, 0) + 1
    aligned = [e for e, c in counts.items() if c * 3 >= len(numeric) * 2]
    # Two aligned value columns at least (each counted at three neighbouring positions).
    positions = {(side, p // 4) for side, p in aligned}
    return len(positions) >= 2


_CODE_TOKEN_RE = re.compile(r"[A-ZĐ]|\(\d{1,2}\)|=|[()\d+\-*/x:]+")


def is_code_line(line: str) -> bool:
    """`A B (1) (2) (3) = (1)+(2)`: the line numbering the columns, however spaced."""
    toks = line.split()
    return (
        len(toks) >= 3
        and any(t.startswith("(") for t in toks)
        and all(_CODE_TOKEN_RE.fullmatch(t) for t in toks)
    )


def _code_cells(line: str) -> list[str]:
    """The column codes of a code line in order: `(3) = (1)+(2)` is one code."""
    out: list[str] = []
    for tok in line.split():
        if out and (tok == "=" or out[-1].endswith("=")):
            out[-1] = f"{out[-1]} {tok}"
        else:
            out.append(tok)
    return out


def _is_header_line(line: str) -> bool:
    if is_code_line(line):
        return True
    spans = cells_of(line)
    if not spans or "\t" in line:
        return False
    if any(len(t) > 48 for _, _, t in spans):
        return False
    if any(_DIGIT_CELL_RE.fullmatch(t) for _, _, t in spans):
        return False
    if len(spans) == 1 and spans[0][0] < 2:
        # One cell at the margin: a caption or a title, unless a short header word.
        return len(spans[0][2]) <= 12 and not spans[0][2].endswith(_TERMINAL)
    return True


def _extend_up(
    lines: list[str], first: int, taken: set[int], floor: int, stray: list[int]
) -> tuple[int, int]:
    """(first header line, first body line): body rows above the core, then header lines.
    A stray line between two rows is added to `stray` (dropped, not a row)."""
    body = first
    k = first - 1
    while k > floor and k not in taken:
        line = lines[k]
        if not line.strip():
            break
        spans = cells_of(line)
        if is_code_line(line):
            break
        if _is_body_line(spans) or (
            _is_group_line(spans)
            and (
                not _is_header_line(line)
                or parse_row_code(spans[0][2]) is not None
                or _is_margin_label(spans, lines[k - 1] if k else "")
            )
        ):
            body = k
            k -= 1
            continue
        if k - 1 > floor and k - 1 not in taken and _is_body_line(cells_of(lines[k - 1])):
            stray.append(k)  # one stray line (a footer, a tab line) between two rows
            body = k
            k -= 1
            continue
        break
    start = body
    k = body - 1
    blank_ok = True  # one blank line between the header and the body
    while k > floor and k not in taken and body - k <= _MAX_HEADER_LINES + 1:
        line = lines[k]
        if not line.strip():
            if blank_ok and start == body:
                blank_ok = False
                k -= 1
                continue
            break
        if not _is_header_line(line) or line.lstrip().startswith("#"):
            break
        if _LONE_NUMBER_RE.fullmatch(line) or _is_worded_furniture(line):
            break  # a page footer above the rows: no header
        start = k
        k -= 1
    if all(_at_margin(lines[j]) for j in range(start, body)):
        start = _extend_blocks(lines, start, body, taken, floor)
    return start, body


def _at_margin(line: str) -> bool:
    spans = cells_of(line)
    return len(spans) <= 1 or is_code_line(line)


# A caption "(Kèm theo …)", markup, a heading or an appendix title ends the header above.
_STOP_RE = re.compile(r"^\s*(?:\((?=[^\W\d_]).{16}|\*|#|<|PHỤ LỤC|Phụ lục|BIỂU|Biểu)")


def _extend_blocks(lines: list[str], start: int, body: int, taken: set[int], floor: int) -> int:
    """Header cells printed one under the other at the margin, a blank line after each
    (header text wrapped by the extractor): the blocks right above the body."""
    k = start - 1
    blocks = 0
    in_block = False
    first = start
    while k > floor and k not in taken and blocks <= _MAX_HEADER_BLOCKS:
        line = lines[k]
        if not line.strip():
            in_block = False
            k -= 1
            continue
        s = line.strip()
        if (
            len(cells_of(line)) > 1
            or (len(s) > 48 and not _joined_header_row(s))
            or _STOP_RE.match(line)
            or any(_DIGIT_CELL_RE.fullmatch(t) for t in s.split())
            or (s.endswith(_TERMINAL) and not _ends_wrapped_cell(lines, k, in_block))
            or (len(s) > 16 and s.isupper())
        ):
            break
        if not in_block:
            blocks += 1
            in_block = True
        first = k
        k -= 1
    return first


def _ends_wrapped_cell(lines: list[str], k: int, in_block: bool) -> bool:
    """Is line k, ending in a full stop, the last line of a wrapped header cell (a stray
    mark, `ngày 31/8/2023 (%).`): short, under a short line of the same block that ends
    in none? A sentence's last line is under a long line of prose."""
    above = lines[k - 1].strip() if k else ""
    return (
        not in_block
        and len(lines[k].strip()) <= 30
        and bool(above)
        and len(above) <= 48
        and not above.endswith(_TERMINAL)
    )


def _joined_header_row(s: str) -> bool:
    """`Ngày 31/8/2024 Ngày 30/9/2024 Tăng (+)/Giảm (-) so với ngày 31/8/2024`: the cells
    of a header row joined by single spaces, each of them short."""
    pieces = split_joined_cells(s)
    return 2 <= len(pieces) <= 16 and all(len(p) <= 48 for p in pieces)


def _is_margin_label(spans: list[Span], above: str) -> bool:
    """`Cấp tỉnh` alone at the margin right under a header line of several cells, under
    the column codes, or after the blank line that closes a header printed as blocks: a
    group row, not a wrapped header cell (`Số` / `TT` aside)."""
    if len(spans) != 1 or spans[0][0] >= 2 or is_row_header_word(spans[0][2]):
        return False
    if is_code_line(above):
        return True  # the column codes (`B (1) (2) …`) close the header
    return len(spans[0][2].split()) >= 2 and (not above.strip() or len(cells_of(above)) >= 2)


def _is_body_line(spans: list[Span]) -> bool:
    return len(spans) >= 2 and _digit_cells(spans) >= 1


def _is_group_line(spans: list[Span]) -> bool:
    """`Cấp tỉnh`, `1   Các sở, ban, ngành`, `II  UBND cấp huyện`: a short label alone."""
    if not spans or len(spans) > 2:
        return False
    text = " ".join(t for _, _, t in spans)
    if len(text) > 70 or text.endswith(_TERMINAL) or text.lstrip().startswith("#"):
        return False
    if len(spans) == 2:
        return parse_row_code(spans[0][2]) is not None and not is_number_cell(spans[1][2])
    return not is_number_cell(text)


def _extend_down(
    lines: list[str], last: int, taken: set[int], is_furniture
) -> tuple[int, list[int]]:
    end = last + 1
    dropped: list[int] = []
    k = end
    while k < len(lines) and k not in taken:
        line = lines[k]
        if not line.strip():
            k += 1
            continue
        if is_furniture is not None and is_furniture(line):
            dropped.append(k)
            k += 1
            continue
        spans = cells_of(line)
        if _is_body_line(spans):
            end = k + 1
            k += 1
            continue
        if _is_group_line(spans) or _is_continuation(spans):
            nxt = k + 1
            while nxt < len(lines) and not lines[nxt].strip():
                nxt += 1
            if nxt < len(lines) and nxt not in taken and _is_body_line(cells_of(lines[nxt])):
                end = k + 1
                k += 1
                continue
            if _is_continuation(spans) and k == end:
                end = k + 1
                k += 1
                continue
        if (
            k == end
            and k + 1 < len(lines)
            and k + 1 not in taken
            and _is_body_line(cells_of(lines[k + 1]))
        ):
            dropped.append(k)  # one stray line (a tab or pipe line) between two rows
            end = k + 1
            k += 1
            continue
        break
    dropped = [d for d in dropped if d < end]
    return end, dropped


def _is_continuation(spans: list[Span]) -> bool:
    return len(spans) == 1 and spans[0][0] >= 2 and spans[0][2][:1].islower()


def _is_total_spans(spans: list[Span]) -> bool:
    return bool(spans) and is_total_label(spans[0][2])


# -- parsing a region ------------------------------------------------------------------


def _column_intervals(body: list[list[Span]]) -> list[tuple[int, int]]:
    counts: dict[int, int] = {}
    for spans in body:
        if len(spans) >= 3:
            counts[len(spans)] = counts.get(len(spans), 0) + 1
    if not counts:
        width = max((len(s) for s in body), default=0)
        model = [s for s in body if len(s) == width]
    else:
        best = max(counts.values())
        width = max(w for w, c in counts.items() if c == best)
        model = [s for s in body if len(s) == width]
    intervals = []
    for c in range(width):
        intervals.append((min(s[c][0] for s in model), max(s[c][1] for s in model)))
    # Cells right of every column of the usual rows: a column that only some rows fill
    # (a note, `Ước tính`).
    right = [
        (a, b) for spans in body for a, b, _ in spans if intervals and a > intervals[-1][1] + 1
    ]
    if right:
        intervals.append((min(a for a, _ in right), max(b for _, b in right)))
    # Overlapping intervals (a long label reaching into a value column) are cut apart.
    for c in range(1, len(intervals)):
        a = intervals[c][0]
        pa, pb = intervals[c - 1]
        if a < pb:
            intervals[c - 1] = (pa, max(pa + 1, a - 1))
    return intervals


def _overlap(a: int, b: int, iv: tuple[int, int]) -> int:
    return min(b, iv[1]) - max(a, iv[0])


def _columns_of(a: int, b: int, intervals: list[tuple[int, int]]) -> list[int]:
    hit = [c for c, iv in enumerate(intervals) if _overlap(a, b, iv) > 0]
    if hit:
        return hit
    centre = (a + b) / 2
    return [min(range(len(intervals)), key=lambda c: abs(centre - sum(intervals[c]) / 2))]


def _best_column(a: int, b: int, intervals: list[tuple[int, int]]) -> int:
    """The column a cell overlaps most (the first on a tie), else the nearest one: the
    same as `max(_columns_of(...), key=overlap)` in one pass (it runs for every cell)."""
    best, most = -1, 0
    for c, (x, y) in enumerate(intervals):
        ov = (b if b < y else y) - (a if a > x else x)
        if ov > most:
            best, most = c, ov
    return best if best >= 0 else _columns_of(a, b, intervals)[0]


def _place(spans: list[Span], intervals: list[tuple[int, int]], first_value: int) -> dict[int, str]:
    """Cells of a row by column. A number after the first cell is a value: never in a
    column left of the first value column or of the cell before it (a row printed
    shifted left, its blank code cell dropped, keeps its values in order), unless the row
    prints more numbers than there are value columns."""
    out: dict[int, str] = {}
    prev = -1
    last = len(intervals) - 1
    numbers = [i for i, (_, _, t) in enumerate(spans) if i and _DIGIT_CELL_RE.fullmatch(t)]
    # More numbers than value columns: the first one is a label (`Quận 3` printed `3`).
    label_number = numbers[0] if len(numbers) > last - first_value + 1 else -1
    for i, (a, b, text) in enumerate(spans):
        col = _best_column(a, b, intervals)
        if i and prev >= 0 and i != label_number and _DIGIT_CELL_RE.fullmatch(text):
            col = min(last, max(col, first_value, prev + 1))
        out[col] = f"{out[col]} {text}" if col in out else text
        prev = col
    return out


def _first_value_column(body: list[list[Span]], intervals: list[tuple[int, int]]) -> int:
    numeric = [0] * len(intervals)
    filled = [0] * len(intervals)
    for spans in body:
        for a, b, t in spans:
            col = _best_column(a, b, intervals)
            filled[col] += 1
            numeric[col] += bool(_DIGIT_CELL_RE.fullmatch(t))
    return next(
        (c for c in range(1, len(intervals)) if filled[c] and numeric[c] * 2 >= filled[c]),
        len(intervals) - 1,
    )


def _header_paths(
    header: list[list[Span]], intervals: list[tuple[int, int]]
) -> tuple[list[list[str]], list[str]]:
    """Header path and column code per column from the header lines' cells."""
    width = len(intervals)
    stacks: list[list[int]] = [[] for _ in range(width)]
    texts: list[str] = []
    cols_of: list[set[int]] = []
    last_line: list[int] = []
    codes = [""] * width
    for li, spans in enumerate(header):
        if len(spans) == 1 and is_code_line(spans[0][2]):
            found = _code_cells(spans[0][2])
            if len(found) == width:
                codes = found
            continue
        if is_column_code_row([t for _, _, t in spans]):
            for a, b, t in spans:
                col = _best_column(a, b, intervals)
                codes[col] = t
            continue
        placed = [(t, set(_columns_of(a, b, intervals))) for a, b, t in spans]
        for text, cols in placed:
            tops = {stacks[c][-1] for c in cols if stacks[c]}
            parent = next(iter(tops)) if len(tops) == 1 else None
            if parent is not None and last_line[parent] == li - 1:
                siblings = [1 for _, other in placed if other & cols_of[parent]]
                if len(siblings) == 1:  # the only cell under it: a wrapped line
                    texts[parent] = f"{texts[parent]} {text}"
                    last_line[parent] = li
                    for c in cols - cols_of[parent]:
                        if not stacks[c]:
                            stacks[c].append(parent)
                    cols_of[parent] |= cols
                    continue
            texts.append(text)
            cols_of.append(cols)
            last_line.append(li)
            for c in cols:
                stacks[c].append(len(texts) - 1)
    return [[texts[e] for e in stacks[c]] for c in range(width)], codes


def _block_header(
    header_lines: list[str], width: int, first_value: int, like: list[list[str]] | None = None
) -> tuple[list[list[str]], list[str]]:
    """Header cells one under the other, a blank line after each: one cell per block, in
    column order; when the blocks do not match the columns, the header phrases are fitted
    like those of single-spaced PDF text (tables_pdf.header_columns)."""
    codes = [""] * width
    blocks: list[list[str]] = [[]]
    for line in header_lines:
        s = line.strip()
        if is_code_line(line):
            found = _code_cells(s)
            if len(found) == width:
                codes = found
            continue
        if not s:
            if blocks[-1]:
                blocks.append([])
            continue
        blocks[-1].append(s)
    cells = [" ".join(b) for b in blocks if b]
    value_count = width - first_value
    # The last block may join the cells of a header row (`Đơn vị tính Số liệu`).
    # A text column (`Đơn vị tính`) may come before the first number column: the lead
    # columns are the code and label cells the header names.
    for lead_count in dict.fromkeys((lead_cells(cells), first_value)):
        same = [tuple(p) for p in like[lead_count:]] if like else []  # the first header's
        fitted = fit_block_header(cells, width - lead_count, same) if lead_count else None
        if fitted is not None and len(fitted[0]) <= lead_count:
            lead = [list(p) for p in fitted[0]]
            lead = ([[]] * (lead_count - len(lead)) + lead)[-lead_count:]
            return lead + [list(p) for p in fitted[1]], codes
    # A last column no row fills (a note column left blank in every row): one more.
    for lead_count in dict.fromkeys((lead_cells(cells), first_value)):
        fitted = fit_block_header(cells, width + 1 - lead_count) if lead_count else None
        if (
            fitted is not None
            and len(fitted[0]) <= lead_count
            and fold(fitted[1][-1][-1]).strip(" :.").startswith(NOTE_HEADERS)
        ):
            lead = [list(p) for p in fitted[0]]
            lead = ([[]] * (lead_count - len(lead)) + lead)[-lead_count:]
            return lead + [list(p) for p in fitted[1]], [*codes, ""]
    if len(cells) == width:
        return [[c] for c in cells], codes
    paths, _ = header_columns(header_segments(" ".join(cells)), value_count)
    lead = [list(p) for p in paths[:2] if p]
    lead = ([[]] * (first_value - len(lead)) + lead)[-first_value:] if first_value else []
    return lead + [list(p) for p in paths[2:]], codes


def parse_column_table(
    lines: list[str], region: ColumnRegion, table_index: int
) -> tuple[Table, list[ParseIssue]]:
    issues: list[ParseIssue] = []
    skip = set(region.dropped) | set(region.repeated)
    body = [
        (k + 1, cells_of(lines[k]))
        for k in range(region.header_end, region.end)
        if k not in skip and lines[k].strip()
    ]
    header = [
        cells_of(lines[k]) for k in range(region.start, region.header_end) if lines[k].strip()
    ]
    intervals = _column_intervals([s for _, s in body])
    first_value = _first_value_column([s for _, s in body], intervals)
    placed = [(no, _place(spans, intervals, first_value)) for no, spans in body]
    header_lines = [lines[k] for k in range(region.start, region.header_end)]
    paths, codes = _paths_of(header_lines, intervals, first_value)
    width = max(len(intervals), len(paths))  # a note column no row fills adds one
    codes = [*codes, *[""] * (width - len(codes))]
    # Parts under the header printed again in another column order: their cells are
    # moved to the first header's columns.
    remaps: list[tuple[int, dict[int, int]]] = []
    for body_from, header_from in region.parts:
        again, _ = _paths_of(lines[header_from:body_from], intervals, first_value, paths)
        order = _column_order(paths, again, first_value)
        if order:
            remaps.append((body_from + 1, order))
            issues.append(
                repeated_header_differs(
                    "lists its columns in another order; "
                    f"its cells are read under the first header's columns {order}",
                    header_from + 1,
                    table_index,
                )
            )
    # A code column: most rows that print something in column 0 print a row code there.
    firsts = [cells[0] for _, cells in placed if 0 in cells]
    coded = sum(1 for f in firsts if parse_row_code(f) or f in _BULLETS)
    has_code = bool(firsts) and coded * 2 > len(firsts)
    split_code = False
    if not has_code and firsts:
        # Code and label one space apart in one cell: "1 Sở Tư pháp".
        lead = [f for f in firsts if ROW_START_RE.match(f)]
        split_code = len(lead) * 2 > len(firsts) and all(
            first_token_is_word(m.group("rest").strip()) or not m.group("rest").strip()
            for m in (ROW_START_RE.match(f) for f in lead)
        )
    shift = 0 if has_code else 1
    columns = [Column(0, tuple(paths[0]) if has_code else (), codes[0] or None, 0, None)]
    if not has_code:
        columns.append(Column(1, tuple(paths[0]), codes[0] or None, 0, None))
    for c in range(1, width):
        columns.append(Column(c + shift, tuple(paths[c]), codes[c] or None, 0, None))
    first_header = next(
        (k + 1 for k in range(region.start, region.header_end) if lines[k].strip()), None
    )
    columns = [
        Column(c.column_index, c.header_path, c.column_code, 0, first_header) for c in columns
    ]
    rows: list[Row] = []
    section: str | None = None
    for no, cells in placed:
        order = next((o for start, o in reversed(remaps) if no >= start), None)
        if order:
            cells = {order.get(c, c): t for c, t in cells.items()}
        grid = {(c + shift): t for c, t in cells.items()}
        if has_code and 0 in grid and not parse_row_code(grid[0]) and grid[0] not in _BULLETS:
            # A label in the code column (a totals row, a group row printed flush left).
            label = grid.pop(0)
            grid[1] = f"{label} {grid[1]}" if 1 in grid else label
        if split_code and 1 in grid:
            m = ROW_START_RE.match(grid[1])
            if m and (first_token_is_word(m.group("rest").strip()) or not m.group("rest")):
                grid[0] = m.group("code")
                if m.group("rest").strip():
                    grid[1] = m.group("rest").strip()
                else:
                    del grid[1]
        label = grid.get(1)
        values = [k for k in grid if k >= 2]
        if (
            rows
            and not grid.get(0)
            and label
            and not values
            and label[:1].islower()
            and not is_total_label(label)
        ):
            rows[-1] = _continue(rows[-1], label, no)
            continue
        code = parse_row_code(grid[0]) if grid.get(0) else None
        kind, section = row_kind(code, label, section)
        rows.append(
            Row(
                len(rows),
                no,
                tuple(Cell(k, grid[k], no) for k in sorted(grid)),
                code.printed if code else (grid[0] if grid.get(0) in _BULLETS else None),
                code.normalised if code else None,
                label or None,
                kind,
                section,
            )
        )
    line_start = first_header or (body[0][0] if body else region.start + 1)
    table = Table(
        table_index=table_index,
        layout=LAYOUT,
        line_start=line_start,
        line_end=body[-1][0] if body else line_start,
        columns=columns,
        rows=rows,
        header_row_count=len(header),
    )
    return table, issues


def _paths_of(
    header_lines: list[str],
    intervals: list[tuple[int, int]],
    first_value: int,
    like: list[list[str]] | None = None,
) -> tuple[list[list[str]], list[str]]:
    """Header paths and codes; `like`: the first header's paths, for a header printed
    again after a page break."""
    if header_lines and all(_at_margin(h) for h in header_lines if h.strip()):
        return _block_header(header_lines, len(intervals), first_value, like)
    header = [cells_of(h) for h in header_lines if h.strip()]
    return _header_paths(header, intervals)


def _column_order(
    first: list[list[str]], again: list[list[str]], first_value: int
) -> dict[int, int] | None:
    """Column of the first header for each value column of a header printed again in
    another order (cells paired by their words); None when the order is the same or the
    cells do not pair up."""
    cols = range(first_value, min(len(first), len(again)))
    order: dict[int, int] = {}
    free = set(cols)
    for c in cols:
        if not again[c] or not free:
            return None
        best = max(free, key=lambda f: (header_similarity(first[f], again[c]), -abs(f - c)))
        if header_similarity(first[best], again[c]) < 0.5:
            return None
        order[c] = best
        free.discard(best)
    moved = sum(1 for c, o in order.items() if c != o)
    if not moved or moved > max(2, len(order) // 3):
        return None  # the same order, or a shuffle no page break prints: unreadable
    return order


def _continue(row: Row, text: str, line: int) -> Row:
    cells = []
    for c in row.cells:
        if c.column_index == 1:
            c = Cell(
                1,
                f"{c.text} {text}",
                c.source_line,
                c.is_bold,
                c.is_italic,
                (*c.continuation_lines, line),
            )
        cells.append(c)
    return Row(
        row.row_index,
        row.source_line,
        tuple(cells),
        row.row_code,
        row.row_code_norm,
        f"{row.row_label} {text}" if row.row_label else text,
        row.row_kind,
        row.section_code,
    )
