"""Tables in text extracted from PDF: cells separated by single spaces.

There is no delimiter to split on, so the parser works from what it can be sure of:

* a row starts with a row code (`1`, `1,1`, `a)`, `II`) or a totals label (`TỔNG SỐ`);
  lines that do not start a row continue the current one (labels wrap, values
  drift onto the next line);
* a row's values are the run of number literals at its end (`448.887 86,14 569.302
  97,03% Tăng 120.415 hồ sơ`), at most as many as the header has value columns;
  the label is what comes between the code and the values;
* header cells are broken over lines, so the header text is joined and cut at the
  phrases that open a header cell (`Số TT`, `Đơn vị`, `Tỷ lệ`, `Tăng (+)/Giảm (-)`…);
  a second header row (`Số liệu Tỷ lệ (%) Số liệu Tỷ lệ (%)`) is spread over the
  top cells that span;
* a row with fewer values than columns (blank cells leave no trace in the text) is
  placed where its totals equal the sum of their parts (the totals the header names,
  or under a flat header the sums the table's full rows keep), else aligned to the
  columns whose header and whose other rows fit its values best, and the alignment is
  recorded as a parse issue so that it can be reviewed; the same sums decide which
  numbers printed with spaced thousands (`1 274`) are one value, also in a row that
  leaves a cell blank too, and whether `- 3` is a placeholder then 3;
* a header printed again after a page break is taken out of the rows (a header
  variant when it differs), and page numbers between rows are dropped and recorded.

The header fitters (header text to header paths) are in `ingest/pdf_headers.py`.
Why this module is still over 400 lines: the row tokenizer, the value alignment and the
page-break handling all work on the same `PdfRow`s and tokens and are tuned against
each other on the generated corpus; the sections below are in that order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, pairwise

from ingest.cell_sums import learn_sums
from ingest.literals import MAX_LITERAL_CHARS, parse_literal
from ingest.model import (
    Cell,
    Column,
    ParseIssue,
    Row,
    Table,
    differing_columns,
    repeated_header_differs,
)
from ingest.pdf_headers import (
    NOTE_HEADERS,
    UNIT_HEADERS,
    HeaderShape,
    bare_total,
    same_header,
    split_joined_cells,
    text_column,
)
from ingest.rowcodes import is_total_label, parse_row_code, row_kind
from ingest.text import collapse, fold

_NUM = r"\d{1,3}(?:\.{1,2}\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_UNIT_WORDS = r"hồ sơ|TTHC|điểm|đơn vị|DVC|thủ tục"
# A cell printed as a placeholder (`-`, `x`, `...`) is a value cell all the same.
_PLACEHOLDER = r"[-–—xX_…]|\.\.\.|--"
_VALUE = (
    rf"(?:(?:Tăng|Giảm)\s+(?:{_NUM})(?:\s+(?:{_UNIT_WORDS}))?"
    rf"|Giữ nguyên"
    rf"|[+\-−]?\s?(?:{_NUM})%?(?:/(?:{_NUM}))?"
    rf"|{_PLACEHOLDER})"
)
_TOKEN_RE = re.compile(rf"(?P<v>{_VALUE})(?=\s|$)|(?P<w>\S+)")
ROW_START_RE = re.compile(
    r"^\s*(?P<code>(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})|\d{1,2},\d{1,2}|\d{1,3}(?:\.\d{1,3})*\.?|[a-zđ]\))"
    r"(?=\s|$)\s*(?P<rest>.*)$"
)
_TEXT_VALUE_START_RE = re.compile(r"(?=\b(?:Đạt|Tăng|Giảm|Giữ nguyên)\b)")
# "Số: 125/BC-UBND", "Số 125/BC-UBND": the document number line, not a "Số TT" header.
_DOC_NUMBER_RE = re.compile(r"^Số\s*(?::|\d)")
# `TT` alone names the row-number column too (`TT`, then `Tên đơn vị`); `TTHC` does not.
_ROW_HEADER_START_RE = re.compile(r"^\s*(?:Số\s*TT|STT|Số thứ tự|Số|TT(?!\w))\s*(?:\S.*)?$")


@dataclass(slots=True)  # one a table row: slots make it cheaper to build and read
class PdfRow:
    line: int
    code: str | None
    lines: list[tuple[int, str]]  # (line number, text after the code on the first line)


def is_header_start(line: str) -> bool:
    s = line.strip()
    return (
        len(s) <= 40
        and bool(_ROW_HEADER_START_RE.match(s))
        and not s.startswith("Số liệu")
        and not _DOC_NUMBER_RE.match(s)
    )


def tokens(text: str) -> list[tuple[str, bool]]:
    """Split row text into (token, is_value) pairs; value phrases stay one token."""
    # findall returns (value, word) pairs without a match object per token; one is "".
    return [(v, True) if v else (w, False) for v, w in _TOKEN_RE.findall(text)]


def first_token_is_word(text: str) -> bool:
    """True if the first token of the (stripped) text is a word, not a value."""
    m = _TOKEN_RE.match(text)
    return m is not None and m.group("v") is None


# Words that can belong to a value phrase of several words ("Tăng 120.415 hồ sơ",
# "Giữ nguyên", "+ 18"): where one of them ends the row, only the tokenizer can tell.
_PHRASE_WORDS = frozenset(
    {"Tăng", "Giảm", "Giữ", "nguyên", "+", "-", "−", "hồ", "sơ", "TTHC", "điểm", "đơn", "vị"}
    | {"DVC", "thủ", "tục"}
)
_VALUE_WORD_RE = re.compile(rf"[+\-−]?(?:{_NUM})%?(?:/(?:{_NUM}))?|{_PLACEHOLDER}")


def split_values(text: str, max_values: int | None) -> tuple[str, list[str]]:
    """Label and the trailing run of value tokens (at most max_values)."""
    # Fast path: walk back over whole words. A word that is a value on its own and a
    # word that cannot be part of a value phrase split the text exactly where the
    # tokenizer would; anything else goes to the tokenizer.
    words = text.split()
    k = len(words)
    while k > 0:
        word = words[k - 1]
        if word in _PHRASE_WORDS:
            return _split_value_tokens(text, max_values)
        if not _VALUE_WORD_RE.fullmatch(word):
            break
        k -= 1
    if max_values is not None and len(words) - k > max_values:
        k = len(words) - max_values
    return " ".join(words[:k]), words[k:]


def _split_value_tokens(text: str, max_values: int | None) -> tuple[str, list[str]]:
    toks = tokens(text)
    k = len(toks)
    while k > 0 and toks[k - 1][1]:
        k -= 1
    if max_values is not None and len(toks) - k > max_values:
        k = len(toks) - max_values
    label = collapse(" ".join(t for t, _ in toks[:k]))
    values = [collapse(t) for t, _ in toks[k:]]
    return label, values


_HEADER_FIT = {
    "rate": {"decimal": 1.0, "percent": 1.0, "integer": 0.7, "change": 0.1, "fraction": 0.0},
    "count": {"integer": 1.0, "fraction": 1.0, "decimal": 0.3, "percent": 0.1, "change": 0.1},
    "change": {"change": 1.0, "integer": 0.6, "decimal": 0.6, "percent": 0.3, "fraction": 0.0},
}


@lru_cache(maxsize=1024)  # pure; few distinct header paths
def column_class(path: tuple[str, ...]) -> str | None:
    key = fold(" ".join(path))
    leaf = fold(path[-1]) if path else ""
    if key.startswith("tang (+)") or "giam (-)" in key:
        return "change"
    if leaf.startswith("ty le") or "(%)" in leaf or key.startswith("ty le"):
        return "rate"
    if leaf.startswith(("so lieu", "so luong", "da trien khai")):
        return "count"
    return None


@lru_cache(maxsize=8192)  # pure; "0", "100", "100%" recur in every table
def _kind(text: str) -> str:
    if text.isdecimal() and len(text) <= MAX_LITERAL_CHARS:
        return "integer"  # parse_literal's first case, without building the literal
    lit = parse_literal(text)
    return (
        "text"
        if lit.kind in ("malformed", "placeholder", "bound", "coded_scale", "empty")
        else lit.kind
    )


def _fit(kind: str, cls: str | None, profile: dict[str, float]) -> float:
    header_fit = _HEADER_FIT.get(cls, {}).get(kind, 0.5) if cls else 0.5
    if kind == "text":
        header_fit = 0.5 if cls != "change" else 0.2
    profile_fit = profile.get(kind, 0.0) if profile else 0.5
    return 0.5 * header_fit + 0.5 * profile_fit


# Steps of the alignment search since import (tests bound it; it grows with rows x
# values x columns^2, never with the number of column combinations).
ALIGN_WORK = [0]


def align_values(
    values: list[str],
    classes: list[str | None],
    profiles: list[dict[str, float]],
    groups: list[int],
    label: str,
) -> list[int]:
    """Columns (0-based among value columns) for a row with fewer values than columns.

    The values keep their order: the best increasing choice of columns, scored by
    each value's fit to its column (plus a small bonus for crossing a spanning-header
    group between neighbours), found by dynamic programming over values x columns
    (k*n^2 steps instead of trying all C(n, k) combinations). On a tie the leftmost
    columns win: the combination that comes first in lexicographic order.
    """
    n, k = len(classes), len(values)
    if k == 0:
        return []
    if k > n:
        return list(range(k))
    kinds = [_kind(v) for v in values]
    rate_label = fold(label).startswith("ty le")
    bonus = [0.6 if rate_label and classes[col] == "rate" else 0.0 for col in range(n)]
    fit = [
        [_fit(kind, classes[col], profiles[col]) + bonus[col] for col in range(n)] for kind in kinds
    ]
    # best[v][c]: the highest score of values v.. with value v in column c (None: no room).
    best: list[list[float | None]] = [[None] * n for _ in range(k)]
    for c in range(k - 1, n):
        best[k - 1][c] = fit[k - 1][c]
    work = n
    for v in range(k - 2, -1, -1):
        nxt = best[v + 1]
        for c in range(v, n - k + v + 1):
            top: float | None = None
            for c2 in range(c + 1, n - k + v + 2):
                b = nxt[c2]
                if b is None:
                    continue
                score = b + (0.01 if groups[c2] != groups[c] else 0.0)
                if top is None or score > top:
                    top = score
            work += n - k + v + 1 - c
            if top is not None:
                best[v][c] = fit[v][c] + top
    ALIGN_WORK[0] += work
    # Leftmost on a tie: walk forward taking the first column that still reaches the best.
    eps = 1e-9
    first = [b for b in best[0] if b is not None]
    target = max(first)
    out: list[int] = []
    prev = -1
    gained = 0.0
    for v in range(k):
        for c in range(prev + 1, n):
            b = best[v][c]
            if b is None:
                continue
            step = 0.01 if v and groups[c] != groups[prev] else 0.0
            if gained + step + b >= target - eps:
                gained += step + fit[v][c]
                out.append(c)
                prev = c
                break
    return out


def total_groups(paths: Sequence[tuple[str, ...]]) -> list[list[int]]:
    """Value columns (0-based) that form a total and its parts: the leaves under one
    header cell whose first leaf is a total (`Tổng số`, then `Trực tuyến`, …); and
    under a top cell whose first leaf is its total, all its leaves (`Trong đó` parts
    included)."""
    out: list[list[int]] = []
    i = 0
    while i < len(paths):
        j = i + 1
        while j < len(paths) and len(paths[i]) > 1 and paths[j][:1] == paths[i][:1]:
            j += 1
        members = list(range(i, j))
        prefixes = list(dict.fromkeys(paths[m][:-1] for m in members))
        for sub in prefixes:
            group = [m for m in members if paths[m][:-1] == sub]
            if len(group) >= 3 and bare_total(paths[group[0]][-1]):
                out.append(group)
        if len(prefixes) > 1 and len(paths[i]) == 2 and bare_total(paths[i][-1]):
            out.append(members)
        i = j
    return out


def align_by_sums(
    values: list[str], groups: list[list[int]], n: int, zeros: Sequence[float] = ()
) -> list[int] | None:
    """Columns for a row with one or two values missing, when the placements that make
    the most of its totals equal the sum of their parts (a blank cell counts as zero)
    are one, or one leaves blank the columns whose values are most often zero in the
    other rows (`zeros`: that share per column); None when no total decides it."""
    missing = n - len(values)
    if not groups or not 1 <= missing <= 2:
        return None
    nums = _numbers(values)
    if nums is None:
        return None
    best: list[list[int]] = []
    top = 0
    for blanks in combinations(range(n), missing):
        cols = [c for c in range(n) if c not in blanks]
        at = dict(zip(cols, nums, strict=True))
        score = sum(
            1
            for g in groups
            if abs(at.get(g[0], 0.0) - sum(at.get(c, 0.0) for c in g[1:])) < 1e-6
            and any(c in at for c in g)
        )
        if score > top:
            best, top = [cols], score
        elif score == top and score:
            best.append(cols)
    if len(best) > 1 and zeros:
        blank_zeros = [sum(zeros[c] for c in range(n) if c not in cols) for cols in best]
        top_zero = max(blank_zeros)
        best = [cols for cols, z in zip(best, blank_zeros, strict=True) if z == top_zero]
    return best[0] if len(best) == 1 else None


def zero_shares(parsed: Sequence[Parsed], n: int) -> list[float]:
    """Per value column, the share of zeros and placeholders among the rows that print
    every value."""
    full = [values for _, _, values, _ in parsed if len(values) == n]
    if not full:
        return []
    return [sum(1 for v in full if v[c] in ("0", "-", "x", "X")) / len(full) for c in range(n)]


def _row_start(
    line: str, prev_code: str | None, last_of_style: dict[str, str] | None = None
) -> re.Match[str] | None:
    m = ROW_START_RE.match(line)
    if not m:
        return None
    rest = m.group("rest").strip()
    if first_token_is_word(rest):
        return m  # code followed by label words
    code = m.group("code")
    if not rest and plausible_next(prev_code, code):
        return m  # a code alone on its line, label on the next lines
    # The code before of the same style: group rows (`II`) come between numbered ones.
    prev = (last_of_style or {}).get(_style(code)) or prev_code
    if rest.count(" ") >= 2 and _follows(prev, code):
        return m  # the next code, then values: a label that is a number (`Quận 4` as `4`)
    return None


def _style(code: str) -> str | None:
    rc = parse_row_code(code)
    return rc.style if rc else None


# Letter codes run in the Latin or the Vietnamese order (`i)`, `k)`; `d)`, `đ)`, `e)`).
_LETTERS = "abcdđefghijklmnopqrstuvwxyz"


def _follows(prev: str | None, code: str) -> bool:
    """Is `code` the one right after `prev` (`25` -> `26`, `1.2` -> `1.3`, `g)` -> `h)`)?"""
    old = _code_tuple(prev) if prev else None
    new = _code_tuple(code)
    if old is None and new is None and prev and _style(prev) == _style(code) == "letter":
        return 0 < _LETTERS.index(code[0]) - _LETTERS.index(prev.strip()[0]) <= 2
    return bool(old and new and len(old) == len(new) and new[:-1] == old[:-1]) and (
        new[-1] == old[-1] + 1  # type: ignore[index]
    )


def _code_tuple(code: str) -> tuple[int, ...] | None:
    parts = re.split(r"[.,]", code.strip(".").strip())
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else None


def plausible_next(prev: str | None, code: str) -> bool:
    rc = parse_row_code(code)
    if rc is None:
        return False
    if rc.style in ("letter", "roman"):
        return True
    new = _code_tuple(rc.normalised)
    old = _code_tuple(parse_row_code(prev).normalised) if prev and parse_row_code(prev) else None
    if new is None:
        return False
    if old is None:
        return new[-1] == 1
    if new[-1] == 1 and len(new) > len(old):
        return True
    depth = len(new) - 1
    if depth < len(old) and new[:depth] == old[:depth]:
        return 0 < new[depth] - old[depth] <= 5
    return len(new) > 1 and new[-1] == 1


_BULLET_RE = re.compile(r"^\s*(?P<code>[-–•+])\s+(?P<rest>(?=[^\W\d_]).*)$")
# `- 7 95 23 118 80,5` among rows numbered by a dash: a unit named by a number (`Quận 7`
# printed `7`), then the values.
_BULLET_CODES = frozenset("-–•+")
_BULLET_NUMBER_RE = re.compile(r"^\s*(?P<code>[-–•+])\s+(?P<rest>\d{1,3}(?:\s+\S+){2,})\s*$")


def group_rows(
    lines: list[tuple[int, str]], value_count: int | None, coded: bool = True
) -> list[PdfRow]:
    """Rows of a table body. Without a row-code column (`coded` False) every line opens a
    row but one in lower case (a wrapped label) and a line of values alone."""
    rows: list[PdfRow] = []
    prev_code: str | None = None
    last_of_style: dict[str, str] = {}  # the last code of each style (`II`, `18`, `g)`)
    for no, text in lines:
        stripped = text.strip()
        if not stripped:
            continue
        # The totals label is tested on the whole line: it opens the line either way.
        if is_total_label(stripped) or _opens_with_total_words(stripped):
            rows.append(PdfRow(no, None, [(no, stripped)]))
            continue
        if not coded:
            if rows and (stripped[:1].islower() or not first_token_is_word(stripped)):
                rows[-1].lines.append((no, stripped))
            else:
                rows.append(PdfRow(no, None, [(no, stripped)]))
            continue
        bullet = _BULLET_RE.match(text) or (
            rows and rows[-1].code in _BULLET_CODES and _BULLET_NUMBER_RE.match(text)
        )
        if bullet:  # `- Sở Nội vụ 578 276 …`: a dash in the code column
            rows.append(PdfRow(no, bullet.group("code"), [(no, bullet.group("rest"))]))
            continue
        m = _row_start(text, prev_code, last_of_style)
        if m:
            prev_code = m.group("code")
            last_of_style[_style(prev_code) or ""] = prev_code
            rows.append(PdfRow(no, m.group("code"), [(no, m.group("rest"))]))
        elif rows:
            rows[-1].lines.append((no, stripped))
        else:
            rows.append(PdfRow(no, None, [(no, stripped)]))
    return rows


def _opens_with_total_words(stripped: str) -> bool:
    """Does the folded line open with "tong so" / "tong cong" (a totals label without
    accents, as OCR prints it)?"""
    first = stripped[:1]
    if first.isascii() and first not in "tT":
        return False  # an ASCII first character survives fold() as itself
    # fold(text[:n]) is a prefix of fold(text): fold a long line's start only.
    head = fold(stripped[:32])
    if len(head) < 16 and len(stripped) > 32:
        head = fold(stripped)
    return head.startswith(("tong so", "tong cong"))


def _row_text_values(row: PdfRow, max_values: int | None) -> tuple[str, list[str], list[int]]:
    """Label, values, and the line each value came from."""
    if len(row.lines) == 1:  # most rows: one line holds the label and every value
        label, values = split_values(row.lines[0][1], max_values)
        return label, values, [row.line] * len(values)
    joined = " ".join(t for _, t in row.lines)
    label, values = split_values(joined, max_values)
    if len(row.lines) > 1 and (not values or re.search(r"\bĐạt\s+\d", label)):
        # Text values ("Đạt 77,79 điểm; xếp hạng 10/63 …") on the lines after the label.
        for cut in range(1, len(row.lines)):
            rest = collapse(" ".join(t for _, t in row.lines[cut:]))
            if re.match(r"^(?:Đạt|Tăng|Giảm|Giữ nguyên)\b", rest):
                label = collapse(" ".join(t for _, t in row.lines[:cut]))
                values = [collapse(p) for p in _TEXT_VALUE_START_RE.split(rest) if p.strip()]
                if max_values is not None and len(values) > max_values:
                    values = [*values[: max_values - 1], " ".join(values[max_values - 1 :])]
                break
    value_lines = [_line_of(row, v) for v in values]
    return label, values, value_lines


_VALUE_CODE_RE = re.compile(r"\((\d{1,2})\)(?:$| =)")


def value_counts(row_counts: Sequence[int], column_codes: Sequence[str]) -> list[int]:
    """Numbers of value columns to try fitting the header to, most likely first: the
    column codes printed under the header (`A B (1) (2)`), the widest row, then the row
    widths by how many rows have them (one row whose label ends in a number must not
    decide the table). A count narrower than the widest row is tried only when few rows
    (a tenth, or two) are wider."""
    widths = [c for c in row_counts if c]
    by_rows: dict[int, int] = {}
    for c in widths:
        by_rows[c] = by_rows.get(c, 0) + 1
    top = max(widths, default=0)

    def few_wider(n: int) -> bool:
        return n >= top or sum(k for w, k in by_rows.items() if w > n) <= max(2, len(widths) // 10)

    out: list[int] = []
    numbers = [int(m.group(1)) for c in column_codes if (m := _VALUE_CODE_RE.match(c))]
    if len(numbers) >= 2 and (
        numbers == list(range(1, len(numbers) + 1)) or few_wider(len(numbers))
    ):
        out.append(len(numbers))  # `(1) (2) … (n)` numbered in order: the column count
    if widths:
        out.append(top)
        out += sorted((c for c in by_rows if few_wider(c)), key=lambda c: (-by_rows[c], -c))
    return list(dict.fromkeys(out)) or [0]


def _common_narrower(row_values: Sequence[Sequence[str]], n: int) -> int | None:
    """The width most rows print, when it is narrower than n and the rows wider than it
    are few (a tenth, or two) or one value wider where that value can be a label's
    number or a spaced thousands group (a short bare integer): rows whose label ends in
    a number (`Phường Móng Cái 3`, `Quận 4`) must not widen a header that fits the
    other rows too."""
    widths = [len(v) for v in row_values if v]
    if not widths:
        return None
    by_rows: dict[int, int] = {}
    for c in widths:
        by_rows[c] = by_rows.get(c, 0) + 1
    common = max(by_rows, key=lambda c: (by_rows[c], c))
    if common >= n:
        return None
    unexplained = sum(
        1
        for v in row_values
        if len(v) > common and not (len(v) == common + 1 and _label_number_or_spaced_group(v))
    )
    wide = sum(k for w, k in by_rows.items() if w >= n)
    few = max(2, len(widths) // 10)
    return common if wide <= few or unexplained <= few else None


def _label_number_or_spaced_group(values: Sequence[str]) -> bool:
    """Is the first value a short bare integer (the end of a label, `Quận 4`), or is a
    short one followed by a group of three digits (`1 012`)?"""
    if _SHORT_GROUP_RE.fullmatch(values[0]):
        return True
    return any(
        _SHORT_GROUP_RE.fullmatch(a) and _THOUSANDS_RE.fullmatch(b) for a, b in pairwise(values)
    )


def fallback_counts(row_counts: Sequence[int], tried: Sequence[int]) -> list[int]:
    """Row widths not tried yet that a quarter of the rows or more print, most rows first:
    when the header fits none of `value_counts`, a width many rows share is still a
    better count than none (several labels that end in a number, `Quận 10`, `Quận 12`,
    make the wider rows too many to set aside)."""
    widths = [c for c in row_counts if c]
    by_rows: dict[int, int] = {}
    for c in widths:
        by_rows[c] = by_rows.get(c, 0) + 1
    return sorted(
        (c for c, k in by_rows.items() if c not in tried and k * 4 >= len(widths)),
        key=lambda c: (-by_rows[c], -c),
    )


_SHORT_GROUP_RE = re.compile(r"\d{1,3}")
# Units named by a number: `Quận 8`, `Phường 12`, `Tổ 3` (type words of the glossary).
_NUMBERED_UNIT_RE = re.compile(r"(?:^|\s)(?:Quận|Phường|Q\.|P\.|Khu phố|Tổ|Ấp|Khu vực)$", re.I)
_THOUSANDS_RE = re.compile(r"\d{3}(?:[.,]\d+)?%?")


def _fit_row_values(
    row: PdfRow,
    value_count: int,
    groups: Sequence[Sequence[int]] = (),
    rates: Sequence[bool] = (),
) -> tuple[str, list[str], list[int]]:
    """Label, values and their lines of a row with more values than columns: values
    printed with a space between thousands (`1 012`) kept as one value if that makes the
    count (where several pairs could be one, the one that makes the row's totals add
    up; never a pair that would land in a rate column, `rates`, as a rate of thousands);
    otherwise the first values belong to the label."""
    text = " ".join(t for _, t in row.lines)
    label, values = split_values(text, None)
    excess = len(values) - value_count

    def in_rate_column(i: int) -> bool:
        cols = range(max(0, i - excess + 1), min(i, len(rates) - 1) + 1)
        return bool(cols) and all(rates[c] for c in cols)

    if excess > 0:
        pairs = [
            i
            for i in range(len(values) - 1)
            if _SHORT_GROUP_RE.fullmatch(values[i])
            and _THOUSANDS_RE.fullmatch(values[i + 1])
            and not in_rate_column(i)
        ]
        # `1 012`: a group with a leading zero is no count of its own.
        zero_led = [i for i in pairs if values[i + 1][0] == "0"]
        chosen = zero_led if len(zero_led) == excess else pairs
        if len(zero_led) != excess and (not label or _NUMBERED_UNIT_RE.search(label)):
            chosen = []  # `Quận 8 114 38 …`, `- 7 95 23 …`: the label is or ends in a number
        if len(chosen) > excess and groups:
            chosen = _merge_by_sums(values, chosen, excess, groups)
        if len(chosen) == excess and all(b - a > 1 for a, b in pairwise(chosen)):
            values = _merged(values, chosen)
            return label, values, [_line_of(row, v) for v in values]
    return _row_text_values(row, value_count)


def _merged(values: list[str], at: Sequence[int]) -> list[str]:
    out = list(values)
    for i in sorted(at, reverse=True):
        out[i : i + 2] = [f"{out[i]} {out[i + 1]}"]
    return out


def _merge_by_sums(
    values: list[str], pairs: list[int], excess: int, groups: Sequence[Sequence[int]]
) -> list[int]:
    """The one choice of pairs to join whose row adds up best (its totals equal the sum
    of their parts); [] when no choice or several do."""
    best: list[tuple[int, ...]] = []
    top = 0
    for chosen in combinations(pairs, excess):
        if any(b - a < 2 for a, b in pairwise(chosen)):
            continue
        nums = [parse_literal(v).value for v in _merged(values, chosen)]
        score = sum(
            1
            for g in groups
            if all(nums[c] is not None for c in g if c < len(nums))
            and len(nums) > g[-1]
            and abs(nums[g[0]] - sum(nums[c] for c in g[1:])) < 1e-6  # type: ignore[operator, misc]
        )
        if score > top:
            best, top = [chosen], score
        elif score == top and score:
            best.append(chosen)
    return list(best[0]) if len(best) == 1 else []


def _spaced_pairs(values: Sequence[str]) -> list[int]:
    """Where a short group and a group of three digits could be one value (`1 274`)."""
    # `len(v) <= 3 and v.isdecimal()` is _SHORT_GROUP_RE.fullmatch(v) (\d is Unicode's
    # decimal digits, as isdecimal), without the regex for every value of a row.
    return [
        i
        for i in range(len(values) - 1)
        if len(values[i]) <= 3 and values[i].isdecimal() and _THOUSANDS_RE.fullmatch(values[i + 1])
    ]


def _spaced(values: Sequence[str]) -> bool:
    """Does the row print a pair that could be spaced thousands, or a spaced sign?"""
    # A spaced sign opens with a dash and a space: tested before the regex.
    return bool(_spaced_pairs(values)) or any(
        v[1:2] == " " and _SPACED_SIGN_RE.fullmatch(v) for v in values
    )


def _split_sign_join_pair(
    values: list[str], groups: Sequence[Sequence[int]], rates: Sequence[bool]
) -> list[str] | None:
    """`- 7 390` read as minus seven and 390 in a full row: a placeholder `-` then
    `7 390`, when that reading alone keeps more of the row's sums; None otherwise."""
    signs = [i for i, v in enumerate(values) if _SPACED_SIGN_RE.fullmatch(v)]
    nums = _numbers(values)
    if len(signs) != 1 or nums is None:
        return None
    s = signs[0]
    split = [*values[:s], *values[s].split(" ", 1), *values[s + 1 :]]
    top = _sums_score(dict(enumerate(nums)), groups)
    best: list[list[str]] = []
    for i in _spaced_pairs(split):
        merged = _merged(split, [i])
        merged_nums = _numbers(merged)
        if merged_nums is None or (i < len(rates) and rates[i]):
            continue  # never a rate of thousands
        score = _sums_score(dict(enumerate(merged_nums)), groups)
        if score > top:
            best, top = [merged], score
        elif score == top and best:
            best.append(merged)
    return best[0] if len(best) == 1 else None


