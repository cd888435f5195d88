"""Tables copied from a web page's HTML table: every cell separated by ONE space.

A portal page pasted as text keeps each table row and each header row on one line, its
cells joined by single spaces (an empty cell leaves two). Nothing marks where a cell
ends, so a table is read from what must agree: the body, consecutive lines that end in
k values (k >= 2; a label may end in one number, `Quận 5`, so k is the count of numbers
ending the lines or one less), its label words before them (after a row code when most
rows have one); and the header lines right above, which `ingest/spaced_headers.py` must
fit to exactly the body's columns. Group rows, empty cells and one stray line between
rows are read. Every reading (k, header lines, cuts, spans) is tried and a table is made
only when exactly one plausible reading fits: prose is one cell a line, ends in a full
stop or colon, holds figures (`1.250`) where a header names columns, or repeats labels.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.model import ParseIssue, Table
from ingest.rowcodes import parse_lead_code
from ingest.segment import is_page_furniture
from ingest.spaced_headers import grid_rows, header_fits
from ingest.spaced_rows import (
    MIN_VALUES,
    is_number,
    join_spaced_groups,
    lead,
    row_words,
    trailing_numbers,
)
from ingest.tables_tsv import finish_table, make_raw_row, new_builder

LAYOUT = "space_text"

_MAX_HEADER_LINE = 400
_MAX_BLOCK_LINES = 30
_TERMINAL = tuple(".:;!?")


@dataclass(frozen=True, slots=True)
class SpacedRegion:
    start: int  # first header line (0-based)
    header_end: int  # first row line
    end: int  # exclusive
    header_rows: tuple[tuple[str, ...], ...]  # grid rows, one cell a column ("" where spanned)
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (line, code + label + values) of each row
    holes: tuple[int, ...] = ()  # stray lines between rows: blocks, not rows


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
        and trailing_numbers(s.split(" ")) <= 1
    )


_DATE_LINE_RE = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.IGNORECASE)


def _is_header_line(line: str) -> bool:
    """A line that may be a header row: no full stop or colon at its end, no value
    (`1.250`, `98,2%`: header cells name columns, they hold no figures), not a numbered
    item (`1. Sở Tư pháp …`) and not a date line (`…, ngày 15 tháng 7 năm 2024`)."""
    s = line.strip()
    first = s.split(" ", 1)[0]
    if first[:1].isdigit() or (first.endswith(")") and parse_lead_code(first)):
        return False
    if any(is_number(w) and any(ch in w for ch in ".,%") for w in s.split(" ")):
        return False
    return (
        bool(s)
        and len(s) <= _MAX_HEADER_LINE
        and not s.endswith(_TERMINAL)
        and "\t" not in s
        and "|" not in s
        and any(ch.isalpha() for ch in s)
        and row_words(s) is None
        and not ("ngày" in s and _DATE_LINE_RE.search(s))
    )


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
    if any(n > 1 for n in words_left):  # a label ends in one number at most (`Quận 5`)
        return False
    return len(labels) < 2 or len(set(labels)) == len(labels)


def _split_row(words: list[str], k: int) -> tuple[str, str, list[str]]:
    """(code, label, k value cells) of a row; a row whose last cells are empty (not
    copied) gets them back as empty cells."""
    t = min(trailing_numbers(words), k)
    code, label = lead(words, t)
    return code, label, words[len(words) - t :] + [""] * (k - t)


def _value_counts(body: list[list[str] | None]) -> list[int]:
    """The counts of value columns the rows allow: the most cells a row ends with, or
    one less (the last word of every label a number)."""
    trailing = [trailing_numbers(w) for w in body if w]
    top = max(trailing)
    return [k for k in (top - 1, top) if k >= MIN_VALUES]


def _readings(
    lines: list[str], first: int, body: list[list[str] | None], floor: int
) -> list[list[_Reading]]:
    """The readings of a body, under the header lines right above it; then, if a blank
    or stray line lies above those, under the lines across it (tried second)."""
    # Header lines above the first row, nearest last; the lines nearest it may be group
    # rows (`1 Sở, ban, ngành`), and a stray line under a numbered one (`I Cấp tỉnh`).
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
        short = sum(1 for w in rows if trailing_numbers(w) < k)
        if short * 2 > len(rows):
            continue
        coded = sum(1 for c, _, _ in splits if c) * 2 > len(splits)
        labels = [label if coded or not c else f"{c} {label}" for c, label, _ in splits]
        left = [max(0, trailing_numbers(w) - k) for w in rows]
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
                for paths, start in header_fits(lines, head, leaves, named, len(rows), skip):
                    full = [()] * (lead + k - leaves) + paths
                    if not coded:
                        full = [(), *full]
                    out.append(_Reading(k, coded, tuple(full), start, head[-1] + 1))
    return out


def _coded_group(line: str) -> bool:
    return _is_group_line(line) and bool(parse_lead_code(line.strip().split(" ", 1)[0]))


def _is_stray(line: str) -> bool:
    """A line that cannot head a table nor be one of its rows: blank, a page number, a
    tab row, a sentence."""
    if not line.strip() or is_page_furniture(line):
        return True
    return not _is_header_line(line) and not _is_group_line(line) and row_words(line) is None


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
        words = row_words(lines[j])
        if words is not None:
            last = next((w for w in reversed(body) if w), None)
            if (
                out
                and strays
                and (last is None or trailing_numbers(words) != trailing_numbers(last))
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
        words = row_words(lines[i]) if i not in taken else None
        if words is None:
            if i in taken:
                floor = i + 1
            i += 1
            continue
        body: list[list[str] | None] = [words]
        end = i + 1
        while end < n and end not in taken:
            nxt = row_words(lines[end])
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
        region = _region(lines, i, end, join_spaced_groups(body), floor)
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
    header = grid_rows(r.paths)
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
            code, label = lead(lines[j].strip().split(" "), 0)
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
