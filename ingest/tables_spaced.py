"""Tables copied from a web page's HTML table: every cell separated by ONE space.

A portal's statistics page pasted as text keeps a table row on one line, its cells
joined by single spaces (`Mức 3 68544 61827 6717 43434 70,3% …`), and its header rows
the same way (`Mức độ Tổng Đã xử lý Chưa xử lý Trước hạn Đúng hạn Trễ hạn` over
`Tổng % Tổng % Tổng %`). Nothing marks where a cell ends, so a table is read from what
must agree:

* the body: consecutive lines that each end in k numbers or more (k >= 2), the words
  before them the label (after a leading row code when most rows have one). A label may
  end in one number (`Mức 3`), so k is the trailing count or one less;
* the header: the lines right above, cut into cells before every word that opens with a
  capital (acronyms and `%` may open a cell too), must give exactly the columns the body
  has (code, label and k values; or the k values alone), as one row, or as two rows
  whose second row holds the sub-cells of a run of top cells (the same sub-cells under
  each, like `Tổng %`); or, for a header printed cell piece by cell piece over many lines
  (`Chỉ số` / `Nhận thức số`), the pieces of the header block, where a piece that ends
  several lines is the first line of a cell broken in two.

Every reading of k, header depth, cell cut and group position is tried; a table is made
only when exactly one plausible reading fits. Prose never gives one: a sentence is one
cell, a colon or full stop ends no header line, and labels must differ from row to row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ingest.header_tree import flat_header_layout
from ingest.model import ParseIssue, Table
from ingest.rowcodes import parse_lead_code
from ingest.segment import is_page_furniture
from ingest.tables_tsv import finish_table, make_raw_row, new_builder
from ingest.text import fold

LAYOUT = "space_text"

_NUMBER_RE = re.compile(r"[+\-−]?\d+(?:(?:[.,]|\.\.)\d+)*%?")  # `7..108`: a mistyped group
_MIN_VALUES = 2
_MAX_HEADER_LINE = 400
_MAX_BLOCK_LINES = 30
_MAX_CELL_WORDS = 20
_TERMINAL = tuple(".:;!?")
_OF_WHICH = ("trong do", "chia ra", "bao gom")
_BARE_TOTALS = frozenset({"tong", "tong so", "tong cong", "cong"})
_ROMAN_RE = re.compile(r"[IVXL]+")


@dataclass(frozen=True, slots=True)
class SpacedRegion:
    start: int  # first header line (0-based)
    header_end: int  # first row line
    end: int  # exclusive
    header_rows: tuple[tuple[str, ...], ...]  # grid rows, one cell a column ("" where spanned)
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (line, code + label + values) of each row
    holes: tuple[int, ...] = ()  # stray lines between rows: blocks, not rows


_PLACEHOLDERS = frozenset({"", "-", "–", "x", "X", "…"})  # "": an empty cell
_ROW_ENDS = frozenset("0123456789%-–xX…")
# Words a change column prints instead of a number (`+2,9`, `Giữ nguyên`): a value cell.
_TEXT_VALUES = ("Giữ nguyên",)
_TEXT_VALUE_ENDS = frozenset(v.rsplit(" ", 1)[-1] for v in _TEXT_VALUES)


def _is_number(word: str) -> bool:
    return (word[:1].isdigit() or word[:1] in "+-−") and bool(_NUMBER_RE.fullmatch(word))


def _join_text_values(words: list[str]) -> list[str]:
    """The words of a row with every text value one word (`Giữ nguyên`)."""
    out: list[str] = []
    for w in words:
        if out and f"{out[-1]} {w}" in _TEXT_VALUES:
            out[-1] = f"{out[-1]} {w}"
        else:
            out.append(w)
    return out


def _trailing_numbers(words: list[str]) -> int:
    """How many cells end the line: numbers, placeholders and empty cells (two spaces)."""
    n = 0
    for w in reversed(words):
        if w not in _PLACEHOLDERS and w not in _TEXT_VALUES and not _is_number(w):
            break
        n += 1
    return n


def _row_words(line: str) -> list[str] | None:
    """The words of a line that may be a table row: no tab or pipe, and two numbers or
    more among the cells it ends with (checked on the last character first: most lines
    fail there). An empty cell is an empty word between two spaces."""
    if (line[-1:] not in _ROW_ENDS and not line.endswith(_TEXT_VALUES)) or (
        "\t" in line or "|" in line
    ):
        return None
    s = line.strip()
    if "   " in s or len(s) > 400:
        return None
    words = s.split(" ")
    if len(words) < 3:
        return None
    if words[-1] in _TEXT_VALUE_ENDS:
        words = _join_text_values(words)
    t = _trailing_numbers(words)
    numbers = [w for w in words[len(words) - t :] if _is_number(w)]
    if len(numbers) < _MIN_VALUES or all(_YEAR_RE.fullmatch(w) for w in numbers):
        return None  # `Năm 2023 2024`: years name periods, they are not a row's values
    return words


def _is_group_line(line: str) -> bool:
    """A row without values between a header and rows (`I Các sở, ban, ngành`, `Cấp tỉnh`)."""
    s = line.strip()
    return (
        0 < len(s) <= 80
        and not is_page_furniture(s)
        and not s.endswith(_TERMINAL)
        and "  " not in s
        and "\t" not in s
        and "|" not in s
        and any(ch.isalpha() for ch in s)
        and _trailing_numbers(s.split(" ")) <= 1
    )


def _lead(words: list[str], values: int) -> tuple[str, str]:
    """(row code, label) of a row's words before its `values` cells; a bullet (`-`) in
    the code column is the code of a row the report does not number."""
    rest = words[: len(words) - values] if values else list(words)
    if len(rest) > 1 and parse_lead_code(rest[0]) and rest[1][:1].isalpha():
        return rest[0], " ".join(rest[1:])
    return "", " ".join(rest)


def _opens(word: str, prev: str, acronyms: bool) -> bool:
    first = word[:1]
    if first.isupper() and not (len(word) > 1 and word.isupper()):
        return not _ROMAN_RE.fullmatch(word)
    if not acronyms:
        return False
    if first == "%":
        return True
    # An abbreviation after a word in lower case ends its cell (`qua BCCI`, `Hồ sơ DVC`);
    # after a `%` or a number it opens the next one (`TTHC % TTHC %`).
    return (
        len(word) > 1
        and word.isupper()
        and not _ROMAN_RE.fullmatch(word)
        and not any(ch.isalpha() for ch in prev)
    )


def split_cells(text: str, acronyms: bool) -> list[str]:
    """A header row's cells: cut before each word that opens with a capital (and, with
    `acronyms`, before an abbreviation such as `TTHC` or a `%`). Digits and words in
    lower case never open a cell: `Mức độ 1`, `Các tỉnh, thành phố`."""
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


_DATE_LINE_RE = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?:19|20)\d\d")


def _is_header_line(line: str) -> bool:
    """A line that may be a header row: no full stop or colon at its end, no value
    (`1.250`, `98,2%`: header cells name columns, they hold no figures), not a numbered
    item (`1. Sở Tư pháp …`) and not a date line (`…, ngày 15 tháng 7 năm 2024`)."""
    s = line.strip()
    first = s.split(" ", 1)[0]
    if first[:1].isdigit() or (first.endswith(")") and parse_lead_code(first)):
        return False
    if any(_is_number(w) and any(ch in w for ch in ".,%") for w in s.split(" ")):
        return False
    return (
        bool(s)
        and len(s) <= _MAX_HEADER_LINE
        and not s.endswith(_TERMINAL)
        and "\t" not in s
        and "|" not in s
        and any(ch.isalpha() for ch in s)
        and _row_words(s) is None
        and not ("ngày" in s and _DATE_LINE_RE.search(s))
    )


def _plain_cells(cells: Sequence[str]) -> bool:
    return all(len(c.split()) <= _MAX_CELL_WORDS for c in cells)


def _periodic(cells: Sequence[str], period: int) -> bool:
    keys = [fold(c) for c in cells]
    return all(keys[i] == keys[i + period] for i in range(len(keys) - period))


def _shares_word(cells: Sequence[str]) -> bool:
    words = [set(fold(c).split()) for c in cells]
    common = set.intersection(*words) if words else set()
    return bool(common)


def _group_start(top: Sequence[str], g: int, fixed: int) -> int | None:
    """Where the run of g top cells that span the second row starts: never over the
    label's own cell (the first `fixed` cells) or a bare total; the one admissible run,
    else the one whose cells share a word (`Trước hạn`, `Đúng hạn`, `Trễ hạn`), else an
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
    if len(sub) % g == 0 and len(sub) // g >= 2 and (g == 1 or _periodic(sub, len(sub) // g)):
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
    paths: list[tuple[str, ...]] = []
    used = 0
    for i, t in enumerate(top):
        if a <= i < a + g:
            n = sizes[i - a]
            paths.extend((t, c) for c in sub[used : used + n])
            used += n
        else:
            paths.append((t,))
    return paths


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
    lines' cells in order, where a cell that ends several lines (`Chỉ số`) is the first
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