def _learned_groups(
    parsed: Sequence[Parsed], n: int, memo: dict[tuple[tuple[str, ...], ...], list[list[int]]]
) -> list[list[int]]:
    """Total groups (total first, then its parts) that the rows printing n values keep.

    `memo` is one table's: the groups are asked for twice a table, mostly of the same
    full rows; only the rows printing n values are read as numbers."""
    full = tuple(tuple(values) for _, _, values, _ in parsed if len(values) == n)
    if full not in memo:
        rows = [[parse_literal(v).value for v in values] for values in full]
        memo[full] = [[s.total, *s.parts] for s in learn_sums(rows, n)]
    return [list(g) for g in memo[full]]


def _sums_score(at: dict[int, float], groups: Sequence[Sequence[int]]) -> int:
    """Groups a row keeps minus groups it breaks (a blank part counts 0); a group whose
    total is blank cannot be checked."""
    score = 0
    for g in groups:
        if g[0] in at:
            score += 1 if abs(at[g[0]] - sum(at.get(c, 0.0) for c in g[1:])) < 1e-6 else -1
    return score


def _numbers(values: Sequence[str]) -> list[float] | None:
    """The values as numbers for sums (a placeholder is zero); None if one is no number."""
    out: list[float] = []
    for v in values:
        lit = parse_literal(v)
        if lit.kind == "placeholder":
            out.append(0.0)
        elif lit.value is None:
            return None
        else:
            out.append(lit.value)
    return out


