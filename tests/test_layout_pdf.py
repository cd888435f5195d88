"""PDF-extracted tables: header cells printed as blocks, single-spaced rows, page breaks.

Each test is a small report in the shape PDF extraction leaves (one header cell a block,
a blank line after it, the bottom header row joined by single spaces) and asserts the
parsed header paths, rows and issues.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ingest.parser import parse_text
from ingest.pdf_headers import fit_block_header, same_header
from ingest.tables_columns import _best_column, _columns_of, _overlap
from ingest.tables_pdf import (
    align_by_sums,
    fallback_counts,
    split_text_row,
    split_unit_after,
    total_groups,
    value_counts,
    value_then_note,
)


def _blocks(*cells: str) -> str:
    return "\n\n".join(f"{c} " for c in cells) + "\n\n"


def _report(table: str, tail: str = "\nTrên đây là báo cáo.\n") -> str:
    return (
        "PHỤ LỤC I\n"
        "KẾT QUẢ TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH\n"
        "(Kèm theo Báo cáo số 12/BC-UBND ngày 5/7/2024 của UBND tỉnh Bắc Ninh)\n\n" + table + tail
    )


def _rows(table) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows]


def _only_table(text: str):
    doc = parse_text(text)
    pdf = [t for t in doc.tables if t.layout in ("pdf_text", "pdf_columns")]
    assert len(pdf) == 1, [(t.layout, t.line_start, t.line_end) for t in doc.tables]
    return doc, pdf[0]


THREE_LEVELS = _blocks(
    "TT",
    "Cơ quan, đơn vị",
    "Tổng số hồ sơ tiếp nhận",
    "Kết quả giải quyết",
    "Tổng số",
    "Nộp trực tuyến",
    "Trực tiếp và qua bưu \nchính",
    "Kỳ trước chuyển qua",
    "Đã giải quyết",
    "Chưa xử lý",
    "Tổng số Sớm hạn Đúng hạn Trễ hạn Tổng số Trong hạn Trễ hạn",
)


_LINE_1 = ["578", "276", "246", "56", "552", "236", "316", "0", "26", "26", "0"]


def test_tt_header_with_three_rows_whose_bottom_groups_open_with_their_total():
    body = (
        "I Các sở, ban, ngành \n"
        "1 Sở Nội vụ 578 276 246 56 552 236 316 0 26 26 0 \n"
        "2 Sở Tư pháp 1114 207 814 93 830 676 113 41 284 256 28 \n"
        "3 Sở Y tế 124 54 70 0 103 94 8 1 21 19 2 \n"
    )
    doc, table = _only_table(_report(THREE_LEVELS + body))
    paths = [c.header_path for c in table.columns]
    assert paths[:2] == [("TT",), ("Cơ quan, đơn vị",)]
    assert paths[2:6] == [
        ("Tổng số hồ sơ tiếp nhận", "Tổng số"),
        ("Tổng số hồ sơ tiếp nhận", "Nộp trực tuyến"),
        ("Tổng số hồ sơ tiếp nhận", "Trực tiếp và qua bưu chính"),
        ("Tổng số hồ sơ tiếp nhận", "Kỳ trước chuyển qua"),
    ]
    assert paths[6] == ("Kết quả giải quyết", "Đã giải quyết", "Tổng số")
    assert paths[12] == ("Kết quả giải quyết", "Chưa xử lý", "Trễ hạn")
    assert _rows(table)[1] == ["1", "Sở Nội vụ", *_LINE_1]
    assert not [i for i in doc.issues if i.code == "header_not_aligned"]


ONE_ROW = _blocks(
    "STT",
    "Đơn vị",
    "Tiếp nhận",
    "Trực tuyến",
    "Đã giải quyết",
    "Đúng hạn",
    "Quá hạn",
)


def test_a_label_that_is_a_number_or_ends_in_one_does_not_widen_the_table():
    # Two rows of six print one value more than the header has columns.
    body = (
        "1 Sở Nội vụ 779 521 725 718 7 \n"
        "2 UBND quận 11 260 178 230 113 17 \n"
        "3 4 85 61 68 41 27 \n"
        "4 Sở Xây dựng 114 38 98 85 13 \n"
        "5 Sở Tư pháp 133 116 122 122 0 \n"
        "6 Sở Y tế 216 150 180 179 1 \n"
    )
    doc, table = _only_table(_report(ONE_ROW + body))
    assert len(table.columns) == 7
    assert _rows(table)[:4] == [
        ["1", "Sở Nội vụ", "779", "521", "725", "718", "7"],
        ["2", "UBND quận 11", "260", "178", "230", "113", "17"],
        ["3", "4", "85", "61", "68", "41", "27"],
        ["4", "Sở Xây dựng", "114", "38", "98", "85", "13"],
    ]
    assert not [i for i in doc.issues if i.code == "header_not_aligned"]


def test_a_value_with_spaced_thousands_stays_one_value():
    body = (
        "1 Sở Giao thông vận tải 1 012 580 788 780 8 \n"
        "2 Sở Tư pháp 133 116 122 122 0 \n"
        "3 Sở Y tế 216 150 180 179 1 \n"
    )
    _, table = _only_table(_report(ONE_ROW + body))
    assert _rows(table)[0] == ["1", "Sở Giao thông vận tải", "1 012", "580", "788", "780", "8"]


def test_placeholders_at_the_end_of_a_row_are_value_cells():
    body = "1 Sở Nội vụ 779 521 725 718 - \n2 Sở Tư pháp 133 116 122 122 x \n3 Sở Y tế 216 150 180 179 1 \n"
    _, table = _only_table(_report(ONE_ROW + body))
    assert [r.row_label for r in table.rows] == ["Sở Nội vụ", "Sở Tư pháp", "Sở Y tế"]
    assert _rows(table)[0][-1] == "-" and _rows(table)[1][-1] == "x"


def test_a_header_printed_again_misspelt_after_a_page_break_is_a_variant_not_row_text():
    # Misspelt as in sample 000 (`Thực tuyến`); accents alone fold to the same header.
    garbled = _blocks(
        "STT", "Đơn vị", "Tiêp nhận", "Thực tuyến", "Đã giái quyết", "Đúng han", "Quá hạn"
    )
    body = (
        "1 Sở Nội vụ 779 521 725 718 7 \n"
        "2 Sở Tư pháp 133 116 122 122 0 \n"
        "\nTrang 2/3\n\n" + garbled + "3 Sở Y tế 216 150 180 179 1 \n"
        "4 Sở Xây dựng 52 26 42 42 0 \n"
    )
    doc, table = _only_table(_report(ONE_ROW + body))
    assert [r.row_label for r in table.rows] == [
        "Sở Nội vụ",
        "Sở Tư pháp",
        "Sở Y tế",
        "Sở Xây dựng",
    ]
    assert _rows(table)[1] == ["2", "Sở Tư pháp", "133", "116", "122", "122", "0"]
    assert [r.header_variant for r in table.rows] == [0, 0, 1, 1]
    assert table.page_breaks_merged == 1
    assert table.header_variants[0][3].header_path == ("Thực tuyến",)
    codes = [i.code for i in doc.issues]
    assert "repeated_header_differs" in codes and "page_furniture_dropped" in codes


def test_a_lone_page_number_between_rows_is_dropped_and_recorded():
    body = (
        "1 Sở Nội vụ 779 521 725 718 7 \n"
        "2 Sở Tư pháp 133 116 122 122 0 \n"
        "\n5\n\n"
        "3 Sở Y tế 216 150 180 179 1 \n"
    )
    text = _report(ONE_ROW + body)
    doc, table = _only_table(text)
    assert _rows(table)[1] == ["2", "Sở Tư pháp", "133", "116", "122", "122", "0"]
    dropped = [i for i in doc.issues if i.code == "page_furniture_dropped"]
    assert [i.source_line for i in dropped] == [text.split("\n").index("5") + 1]


def test_rows_opening_with_a_dash_are_rows_and_keep_the_dash_as_code():
    body = (
        "I Các sở, ban, ngành \n"
        "- Sở Nội vụ 779 521 725 718 7 \n"
        "- Sở Lao động - Thương binh và Xã hội 133 116 122 122 0 \n"
        "- Sở Y tế 216 150 180 179 1 \n"
    )
    _, table = _only_table(_report(ONE_ROW + body))
    assert [r.row_label for r in table.rows][1:] == [
        "Sở Nội vụ",
        "Sở Lao động - Thương binh và Xã hội",
        "Sở Y tế",
    ]
    assert [r.row_code for r in table.rows] == ["I", "-", "-", "-"]
    assert [r.row_code_norm for r in table.rows] == ["I", None, None, None]


def test_an_appendix_title_ends_the_table_and_the_next_one_is_its_own():
    second = (
        "\n**PHỤ LỤC II**\n(Kèm theo Báo cáo số 12/BC-UBND)\n\n"
        + _blocks("STT", "Chỉ tiêu", "Số liệu", "Tỷ lệ (%)")
        + "1 Hồ sơ trực tuyến 120 45,5 \n2 Hồ sơ trực tiếp 144 54,5 \n3 Hồ sơ qua BCCI 0 0 \n"
    )
    body = "1 Sở Nội vụ 779 521 725 718 7 \n2 Sở Tư pháp 133 116 122 122 0 \n"
    doc = parse_text(_report(ONE_ROW + body + second))
    tables = [t for t in doc.tables if t.layout == "pdf_text"]
    assert [len(t.rows) for t in tables] == [2, 3]
    assert [c.header_path for c in tables[1].columns][2:] == [("Số liệu",), ("Tỷ lệ (%)",)]


INDICATOR = _blocks("STT", "Chỉ tiêu thống kê", "Kết quả thống kê", "Ghi chú") + (
    "Đơn vị tính Số liệu \n\n"
)


def test_indicator_rows_split_into_unit_value_and_note():
    body = (
        "I Cải cách thể chế \n"
        "1.1. Số VBQPPL do cấp tỉnh ban hành Văn bản 240 Ước tính \n"
        "1.2 Tỷ lệ xử lý VBQPPL sau kiểm tra % 89,43 \n"
        "1.3 Số cơ quan, đơn vị đã kiểm tra Cơ quan, đơn vị 803 Số liệu đến ngày báo cáo \n"
    )
    _, table = _only_table(_report(INDICATOR + body))
    assert [c.header_path for c in table.columns][2:] == [
        ("Kết quả thống kê", "Đơn vị tính"),
        ("Kết quả thống kê", "Số liệu"),
        ("Ghi chú",),
    ]
    assert _rows(table)[1:] == [
        ["1.1.", "Số VBQPPL do cấp tỉnh ban hành", "Văn bản", "240", "Ước tính"],
        ["1.2", "Tỷ lệ xử lý VBQPPL sau kiểm tra", "%", "89,43"],
        [
            "1.3",
            "Số cơ quan, đơn vị đã kiểm tra",
            "Cơ quan, đơn vị",
            "803",
            "Số liệu đến ngày báo cáo",
        ],
    ]
    assert [c.column_index for c in table.rows[2].cells] == [0, 1, 2, 3]


def test_split_text_row_keeps_a_label_word_and_needs_values():
    assert split_text_row("Tổng số TTHC Thủ tục 191", 1, True, True) == (
        "Tổng số TTHC",
        "Thủ tục",
        ["191"],
        "",
    )
    assert split_text_row("Cải cách thể chế", 1, True, True) == ("Cải cách thể chế", "", [], "")


def test_a_blank_cell_is_placed_where_the_totals_add_up():
    paths = [
        ("Tiếp nhận", "Tổng số"),
        ("Tiếp nhận", "Trực tuyến"),
        ("Tiếp nhận", "Trực tiếp"),
        ("Đã giải quyết", "Tổng số"),
        ("Đã giải quyết", "Đúng hạn"),
        ("Đã giải quyết", "Quá hạn"),
    ]
    groups = total_groups(paths)
    assert groups == [[0, 1, 2], [3, 4, 5]]
    # 61 = 52 + 9 only with no blank among the first three: the blank is in the second
    # group (47 = 47 + blank), whatever the first group's columns say about zeros.
    zeros = [0.0, 0.5, 0.5, 0.0, 0.1, 0.9]
    assert align_by_sums(["61", "52", "9", "47", "47"], groups, 6, zeros) == [0, 1, 2, 3, 4]
    # Inside the group either column adds up: the one most often zero takes the blank,
    # and without that count the sums do not decide.
    assert align_by_sums(["61", "52", "9", "47", "47"], groups, 6) is None
    zeros = [0.0, 0.0, 0.0, 0.0, 0.9, 0.1]
    assert align_by_sums(["61", "52", "9", "47", "47"], groups, 6, zeros) == [0, 1, 2, 3, 5]


def test_value_counts_prefer_codes_then_the_widest_row_but_not_a_narrow_majority_breaker():
    assert value_counts([5, 5, 6, 5], []) == [6, 5]
    assert value_counts([5, 5, 5], ["A", "B", "(1)", "(2)", "(3)", "(4)", "(5)"]) == [5]
    # Most rows wider than 2: a stray `(0) (0)` line is no column-code line to follow.
    assert 2 not in value_counts([5, 5, 5, 5, 5, 2], ["(0)", "(0)"])


def test_pdf_columns_note_column_filled_by_some_rows_and_dash_codes():
    text = _report(
        _blocks("STT", "Chỉ tiêu", "Kết quả thống kê", "Ghi chú")
        + "Đơn vị tính Số liệu \n\n"
        + "I    Công tác chỉ đạo điều hành CCHC\n"
        + "1    Số văn bản chỉ đạo CCHC đã ban hành         Văn bản      71\n"
        + "2    Tỷ lệ hoàn thành Kế hoạch CCHC năm                %   92,9%\n"
        + "3    Số nhiệm vụ đề ra trong kế hoạch           Nhiệm vụ     709\n"
        + "4    Số cơ quan, đơn vị đã kiểm tra      Cơ quan, đơn vị     331         Ước tính\n"
        + "-    Số cơ quan được kiểm tra lại               Cơ quan      12\n"
    )
    _, table = _only_table(text)
    assert [c.header_path for c in table.columns][2:] == [
        ("Kết quả thống kê", "Đơn vị tính"),
        ("Kết quả thống kê", "Số liệu"),
        ("Ghi chú",),
    ]
    rows = _rows(table)
    assert rows[4] == ["4", "Số cơ quan, đơn vị đã kiểm tra", "Cơ quan, đơn vị", "331", "Ước tính"]
    assert rows[5][:2] == ["-", "Số cơ quan được kiểm tra lại"]
    assert table.rows[5].row_code == "-"


@given(
    st.lists(st.tuples(st.integers(0, 120), st.integers(1, 20)), min_size=1, max_size=12),
    st.integers(0, 140),
    st.integers(1, 40),
)
def test_best_column_is_the_most_overlapped_of_the_columns_a_cell_touches(ivs, a, width):
    intervals = [(x, x + w) for x, w in ivs]
    b = a + width
    plain = max(_columns_of(a, b, intervals), key=lambda c: _overlap(a, b, intervals[c]))
    assert _best_column(a, b, intervals) == plain


def test_a_group_row_right_under_the_column_codes_is_a_row_not_header_text():
    # Aligned columns, header cells one a block, then the code line, then `Cấp tỉnh`.
    header = _blocks("Đơn vị", "Tiếp nhận", "Trực tuyến", "Đã giải quyết") + "B (1) (2) (3)\n"
    body = (
        "Cấp tỉnh\n"
        "Sở Nội vụ           301    228    284\n"
        "Sở Tư pháp          117     42     91\n"
        "Sở Tài chính        319    148    275\n"
        "Tổng                737    418    650\n"
    )
    _, table = _only_table(_report(header + body))
    assert [c.header_path for c in table.columns][1:] == [
        ("Đơn vị",),
        ("Tiếp nhận",),
        ("Trực tuyến",),
        ("Đã giải quyết",),
    ]
    assert _rows(table)[0] == ["Cấp tỉnh"]
    assert _rows(table)[1] == ["Sở Nội vụ", "301", "228", "284"]


def test_labels_that_are_numbers_in_many_rows_do_not_leave_the_header_unfitted():
    # Four of nine rows print one number more than the header has value columns: too
    # many to set aside as a stray wide row, but the width most rows share fits.
    body = (
        "1 Sở Nội vụ 779 521 725 718 7 \n"
        "2 Quận 10 260 178 230 113 17 \n"
        "3 5 85 61 68 41 27 \n"
        "4 Quận 12 114 38 98 85 13 \n"
        "5 Quận 11 133 116 122 122 0 \n"
        "6 Sở Y tế 216 150 180 179 1 \n"
        "7 Sở Xây dựng 52 26 42 42 0 \n"
        "8 Huyện Củ Chi 31 13 25 11 14 \n"
        "9 Sở Tư pháp 22 12 20 17 3 \n"
    )
    doc, table = _only_table(_report(ONE_ROW + body))
    assert [c.header_path for c in table.columns][2] == ("Tiếp nhận",)
    assert _rows(table)[2] == ["3", "5", "85", "61", "68", "41", "27"]
    assert _rows(table)[3] == ["4", "Quận 12", "114", "38", "98", "85", "13"]
    assert not [i for i in doc.issues if i.code == "header_not_aligned"]


def test_fallback_counts_are_widths_many_rows_share_not_tried_yet():
    assert fallback_counts([5, 5, 5, 6, 6, 6, 6, 5, 5], [6]) == [5]
    assert fallback_counts([5, 5, 5, 5, 5, 5, 5, 2], [5]) == []  # one row in eight: no
    assert fallback_counts([], [3]) == []


def test_indicator_rows_that_end_in_a_note_make_a_table():
    # No row ends in a number: each prints its note after the value.
    header = _blocks("STT", "Nội dung", "Đơn vị tính", "Số liệu", "Ghi chú")
    body = (
        "I Cải cách thể chế \n"
        "1.1 Số VBQPPL do cấp tỉnh ban hành Văn bản 54.302 Số liệu đến ngày báo cáo \n"
        "1.2 Số VBQPPL đã kiểm tra theo thẩm quyền Văn bản 7 Ước tính \n"
        "1.3 Tỷ lệ xử lý VBQPPL sau kiểm tra % 88,1 Lũy kế \n"
    )
    _, table = _only_table(_report(header + body))
    assert _rows(table)[1] == [
        "1.1",
        "Số VBQPPL do cấp tỉnh ban hành",
        "Văn bản",
        "54.302",
        "Số liệu đến ngày báo cáo",
    ]
    assert [c.header_path for c in table.columns][4] == ("Ghi chú",)


def test_a_numbered_list_whose_lines_hold_numbers_and_words_is_no_table():
    # Without a unit-of-measure column in the header a number followed by words is prose.
    text = _report(
        "STT \n\nNội dung \n\nKết quả \n\n"
        "1 Tổ chức hội nghị triển khai 3 lần trong quý \n"
        "2 Ban hành kế hoạch kiểm tra 5 đơn vị trực thuộc \n"
    )
    assert not [t for t in parse_text(text).tables if t.layout == "pdf_text"]


def test_value_then_note_needs_a_word_before_and_after_the_value():
    assert value_then_note("1.2 Số VBQPPL đã kiểm tra Văn bản 7 Ước tính")
    assert not value_then_note("1.2 Số VBQPPL đã kiểm tra Văn bản 7")
    assert not value_then_note("Ghi chú")


def test_a_label_that_is_a_number_right_after_a_group_row_opens_a_row():
    # `19 6 …` after `II Cấp huyện`: the number follows the last numbered row (18), not
    # the group's code.
    header = _blocks("STT", "Đơn vị", "Tỷ lệ thanh toán trực tuyến") + (
        "Ngày 31/8/2023 Ngày 30/9/2023 Tăng (+)/Giảm (-) so với ngày 31/8/2023 \n\n"
    )
    body = (
        "I Cấp tỉnh \n"
        "17 Thanh tra tỉnh 79,6 79,4 -0,2 \n"
        "18 Văn phòng UBND tỉnh 81,9 86,5 +4,6 \n"
        "II Cấp huyện \n"
        "19 6 89,5 92,6 +3,1 \n"
        "20 Quận Gò Vấp 93 92,6 -0,4 \n"
    )
    _, table = _only_table(_report(header + body))
    rows = _rows(table)
    assert rows[3] == ["II", "Cấp huyện"]
    assert rows[4] == ["19", "6", "89,5", "92,6", "+3,1"]


def test_pdf_columns_a_label_that_is_a_number_stays_in_the_label_column():
    header = "STT  Đơn vị            Tiếp nhận  Trực tuyến  Đã giải quyết\n"
    body = (
        "1    Sở Nội vụ              301         228            284\n"
        "2    Quận 1                  10           6              7\n"
        "3    3                       23          11             16\n"
        "4    Sở Tài chính           319         148            275\n"
    )
    _, table = _only_table(_report(header + body))
    assert _rows(table)[2] == ["3", "3", "23", "11", "16"]
    assert _rows(table)[1] == ["2", "Quận 1", "10", "6", "7"]


def test_a_label_that_is_a_number_after_a_letter_code_opens_a_row():
    header = _blocks("Số TT", "Cơ quan, đơn vị", "Tiếp nhận", "Trực tuyến", "Đã giải quyết")
    body = (
        "I Cấp huyện \n"
        "a) UBND quận Bình Tân 126 99 119 \n"
        "b) Quận 10 28 16 23 \n"
        "c) 5 14 6 11 \n"
        "d) Huyện Củ Chi 31 13 25 \n"
    )
    _, table = _only_table(_report(header + body))
    rows = _rows(table)
    assert rows[2] == ["b)", "Quận 10", "28", "16", "23"]
    assert rows[3] == ["c)", "5", "14", "6", "11"]


def test_one_row_whose_label_ends_in_a_number_does_not_widen_a_header_that_fits_both():
    # Two tops over a joined row of six: seven columns fit too (the first top over all
    # six, the second alone), but every row but one prints six values.
    header = _blocks(
        "STT", "Đơn vị", "Tỷ lệ cung cấp DVC trực tuyến", "Tỷ lệ thanh toán trực tuyến"
    )
    header += (
        "Ngày 30/11/2025 Ngày 31/12/2025 Tăng (+)/Giảm (-) so với ngày 30/11/2025 "
        "Ngày 30/11/2025 Ngày 31/12/2025 Tăng (+)/Giảm (-) so với ngày 30/11/2025 \n\n"
    )
    body = (
        "1 Sở Nội vụ 98,9 99,5 +0,6 100 96 -4 \n"
        "2 Sở Tư pháp 94,2 96,8 +2,6 75,1 76,4 +1,3 \n"
        "3 Phường Móng Cái 3 83,4 87,8 +4,4 88 87,3 -0,7 \n"
        "4 Sở Y tế 92,3 91,8 -0,5 74,8 72,7 -2,1 \n"
    )
    _, table = _only_table(_report(header + body))
    paths = [c.header_path for c in table.columns]
    assert len(paths) == 8
    assert paths[5] == ("Tỷ lệ thanh toán trực tuyến", "Ngày 30/11/2025")
    assert _rows(table)[2] == [
        "3",
        "Phường Móng Cái 3",
        "83,4",
        "87,8",
        "+4,4",
        "88",
        "87,3",
        "-0,7",
    ]


def test_two_numbers_that_would_make_a_rate_of_thousands_are_not_joined():
    # `40 100` reads like spaced thousands, but it would land in the rate column: the
    # extra number belongs to the label.
    header = _blocks("TT", "Đơn vị", "Hồ sơ DVC trực tuyến toàn trình") + (
        "Xử lý trực tuyến Xử lý trực tiếp Tổng số Tỷ lệ xử lý trực tuyến (%) \n\n"
    )
    body = (
        "I Các xã, phường \n"
        "- Phường Phước Hội 1.392 6 1.398 99,6 \n"
        "- Xã Bảo Lâm 5 40 0 40 100 \n"
        "- Xã Hàm Liêm 1 0 1 100 \n"
    )
    _, table = _only_table(_report(header + body))
    assert _rows(table)[2] == ["-", "Xã Bảo Lâm 5", "40", "0", "40", "100"]


def test_spaced_thousands_in_a_count_column_are_still_joined():
    header = _blocks("TT", "Đơn vị", "Hồ sơ DVC trực tuyến toàn trình") + (
        "Xử lý trực tuyến Xử lý trực tiếp Tổng số Tỷ lệ xử lý trực tuyến (%) \n\n"
    )
    body = (
        "I Các xã, phường \n"
        "- Phường Phước Hội 1.392 6 1.398 99,6 \n"
        "- Xã Hàm Thuận 1 299 26 1.325 98 \n"
        "- Xã Hàm Liêm 1 0 1 100 \n"
    )
    _, table = _only_table(_report(header + body))
    assert _rows(table)[2] == ["-", "Xã Hàm Thuận", "1 299", "26", "1.325", "98"]


def test_many_labels_ending_in_a_number_do_not_widen_a_header_that_fits_both():
    # Three of seven rows print one value more (`Quận 4`): too many to set aside, but each
    # extra value is a short bare integer right after the label.
    header = _blocks("Số TT", "Đơn vị", "Tỷ lệ cung cấp DVC trực tuyến", "Tỷ lệ thanh toán")
    header += "Ngày 31/5/2024 Ngày 30/6/2024 Ngày 31/5/2024 Ngày 30/6/2024 \n\n"
    body = (
        "1 Sở Nội vụ 100 100 84,6 86,8 \n"
        "2 Quận 4 93,3 91,1 73,2 68,1 \n"
        "3 Sở Tư pháp 71,5 71,7 60,4 66,8 \n"
        "4 Quận 10 96,5 97,8 65,3 67,8 \n"
        "5 Phường 12 95,3 94,8 100 100 \n"
        "6 Sở Y tế 42,2 40 91,4 91,8 \n"
        "7 Sở Xây dựng 88,3 92,2 90 89,2 \n"
    )
    _, table = _only_table(_report(header + body))
    assert [c.header_path for c in table.columns][4] == ("Tỷ lệ thanh toán", "Ngày 31/5/2024")
    assert _rows(table)[3] == ["4", "Quận 10", "96,5", "97,8", "65,3", "67,8"]


RATES_HEADER = _blocks("STT", "Đơn vị", "Tỷ lệ cung cấp DVC \ntrực tuyến") + (
    "Ngày 30/11/2025 Ngày 31/12/2025 Tăng (+)/Giảm (-) so với ngày 30/11/2025 \n\n"
)


def test_a_spanning_cell_printed_again_once_per_column_gives_each_column_its_spelling():
    # After the page break the top cell is printed over each of its columns, spelt
    # three ways: each column keeps the words printed over it.
    again = _blocks(
        "STT",
        "Đơn vị",
        "Tỷ lệ cung cấp DVC \ntrực tuyến",
        "Tỉ lệ cung cấp DVC trực tuyến",
        "Tỷ lệ cung cấp DVC thực \ntuyến",
    ) + ("Ngay 30/11/2025 Ngay 31/12/2025 Tăng (+)/Giảm (-) so với ngày 30/11/2025 \n\n")
    body = (
        "1 Sở Tư pháp 100 100 0 \n"
        "2 Sở Xây dựng 61,8 63,9 +2,1 \n"
        "\nTrang 4/5\n\n" + again + "3 Sở Y tế 77,5 76,1 -1,4 \n"
        "4 Thanh tra tỉnh 65,8 65,8 0 \n"
    )
    _, table = _only_table(_report(RATES_HEADER + body))
    assert len(table.header_variants) == 1
    assert [c.header_path for c in table.header_variants[0]][2:] == [
        ("Tỷ lệ cung cấp DVC trực tuyến", "Ngay 30/11/2025"),
        ("Tỉ lệ cung cấp DVC trực tuyến", "Ngay 31/12/2025"),
        ("Tỷ lệ cung cấp DVC thực tuyến", "Tăng (+)/Giảm (-) so với ngày 30/11/2025"),
    ]
    assert _rows(table)[2] == ["3", "Sở Y tế", "77,5", "76,1", "-1,4"]
    assert table.rows[2].header_variant == 1


def test_tops_over_one_column_each_are_read_so_only_when_alike():
    # Two different top cells, one column each under a joined row of two: no reading.
    assert fit_block_header(["Đơn vị", "Tiếp nhận", "Đã giải quyết", "Ngày 1 Ngày 2"], 2) is None
    # Alike cells (one cell printed again per column), a cell alone over what is left.
    lead, paths = fit_block_header(
        [
            "Đơn vị",
            "Số liệu",
            "Tỷ lệ thanh toán",
            "Tỉ lệ thanh toán",
            "Ngày 1 Ngày 2 Ngày 3 Ngày 4",
        ],
        4,
    )
    assert lead == [("Đơn vị",)]
    assert paths == [
        ("Số liệu", "Ngày 1"),
        ("Số liệu", "Ngày 2"),
        ("Tỷ lệ thanh toán", "Ngày 3"),
        ("Tỉ lệ thanh toán", "Ngày 4"),
    ]


def test_a_header_printed_again_with_a_total_moved_keeps_the_first_headers_tree():
    # The repeat swaps `Tổng số` and `Sớm hạn`: read on its own the bottom row's groups
    # no longer open with their totals; read with the first header's tree it fits.
    swapped = THREE_LEVELS.replace(
        "Tổng số Sớm hạn Đúng hạn Trễ hạn Tổng số", "Sớm hạn Tổng số Đúng hạn Trễ hạn Tổng số"
    )
    assert swapped != THREE_LEVELS
    body = (
        "I Các sở, ban, ngành \n"
        "1 Sở Nội vụ 578 276 246 56 552 236 316 0 26 26 0 \n"
        "2 Sở Tư pháp 1114 207 814 93 830 676 113 41 284 256 28 \n"
        "\nTrang 2/3\n\n" + swapped + "3 Sở Y tế 124 54 70 0 94 103 8 1 21 19 2 \n"
        "4 Sở Xây dựng 52 26 26 0 42 42 0 0 10 10 0 \n"
    )
    doc, table = _only_table(_report(THREE_LEVELS + body))
    assert len(table.header_variants) == 1
    again = [c.header_path for c in table.header_variants[0]]
    assert again[6] == ("Kết quả giải quyết", "Đã giải quyết", "Sớm hạn")
    assert again[7] == ("Kết quả giải quyết", "Đã giải quyết", "Tổng số")
    assert again[5] == ("Tổng số hồ sơ tiếp nhận", "Kỳ trước chuyển qua")
    assert table.rows[3].header_variant == 1
    assert [i for i in doc.issues if i.code == "repeated_header_differs"]


def test_pdf_columns_a_header_printed_again_reordered_keeps_the_first_headers_tree():
    header = THREE_LEVELS
    swapped = THREE_LEVELS.replace(
        "Tổng số Sớm hạn Đúng hạn Trễ hạn Tổng số", "Sớm hạn Tổng số Đúng hạn Trễ hạn Tổng số"
    )
    rows_1 = (
        "1   Sở Nội vụ           578  276  246   56  552  236  316    0   26   26    0\n"
        "2   Sở Tư pháp         1114  207  814   93  830  676  113   41  284  256   28\n"
        "3   Sở Y tế             124   54   70    0  103   94    8    1   21   19    2\n"
    )
    rows_2 = (
        "4   Sở Xây dựng          52   26   26    0   42   42    0    0   10   10    0\n"
        "5   Sở Tài chính         60   30   20   10   50   40   10    0   10   10    0\n"
        "6   Sở Công Thương       70   35   25   10   60   50   10    0   10   10    0\n"
    )
    doc, table = _only_table(_report(header + rows_1 + "\nTrang 2/3\n\n" + swapped + rows_2))
    # The rows under the repeat are read under the first header's columns.
    assert _rows(table)[4][2:] == ["60", "30", "20", "10", "40", "50", "10", "0", "10", "10", "0"]
    assert [i for i in doc.issues if i.code == "repeated_header_differs"]


def test_pdf_columns_rows_split_by_a_group_row_before_a_page_break_stay_one_table():
    # Before the page break only three rows line up, a group row between them; after it
    # the rows go on without the header.
    header = RATES_HEADER.replace("STT", "Số TT")
    body = (
        " Toàn tỉnh                        79,3%  79,7%  +0,4\n"
        "1     Cấp tỉnh\n"
        "1.1   Sở Nội vụ                        85,9%  84,3%  -1,6\n"
        "1.2   Sở Tư pháp                        100%  99,9%  -0,1\n"
        "\nTrang 4/5\n\n"
        "1.3   Sở Kế hoạch và Đầu tư            49,3%  52,1%  +2,8\n"
        "1.4   Sở Nông nghiệp và PTNT            100%   100%     0\n"
        "1.5   Sở TT&TT                         52,1%  52,2%  +0,1\n"
    )
    _, table = _only_table(_report(header + body))
    assert table.layout == "pdf_columns"
    assert table.columns[2].header_path == ("Tỷ lệ cung cấp DVC trực tuyến", "Ngày 30/11/2025")
    assert _rows(table)[-1] == ["1.5", "Sở TT&TT", "52,1%", "52,2%", "+0,1"]
    assert _rows(table)[1] == ["1", "Cấp tỉnh"]


def test_an_indicator_value_with_spaced_thousands_stays_one_value_after_its_unit():
    assert split_text_row("Số tài khoản đã xác thực Tài khoản 6 283 Ước tính", 1, True, True) == (
        "Số tài khoản đã xác thực",
        "Tài khoản",
        ["6 283"],
        "Ước tính",
    )
    # A number that is no group of three after it stays where it is.
    assert split_text_row("Số văn bản Văn bản 12 5", 1, True, False)[2] == ["5"]


def test_same_header_pairs_every_column_with_an_alike_column_of_the_first():
    first = [
        ("Tỷ lệ cung cấp", "Ngày 1"),
        ("Tỷ lệ cung cấp", "Ngày 2"),
        ("Tỷ lệ thanh toán", "Ngày 1"),
    ]
    swapped = [first[1], first[0], ("Tỉ lệ thanh toán", "Ngay 1")]
    assert same_header(first, swapped)
    # The third column read under a top cell the first header does not print over it.
    assert not same_header(first, [first[0], first[1], ("Tỷ lệ cung cấp", "Ngày 1")])


def test_a_garbled_repeat_read_under_the_wrong_top_cell_leaves_the_rows_under_the_first_header():
    # The repeat prints the second top cell twice, spelt two ways over its two columns,
    # which no tree reads back with certainty: the rows keep the first header.
    header = _blocks(
        "Số TT", "Đơn vị", "Tỷ lệ cung cấp DVC trực tuyến", "Tỷ lệ thanh toán trực tuyến"
    )
    header += "Ngày 31/8 Ngày 30/9 Tăng (+)/Giảm (-) Ngày 31/8 Ngày 30/9 Tăng (+)/Giảm (-) \n\n"
    again = _blocks(
        "Số TT",
        "Đơn vị",
        "Tỷ lệ cung cấp DVC trực tuyến",
        "Tỉ lệ thanh toán trực tuyến",
        "Tỷ lệ thanh toán trực tuyến",
    )
    again += "Ngay 31/8 Ngay 30/9 Tăng (+)/Giảm (-) Ngày 31/8 Ngay 30/9 Tăng (+)/Giảm (-) \n\n"
    body = (
        "a) Sở Tài chính 100 100 0,0 86,4 88,5 +2,1 \n"
        "b) Sở Công Thương 88 90,1 +2,1 84,7 89,9 +5,2 \n"
        "\n3\n\n" + again + "c) Sở Xây dựng 95,6 98,1 +2,5 57,9 55,7 -2,2 \n"
    )
    _, table = _only_table(_report(header + body))
    assert table.rows[2].header_variant == 0
    assert _rows(table)[2] == ["c)", "Sở Xây dựng", "95,6", "98,1", "+2,5", "57,9", "55,7", "-2,2"]


def test_indicator_rows_under_a_repeat_with_the_value_before_the_unit_are_split_its_way():
    header = _blocks("STT", "Nội dung", "Kết quả thống kê", "Ghi chú") + "Đơn vị tính Số liệu \n\n"
    again = _blocks("STT", "Nội dung", "Kết quả thống kê", "Ghi chú") + "Số liệu Đơn vị tính \n\n"
    body = (
        "I Cải cách thể chế \n"
        "1 Số VBQPPL do cấp tỉnh ban hành Văn bản 48 Lũy kế \n"
        "2 Tỷ lệ hồ sơ giải quyết đúng hạn % 100 Ước tính \n"
        "\nTrang 4/7\n\n" + again + "3 Số lượng DVCTT toàn trình 29 DVC Số liệu đến ngày báo cáo \n"
        "4 Số tài khoản được xác thực 21 Tài khoản \n"
    )
    _, table = _only_table(_report(header + body))
    assert [c.header_path for c in table.header_variants[0]][2:4] == [
        ("Kết quả thống kê", "Số liệu"),
        ("Kết quả thống kê", "Đơn vị tính"),
    ]
    rows = _rows(table)
    assert rows[1] == ["1", "Số VBQPPL do cấp tỉnh ban hành", "Văn bản", "48", "Lũy kế"]
    assert rows[3] == ["3", "Số lượng DVCTT toàn trình", "29", "DVC", "Số liệu đến ngày báo cáo"]
    assert rows[4] == ["4", "Số tài khoản được xác thực", "21", "Tài khoản"]
    assert table.rows[3].header_variant == 1


def test_split_unit_after_takes_the_first_capitalised_cell_after_the_values_as_the_unit():
    assert split_unit_after("Số cơ quan đã kiểm tra 205 Cơ quan, đơn vị Ước tính", 1) == (
        "Số cơ quan đã kiểm tra",
        ["205"],
        "Cơ quan, đơn vị",
        "Ước tính",
    )
    assert split_unit_after("Tỷ lệ hồ sơ 87,54 %", 1) == ("Tỷ lệ hồ sơ", ["87,54"], "%", "")


def test_pdf_columns_two_rows_before_a_page_break_and_the_rest_after_it_are_one_table():
    header = (
        _blocks("TT", "Đơn vị", "Xử lý trực tuyến", "Xử lý trực tiếp", "Tổng số", "Tỷ lệ (%)")
        + "A B (1) (2) (3) = (1)+(2) (4) = (1)/(3)*100\n"
    )
    body = (
        "1    Sở, ban, ngành\n"
        "1.1  Sở Văn hóa, Thể thao và Du lịch      30      0      30   100\n"
        "1.2  Sở Công Thương                    2.511    627   3.138    80\n"
        "\nTrang 2/5\n\n"
        "1.3  Sở Nông nghiệp và PTNT               44     10      54  81,5\n"
        "1.4  Sở Y tế                             132      0     132   100\n"
    )
    doc, table = _only_table(_report(header + body))
    assert table.layout == "pdf_columns"
    assert table.columns[2].header_path == ("Xử lý trực tuyến",)
    assert _rows(table)[3] == ["1.3", "Sở Nông nghiệp và PTNT", "44", "10", "54", "81,5"]
    assert not [r for r in table.rows if "Trang" in (r.row_label or "")]
    assert [i for i in doc.issues if i.code == "page_furniture_dropped"]


def test_pdf_columns_a_header_cell_ending_in_a_stray_full_stop_stays_in_the_header():
    # The repeat after the page break misprints `(%)` as `(%).`: still a header cell.
    first = _blocks(
        "STT", "Đơn vị", "Tỷ lệ DVC trực tuyến \nngày 31/8/2023 (%)", "Tăng (+)/Giảm (-)"
    )
    again = _blocks(
        "STT", "Đơn vị", "Tỷ lê DVC trực tuyến \nngày 31/8/2023 (%).", "Tăng (+)/Giảm (-)"
    )
    rows_1 = (
        "1   Sở Nội vụ                 73,1   +0,3\n"
        "2   Sở Tư pháp                69,3   +1,8\n"
        "3   Sở Y tế                   90,2   -1,2\n"
    )
    rows_2 = (
        "4   Ban Dân tộc               62,7   +2,3\n"
        "5   Thanh tra tỉnh            91,9   -1,8\n"
        "6   Sở Ngoại vụ               87,6   +1,7\n"
    )
    _, table = _only_table(_report(first + rows_1 + "\n4\n\n" + again + rows_2))
    assert [r.row_code for r in table.rows] == ["1", "2", "3", "4", "5", "6"]
    assert table.columns[2].header_path == ("Tỷ lệ DVC trực tuyến ngày 31/8/2023 (%)",)


def test_pdf_columns_a_page_break_then_a_group_row_does_not_end_the_table():
    header = _blocks("STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú")
    body = (
        "I    Cải cách thể chế\n"
        "1    Số VBQPPL do cấp tỉnh ban hành          Văn bản    11              Ước tính\n"
        "2    Tỷ lệ xử lý VBQPPL sau kiểm tra               %  98,7  Tăng so với kỳ trước\n"
        "\n2\n\n"
        "II   Cải cách thủ tục hành chính\n"
        "1    Tổng số hồ sơ TTHC đã tiếp nhận           Hồ sơ     1  Tăng so với kỳ trước\n"
        "2    Số hồ sơ giải quyết quá hạn               Hồ sơ   367              Ước tính\n"
        "3    Số TTHC được công khai                  Thủ tục    19                Lũy kế\n"
    )
    _, table = _only_table(_report(header + body))
    assert table.columns[3].header_path == ("Số liệu",)
    assert _rows(table)[4] == [
        "1",
        "Tổng số hồ sơ TTHC đã tiếp nhận",
        "Hồ sơ",
        "1",
        "Tăng so với kỳ trước",
    ]


def test_a_dash_row_whose_label_is_a_number_opens_a_row_among_dash_rows():
    header = _blocks("TT", "Đơn vị", "Xử lý trực tuyến", "Xử lý trực tiếp", "Tổng số", "Tỷ lệ (%)")
    body = (
        "I Cấp huyện \n"
        "- Quận 11 112 27 139 80,6 \n"
        "- Quận 5 57 1 58 98,3 \n"
        "- 7 95 23 118 80,5 \n"
        "- Huyện Hóc Môn 80 1 81 98,8 \n"
    )
    _, table = _only_table(_report(header + body))
    rows = _rows(table)
    assert rows[2] == ["-", "Quận 5", "57", "1", "58", "98,3"]
    assert rows[3] == ["-", "7", "95", "23", "118", "80,5"]


def test_pdf_columns_a_note_column_no_row_fills_keeps_its_header():
    header = _blocks("STT", "Chỉ tiêu thống kê", "Kết quả thống kê", "Ghi chú")
    header += "Đơn vị tính Số liệu \n\n"
    body = (
        "I   Cải cách thể chế\n"
        "1   Số VBQPPL do cấp tỉnh ban hành                Văn bản      7\n"
        "2   Số VBQPPL đã kiểm tra theo thẩm quyền         Văn bản    194\n"
        "3   Tỷ lệ DVCTT có phát sinh hồ sơ trực tuyến           %  96,49\n"
    )
    _, table = _only_table(_report(header + body))
    assert [c.header_path for c in table.columns][2:] == [
        ("Kết quả thống kê", "Đơn vị tính"),
        ("Kết quả thống kê", "Số liệu"),
        ("Ghi chú",),
    ]
    assert _rows(table)[1] == ["1", "Số VBQPPL do cấp tỉnh ban hành", "Văn bản", "7"]


FLAT = _blocks(
    "STT",
    "Đơn vị",
    "Tổng số hồ sơ tiếp nhận",
    "Trực tuyến",
    "Trực tiếp",
    "Số hồ sơ đã giải quyết",
    "Đúng hạn",
    "Quá hạn",
)


def test_flat_header_spaced_thousands_joined_where_the_rows_sums_hold():
    # No header cell names a total, but the full rows keep two sums (first = next two);
    # of the three pairs that read like spaced thousands only `2 967` keeps them.
    body = (
        "1 Sở Nội vụ 779 521 258 718 700 18 \n"
        "2 Sở Tư pháp 133 116 17 122 122 0 \n"
        "3 Sở Xây dựng 216 150 66 180 179 1 \n"
        "4 Sở Y tế 2 967 1.800 1.167 712 455 257 \n"
    )
    _, table = _only_table(_report(FLAT + body))
    assert len(table.columns) == 8
    assert _rows(table)[3] == ["4", "Sở Y tế", "2 967", "1.800", "1.167", "712", "455", "257"]


def _by_column(row) -> dict[int, str]:
    return {c.column_index: c.text for c in row.cells}


def test_a_row_with_spaced_thousands_and_a_blank_cell_keeps_its_sums():
    # As many numbers as columns, but `1 274` is one value and `Trễ hạn` is blank:
    # 3.549 = 2.275 + 1 274 only so.
    body = (
        "1 Sở Nội vụ 578 276 246 56 552 236 316 0 26 26 0 \n"
        "2 Sở Tư pháp 1114 207 814 93 830 676 154 0 284 256 28 \n"
        "3 Sở Y tế 124 54 70 0 103 94 9 0 21 19 2 \n"
        "4 Sở Khoa học và Công nghệ 4.014 2.232 1.049 733 3.549 2.275 1 274 465 461 4 \n"
    )
    _, table = _only_table(_report(THREE_LEVELS + body))
    cells = _by_column(table.rows[-1])
    assert [cells.get(c) for c in range(2, 13)] == [
        *["4.014", "2.232", "1.049", "733"],
        *["3.549", "2.275", "1 274", None],
        *["465", "461", "4"],
    ]


def test_a_placeholder_before_a_number_is_split_off_in_a_row_still_short_when_sums_say_so():
    # `- 3` is the placeholder of `Kỳ trước chuyển qua` then 3, not minus three: the row
    # also leaves `Trễ hạn` blank, and only the split keeps 5 = 2 + 3 + 0 and 3 = 2 + 1.
    body = (
        "1 Sở Nội vụ 578 276 246 56 552 236 316 0 26 26 0 \n"
        "2 Sở Tư pháp 1114 207 814 93 830 676 154 0 284 256 28 \n"
        "3 Sở Y tế 124 54 70 0 103 94 9 0 21 19 2 \n"
        "4 UBND huyện Hoài Ân 5 2 3 - 3 2 1 2 2 0 \n"
    )
    _, table = _only_table(_report(THREE_LEVELS + body))
    cells = _by_column(table.rows[-1])
    assert [cells.get(c) for c in range(2, 13)] == [
        *["5", "2", "3", "-"],
        *["3", "2", "1", None],
        *["2", "2", "0"],
    ]


FLAT_11 = _blocks(
    "TT",
    "Tên đơn vị",
    "Số hồ sơ nhận giải quyết",
    "Trực tuyến",
    "Trực tiếp, bưu chính",
    "Kỳ trước chuyển sang",
    "Số hồ sơ đã giải quyết",
    "Sớm hạn",
    "Đúng hạn",
    "Giải quyết trễ hạn",
    "Số hồ sơ đang giải quyết",
    "Trong hạn",
    "Đang giải quyết quá hạn",
)


def test_flat_header_a_blank_cell_is_placed_where_the_full_rows_sums_hold():
    # The last cell is blank. By kind the 0 fits under `Số hồ sơ đang giải quyết` as well
    # (`Giải quyết trễ hạn` often prints `x`), but only 0 under `Giải quyết trễ hạn`
    # keeps the sums the full rows keep (647 = 370 + 277 + 0, 89 = 89 + blank).
    body = (
        "1 Sở Giao thông vận tải 1.012 580 376 56 788 580 169 39 224 224 0 \n"
        "2 Văn phòng Ủy ban nhân dân tỉnh 326 274 15 37 231 116 104 11 95 95 0 \n"
        "3 Sở Công Thương 745 463 115 167 710 335 375 0 35 35 0 \n"
        "4 Sở Nội vụ 42 14 24 4 41 34 7 x 1 1 0 \n"
        "5 Sở Tư pháp 307 70 200 37 272 208 62 x 35 35 0 \n"
        "6 Sở Tài chính 736 166 487 83 647 370 277 0 89 89 \n"
    )
    _, table = _only_table(_report(FLAT_11 + body))
    assert len(table.columns) == 13
    cells = _by_column(table.rows[-1])
    assert [cells.get(c) for c in range(6, 13)] == ["647", "370", "277", "0", "89", "89", None]


def test_a_placeholder_then_spaced_thousands_read_as_a_sign_in_a_full_row_keeps_its_sums():
    # `- 7 390` reads as minus seven then 390 and fills the row, but only a placeholder
    # then `7 390` keeps the sum the other rows keep (total = online + in person).
    header = _blocks(
        "TT",
        "Đơn vị",
        "Số hồ sơ được xử lý trực tuyến",
        "Số hồ sơ được xử lý trực tiếp",
        "Tổng số hồ sơ",
        "Tỷ lệ xử lý trực tuyến (%)",
    )
    body = (
        "1 Sở Tài chính 807 0 807 100 \n"
        "2 Thanh tra tỉnh 874 1 875 99,9 \n"
        "3 Sở Tư pháp 376 1 377 99,7 \n"
        "4 Sở Xây dựng 48 0 48 100 \n"
        "5 Ban Quản lý các Khu công nghiệp 7.390 - 7 390 100 \n"
    )
    _, table = _only_table(_report(header + body))
    assert _rows(table)[4] == ["5", "Ban Quản lý các Khu công nghiệp", "7.390", "-", "7 390", "100"]
