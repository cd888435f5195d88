"""Header fitters for tables in PDF-extracted text: from header text to header paths.

A PDF-text table's header is printed without delimiters: its cells wrapped over lines,
or one cell a block with the cells of a lower header row joined on one line. What is
here turns that text into one header path per column, given how many value columns the
body shows:

* `header_segments` and `header_columns`: the header text cut at the phrases that open
  a header cell, and a second header row spread over the top cells that span;
* `header_blocks`, `fit_block_header` and the tree fitters: headers printed as blocks
  (blank lines between cells), up to three rows (`Trong đó` cells, groups that open
  with their total);
* `HeaderShape`: a header's text as both kinds of fitter need it, and the columns of
  an indicator table's text (unit of measure, note);
* a header printed again after a page break: read with the first header's tree
  (`like`), a spanning cell printed once per column (garbled repeats), and
  `same_header`, which tells whether a reading is that header at all.

All are pure functions of strings and counts; the row tokenizer, the value alignment
and the page-break handling that call them are in `ingest/tables_pdf.py`, and the
columns layout (`ingest/tables_columns.py`) reuses them for its block headers. It is
over 400 lines because the fitters are tried one after the other on the same cells (blocks,
tree, repeat) and share the header vocabulary, `_periodic` and `_alike`; splitting them
would split that order of trial over modules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import combinations, pairwise

from ingest.headers import repeats_every, spread_groups
from ingest.rowcodes import is_row_header_word
from ingest.text import collapse, fold

# Phrases that open a header cell, longest first.
HEADER_STARTERS = (
    "Số thứ tự",
    "Số TT",
    "STT",
    "Nội dung",
    "Đơn vị",
    "Địa phương",
    "Chỉ tiêu",
    "Thống kê trên",
    "Tăng (+)",
    "Tỷ lệ",
    "Số lượng",
    "Số liệu",
    "Đã triển khai",
    "Kết quả",
    "Ghi chú",
)
_STARTER_RE = re.compile(
    r"(?:(?<=\s)|^)(?=(?:" + "|".join(re.escape(s) for s in HEADER_STARTERS) + r")(?!\w))"
)


@lru_cache(maxsize=1024)  # pure; a report template prints the same header in every issue
def header_segments(text: str) -> tuple[str, ...]:
    parts = [collapse(p) for p in _STARTER_RE.split(collapse(text))]
    return tuple(p for p in parts if p)


def _periodic(seq: list[str], period: int) -> bool:
    """The same sub-cells under each spanning cell: in the same order, or (a header
    printed again with two columns swapped) the same cells in another order."""
    if repeats_every(seq, period):
        return True
    keys = [fold(s) for s in seq]
    groups = [sorted(keys[i : i + period]) for i in range(0, len(keys), period)]
    return len(keys) % period == 0 and all(g == groups[0] for g in groups)


def header_columns(segments: Sequence[str], value_count: int) -> tuple[list[tuple[str, ...]], bool]:
    """Header paths for the code, label and value columns; False if the header did not fit."""
    lead: list[tuple[str, ...]] = []
    rest = list(segments)
    for _ in range(2):
        if (
            rest
            and not any(ch.isdigit() for ch in rest[0])
            and (
                fold(rest[0]).startswith(
                    ("so tt", "stt", "so thu tu", "noi dung", "don vi", "dia phuong", "chi tieu")
                )
            )
        ):
            lead.append((rest.pop(0),))
    while len(lead) < 2:
        lead.append(())
    n = value_count
    for p in range(len(rest), -1, -1):
        top, sub = rest[:p], rest[p:]
        m = len(top) + len(sub) - n
        if m < 0 or m > len(top):
            continue
        if m == 0:
            if sub:
                continue
            return lead + [(t,) for t in top], True
        if not sub or len(sub) % m:
            continue
        s = len(sub) // m
        if m > 1 and not _periodic(sub, s):
            continue
        return lead + spread_groups(top, sub, [s] * m), True
    flat = [(t,) for t in rest[:n]] + [()] * max(0, n - len(rest))
    return lead + flat, False


@lru_cache(maxsize=1024)  # pure; region finding and table parsing both read a header
def _shape_parts(
    texts: tuple[str, ...],
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], bool]:
    """HeaderShape's fields of header lines, as tuples: a cached value is never changed."""
    as_blocks = any(not t.strip() for t in texts)
    cells, codes = header_blocks(texts) if as_blocks else ([], [])
    return header_segments(" ".join(texts)), tuple(cells), tuple(codes), as_blocks