def _join_with_blank(
    values: list[str],
    n: int,
    groups: Sequence[Sequence[int]],
    rates: Sequence[bool],
    zeros: Sequence[float],
) -> tuple[list[str], list[int]] | None:
    """Values and their columns when joining one spaced pair (`1 274`) and leaving one
    cell blank keeps more of the row's sums than reading the pair as two values; None
    when it does not, or when two joins do equally well."""
    nums = _numbers(values)
    if nums is None:
        return None
    top = _sums_score(dict(enumerate(nums)), groups)
    best: list[tuple[list[str], list[int]]] = []
    for i in _spaced_pairs(values):
        merged = _merged(values, [i])
        cols = align_by_sums(merged, [list(g) for g in groups], n, zeros)
        merged_nums = _numbers(merged)
        if cols is None or merged_nums is None or (cols[i] < len(rates) and rates[cols[i]]):
            continue  # never a rate of thousands
        score = _sums_score(dict(zip(cols, merged_nums, strict=True)), groups)
        if score > top:
            best, top = [(merged, cols)], score
        elif score == top and best:
            best.append((merged, cols))
    return best[0] if len(best) == 1 else None


_SPACED_SIGN_RE = re.compile(r"[-–−] \S+")


def _split_signs(
    row: PdfRow,
    values: list[str],
    lines: list[int],
    value_count: int,
    groups: Sequence[Sequence[int]] = (),
    zeros: Sequence[float] = (),
) -> tuple[list[str], list[int]]:
    """`- 6` read as minus six in a row one value short: a placeholder `-`, then 6. In a
    row still short after the split (a cell left blank too), only where the split row
    keeps more of its sums than the row read with a minus sign."""
    spaced = [i for i, v in enumerate(values) if _SPACED_SIGN_RE.fullmatch(v)]
    if not spaced or len(values) + len(spaced) > value_count:
        return values, lines
    out: list[str] = []
    for i, v in enumerate(values):
        out += v.split(" ", 1) if i in spaced else [v]
    if len(out) < value_count and _placed_score(out, groups, value_count, zeros) <= max(
        0, _placed_score(values, groups, value_count, zeros)
    ):
        return values, lines
    return out, [_line_of(row, v) for v in out]


