"""The parser's fast paths give exactly what the plain definitions give.

Each fast path (collapse without splitting, the upper-case share from byte counts, a
clean table row kept as is, float() instead of Decimal) exists only for speed; these
properties compare it with the obvious implementation on arbitrary text, with
Vietnamese letters, markup and every kind of blank over-represented.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ingest import rowcodes, segment, tables_pdf
from ingest.literals import format_vi_number, to_number
from ingest.tables_tsv import make_raw_row
from ingest.text import collapse, is_mostly_upper, strip_markup

# Letters of both cases (ASCII and Vietnamese), blanks the extractors leave (NBSP, thin
# space, tab, newline, the information separators str.split() treats as blanks), markup.
_ALPHABET = st.sampled_from(
    list("aAbBnNhHtTiIxXvV0159.,%/-|")
    + list("ăĂâÂđĐêÊôÔơƠưƯếẾộỘữỮ")
    + [" ", "  ", "\t", "\n", "\xa0", "\u2009", "\x1f", "\u200b"]
    + ["<b>", "</b>", "<i>", "<sup>", "**", "*", "__", "ß", "ǅ"]
)
_TEXT = st.lists(_ALPHABET, max_size=60).map("".join) | st.text(max_size=60)


def _reference_mostly_upper(text: str, threshold: float = 0.8) -> bool:
    upper = sum(map(str.isupper, text))
    lower = sum(map(str.islower, text))
    if upper + lower < 4:
        return False
    return upper / (upper + lower) >= threshold


@given(_TEXT)
@example("ABCDa")  # exactly four fifths upper case: the boundary
@example("KẾT QUẢ THỰC HIỆN")
@example("Kết quả thực hiện")
@settings(max_examples=400)
def test_collapse_is_split_and_join(text: str) -> None:
    assert collapse(text) == " ".join(text.split())


@given(_TEXT, st.sampled_from([0.8, 0.5, 0.9]))
@example("ABCDa", 0.8)
@example("ABCDab", 0.8)
@example("ĐẠT ĐƯỢC ab", 0.8)
@example("\ud800ABCD", 0.8)  # a lone surrogate must not break the byte counting
@settings(max_examples=600)
def test_mostly_upper_matches_counting_every_character(text: str, threshold: float) -> None:
    assert is_mostly_upper(text, threshold) == _reference_mostly_upper(text, threshold)


@given(st.lists(_ALPHABET, min_size=60, max_size=400).map("".join), st.sampled_from([0.8, 0.5]))
@example("Kết quả thực hiện " * 4, 0.8)
@example("KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH " * 2 + "năm", 0.8)
@settings(max_examples=400)
def test_mostly_upper_of_long_text_matches_counting_every_character(
    text: str, threshold: float
) -> None:
    """Texts over 64 characters first test the lower case of their first half."""
    assert is_mostly_upper(text, threshold) == _reference_mostly_upper(text, threshold)


@given(st.lists(_TEXT, min_size=1, max_size=8))
@example(["1", "Sở Tư pháp", "1.796.058", ""])
@example([" 1", "a  b", "c "])
@example(["<b>Tổng</b>", "12"])
@settings(max_examples=400)
def test_raw_row_cells_are_the_cells_without_markup(cells: list[str]) -> None:
    row = make_raw_row(7, cells)
    assert row.raw_cells == tuple(cells)
    assert row.cells == tuple(strip_markup(c) for c in cells)


@given(
    st.integers(min_value=0, max_value=10**15),
    st.integers(min_value=0, max_value=4),
)
def test_to_number_matches_decimal(value: int, decimals: int) -> None:
    printed = format_vi_number(value / 10**decimals, decimals)
    assert to_number(printed) == float(Decimal(printed.replace(".", "").replace(",", ".")))


_TITLE_PIECES = st.sampled_from(
    [
        *("I", "V", "X", "II.", "1", "2.", "3.1", ".", ",", " ", "  ", "#", "## ", "**", "__"),
        *(
            "*",
            "<b>",
            "</b>",
            "<B>",
            "<i>",
            "</sup>",
            "KẾT QUẢ",
            "Kết quả",
            "THỰC HIỆN",
            "a)",
            "\t",
        ),
    ]
)


@given(st.lists(_TITLE_PIECES, max_size=12).map("".join))
@example("I. KẾT QUẢ THỰC HIỆN")
@example("<b>II</b>. KẾT QUẢ")
@example("**1**. KẾT QUẢ ĐẠT ĐƯỢC")
@example("1,1 Số TTHC công khai")
@settings(max_examples=600)
def test_title_line_hint_never_rejects_a_title(line: str) -> None:
    stripped = strip_markup(line.lstrip("#"))
    expected = bool(segment._TITLE_RE.match(stripped)) and is_mostly_upper(stripped)
    assert segment.is_title_line(line) == expected


_HEADER_PIECES = st.sampled_from(
    [
        " ",
        "\t",
        "\xa0",
        "\u2009",
        "Số",
        "STT",
        "TT",
        "TTHC",
        "S",
        "T",
        "ố",
        "thứ tự",
        "Sở",
        "x",
        "1",
        ":",
    ]
)


@given(st.lists(_HEADER_PIECES, max_size=10).map("".join))
@example("Số TT")
@example("\xa0STT Tên đơn vị")
@example(" TT")
@settings(max_examples=600)
def test_header_hint_never_rejects_a_header_start(line: str) -> None:
    """find_pdf_regions looks for headers only on lines its hint pattern accepts."""
    if tables_pdf.is_header_start(line):
        assert segment._HEADER_HINT_RE.match(line)


_ROW_PIECES = st.sampled_from(
    [
        *("Số", "hồ", "sơ", "TTHC", "Tăng", "Giảm", "Giữ", "nguyên", "+", "-", "−", "điểm"),
        *("1.764/1.764", "100", "86,14", "97,03%", "+18", "-0,17", "1..995", "12abc", "05"),
        *("448.887", "/", "%", "Đạt", "(chi tiết)", " ", "  ", "\xa0", "DVC", "đơn", "vị"),
    ]
)


@given(st.lists(_ROW_PIECES, max_size=16).map(" ".join), st.sampled_from([None, 1, 3, 6]))
@example("Số TTHC công khai 1.764/1.764 100 1.769/1.769 100 +18", None)
@example("Hồ sơ chưa đồng bộ  72.256 13,86 17.400 2,97% Giảm  54.856 hồ sơ", None)
@example("Còn lại 803 45,52 808 45,68 Tăng 05 TTHC", 3)
@example("a +  18", None)
@settings(max_examples=800)
def test_value_split_by_words_matches_the_tokenizer(text: str, max_values: int | None) -> None:
    assert tables_pdf.split_values(text, max_values) == tables_pdf._split_value_tokens(
        text, max_values
    )


@pytest.mark.parametrize("unit", ["hồ sơ", "TTHC", "điểm", "đơn vị", "DVC", "thủ tục", ""])
@pytest.mark.parametrize("change", ["Tăng 05", "Giảm 1.200", "+ 18", "− 3", "Giữ nguyên"])
def test_value_phrases_at_the_end_of_a_row_stay_whole(change: str, unit: str) -> None:
    text = f"Số dịch vụ công 12 {change} {unit}".strip()
    assert tables_pdf.split_values(text, None) == tables_pdf._split_value_tokens(text, None)


@given(
    st.lists(
        st.sampled_from(["", " ", "\t", "\xa0", "tổng", "TỔNG", "Tổng", "cộng", "CỘNG", "số"])
        | st.sampled_from(["t", "T", "c", "C", "x", "1", "ť", "Cộng hòa", "tong"]),
        max_size=4,
    ).map(" ".join)
    | st.text(max_size=12)
)
@example("Tổng cộng")
@example("  TỔNG SỐ")
@example("1,1 Tổng số")
@settings(max_examples=400)
def test_totals_label_first_character_test_matches_the_pattern(label: str) -> None:
    expected = bool(label) and bool(rowcodes._TOTAL_RE.match(label))
    assert rowcodes.is_total_label(label) == expected