# -- text columns of an indicator table: unit of measure, note --------------------------

UNIT_HEADERS = ("don vi tinh", "dvt")
NOTE_HEADERS = ("ghi chu",)


def text_column(paths: Sequence[tuple[str, ...]], words: tuple[str, ...]) -> int | None:
    for i, p in enumerate(paths):
        if p and fold(p[-1]).strip(" :.").startswith(words):
            return i
    return None


@dataclass(frozen=True, slots=True)
class HeaderShape:
    """A header's text as the fitters need it: its phrases, and when its cells are
    printed as blocks (blank lines between them) the blocks and the column codes."""

    segments: tuple[str, ...]
    cells: list[str]
    codes: list[str]
    as_blocks: bool

    @staticmethod
    def of(header_lines: Sequence[tuple[int, str]]) -> HeaderShape:
        segments, cells, codes, as_blocks = _shape_parts(tuple([t for _, t in header_lines]))
        return HeaderShape(segments, list(cells), list(codes), as_blocks)

    def names_text_columns(self) -> bool:
        """Does a header cell name a unit-of-measure column (the mark of an indicator
        table, whose rows print words between the label and the values)?"""
        return any(
            fold(c).strip(" :.").startswith(UNIT_HEADERS) for c in (*self.cells, *self.segments)
        )

    def fit(
        self, n: int, like: Sequence[tuple[str, ...]] = ()
    ) -> tuple[list[tuple[str, ...]], bool]:
        """Paths of the code, label and n value columns; False when it does not fit.
        `like`: the first header's value paths, for a header printed again."""
        paths, fits = _fit_shape(self.segments, tuple(self.cells), self.as_blocks, n, tuple(like))
        return list(paths), fits

    def fit_plain(
        self, n: int, like: Sequence[tuple[str, ...]] = ()
    ) -> tuple[list[tuple[str, ...]], bool]:
        """fit without the memo (a property test holds them equal)."""
        blocks = fit_block_header(self.cells, n, like) if self.as_blocks else None
        if blocks is None:
            return header_columns(self.segments, n)
        lead, value_paths = blocks
        if len(lead) == 1:
            lead = [lead[0], ()] if is_row_header_word(lead[0][0]) else [(), lead[0]]
        return [*lead, *([()] * (2 - len(lead))), *value_paths], True


@lru_cache(maxsize=2048)  # pure; each table tries several widths, and a header recurs
def _fit_shape(
    segments: tuple[str, ...],
    cells: tuple[str, ...],
    as_blocks: bool,
    n: int,
    like: tuple[tuple[str, ...], ...],
) -> tuple[tuple[tuple[str, ...], ...], bool]:
    """HeaderShape.fit of a shape's fields, as tuples: a cached value is never changed."""
    paths, fits = HeaderShape(segments, list(cells), [], as_blocks).fit_plain(n, like)
    return tuple(paths), fits


# -- headers printed as blocks: one header cell a block, a header row joined ----------------
#
# PDF extraction often prints every header cell as its own block (blank lines between)
# and the cells of one header row joined by single spaces on one line:
#
#     Đơn vị
#
#     Tỷ lệ thanh toán trực tuyến
#
#     Ngày 30/11/2025 Ngày 31/12/2025 Tăng (+)/Giảm (-) so với ngày 30/11/2025
#
# The blocks are the header tree in reading order (top row, then the rows under it). A
# joined row is cut before each word that opens with a capital (header cells open with
# one; `DVC`, `(+)/Giảm`, dates do not), and the tree is fitted to the body's number of
# value columns.

_LEAD_WORDS = (
    "so tt",
    "stt",
    "tt",
    "so thu tu",
    "noi dung",
    "don vi",
    "ten don vi",
    "dia phuong",
    "chi tieu",
    "co quan",
)
# A header cell that spans the cells of the row below although it is not a top cell.
_OF_WHICH = ("trong do", "chia ra", "bao gom")


def _opens_cell(word: str) -> bool:
    first = word[:1]
    return first.isupper() and not (len(word) > 1 and word.isupper())