def _placed_score(
    values: list[str], groups: Sequence[Sequence[int]], n: int, zeros: Sequence[float]
) -> int:
    """Sums kept minus sums broken by a short row placed where its sums decide; 0 when
    they do not decide."""
    nums = _numbers(values)
    cols = align_by_sums(values, [list(g) for g in groups], n, zeros) if nums else None
    if nums is None or cols is None:
        return 0
    return _sums_score(dict(zip(cols, nums, strict=True)), groups)


def _line_of(row: PdfRow, value: str) -> int:
    head = value.split()[0] if value.split() else value
    for no, text in reversed(row.lines):
        if head in text:
            return no
    return row.line


def _alignment_context(
    columns: list[Column],
    parsed: list[tuple[PdfRow, str, list[str], list[int]]],
    value_count: int,
) -> tuple[list[str | None], list[int], list[dict[str, float]]]:
    """Per value column: header class, spanning-header group, and the share of each
    value kind among the rows that print every value."""
    classes = [column_class(c.header_path) for c in columns[2:]]
    groups: list[int] = []
    for c in columns[2:]:
        top = c.header_path[0] if c.header_path else f"#{c.column_index}"
        groups.append(
            groups[-1]
            if groups and columns[2 + len(groups) - 1].header_path[:1] == (top,)
            else len(groups)
        )
    profiles: list[dict[str, float]] = [{} for _ in range(value_count)]
    full = [values for _, _, values, _ in parsed if len(values) == value_count]
    for col in range(value_count):
        kinds = [_kind(v[col]) for v in full]
        profiles[col] = {k: kinds.count(k) / len(kinds) for k in set(kinds)} if kinds else {}
    return classes, groups, profiles


