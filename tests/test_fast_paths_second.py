"""The second speed pass's shortcuts give exactly what their plain definitions give.

Each function here was rewritten for fewer passes per row; its plain definition stays
beside it in the module, and these properties compare the two on arbitrary input with
the shapes the parser meets over-represented (missing values, zeros, runs that sum).
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ingest import tables_columns, tables_pdf
from ingest.cell_sums import learn_sums, learn_sums_plain
from ingest.literals import EMPTY, parse_literal, parse_literal_plain
from ingest.pdf_headers import HeaderShape, header_blocks, header_segments
from ingest.tables_tsv import _two_letters

# Values of a full row: small counts (so runs often sum), zeros, halves (the 0.5
# tolerance's edge), large and negative numbers, and None for a cell that is no number.
_VALUE = st.one_of(
    st.integers(0, 12).map(float),
    st.sampled_from([0.0, 0.5, -0.5, 1e12, 1e12 + 1, -3.0, 0.1, 0.2, 0.3]),
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.none(),
)


@st.composite
def _table(draw: st.DrawFn) -> tuple[list[list[float | None]], int]:
    width = draw(st.integers(0, 7))
    rows = draw(st.lists(st.lists(_VALUE, min_size=width, max_size=width), max_size=8))
    return rows, width


@given(_table())
@example(([[5.0, 2.0, 3.0, 1.0], [9.0, 4.0, 5.0, 0.0], [0.0, 0.0, 0.0, 0.0]], 4))
@example(([[1.0, 2.0, 3.0], [2.0, 3.0, 5.0], [None, 1.0, 1.0]], 3))
@example(([[0.1, 0.2, 0.3], [0.1, 0.2, 0.3], [0.1, 0.2, 0.3]], 3))
@settings(max_examples=600)
def test_learn_sums_matches_checking_every_run_of_every_row(
    table: tuple[list[list[float | None]], int],
) -> None:
    rows, width = table
    assert learn_sums(rows, width) == learn_sums_plain(rows, width)


def test_learn_sums_finds_a_total_printed_first_and_last() -> None:
    first = [[5.0, 2.0, 3.0], [9.0, 4.0, 5.0]]
    last = [[2.0, 3.0, 5.0], [4.0, 5.0, 9.0]]
    assert [(s.total, s.parts) for s in learn_sums(first, 3)] == [(0, (1, 2))]
    assert [(s.total, s.parts) for s in learn_sums(last, 3)] == [(2, (0, 1))]


# Cell texts as report tables print them: numbers in vi notation, signs, words around
# numbers, placeholders, blanks, plus arbitrary text.
_CELL_PIECES = st.sampled_from(
    [
        *["0", "1", "12", "1.796.058", "99,63", "%", " %", "/", "+", "-", "−", "–", " ", "  "],
        *["Tăng ", "Giảm ", "tăng", "Giữ nguyên", "giữ  nguyên", "hơn ", "Trên ", "hồ sơ", "x"],
        *["..", "1..995", "99.5", "16 348", "Có=1; Không=0", "=", ";", "\xa0", "\t", "ĐẠT"],
    ]
)
_CELL = st.lists(_CELL_PIECES, max_size=8).map("".join) | st.text(max_size=50)


@given(_CELL)
@example("0")
@example("Giảm 54.856 hồ sơ")
@example("x" * 40)
@example("x" * 41)
@settings(max_examples=600)
def test_memoised_literal_is_the_plain_literal(text: str) -> None:
    first = parse_literal(text)
    assert first == parse_literal_plain(text)
    assert parse_literal(text) == first  # a second ask (from the memo) too


def test_memoised_literal_of_none_is_empty() -> None:
    assert parse_literal(None) == parse_literal_plain(None) == EMPTY


_HEADER_LINE = st.sampled_from(
    [
        *["STT", "Tên đơn vị", "", "  ", "Tổng số", "Trực tuyến", "Đơn vị tính", "Ghi chú"],
        *["A B (1) (2) (3)", "(1) (2) (3) = (1)+(2)", "Tỷ lệ (%)", "Số hồ sơ", "Trong đó"],
    ]
)


@given(st.lists(_HEADER_LINE, max_size=8))
@settings(max_examples=300)
def test_header_shape_from_the_memo_is_the_shape_of_its_lines(texts: list[str]) -> None:
    lines = list(enumerate(texts, 1))
    as_blocks = any(not t.strip() for t in texts)
    cells, codes = header_blocks(texts) if as_blocks else ([], [])
    plain = HeaderShape(header_segments(" ".join(texts)), cells, codes, as_blocks)
    shape = HeaderShape.of(lines)
    assert shape == plain
    shape.cells.append("changed")  # a caller changing its shape's lists
    shape.codes.append("(9)")
    assert HeaderShape.of(lines) == plain  # leaves the next shape of the same lines alone


@given(st.lists(_HEADER_LINE, max_size=8), st.integers(0, 9))
@settings(max_examples=300)
def test_header_fit_from_the_memo_is_the_plain_fit(texts: list[str], n: int) -> None:
    shape = HeaderShape.of(list(enumerate(texts, 1)))
    paths, fits = shape.fit(n)
    assert (paths, fits) == shape.fit_plain(n)
    paths.append(("changed",))  # a caller changing its paths
    assert shape.fit(n) == shape.fit_plain(n)  # leaves the memo alone
    like = shape.fit_plain(n)[0][2:]
    assert shape.fit(n, like) == shape.fit_plain(n, like)


@given(_CELL)
@example("ab")
@example("1a")
@example("a1b")
@example("ǅ")
@example("ĐẠ")
def test_two_letters_is_counting_every_letter(text: str) -> None:
    assert _two_letters(text) == (sum(ch.isalpha() for ch in text) >= 2)


def _plain_spaced(values: list[str]) -> bool:
    pairs = [
        i
        for i in range(len(values) - 1)
        if re.fullmatch(r"\d{1,3}", values[i])
        and re.fullmatch(r"\d{3}(?:[.,]\d+)?%?", values[i + 1])
    ]
    return bool(pairs) or any(re.fullmatch(r"[-–−] \S+", v) for v in values)


_VALUE_TEXT = st.sampled_from(
    [
        *["1", "12", "123", "1234", "274", "274%", "274,5", "- 7", "– 12", "-7", "- ", "- 7 390"],
        *["٣", "١٢٣", "x", "", " ", "12 ", "²"],
    ]
)


@given(st.lists(_VALUE_TEXT | _CELL, max_size=8))
@example(["1", "274"])
@example(["٣", "١٢٣"])  # Arabic-Indic digits: \d and isdecimal() both take them
@example(["- 7"])
def test_spaced_row_check_is_the_regular_expressions(values: list[str]) -> None:
    assert tables_pdf._spaced(values) == _plain_spaced(values)


_BODY_LINE = st.lists(
    st.sampled_from(["Số", "STT", "TT", " ", "\xa0", "\t", "12", "3", "Trang", "a", "Tổng"]),
    max_size=6,
).map("".join)


@given(_BODY_LINE | _CELL)
@example(" STT Tên đơn vị")
@example("\xa012\xa0")
@example(" 7 ")
def test_body_line_prechecks_never_skip_a_header_or_a_page_number(text: str) -> None:
    s = text.strip()
    if s and tables_pdf.is_header_start(s):
        assert s[0] in "ST"
    if tables_pdf._LONE_PAGE_NUMBER_RE.fullmatch(text):
        assert len(s) <= 3


def _column_regions_plain(
    lines: list[str], taken: set[int], is_furniture=None
) -> list[tables_columns.ColumnRegion]:
    """find_column_regions as it was: the run from every wide line walked again."""
    tc = tables_columns
    wide = [k for k, line in enumerate(lines) if k not in taken and tc._is_wide(line)]
    if len(wide) < tc._MIN_CORE:
        return []
    regions: list[tables_columns.ColumnRegion] = []
    done = -1
    for k in wide:
        if k <= done:
            continue
        bridged: list[int] = []
        core = tc._core_run(lines, k, set(wide), bridged)
        while core and tc._is_header_line(lines[core[0]]):
            core.pop(0)
        if len(core) < tc._MIN_CORE or not tc._is_table_core(lines, core):
            continue
        stray: list[int] = []
        start, header_end = tc._extend_up(lines, core[0], taken, done, stray)
        end, dropped = tc._extend_down(lines, core[-1], taken, is_furniture)
        stray = [s for s in stray if s >= header_end]
        dropped += [b for b in bridged if b not in dropped]
        regions.append(tc.ColumnRegion(start, end, header_end, tuple(sorted([*stray, *dropped]))))
        done = end - 1
    return tc._join_page_breaks(lines, regions, taken)


# Lines of space-aligned tables and what surrounds them: header lines, rows of a code,
# a label and values two spaces or more apart, group rows, page furniture, prose, blanks.
_COLUMN_LINE = st.sampled_from(
    [
        "STT   Đơn vị           Tổng số    Trực tuyến    Tỷ lệ",
        "                       (1)        (2)           (3)",
        "1     Sở Tư pháp       1.234      1.000         81,0",
        "2     Sở Y tế          578        276           47,8",
        "3     Sở Nội vụ        12         -             0",
        "      Cấp tỉnh",
        "II    Cấp huyện",
        "a)    UBND huyện A     45  12  3",
        "Trang 2/5",
        "- 3 -",
        "7",
        "",
        "   ",
        "Trên đây là báo cáo kết quả thực hiện.",
        "Tổng cộng              1.824      1.276         70,0",
        "Đơn vị    Tổng số    Ghi chú",
    ]
)


_NOTE_LINE = "Ghi chú: số liệu tổng hợp từ báo cáo của các sở, ban, ngành   a   b"
# The run from the first note line is no table (half its lines hold no numbers); the run
# from the second is, and the page number before it is not its furniture.
_SUFFIX_TABLE = [
    _NOTE_LINE,
    "",
    "Trang 2/5",
    "",
    _NOTE_LINE,
    _NOTE_LINE,
    "1     Sở Tư pháp       1.234      1.000         81,0",
    "2     Sở Y tế          578        276           47,8",
    "3     Sở Nội vụ        12         -             0",
]


@given(
    st.lists(_COLUMN_LINE | st.just(_NOTE_LINE), max_size=40),
    st.sets(st.integers(0, 40), max_size=4),
)
@example(_SUFFIX_TABLE, set())
@settings(max_examples=400)
def test_column_regions_read_each_run_once_as_when_read_from_every_line(
    lines: list[str], taken: set[int]
) -> None:
    assert tables_columns.find_column_regions(lines, taken) == _column_regions_plain(lines, taken)
