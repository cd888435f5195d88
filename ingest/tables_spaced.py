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

from ingest.model import ParseIssue, Table
from ingest.rowcodes import parse_row_code
from ingest.tables_tsv import finish_table, make_raw_row, new_builder
from ingest.text import fold

LAYOUT = "space_text"

_NUMBER_RE = re.compile(r"[+\-−]?\d+(?:[.,]\d+)*%?")
_MIN_VALUES = 2
_MAX_HEADER_LINE = 200
_MAX_BLOCK_LINES = 30
_MAX_CELL_WORDS = 12
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
    rows: tuple[tuple[str, ...], ...]  # code, label, values of each body line


def _trailing_numbers(words: list[str]) -> int:
    n = 0
    for w in reversed(words):
        if not (w[:1].isdigit() or w[:1] in "+-−") or not _NUMBER_RE.fullmatch(w):
            break
        n += 1
    return n


def _row_words(line: str) -> list[str] | None:
    """The words of a line that may be a table row: single spaces, no tab or pipe, and
    two numbers or more at its end (checked on the last character first: most lines fail
    there)."""
    if line[-1:] not in "0123456789%" or "\t" in line or "|" in line:
        return None
    s = line.strip()
    if "  " in s or len(s) > 400:
        return None
    words = s.split(" ")
    if len(words) < 3 or _trailing_numbers(words) < _MIN_VALUES:
        return None
    return words


def _lead(words: list[str], values: int) -> tuple[str, str]:
    """(row code, label) of a row's words before its `values` numbers."""
    rest = words[: len(words) - values]
    if len(rest) > 1 and parse_row_code(rest[0]) and rest[1][:1].isalpha():
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
    return (
        len(word) > 1
        and word.isupper()
        and not _ROMAN_RE.fullmatch(word)
        and not (prev.isupper() and any(ch.isalpha() for ch in prev))
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


def _is_header_line(line: str) -> bool:
    s = line.strip()
    return (
        bool(s)
        and len(s) <= _MAX_HEADER_LINE
        and not s.endswith(_TERMINAL)
        and "\t" not in s
        and "|" not in s
        and any(ch.isalpha() for ch in s)
        and _row_words(s) is None
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


def _fit_two_rows(
    top: Sequence[str], sub: Sequence[str], leaves: int, fixed: int
) -> list[tuple[str, ...]] | None:
    """Paths of `leaves` columns from a top row and a row of sub-cells under a run of its
    cells, each spanning the same number of sub-cells."""
    g = len(top) + len(sub) - leaves
    if g < 1 or len(sub) % g or len(sub) // g < 2:
        return None
    s = len(sub) // g
    if g > 1 and not _periodic(sub, s):
        return None
    a = _group_start(top, g, fixed)
    if a is None:
        return None
    paths: list[tuple[str, ...]] = []
    for i, t in enumerate(top):
        if a <= i < a + g:
            paths.extend((t, sub[(i - a) * s + j]) for j in range(s))
        else:
            paths.append((t,))
    return paths


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


def _labels_plausible(labels: Sequence[str], words_left: Sequence[int]) -> bool:
    if any(not label or not any(ch.isalpha() for ch in label) for label in labels):
        return False
    if any(label.endswith((",", "-", "–", "(")) for label in labels):
        return False
    if any(n > 1 for n in words_left):  # a label ends in one number at most (`Mức 3`)
        return False
    return len(labels) < 2 or len(set(labels)) == len(labels)


def _readings(lines: list[str], first: int, body: list[list[str]], floor: int) -> list[_Reading]:
    trailing = [_trailing_numbers(w) for w in body]
    low = min(trailing)
    out: list[_Reading] = []
    above = []  # header lines right above the first row, nearest last
    j = first - 1
    while j >= floor and len(above) < _MAX_BLOCK_LINES and _is_header_line(lines[j]):
        above.insert(0, j)
        j -= 1
    if not above:
        return out
    for k in range(max(_MIN_VALUES, max(trailing) - 1), low + 1):
        leads = [_lead(w, k) for w in body]
        coded = sum(1 for c, _ in leads if c) * 2 > len(leads)
        labels = [label if coded or not c else f"{c} {label}" for c, label in leads]
        left = [t - k for t in trailing]
        if not _labels_plausible(labels, left):
            continue
        lead = 2 if coded else 1
        covers = [(k + lead, lead), (k, 0)] + ([(k + 1, 1)] if coded else [])
        for leaves, named in covers:
            for paths, start in _header_fits(lines, above, leaves, named, len(body)):
                full = [()] * (lead + k - leaves) + paths
                if not coded:
                    full = [(), *full]
                out.append(_Reading(k, coded, tuple(full), start))
    return out


def _header_fits(
    lines: list[str], above: list[int], leaves: int, named: int, rows: int
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
    if fits:
        return fits
    if len(above) >= 3:  # a header printed piece by piece: the lines up to a blank one
        cells = _block_cells([lines[k] for k in above])
        if len(cells) == leaves and rows >= 2 and all(len(c) <= 80 for c in cells):
            fits.append(([(c,) for c in cells], above[0]))
    return fits


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
        body = [words]
        end = i + 1
        while end < n and end not in taken:
            nxt = _row_words(lines[end])
            if nxt is None:
                break
            body.append(nxt)
            end += 1
        region = _region(lines, i, end, body, floor)
        if region is not None:
            regions.append(region)
            floor = end
        i = end
    return regions


def _region(
    lines: list[str], first: int, end: int, body: list[list[str]], floor: int
) -> SpacedRegion | None:
    readings = _readings(lines, first, body, floor)
    distinct = {(r.values, r.coded, r.paths) for r in readings}
    if len(distinct) != 1:
        return None  # no header fits, or several readings do: not read as a table
    r = readings[0]
    depth = max(len(p) for p in r.paths)
    header: list[tuple[str, ...]] = []
    for level in range(depth):
        row = []
        for c, p in enumerate(r.paths):
            opens = level < len(p) and (c == 0 or r.paths[c - 1][: level + 1] != p[: level + 1])
            row.append(p[level] if opens else "")
        header.append(tuple(row))
    rows = []
    for words in body:
        code, label = _lead(words, r.values)
        if not r.coded and code:
            code, label = "", f"{code} {label}"
        rows.append((code, label, *words[len(words) - r.values :]))
    return SpacedRegion(r.header_start, first, end, tuple(header), tuple(rows))


def parse_spaced_table(region: SpacedRegion, table_index: int) -> tuple[Table, list[ParseIssue]]:
    header = [
        make_raw_row(region.start + 1 + k, list(cells))
        for k, cells in enumerate(region.header_rows)
    ]
    b = new_builder(table_index, LAYOUT, region.start + 1, header)
    for k, cells in enumerate(region.rows):
        b.data.append((make_raw_row(region.header_end + k + 1, list(cells)), 0, False))
    b.line_end = region.end
    table, issues = finish_table(b)
    return table, issues