def parse_pdf_table(
    header_lines: list[tuple[int, str]],
    body_lines: list[tuple[int, str]],
    table_index: int,
    coded: bool = True,
) -> tuple[Table, list[ParseIssue]]:
    issues: list[ParseIssue] = []
    body_lines, repeats, furniture = split_page_breaks(
        body_lines, coded, [t for _, t in header_lines]
    )
    provisional = group_rows(body_lines, None, coded)
    parsed = [(r, *_row_text_values(r, None)) for r in provisional]
    shape = HeaderShape.of(header_lines)
    value_count, paths, fitted = 0, [(), ()], False
    explicit: dict[int, list[int]] = {}  # row line -> value columns, where the text decides
    text_fit = _fit_text_columns(shape, parsed, repeats) if shape.names_text_columns() else None
    if text_fit is not None:
        paths, value_count, parsed, explicit = text_fit
        fitted = True
    widths = [len(v) for _, _, v, _ in parsed]
    candidates = [] if fitted else value_counts(widths, shape.codes)
    for n in [*candidates, *fallback_counts(widths, candidates)] if candidates else []:
        paths, fitted = shape.fit(n)
        value_count = value_count or n  # the first candidate, when none fits
        if fitted:
            value_count = n
            break
    common = (
        _common_narrower([v for _, _, v, _ in parsed], value_count)
        if fitted and candidates and not shape.codes
        else None
    )
    if common is not None:
        common_paths, common_fits = shape.fit(common)
        if common_fits:  # a header that fits both: the width most rows print
            paths, value_count = common_paths, common
    if not fitted:
        paths, _ = shape.fit(value_count)
    segments, column_codes = shape.segments, list(shape.codes)
    # A row with more values than the header has columns: its label ends in a number
    # (`Quận 11`) or a value is printed with spaced thousands (`1 012`).
    row_groups = total_groups(paths[2:]) if fitted else []
    learned: dict[tuple[tuple[str, ...], ...], list[list[int]]] = {}
    if fitted and not row_groups and any(_spaced(v) for _, _, v, _ in parsed):
        # A flat header names no total: the sums its full rows keep tell one instead.
        row_groups = _learned_groups(parsed, value_count, learned)
    rates = [column_class(p) == "rate" for p in paths[2:]] if fitted else []
    zeros = zero_shares(parsed, value_count) if row_groups else []
    parsed = [
        (r, *_fit_row_values(r, value_count, row_groups, rates))
        if len(values) > value_count
        else (r, label, *_split_signs(r, values, lines, value_count, row_groups, zeros))
        if len(values) < value_count and not explicit
        else (r, label, values, lines)
        for r, label, values, lines in parsed
    ]
    # A row printing as many values as columns, one of them spaced thousands (`1 274`)
    # and one cell blank, or a placeholder read as a sign (`- 7 390`): read where that
    # keeps more of its sums.
    placed: dict[int, list[int]] = {}
    if row_groups and not explicit:
        for k, (r, label, values, _lines) in enumerate(parsed):
            if len(values) != value_count or not _spaced(values):
                continue
            joined = _join_with_blank(values, value_count, row_groups, rates, zeros)
            if joined is not None:
                values, placed[r.line] = joined
            elif (resplit := _split_sign_join_pair(values, row_groups, rates)) is not None:
                values = resplit
            else:
                continue
            parsed[k] = (r, label, values, [_line_of(r, v) for v in values])
    if not fitted:
        issues.append(
            ParseIssue(
                "header_not_aligned",
                "warning",
                f"{len(segments)} header phrases could not be fitted to {value_count} value columns",
                header_lines[0][0] if header_lines else None,
                table_index,
            )
        )
    width = 2 + value_count
    # Column codes (`A B (1) (2)`): one a column, the code column's only when printed.
    if len(column_codes) == width - 1:
        column_codes = ["", *column_codes]
    elif len(column_codes) != width:
        column_codes = []
    columns = [
        Column(
            c,
            paths[c] if c < len(paths) else (),
            (column_codes[c] or None) if column_codes else None,
            0,
            header_lines[0][0] if header_lines else None,
        )
        for c in range(width)
    ]
    # Column classes and kind profiles only matter for rows with missing values.
    aligning = any(
        values and len(values) < value_count and r.line not in explicit and r.line not in placed
        for r, _, values, _ in parsed
    )
    classes, groups, profiles = (
        _alignment_context(columns, parsed, value_count) if aligning else ([], [], [])
    )
    sum_groups = (
        total_groups([c.header_path for c in columns[2:]])
        or _learned_groups(parsed, value_count, learned)
        if aligning
        else []
    )
    zeros = zero_shares(parsed, value_count) if sum_groups else []
    rows: list[Row] = []
    section: str | None = None
    for pdf_row, label, values, value_lines in parsed:
        code = parse_row_code(pdf_row.code) if pdf_row.code else None
        if pdf_row.line in explicit:
            positions = explicit[pdf_row.line]
        elif pdf_row.line in placed:
            positions = placed[pdf_row.line]
        elif values and len(values) < value_count:
            positions = align_by_sums(values, sum_groups, value_count, zeros) or align_values(
                values, classes, profiles, groups, label
            )
            issues.append(
                ParseIssue(
                    "values_aligned_by_kind",
                    "info",
                    f"{len(values)} of {value_count} values; placed in columns "
                    + ", ".join(str(p + 2) for p in positions),
                    pdf_row.line,
                    table_index,
                )
            )
        else:
            positions = range(len(values))
        line = pdf_row.line
        cells: list[Cell] = [Cell(0, pdf_row.code.strip(), line)] if pdf_row.code else []
        if label:
            # Lines after the first that hold no value continue the label.
            label_lines = (
                tuple([no for no, _ in pdf_row.lines[1:] if no not in value_lines])
                if len(pdf_row.lines) > 1
                else ()
            )
            cells.append(Cell(1, label, line, False, False, label_lines))
        cells += [Cell(2 + pos, values[v], value_lines[v]) for v, pos in enumerate(positions)]
        kind, section = row_kind(code, label, section)
        rows.append(
            Row(  # positional, as in tables_tsv: cheaper at one Row per table row
                len(rows),  # row_index
                pdf_row.line,  # source_line
                tuple(cells),
                code.printed if code else (pdf_row.code.strip() if pdf_row.code else None),
                code.normalised if code else None,  # row_code_norm
                label or None,  # row_label
                kind,  # row_kind
                section,  # section_code
            )
        )
    variants = _header_variants(columns, repeats, value_count, rows, table_index, issues)
    for no, text in furniture:
        issues.append(
            ParseIssue(
                "page_furniture_dropped",
                "info",
                f"page furniture {text.strip()!r} inside a table: dropped, not a row",
                no,
                table_index,
            )
        )
    line_start = header_lines[0][0] if header_lines else (body_lines[0][0] if body_lines else 0)
    nonblank = [no for no, t in body_lines if t.strip()]
    nonblank += [lines[-1][0] for _, lines in repeats if lines]
    table = Table(
        table_index=table_index,
        layout="pdf_text",
        line_start=line_start,
        line_end=max(nonblank) if nonblank else line_start,
        columns=columns,
        rows=rows,
        header_variants=variants,
        header_row_count=len([1 for _, t in header_lines if t.strip()]),
        page_breaks_merged=len(repeats),
    )
    return table, issues