@dataclass(frozen=True, slots=True)
class _Reading:
    values: int
    coded: bool
    paths: tuple[tuple[str, ...], ...]  # one per table column (code, label, values)
    header_start: int
    body_start: int  # lines between the header and the first row are group rows
    holes: tuple[int, ...] = ()  # a stray line inside the header


def _labels_plausible(labels: Sequence[str], words_left: Sequence[int]) -> bool:
    if any(not label or not any(ch.isalpha() for ch in label) for label in labels):
        return False
    if any(label.endswith((",", "-", "–", "(")) for label in labels):
        return False
    if any(n > 1 for n in words_left):  # a label ends in one number at most (`Mức 3`)
        return False
    return len(labels) < 2 or len(set(labels)) == len(labels)


def _split_row(words: list[str], k: int) -> tuple[str, str, list[str]]:
    """(code, label, k value cells) of a row; a row whose last cells are empty (not
    copied) gets them back as empty cells."""
    t = min(_trailing_numbers(words), k)
    code, label = _lead(words, t)
    return code, label, words[len(words) - t :] + [""] * (k - t)


def _value_counts(body: list[list[str] | None]) -> list[int]:
    """The counts of value columns the rows allow: the most cells a row ends with, or
    one less (the last word of every label a number)."""
    trailing = [_trailing_numbers(w) for w in body if w]
    top = max(trailing)
    return [k for k in (top - 1, top) if k >= _MIN_VALUES]