def split_joined_cells(text: str) -> list[str]:
    """`Trực tuyến Trực tiếp, bưu chính` -> the cells of a header row joined by single
    spaces: cut before every word that opens with a capital (all-capital words such as
    `DVC` or `BCCI` are abbreviations inside a cell)."""
    pieces: list[str] = []
    for word in text.split():
        if pieces and not _opens_cell(word):
            pieces[-1] = f"{pieces[-1]} {word}"
        else:
            pieces.append(word)
    return pieces


def _is_lead(text: str) -> bool:
    key = " ".join(fold(text).replace(",", " ").split()).strip(" :.")  # `Cơ quan, đơn vị`
    return any(key == w or key.startswith(w + " ") for w in _LEAD_WORDS) and len(key) <= 40


def lead_cells(cells: Sequence[str]) -> int:
    """How many of the first header cells name the code and label columns (0 to 2)."""
    k = 0
    while k < min(2, len(cells) - 1) and _is_lead(cells[k]):
        k += 1
    return k


def bare_total(text: str) -> bool:
    return fold(text).strip(" :.") in ("tong", "tong so", "tong cong", "cong")


def _of_which(text: str) -> bool:
    return fold(text).strip(" :.").startswith(_OF_WHICH)


_CODE_TOKEN_RE = re.compile(r"[A-ZĐ]|\(\d{1,2}\)|=|[()\d+\-*/x:]+")


def header_blocks(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """(header cells, column codes) of header lines: a block of lines between blank
    lines is one cell (its lines a wrapped cell); a line of column codes (`A B (1) (2)`)
    gives the codes."""
    blocks: list[list[str]] = [[]]
    codes: list[str] = []
    for line in lines:
        s = line.strip()
        if not s:
            if blocks[-1]:
                blocks.append([])
            continue
        toks = s.split()
        if (
            len(toks) >= 3
            and any(t.startswith("(") for t in toks)
            and all(_CODE_TOKEN_RE.fullmatch(t) for t in toks)
        ):
            codes = _group_codes(toks)
            continue
        blocks[-1].append(s)
    return [collapse(" ".join(b)) for b in blocks if b], codes


def _group_codes(toks: list[str]) -> list[str]:
    """`(3) = (1)+(2)` is one column's code: `=` and what follows it join the code before."""
    codes: list[str] = []
    for t in toks:
        if codes and (t == "=" or codes[-1].endswith("=")):
            codes[-1] = f"{codes[-1]} {t}"
        else:
            codes.append(t)
    return codes


def fit_block_header(
    cells: list[str], value_count: int, like: Sequence[tuple[str, ...]] = ()
) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]] | None:
    """(lead paths, value-column paths) of a header printed as blocks whose last block
    joins the cells of a header row; None when it does not fit `value_count` columns.
    `like`: the value paths of the table's first header, when this one is that header
    printed again after a page break (read with the same tree when the cells count up)."""
    if len(cells) < 2 or value_count < 1:
        return None
    if any(len(header_segments(c)) > 1 for c in cells[:-1]):
        return None  # a block holds several header phrases: not one cell a block
    joined = split_joined_cells(cells[-1])
    lead: list[tuple[str, ...]] = []
    k = 0
    while k < len(cells) - 1 and len(lead) < 2 and _is_lead(cells[k]):
        lead.append((cells[k],))
        k += 1
    flat = cells[k:] if len(joined) < 2 else cells[k:-1] + joined
    tree = _fit_like(flat, like) if len(like) == value_count else None
    if tree is None and len(joined) < 2:  # one cell a block: one row, or rows one a block
        tree = _fit_tree(flat, len(flat), value_count)
    elif tree is None:
        tree = _fit_tree(flat, len(cells) - 1 - k, value_count)
    return (lead, tree) if tree else None