# -- text columns: the unit of measure before the values, a note after them -----------------


Parsed = tuple[PdfRow, str, list[str], list[int]]


def _fit_text_columns(
    shape: HeaderShape,
    parsed: list[Parsed],
    repeats: Sequence[tuple[int, list[tuple[int, str]]]] = (),
) -> tuple[list[tuple[str, ...]], int, list[Parsed], dict[int, list[int]]] | None:
    """An indicator table (`Chỉ tiêu | Đơn vị tính | Số liệu | Ghi chú`): the header fits
    the numbers of each row plus a unit-of-measure column before them and a note column
    after them, whose cells are words. Rows under a header printed again after a page
    break are split by that header's order (`Số liệu` before `Đơn vị tính`). None when
    the header has no such columns."""
    widths = [len(v) for _, _, v, _ in parsed if v]
    top = max(widths, default=0)
    for n in range(max(top, 1) + 1, max(top, 1) + 3):
        paths, fitted = shape.fit(n)
        unit = text_column(paths[2:], UNIT_HEADERS) if fitted else None
        note = text_column(paths[2:], NOTE_HEADERS) if fitted else None
        if unit is None or any(
            fold(x).strip(" :.").startswith(UNIT_HEADERS + NOTE_HEADERS)
            for p in paths
            for x in p[:-1]
        ):
            continue  # no text column, or one read as spanning others: not this count
        # (first row line, unit column, note column) of each header printed again.
        orders: list[tuple[int, int | None, int | None]] = [(-1, unit, note)]
        for first_line, lines in repeats:
            again, ok = HeaderShape.of(lines).fit(n, paths[2:])
            again_unit = text_column(again[2:], UNIT_HEADERS) if ok else None
            if again_unit is not None and same_header(paths[2:], again[2:]):
                orders.append((first_line, again_unit, text_column(again[2:], NOTE_HEADERS)))
        out: list[Parsed] = []
        explicit: dict[int, list[int]] = {}
        for r, *_ in parsed:
            _, u, no = max(o for o in orders if o[0] <= r.line)
            numeric = [i for i in range(n) if i not in (u, no)]
            text = " ".join(t for _, t in r.lines)
            if u is not None and numeric and u > numeric[0]:
                label, numbers, unit_text, note_text = split_unit_after(text, len(numeric))
            else:
                label, unit_text, numbers, note_text = split_text_row(
                    text, len(numeric), u is not None, no is not None
                )
            cells = [(u, unit_text), *zip(numeric, numbers, strict=False), (no, note_text)]
            placed = sorted((c, v) for c, v in cells if c is not None and v)
            values = [v for _, v in placed]
            explicit[r.line] = [c for c, _ in placed]
            out.append((r, label, values, [_line_of(r, v) for v in values]))
        return paths, n, out, explicit
    return None


