"""The parser never crashes, and one stray line disturbs only the row it lands in.

Reports arrive with page furniture, stray sentences, half-copied rows and repeated
headers in the middle of their tables. A line inserted anywhere in a sample report
(random text, a tab row of random width, a pipe row, a header-looking line, a page
number, a blank) must not raise, and every table row the line did not land in keeps
its cells: same text, same order. "Landing in" a row means falling between the row's
first line and the next row of its table (a PDF-text row takes the lines after it as
its continuation), so that row alone may change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.model import ParsedDocument
from ingest.parser import parse_text

from .conftest import sample_path

PREFIXES = ("000", "001", "002", "003")
_TEXTS = {p: sample_path(p).read_text(encoding="utf-8") for p in PREFIXES}
_BASE: dict[str, ParsedDocument] = {}
PIPE_TABLE = """\
Kết quả giải quyết hồ sơ tháng 2 năm 2024

| STT | Đơn vị | Hồ sơ tiếp nhận | Đã giải quyết |
|---|---|---:|---:|
| 1 | Sở Tư pháp | 1.250 | 1.198 |
| 2 | Huyện Đại Từ | 830 | 801 |
"""

_WORDS = st.sampled_from(
    (
        *("Trang", "3", "Số", "TT", "Đơn vị", "Tổng", "Sở Y tế", "1.234", "99,5%", "huyện"),
        *("-", "a)", "Tỷ lệ", "STT", "Chỉ tiêu", "Ghi chú", "Cộng", "I", "1,1", "<b>", "</b>"),
        *("**", "x"),
    )
)
_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\n")
_CELL = st.one_of(st.lists(_WORDS, max_size=4).map(" ".join), st.text(_CHARS, max_size=12))
_LINE_TEXT = st.text(_CHARS, max_size=80)
STRAY_LINES = st.one_of(
    _LINE_TEXT,  # random text
    st.lists(_WORDS, min_size=1, max_size=10).map(" ".join),  # words from the reports
    st.lists(_CELL, min_size=1, max_size=16).map("\t".join),  # a tab row of random width
    st.lists(_CELL, min_size=1, max_size=8).map(lambda c: "| " + " | ".join(c) + " |"),
    st.sampled_from(  # header-looking lines
        [
            "STT\tTên đơn vị\tTổng số\tTrong đó",
            "TT\tĐơn vị\tSố hồ sơ\tTỷ lệ (%)",
            "| STT | Chỉ tiêu | Đơn vị tính | Số liệu |",
            "Số TT Nội dung Số liệu Tỷ lệ (%) Ghi chú",
            "STT",
            "A\tB\t(1)\t(2)\t(3) = (1)+(2)",
        ]
    ),
    st.sampled_from(["Trang 3", "Trang 3/5", "- 3 -", "3", "12", "Trang 2 / 7"]),  # page numbers
    st.sampled_from(["", "   ", "\t", "\f"]),  # blank
)


def _base(prefix: str) -> ParsedDocument:
    if prefix not in _BASE:
        _BASE[prefix] = parse_text(_TEXTS[prefix])
    return _BASE[prefix]


def _row_cells(doc: ParsedDocument) -> dict[int, tuple[str, ...]]:
    return {
        row.source_line: tuple(c.text for c in sorted(row.cells, key=lambda c: c.column_index))
        for table in doc.tables
        for row in table.rows
    }


def _touched(doc: ParsedDocument, after_line: int) -> set[int]:
    """Source lines of the rows a line inserted after line `after_line` can land in."""
    out = set()
    for table in doc.tables:
        starts = [r.source_line for r in table.rows]
        for k, start in enumerate(starts):
            following = starts[k + 1] if k + 1 < len(starts) else None
            if start <= after_line and (following is None or after_line < following):
                out.add(start)
    return out


@pytest.mark.parametrize("prefix", PREFIXES)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), stray=STRAY_LINES)
def test_a_stray_line_disturbs_only_the_row_it_lands_in(prefix, data, stray):
    text = _TEXTS[prefix]
    lines = text.split("\n")
    at = data.draw(st.integers(0, len(lines)), label="insert before line index")
    doc = parse_text("\n".join([*lines[:at], stray, *lines[at:]]))  # must not raise
    base = _base(prefix)
    before = _row_cells(base)
    after = _row_cells(doc)
    touched = _touched(base, at)
    for line, cells in before.items():
        if line in touched:
            continue
        shifted = line if line <= at else line + 1
        assert after.get(shifted) == cells, f"row of line {line} changed ({stray!r} at {at})"


LAYOUT_FIXTURES = sorted(
    p.name
    for p in (Path(__file__).parent / "fixtures" / "layouts").glob("*.txt")
    if any(t.rows for t in parse_text(p.read_text(encoding="utf-8")).tables)
)


# Stray lines that are no syntax of the layout they land in. In one-cell-a-line text a
# short line IS a cell and a blank line a row separator; in PDF text a lone token (`0`,
# `:`) is a value or a mark that drifted onto its own line: those are left out there.
_WORDED_FURNITURE = st.sampled_from(["Trang 3", "Trang 3/5", "- 3 -", "Trang 2 / 7"])
_OTHER_LAYOUT_ROWS = st.one_of(
    st.lists(_CELL, min_size=2, max_size=16).map("\t".join),
    st.lists(_CELL, min_size=2, max_size=8).map(lambda c: "| " + " | ".join(c) + " |"),
)
_PDF_STRAYS = st.one_of(
    st.lists(_WORDS, min_size=2, max_size=10).map(" ".join),
    _OTHER_LAYOUT_ROWS,
    _WORDED_FURNITURE,
    st.sampled_from(["", "   "]),
)
_CELL_STRAYS = st.one_of(
    _OTHER_LAYOUT_ROWS,
    _WORDED_FURNITURE,
    st.lists(_WORDS, min_size=30, max_size=40).map(" ".join),  # a line of prose
)


def _strays(name: str):
    if name.startswith("cell_per_line"):
        return _CELL_STRAYS
    if name.startswith(("pdf_columns", "pdf_text")):
        return _PDF_STRAYS
    return STRAY_LINES


# Counterexamples found when the property was extended to these layouts, not fixed yet
# (not strict: Hypothesis may not draw one in a run): a worded page number ("Trang 3")
# or a tab line between two rows ends a one-cell-a-line or space-aligned table, and the
# rows after it are lost or form a second table; "Trang Trang" right above a body row
# of a header-less block is taken for a header line. With the cells apart or in pieces
# (tables_cells_grid), a worded page number between the header and the first row loses the
# table (the header no longer opens with a blank line, or is no longer the line above row 1).
_KNOWN_GAPS = {
    "cell_per_line_apart.txt",
    "cell_per_line_bars.txt",
    "cell_per_line_blank.txt",
    "cell_per_line_pieces.txt",
    "cell_per_line_packed.txt",
    "cell_per_line_page_breaks.txt",
    "pdf_columns_no_code.txt",
    "pdf_columns_page_breaks.txt",
    "pdf_text_no_code_block_header.txt",
}


# Tables copied from a web page one space apart: a stray line between two rows is skipped,
# but one inside the header, or between the header and the first row, can leave the header
# unread (it is read across the line only when the lines under it fit nothing), and the
# table is then not found.
_HEADER_GAPS = {"space_text_groups.txt", "space_text_piece_header.txt"}


def _gap_reason(name: str) -> str:
    if name in _HEADER_GAPS:
        return "known gap: a stray line inside a one-space table's header loses the table"
    return "known gap: furniture or a tab line between rows ends the table"


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(reason=_gap_reason(n), strict=False))
        if n in _KNOWN_GAPS or n in _HEADER_GAPS
        else n
        for n in LAYOUT_FIXTURES
    ],
)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_stray_line_in_a_layout_fixture_disturbs_only_the_row_it_lands_in(name, data):
    """The same property on the small fixture of every table layout (space-aligned
    columns, one cell a line, HTML, pipe and tab tables without a code column…)."""
    stray = data.draw(_strays(name), label="stray line")
    text = (Path(__file__).parent / "fixtures" / "layouts" / name).read_text(encoding="utf-8")
    if name not in _BASE:
        _BASE[name] = parse_text(text)
    lines = text.split("\n")
    at = data.draw(st.integers(0, len(lines)), label="insert before line index")
    doc = parse_text("\n".join([*lines[:at], stray, *lines[at:]]))  # must not raise
    before = _row_cells(_BASE[name])
    after = _row_cells(doc)
    touched = _touched(_BASE[name], at)
    for line, cells in before.items():
        if line in touched:
            continue
        shifted = line if line <= at else line + 1
        assert after.get(shifted) == cells, f"row of line {line} changed ({stray!r} at {at})"


def _cut(prefix: str, marker: str, keep: int) -> str:
    text = _TEXTS[prefix]
    return text[: text.index(marker) + keep]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (_cut("000", "8.553\t7.808\t438", 3), 371),  # "…Phú Bình\t8.5": the value was cut
        (_cut("000", "8.553\t7.808\t438", 3) + "\n", 371),  # cut, then a newline added
        (_cut("000", "8.553\t7.808\t438", len("8.553\t7.808")), 371),
        (_TEXTS["000"][:-4], 377),  # "…<b>104<": full width, but the writer stopped
        (_cut("003", "9 UBND huyện Phú Bình 21/21 272", 31), 398),  # PDF text
        (PIPE_TABLE + "| 3 | Huyện Phú Bình | 8.5", 7),  # a pipe row without its closing pipe
    ],
)
def test_a_row_cut_by_the_end_of_the_file_is_flagged_and_marked(text, line):
    doc = parse_text(text)
    cut = [i for i in doc.issues if i.code == "table_cut_off"]
    assert [(i.severity, i.source_line) for i in cut] == [("warning", line)]
    table = doc.tables[cut[0].table_index]
    assert table.rows[-1].source_line == line
    assert table.rows[-1].row_kind == "cut_off"
    assert table.rows[-1].cells  # the cells are kept: they land in raw.table_cells
    assert all(r.row_kind != "cut_off" for r in table.rows[:-1])


@pytest.mark.parametrize(
    "text",
    [
        _TEXTS["000"],  # ends "…<b>104</b>\t" without a newline: the last cell was closed
        _TEXTS["000"] + "\n",
        _TEXTS["002"],
        _TEXTS["003"],  # the totals row skips the "Đã triển khai" cells but prints its last one
        PIPE_TABLE,
        PIPE_TABLE + "| | **Cộng** | 2.080 | 1.999 |",  # closing pipe: complete without a newline
        "STT\tĐơn vị\tSố hồ sơ\tGhi chú\n1\tSở Y tế\t12\tmới\n2\tSở Tư pháp\t7\n",
    ],
)
def test_a_complete_table_at_the_end_of_the_file_is_not_cut(text):
    doc = parse_text(text)
    assert not [i for i in doc.issues if i.code == "table_cut_off"]
    assert all(r.row_kind != "cut_off" for t in doc.tables for r in t.rows)


def test_a_stray_line_before_a_repeated_header_does_not_lose_the_report():
    """Was an IndexError in tables_tsv.build_tables: a table opened by a header-less line
    was taken for a table whose header could repeat."""
    lines = _TEXTS["000"].split("\n")
    at = next(k for k, ln in enumerate(lines) if ln.startswith("STT\tTên đơn vị\tTổng số\t"))
    first_after = next(k for k in range(at, len(lines)) if lines[k].startswith("15\t")) + 1
    expected = _row_cells(_base("000"))[first_after]
    for stray in ("Trang 3\t", "\tTrang 3", "Trang\t3", "a\tb\tc", "Trang 3"):
        doc = parse_text("\n".join([*lines[:at], stray, *lines[at:]]))
        assert _row_cells(doc)[first_after + 1] == expected
        assert sum(len(t.rows) for t in doc.tables) >= 76


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_parse_text_never_raises_on_arbitrary_text(text):
    doc = parse_text(text)
    assert doc.line_count == text.count("\n") + 1


_TABLE_LINES = st.lists(
    st.one_of(
        st.lists(_CELL, min_size=1, max_size=6).map("\t".join),
        st.lists(_CELL, min_size=1, max_size=6).map(lambda c: "| " + " | ".join(c) + " |"),
        st.lists(_WORDS, min_size=1, max_size=8).map(" ".join),
        st.just(""),
    ),
    max_size=30,
).map("\n".join)


@settings(max_examples=200, deadline=None)
@given(_TABLE_LINES)
def test_parse_text_never_raises_on_table_like_text(text):
    parse_text(text)