def _fit_like(cells: list[str], like: Sequence[tuple[str, ...]]) -> list[tuple[str, ...]] | None:
    """Header cells listed row by row read with the tree of `like` (paths of up to three
    levels): the same number of top cells, sub-cells under each and cells under those.
    A header printed again after a page break keeps its tree when columns are swapped
    inside a group or words are misspelt; None when the cells do not count up."""
    # The tree of `like`: top cells, each with its sub-cells, each with its leaves.
    tree: list[tuple[str, list[tuple[str, list[str]]]]] = []
    for path in like:
        if not path or len(path) > 3:
            return None
        if not tree or len(path) == 1 or len(tree[-1][1]) == 0 or tree[-1][0] != path[0]:
            tree.append((path[0], []))
        if len(path) == 1:
            continue
        subs = tree[-1][1]
        if not subs or len(path) == 2 or subs[-1][0] != path[1] or not subs[-1][1]:
            subs.append((path[1], []))
        if len(path) == 3:
            subs[-1][1].append(path[2])
    tops = len(tree)
    sub_count = sum(len(subs) for _, subs in tree)
    leaves = sum(len(kids) for _, subs in tree for _, kids in subs)
    if len(cells) != tops + sub_count + leaves:
        return None
    top_cells = iter(cells[:tops])
    sub_cells = iter(cells[tops : tops + sub_count])
    leaf_cells = iter(cells[tops + sub_count :])
    paths: list[tuple[str, ...]] = []
    for _, subs in tree:
        top = next(top_cells)
        if not subs:
            paths.append((top,))
        for _, kids in subs:
            sub = next(sub_cells)
            if not kids:
                paths.append((top, sub))
            paths.extend((top, sub, next(leaf_cells)) for _ in kids)
    return paths


def _fit_tree(cells: list[str], max_top: int, n: int) -> list[tuple[str, ...]] | None:
    """Header paths of n leaf columns from header cells listed row by row (the top row's
    cells first; the first `max_top` cells are the only ones that can be top cells)."""
    for p in range(min(max_top, len(cells)), 0, -1):
        tops, rest = cells[:p], cells[p:]
        if rest and any(bare_total(t) or _of_which(t) for t in tops):
            continue
        for k in range(len(rest), -1, -1):
            paths = _fit_levels(tops, rest[:k], rest[k:], n)
            if paths is not None:
                return paths
    top_count = len(cells) - n  # two rows, every cell of the lower row a column
    if 0 < top_count <= max_top:
        return _fit_printed_per_column(cells[:top_count], cells[top_count:])
    return None


def _fit_printed_per_column(tops: list[str], subs: list[str]) -> list[tuple[str, ...]] | None:
    """Two header rows where a spanning cell is printed again once per column under it,
    each time spelt a little differently (a header repeated after a page break, garbled:
    `Tỷ lệ thanh toán trực tuyến`, `Tỉ lệ thanh toán trực tuyến`, …). Neighbouring top
    cells that are alike make a run, one cell a column; a top cell alone spans the
    columns left, shared equally. Tried only when no other reading fits."""
    runs: list[list[int]] = [[0]]
    for i in range(1, len(tops)):
        if _alike(tops[i - 1], tops[i]):
            runs[-1].append(i)
        else:
            runs.append([i])
    singles = [r for r in runs if len(r) == 1]
    if len(singles) == len(runs):
        return None  # nothing printed again
    left = len(subs) - sum(len(r) for r in runs if len(r) > 1)
    if (left != 0 and not singles) or (singles and (left < len(singles) or left % len(singles))):
        return None
    span = left // len(singles) if singles else 0
    paths: list[tuple[str, ...]] = []
    at = 0
    for run in runs:
        width = span if len(run) == 1 else len(run)
        for j in range(width):
            paths.append((tops[run[0] if len(run) == 1 else run[j]], subs[at]))
            at += 1
    return paths