def split_unit_after(text: str, numeric: int) -> tuple[str, list[str], str, str]:
    """(label, numbers, unit, note) of a row printed under a header whose value column
    comes before the unit of measure (`Số lượng DVCTT toàn trình 29 DVC Số liệu đến
    ngày báo cáo`): the last run of values (at most `numeric`), then the unit, the
    first cell of the words after it (cut before a word that opens with a capital, as
    joined header cells are), and the note, the rest."""
    toks = tokens(text)
    last = max((i for i, (_, is_value) in enumerate(toks) if is_value), default=-1)
    if last < 0:
        return collapse(text), [], "", ""
    first = last
    while first > 0 and toks[first - 1][1] and last - first + 1 < numeric:
        first -= 1
    after = split_joined_cells(" ".join(t for t, _ in toks[last + 1 :]))
    numbers = [collapse(t) for t, _ in toks[first : last + 1]]
    label = collapse(" ".join(t for t, _ in toks[:first]))
    return label, numbers, after[0] if after else "", " ".join(after[1:])


def names_text_columns(header_lines: Sequence[str]) -> bool:
    """Does a header (its lines) name a unit-of-measure column: an indicator table,
    whose rows may end in a note after their value?"""
    return HeaderShape.of([(0, t) for t in header_lines]).names_text_columns()


def value_then_note(line: str) -> bool:
    """`1.1 Số VBQPPL do cấp tỉnh ban hành Văn bản 48 Lũy kế`: label words, a number,
    then words (the note column of an indicator row)."""
    toks = tokens(line.strip())
    last = max((i for i, (_, is_value) in enumerate(toks) if is_value), default=-1)
    return (
        0 < last < len(toks) - 1
        and not toks[last - 1][1]
        and parse_literal(toks[last][0]).value is not None
    )