def _readings(
    lines: list[str], first: int, body: list[list[str] | None], floor: int
) -> list[list[_Reading]]:
    """The readings of a body, under the header lines right above it; then, if a blank
    or stray line lies above those, under the lines across it (tried second)."""
    # Header lines right above the first row, nearest last; the two lines nearest the
    # row may be group rows (`1 Sở, ban, ngành`) whatever they look like.
    # A stray line (page number, tab row, sentence) may lie between a numbered group row
    # (`I Cấp tỉnh`) and the first row.
    above: list[int] = []
    j = first - 1
    while j >= floor and len(above) < _MAX_BLOCK_LINES:
        near = first - j <= 3
        if not (
            _is_header_line(lines[j])
            or (near and _is_group_line(lines[j]))
            or (j == first - 1 and j > floor and _is_stray(lines[j]) and _coded_group(lines[j - 1]))
        ):
            break
        above.insert(0, j)
        j -= 1
    if not above:
        return []
    out = [_readings_under(lines, above, body)]
    # A blank or stray line inside the header (between two of its rows): the header is
    # read across it only when the lines under it give no reading on their own.
    if j > floor and _is_stray(lines[j]) and _is_header_line(lines[j - 1]):
        hole = j
        j -= 1
        upper: list[int] = []
        while j >= floor and len(upper) + len(above) < _MAX_BLOCK_LINES:
            if not _is_header_line(lines[j]):
                break
            upper.insert(0, j)
            j -= 1
        across = [
            _Reading(r.values, r.coded, r.paths, r.header_start, r.body_start, (hole,))
            for r in _readings_under(lines, upper + above, body)
            if r.header_start < hole
        ]
        out.append(across)
    return out


def _readings_under(
    lines: list[str], above: list[int], body: list[list[str] | None]
) -> list[_Reading]:
    """The readings of the body under the header lines `above` (nearest last)."""
    out: list[_Reading] = []
    rows = [w for w in body if w]
    for k in _value_counts(body):
        splits = [_split_row(w, k) for w in rows]
        short = sum(1 for w in rows if _trailing_numbers(w) < k)
        if short * 2 > len(rows):
            continue
        coded = sum(1 for c, _, _ in splits if c) * 2 > len(splits)
        labels = [label if coded or not c else f"{c} {label}" for c, label, _ in splits]
        left = [max(0, _trailing_numbers(w) - k) for w in rows]
        if not _labels_plausible(labels, left):
            continue
        lead = 2 if coded else 1
        covers = [(k + lead, lead), (k, 0)] + ([(k + 1, 1)] if coded else [])
        for skip in range(4):  # group rows (and a stray) between the header and the rows
            head = above[: len(above) - skip]
            between = above[len(head) :]
            groups = sum(1 for g in between if _is_group_line(lines[g]))
            if not head or groups < len(between) - 1:
                break
            if between and not groups:
                continue  # a stray line alone under the header: the group row is above it
            if not all(_is_header_line(lines[h]) for h in head[-3:]):
                continue
            for leaves, named in covers:
                for paths, start in _header_fits(lines, head, leaves, named, len(rows), skip):
                    full = [()] * (lead + k - leaves) + paths
                    if not coded:
                        full = [(), *full]
                    out.append(_Reading(k, coded, tuple(full), start, head[-1] + 1))
    return out