def _fit_levels(
    tops: list[str], subs: list[str], third: list[str], n: int
) -> list[tuple[str, ...]] | None:
    """Three header rows: tops, the row under them, and the cells under the `Trong đó`
    cells of that row."""
    if not subs:
        return [(t,) for t in tops] if not third and len(tops) == n else None
    spans = [i for i, s in enumerate(subs) if _of_which(s)]
    if third:
        if not spans or len(third) % len(spans) or len(third) // len(spans) < 2:
            return _fit_total_groups(tops, subs, third, n)
    elif spans and len(spans) == len(subs):
        return None
    per_span = len(third) // len(spans) if third else 0
    extra = len(spans) * (per_span - 1) if third else 0
    # Groups of sub-cells under the first m top cells: each opening with its total, or of
    # equal size (the same cells under each when there are several).
    groups: list[list[int]] | None = None
    starts = [i for i, s in enumerate(subs) if bare_total(s)]
    if starts and starts[0] == 0 and len(starts) > 1 and len(starts) <= len(tops):
        bounds = [*starts, len(subs)]
        groups = [list(range(a, b)) for a, b in pairwise(bounds)]
        if any(len(g) < 2 for g in groups):
            groups = None
    if groups is None:
        m = len(tops) + len(subs) + extra - n
        if m < 1 or m > len(tops) or len(subs) % m or len(subs) // m < 2:
            return None
        s = len(subs) // m
        if m > 1 and not _periodic(subs, s):
            return None
        groups = [list(range(g * s, (g + 1) * s)) for g in range(m)]
    if len(tops) - len(groups) + len(subs) + extra != n:
        return None
    paths: list[tuple[str, ...]] = []
    under = iter([third[i : i + per_span] for i in range(0, len(third), per_span or 1)])
    for g, top in enumerate(tops):
        if g >= len(groups):
            paths.append((top,))
            continue
        for i in groups[g]:
            if third and i in spans:
                paths.extend((top, subs[i], leaf) for leaf in next(under))
            else:
                paths.append((top, subs[i]))
    return paths if len(paths) == n else None


def _alike(a: str, b: str) -> bool:
    """The same header words but for a misspelling or two (`Tỉ lệ` / `Tỷ lệ`)."""
    return SequenceMatcher(None, fold(a), fold(b)).ratio() >= 0.85


def same_header(first: Sequence[tuple[str, ...]], again: Sequence[tuple[str, ...]]) -> bool:
    """Is `again` the header `first` printed again, its columns perhaps in another order
    and its words misspelt: every path of `again` pairs with its own path of `first` of
    the same depth, alike at every level? A reading that puts a column under a top cell
    the first header does not have over it is no reading of the same header."""
    free = list(range(len(first)))
    for path in again:
        match = next(
            (
                i
                for i in free
                if len(first[i]) == len(path)
                and all(_alike(a, b) for a, b in zip(first[i], path, strict=True))
            ),
            None,
        )
        if match is None:
            return False
        free.remove(match)
    return True


def _fit_total_groups(
    tops: list[str], subs: list[str], third: list[str], n: int
) -> list[tuple[str, ...]] | None:
    """Three header rows where the bottom row's groups each open with their total
    (`Tổng số Trước hạn Đúng hạn Quá hạn Tổng số Trong hạn Quá hạn`): the sub-cells over
    them are groups of measures, and under one top cell the sub-cells are either such
    groups all of them, or measures whose own group opens with a total
    (`Tổng số hồ sơ tiếp nhận` over `Tổng số`, `Trực tuyến`, …)."""
    if not third or not bare_total(third[0]):
        return None
    starts = [i for i, t in enumerate(third) if bare_total(t)]
    groups = [third[a:b] for a, b in pairwise([*starts, len(third)])]
    if any(len(g) < 2 for g in groups):
        return None
    parents_needed = len(tops) + len(subs) - len(groups) + len(third) - n
    if not 1 <= parents_needed <= len(tops):
        return None
    found: list[tuple[str, ...]] | None = None
    for parents in combinations(range(len(tops)), parents_needed):
        for cuts in combinations(range(1, len(subs)), parents_needed - 1):
            bounds = [0, *cuts, len(subs)]
            under = [list(range(a, b)) for a, b in pairwise(bounds)]
            spanning: set[int] = set()
            ok = True
            for members in under:
                if all(not bare_total(subs[i]) for i in members):
                    spanning.update(members)  # every sub-cell a group of measures
                elif not (bare_total(subs[members[0]]) and len(members) > 1):
                    ok = False
                    break
            if not ok or len(spanning) != len(groups):
                continue
            if found is not None:
                return None  # two readings: leave it to the caller's fallback
            leaves = iter(groups)
            paths: list[tuple[str, ...]] = []
            kids = iter(under)
            for t, top in enumerate(tops):
                if t not in parents:
                    paths.append((top,))
                    continue
                for i in next(kids):
                    if i in spanning:
                        paths.extend((top, subs[i], leaf) for leaf in next(leaves))
                    else:
                        paths.append((top, subs[i]))
            found = paths if len(paths) == n else None
    return found