def split_text_row(
    text: str, numeric: int, has_unit: bool, has_note: bool
) -> tuple[str, str, list[str], str]:
    """(label, unit, numbers, note) of a row `Số VBQPPL đã ban hành Văn bản 240 Ước tính`:
    the last run of values (at most `numeric`), the words after it a note, and before it
    the unit: the shortest run of the last words (up to four, one left for the label)
    that opens with a capital or a symbol (`Văn bản`, `Cơ quan, đơn vị`, `%`)."""
    toks = tokens(text)
    last = max((i for i, (_, is_value) in enumerate(toks) if is_value), default=-1)
    if last < 0 or (not has_note and last < len(toks) - 1):
        return collapse(text), "", [], ""
    first = last
    while first > 0 and toks[first - 1][1] and last - first + 1 < numeric:
        first -= 1
    numbers = [collapse(t) for t, _ in toks[first : last + 1]]
    if (
        has_unit
        and first > 0
        and toks[first - 1][1]
        and _SHORT_GROUP_RE.fullmatch(toks[first - 1][0].strip())
        and _THOUSANDS_RE.fullmatch(numbers[0])
    ):
        # `Tài khoản 6 283`: a unit of measure is words, so a number before the values
        # is their first thousands group, printed with a space.
        first -= 1
        numbers[0] = f"{toks[first][0].strip()} {numbers[0]}"
    before = [t for t, _ in toks[:first]]
    unit = ""
    if has_unit:
        for k in range(1, min(4, len(before) - 1) + 1):
            head = before[-k][:1]
            if head.isupper() or not head.isalnum():
                unit = " ".join(before[-k:])
                before = before[:-k]
                break
    note = collapse(" ".join(t for t, _ in toks[last + 1 :]))
    return collapse(" ".join(before)), unit, numbers, note


# -- page breaks inside a table's text ------------------------------------------------------

# A header without a row-number column opens with the label column's word.
LABEL_HEADER_RE = re.compile(
    r"^(?:Tên đơn vị|Đơn vị(?!\s+tính)|Địa phương|Cơ quan|Tên cơ quan|Chỉ tiêu|Nội dung)\b",
    re.IGNORECASE,
)
_LONE_PAGE_NUMBER_RE = re.compile(r"\s*\d{1,3}\s*")
_MAX_REPEATED_HEADER_LINES = 60


def _opens_row(text: str, coded: bool) -> bool:
    """Does this line open a body row (and so end a header printed again)?"""
    s = text.strip()
    if not s:
        return False
    if is_total_label(s) or _opens_with_total_words(s):
        return bool(split_values(s, 1)[1])  # `Tổng số` alone is a header cell
    if coded:
        m = ROW_START_RE.match(s) or _BULLET_RE.match(s)
        return m is not None and first_token_is_word(m.group("rest").strip())
    label, values = split_values(s, None)
    return bool(label) and len(values) >= 2


def split_page_breaks(
    body_lines: list[tuple[int, str]], coded: bool, header: Sequence[str] = ()
) -> tuple[list[tuple[int, str]], list[tuple[int, list[tuple[int, str]]]], list[tuple[int, str]]]:
    """(body lines, headers printed again, page numbers dropped) of a table's body.

    After a page break the header may be printed again (the same, misspelt, or with
    columns swapped): its lines, up to the next row, are no row text. A page number
    alone between blank lines is page furniture, not a value. Each repeated header is
    returned with the line of the first row under it."""
    out: list[tuple[int, str]] = []
    repeats: list[tuple[int, list[tuple[int, str]]]] = []
    furniture: list[tuple[int, str]] = []
    n = len(body_lines)
    i = 0
    while i < n:
        no, text = body_lines[i]
        s = text.strip()
        # is_header_start needs `Số`, `STT` or `TT` first: an S or a T (s is stripped).
        if (
            out
            and s
            and ((s[0] in "ST" and is_header_start(s)) or (not coded and LABEL_HEADER_RE.match(s)))
        ):
            j = i + 1
            while j < n and j - i <= _MAX_REPEATED_HEADER_LINES:
                if _opens_row(body_lines[j][1], coded):
                    break
                j += 1
            again = [t for _, t in body_lines[i:j]]
            if j < n and j - i <= _MAX_REPEATED_HEADER_LINES and _similar(header, again):
                repeats.append((body_lines[j][0], body_lines[i:j]))
                i = j
                continue
        if (
            s
            and len(s) <= 3  # a page number alone: one to three digits
            and _LONE_PAGE_NUMBER_RE.fullmatch(text)
            and (i == 0 or not body_lines[i - 1][1].strip())
            and (i + 1 >= n or not body_lines[i + 1][1].strip())
        ):
            furniture.append((no, text))
            i += 1
            continue
        out.append((no, text))
        i += 1
    return out, repeats, furniture


def _similar(header: Sequence[str], again: Sequence[str]) -> bool:
    """Is `again` the header printed again (garbled or reordered, most words kept)?"""
    words = set(fold(" ".join(header)).split())
    other = set(fold(" ".join(again)).split())
    return bool(words and other) and len(words & other) / len(words | other) >= 0.5


def _header_variants(
    columns: list[Column],
    repeats: list[tuple[int, list[tuple[int, str]]]],
    value_count: int,
    rows: list[Row],
    table_index: int,
    issues: list[ParseIssue],
) -> list[list[Column]]:
    """Header variants of the headers printed again; rows under a variant that differs
    from the first header are marked with its number."""
    variants: list[list[Column]] = []
    keys = [[fold(" ".join(c.header_path)) for c in columns]]
    for first_row_line, lines in repeats:
        first = [c.header_path for c in columns[2:]]
        paths, fitted = HeaderShape.of(lines).fit(value_count, first)
        if not fitted or (all(first) and not same_header(first, paths[2:])):
            continue  # unreadable, or read as another header: the rows keep the first
        cols = [
            Column(c.column_index, paths[c.column_index] or c.header_path, c.column_code)
            for c in columns
        ]
        key = [fold(" ".join(c.header_path)) for c in cols]
        if key in keys:
            number = keys.index(key)
        else:
            number = len(keys)
            keys.append(key)
            variants.append(
                [
                    Column(c.column_index, c.header_path, c.column_code, number, lines[0][0])
                    for c in cols
                ]
            )
            differing = [
                f"col {c.column_index}: {' > '.join(columns[c.column_index].header_path) or '∅'}"
                f" | {' > '.join(c.header_path) or '∅'}"
                for c in cols
                if keys[0][c.column_index] != key[c.column_index]
            ]
            issues.append(
                repeated_header_differs(differing_columns(differing), lines[0][0], table_index)
            )
        for r in rows:  # until the next header printed again, which comes later
            if r.source_line >= first_row_line:
                r.header_variant = number
    return variants