def _header_fits(
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


def _coded_group(line: str) -> bool:
    return _is_group_line(line) and bool(parse_lead_code(line.strip().split(" ", 1)[0]))


def _is_stray(line: str) -> bool:
    """A line that cannot head a table nor be one of its rows: blank, a page number, a
    tab row, a sentence."""
    if not line.strip() or is_page_furniture(line):
        return True
    return not _is_header_line(line) and not _is_group_line(line) and _row_words(line) is None


def _lines_to_next_row(
    lines: list[str], k: int, taken: set[int], body: list[list[str] | None]
) -> list[list[str] | None] | None:
    """Body entries for lines k.. up to the next row: group rows (None) and at most one
    stray line ([]) in three lines; None when no row of the table follows. After a stray
    line the row must end in as many cells as the last row before it."""
    out: list[list[str] | None] = []
    strays = 0
    for j in range(k, min(len(lines), k + 3)):
        if j in taken:
            return None
        words = _row_words(lines[j])
        if words is not None:
            last = next((w for w in reversed(body) if w), None)
            if (
                out
                and strays
                and (last is None or _trailing_numbers(words) != _trailing_numbers(last))
            ):
                return None
            return out or None
        if _is_group_line(lines[j]):
            out.append(None)
        elif _is_stray(lines[j]) and not strays:
            strays += 1
            out.append([])  # a blank or stray line between two rows: not a row
        else:
            return None
    return None


def find_spaced_regions(lines: list[str], taken: set[int]) -> list[SpacedRegion]:
    """Tables whose cells are separated by one space, on lines no other layout took."""
    regions: list[SpacedRegion] = []
    n = len(lines)
    floor = 0
    i = 0
    while i < n:
        words = _row_words(lines[i]) if i not in taken else None
        if words is None:
            if i in taken:
                floor = i + 1
            i += 1
            continue
        body: list[list[str] | None] = [words]
        end = i + 1
        while end < n and end not in taken:
            nxt = _row_words(lines[end])
            if nxt is not None:
                body.append(nxt)
                end += 1
                continue
            # group rows (a label alone) and one stray line go on when a row follows
            ahead = _lines_to_next_row(lines, end, taken, body)
            if ahead is None:
                break
            body.extend(ahead)
            end += len(ahead)
        region = _region(lines, i, end, body, floor)
        if region is not None:
            regions.append(region)
            floor = end
        i = end
    return regions


def _the_reading(readings: list[_Reading]) -> _Reading | None:
    """The reading that uses the most header lines, then names the most columns (a header
    row read alone, or a group row read as a header, leaves a line unexplained); None
    when none fits or the best ones differ."""
    if not readings:
        return None
    best = min((r.header_start, -sum(1 for p in r.paths if p)) for r in readings)
    readings = [r for r in readings if (r.header_start, -sum(1 for p in r.paths if p)) == best]
    distinct = {(r.values, r.coded, r.paths, r.body_start) for r in readings}
    return readings[0] if len(distinct) == 1 else None


def _region(
    lines: list[str], first: int, end: int, body: list[list[str] | None], floor: int
) -> SpacedRegion | None:
    r = None
    for readings in _readings(lines, first, body, floor):
        r = _the_reading(readings)
        if r is not None:
            break
    if r is None:
        return None  # no header fits, or several readings do: not read as a table
    depth = max(len(p) for p in r.paths)
    header: list[tuple[str, ...]] = []
    for level in range(depth):
        row = []
        for c, p in enumerate(r.paths):
            opens = level < len(p) and (c == 0 or r.paths[c - 1][: level + 1] != p[: level + 1])
            row.append(p[level] if opens else "")
        header.append(tuple(row))
    rows = []
    holes = [h for h in r.holes if lines[h].strip()]
    for j in range(r.body_start, end):
        words = body[j - first] if j >= first else None
        if words == []:
            if lines[j].strip():
                holes.append(j)
            continue
        if words is None and not _is_group_line(lines[j]):
            if lines[j].strip():
                holes.append(j)
            continue
        if words is None:
            code, label = _lead(lines[j].strip().split(" "), 0)
            values = [""] * r.values
        else:
            code, label, values = _split_row(words, r.values)
        if not r.coded and code:
            code, label = "", f"{code} {label}"
        rows.append((j, (code, label, *values)))
    return SpacedRegion(r.header_start, r.body_start, end, tuple(header), tuple(rows), tuple(holes))


def parse_spaced_table(region: SpacedRegion, table_index: int) -> tuple[Table, list[ParseIssue]]:
    header = [
        make_raw_row(region.start + 1 + k, list(cells))
        for k, cells in enumerate(region.header_rows)
    ]
    b = new_builder(table_index, LAYOUT, region.start + 1, header)
    for line, cells in region.rows:
        b.data.append((make_raw_row(line + 1, list(cells)), 0, False))
    b.line_end = region.end
    table, issues = finish_table(b)
    return table, issues
