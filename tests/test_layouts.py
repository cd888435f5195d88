"""Small fixtures for each table layout, and the stages in isolation."""

from __future__ import annotations

from ingest.headers import header_paths
from ingest.parser import parse_text
from ingest.pdf_headers import header_columns, header_segments
from ingest.rowcodes import parse_row_code, split_leading_code
from ingest.tables_pdf import split_values

PIPE_REPORT = """\
BÁO CÁO

Kết quả giải quyết TTHC tỉnh Thái Nguyên tháng 2 năm 2024

| STT | Đơn vị | Hồ sơ tiếp nhận | Đã giải quyết |
|---|---|---:|---:|
| 1 | Sở Tư pháp | 1.250 | 1.198 |
| 2 | Huyện Đại Từ | 830 | 801 |
| | **Tổng** | 2.080 | 1.999 |

Trên đây là báo cáo.
"""


def test_markdown_pipe_table_is_parsed_like_a_tab_table():
    doc = parse_text(PIPE_REPORT)
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.layout == "pipe"
    assert [c.header_path for c in table.columns] == [
        ("STT",),
        ("Đơn vị",),
        ("Hồ sơ tiếp nhận",),
        ("Đã giải quyết",),
    ]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows == [
        ["1", "Sở Tư pháp", "1.250", "1.198"],
        ["2", "Huyện Đại Từ", "830", "801"],
        ["Tổng", "2.080", "1.999"],
    ]
    assert table.rows[-1].row_kind == "total"
    assert [r.source_line for r in table.rows] == [7, 8, 9]
    assert doc.metadata.period_kind == "month"
    assert [b.text for b in doc.blocks][-1] == "Trên đây là báo cáo."


def test_header_span_stops_at_its_parent_boundary():
    rows = [
        ["STT", "Tên", "Tiếp nhận", "", "", "Kết quả", ""],
        ["", "", "Tổng số", "Trong đó", "", "Đúng hạn", "Quá hạn"],
        ["", "", "", "Trực tuyến", "Trực tiếp", "", ""],
    ]
    paths = header_paths(rows, 7)
    assert paths[4] == ("Tiếp nhận", "Trong đó", "Trực tiếp")
    assert paths[5] == ("Kết quả", "Đúng hạn")
    assert paths[2] == ("Tiếp nhận", "Tổng số")


def test_row_codes():
    assert parse_row_code("1,1").normalised == "1.1"
    assert parse_row_code("5.1.1").normalised == "5.1.1"
    assert parse_row_code("2.1.").normalised == "2.1"
    assert parse_row_code("VII").style == "roman"
    assert parse_row_code("đ)").normalised == "đ"
    assert parse_row_code("Sở") is None
    code, label = split_leading_code("VI. Cải cách tài chính công")
    assert (code.normalised, label) == ("VI", "Cải cách tài chính công")


def test_pdf_values_are_the_trailing_literals():
    label, values = split_values(
        "Hồ sơ đã đồng bộ 448.887 86,14 569.302 97,03% Tăng 120.415 hồ sơ", None
    )
    assert label == "Hồ sơ đã đồng bộ"
    assert values == ["448.887", "86,14", "569.302", "97,03%", "Tăng 120.415 hồ sơ"]


def test_pdf_header_second_row_spreads_over_spanning_cells():
    text = (
        "Số TT Nội dung Thống kê trên Cổng ngày 30/9/2023 Thống kê trên Cổng ngày 31/10/2023 "
        "Tăng (+)/Giảm (-) so với ngày 30/9/2023 Số liệu Tỷ lệ (%) Số liệu Tỷ lệ (%)"
    )
    paths, fitted = header_columns(header_segments(text), 5)
    assert fitted
    assert paths[2:] == [
        ("Thống kê trên Cổng ngày 30/9/2023", "Số liệu"),
        ("Thống kê trên Cổng ngày 30/9/2023", "Tỷ lệ (%)"),
        ("Thống kê trên Cổng ngày 31/10/2023", "Số liệu"),
        ("Thống kê trên Cổng ngày 31/10/2023", "Tỷ lệ (%)"),
        ("Tăng (+)/Giảm (-) so với ngày 30/9/2023",),
    ]


def test_table_without_header_still_lands():
    doc = parse_text("a\tb\n1\t2\n")
    assert len(doc.tables) == 1
    assert [c.text for r in doc.tables[0].rows for c in r.cells] == ["a", "b", "1", "2"]


def test_text_after_a_pdf_totals_row_is_prose_not_a_row():
    from .conftest import sample_path

    text = sample_path("003").read_text(encoding="utf-8") + "\nBản sao số 5\n"
    doc = parse_text(text)
    last = doc.tables[-1].rows[-1]
    assert [c.text for c in last.cells] == ["TỔNG CỘNG TOÀN TỈNH", "31.232", "36.332", "+5.100"]
    assert doc.blocks[-1].text == "Bản sao số 5"


def _fixture(name: str) -> str:
    from .conftest import FIXTURES

    return (FIXTURES / "layouts" / name).read_text(encoding="utf-8")


def _grid(table) -> list[tuple[int, str | None, str | None, str, list[tuple[int, str]]]]:
    return [
        (
            r.source_line,
            r.row_code,
            r.row_label,
            r.row_kind,
            [(c.column_index, c.text) for c in r.cells],
        )
        for r in table.rows
    ]


def test_html_table_with_rowspan_colspan_entities_and_inline_tags():
    doc = parse_text(_fixture("html_rowspan.txt"))
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.layout == "html"
    assert (table.line_start, table.line_end) == (5, 21)
    assert [c.header_path for c in table.columns] == [
        ("STT",),
        ("Đơn vị",),
        ("Số hồ sơ tiếp nhận", "Tổng số"),
        ("Số hồ sơ tiếp nhận", "Trực tuyến"),
        ("Số hồ sơ tiếp nhận", "Trực tiếp"),
        ("Tỷ lệ đúng hạn (%)",),
    ]
    assert _grid(table) == [
        (11, None, "Cấp tỉnh", "data", [(1, "Cấp tỉnh")]),
        (
            12,
            "1",
            "Sở Tư pháp",
            "data",
            [(0, "1"), (1, "Sở Tư pháp"), (2, "1.250"), (3, "1.198"), (4, "52"), (5, "98,5")],
        ),
        (
            13,
            "2",
            "Sở Kế hoạch và Đầu tư",
            "data",
            [
                (0, "2"),
                (1, "Sở Kế hoạch và Đầu tư"),
                (2, "830"),
                (3, "801"),
                (4, "29"),
                (5, "97,03%"),
            ],
        ),
        (
            14,
            "3",
            "Huyện Ba Bể",
            "data",
            [(0, "3"), (1, "Huyện Ba Bể"), (2, "2.416"), (3, "2.000"), (4, "416"), (5, "99,1")],
        ),
        (
            19,
            None,
            "Tổng cộng",
            "total",
            [(1, "Tổng cộng"), (2, "4.496"), (3, "3.999"), (4, "497")],
        ),
    ]
    assert table.rows[-1].cells[0].is_bold  # <strong>
    assert doc.blocks[-1].text == "Trên đây là báo cáo kết quả."
    assert not [i for i in doc.issues if i.code == "table_cut_off"]


def test_html_table_cut_inside_its_markup_marks_the_last_row():
    text = _fixture("html_rowspan.txt")
    cut = text[: text.index("<td>2.416</td>") + len("<td>2.4")]
    doc = parse_text(cut)
    table = doc.tables[0]
    assert table.rows[-1].source_line == 14
    assert table.rows[-1].row_kind == "cut_off"
    assert [(i.code, i.source_line) for i in doc.issues if i.code == "table_cut_off"] == [
        ("table_cut_off", 14)
    ]


def test_pipe_table_without_code_column_puts_labels_in_column_1():
    doc = parse_text(_fixture("pipe_no_code_column.txt"))
    table = doc.tables[0]
    assert table.layout == "pipe"
    assert [c.header_path for c in table.columns] == [
        (),
        ("Đơn vị",),
        ("Số hồ sơ",),
        ("Thanh toán trực tuyến",),
        ("Ghi chú",),
    ]
    assert _grid(table) == [
        (6, None, "Sở Tài chính", "data", [(1, "Sở Tài chính"), (2, "1.204"), (3, "98,2%")]),
        (
            7,
            None,
            "Sở Y tế | Trung tâm Kiểm soát bệnh tật",
            "data",
            [
                (1, "Sở Y tế | Trung tâm Kiểm soát bệnh tật"),
                (2, "310"),
                (3, "87,5%"),
                (4, "cả hai đơn vị"),
            ],
        ),
        (
            8,
            None,
            "UBND huyện Chợ Mới",
            "data",
            [(1, "UBND huyện Chợ Mới"), (2, "95"), (3, "100%")],
        ),
        (9, None, "Toàn tỉnh", "total", [(1, "Toàn tỉnh"), (2, "1.609"), (3, "95,3%")]),
    ]


def test_tab_table_with_page_furniture_and_a_stray_line_stays_one_table():
    text = (
        "STT\tĐơn vị\tSố hồ sơ\tĐúng hạn\n"
        "1\tSở Tư pháp\t120\t118\n"
        "2\tSở Y tế\t80\t80\n"
        "\n"
        "Trang 3/5\n"
        "Ghi chú: số liệu đến ngày 14/3/2024\n"
        "STT\tĐơn vị\tSố hồ sơ\tĐúng hạn\n"
        "3\tHuyện Na Rì\t45\t40\n"
        "\tTổng cộng\t245\t238\n"
    )
    doc = parse_text(text)
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.page_breaks_merged == 1
    assert [(r.source_line, r.row_code, r.row_kind) for r in table.rows] == [
        (2, "1", "data"),
        (3, "2", "data"),
        (8, "3", "data"),
        (9, None, "total"),
    ]
    assert [
        (i.code, i.severity, i.source_line)
        for i in doc.issues
        if i.code == "page_furniture_dropped"
    ] == [("page_furniture_dropped", "info", 5)]
    assert [b.text for b in doc.blocks] == ["Ghi chú: số liệu đến ngày 14/3/2024"]


def test_a_bare_period_line_under_the_title_is_not_a_table():
    """`6 THÁNG ĐẦU NĂM 2024` opens with a number like a row code, and `Số: 215/BC-UBND`
    with `Số` like a `Số TT` header: neither makes a table, and the period is read."""
    doc = parse_text(_fixture("period_line_under_title.txt"))
    assert doc.tables == []
    assert doc.metadata.period_kind == "half_year"
    assert (doc.metadata.period_start.isoformat(), doc.metadata.period_end.isoformat()) == (
        "2024-01-01",
        "2024-06-30",
    )
    nine = _fixture("period_line_under_title.txt").replace(
        "6 THÁNG ĐẦU NĂM 2024", "9 THÁNG NĂM 2024"
    )
    doc = parse_text("STT\n" + nine)
    assert doc.tables == []
    assert doc.metadata.period_kind == "nine_months"


def test_tab_table_with_a_two_line_word_header_and_no_stt():
    doc = parse_text(_fixture("tab_word_header.txt"))
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert (table.layout, table.line_start, table.line_end) == ("tsv", 4, 11)
    assert table.header_row_count == 2
    assert [c.header_path for c in table.columns] == [
        (),
        ("Đơn vị",),
        ("Số hồ sơ tiếp nhận", "Tổng số"),
        ("Số hồ sơ tiếp nhận", "Trực tuyến"),
        ("Kết quả giải quyết", "Đúng hạn"),
        ("Kết quả giải quyết", "Quá hạn"),
    ]
    assert _grid(table) == [
        (6, None, "Cấp tỉnh", "data", [(1, "Cấp tỉnh")]),
        (
            7,
            None,
            "Sở Tư pháp",
            "data",
            [(1, "Sở Tư pháp"), (2, "1.250"), (3, "1.198"), (4, "1.240"), (5, "10")],
        ),
        (
            8,
            None,
            "Sở Kế hoạch và Đầu tư",
            "data",
            [(1, "Sở Kế hoạch và Đầu tư"), (2, "830"), (3, "801"), (4, "829"), (5, "1")],
        ),
        (9, None, "Cấp huyện", "data", [(1, "Cấp huyện")]),
        (
            10,
            None,
            "UBND huyện Chợ Đồn",
            "data",
            [(1, "UBND huyện Chợ Đồn"), (2, "2.416"), (3, "2.000"), (4, "2.400"), (5, "16")],
        ),
        (
            11,
            None,
            "Tổng số",
            "total",
            [(1, "Tổng số"), (2, "4.496"), (3, "3.999"), (4, "4.469"), (5, "27")],
        ),
    ]


def test_pipe_table_with_a_word_header_and_no_alignment_row():
    doc = parse_text(_fixture("pipe_word_header.txt"))
    table = doc.tables[0]
    assert (table.layout, table.header_row_count) == ("pipe", 1)
    assert [c.header_path for c in table.columns] == [
        (),
        ("Đơn vị",),
        ("Số hồ sơ",),
        ("Thanh toán trực tuyến",),
        ("Tỷ lệ (%)",),
    ]
    assert [(r.source_line, r.row_label, r.row_kind) for r in table.rows] == [
        (5, "Sở Tài chính", "data"),
        (6, "Sở Xây dựng", "data"),
        (7, "UBND huyện Na Rì", "data"),
        (8, "Toàn tỉnh", "total"),
    ]
    assert [c.text for c in table.rows[0].cells] == ["Sở Tài chính", "1.204", "1.183", "98,26"]


def test_a_word_line_without_values_below_stays_a_row():
    """Words over words (a list of documents) are not taken as a header."""
    doc = parse_text("Văn bản\tNgày ban hành\nKế hoạch cải cách\tngày 5/1/2024\n")
    assert doc.tables[0].header_row_count == 0
    assert len(doc.tables[0].rows) == 2


def test_space_aligned_table_with_wrapped_header_codes_groups_and_totals():
    """Cells 2+ spaces apart; the header wrapped over two lines, a spanning cell over two
    sub-columns; Roman group rows without values; a totals row; page furniture and the
    signature block after it are not rows."""
    doc = parse_text(_fixture("pdf_columns_wrapped_header.txt"))
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert (table.layout, table.line_start, table.line_end) == ("pdf_columns", 15, 24)
    assert table.header_row_count == 2
    assert [c.header_path for c in table.columns] == [
        ("STT",),
        ("Đơn vị",),
        ("Số hồ sơ tiếp nhận",),
        ("Kết quả giải quyết", "Đúng hạn"),
        ("Kết quả giải quyết", "Quá hạn"),
        ("Tỷ lệ đúng hạn (%)",),
    ]
    assert _grid(table) == [
        (17, "I", "Cấp tỉnh", "section", [(0, "I"), (1, "Cấp tỉnh")]),
        (
            18,
            "1",
            "Sở Tư pháp",
            "data",
            [(0, "1"), (1, "Sở Tư pháp"), (2, "1.250"), (3, "1.240"), (4, "10"), (5, "99,20")],
        ),
        (
            19,
            "2",
            "Sở Kế hoạch và Đầu tư",
            "data",
            [
                (0, "2"),
                (1, "Sở Kế hoạch và Đầu tư"),
                (2, "1.796.058"),
                (3, "1.790.112"),
                (4, "5.946"),
                (5, "99,67"),
            ],
        ),
        (
            20,
            "3",
            "Sở Lao động, Thương binh và Xã hội",
            "data",
            [
                (0, "3"),
                (1, "Sở Lao động, Thương binh và Xã hội"),
                (2, "830"),
                (3, "829"),
                (4, "1"),
                (5, "99,88"),
            ],
        ),
        (21, "II", "UBND cấp huyện", "section", [(0, "II"), (1, "UBND cấp huyện")]),
        (
            22,
            "4",
            "UBND huyện Bảo Lạc",
            "data",
            [
                (0, "4"),
                (1, "UBND huyện Bảo Lạc"),
                (2, "2.416"),
                (3, "2.344"),
                (4, "72"),
                (5, "97,03%"),
            ],
        ),
        (
            23,
            "5",
            "UBND huyện Hà Quảng",
            "data",
            [(0, "5"), (1, "UBND huyện Hà Quảng"), (2, "312"), (3, "312"), (4, "-"), (5, "100")],
        ),
        (
            24,
            None,
            "Tổng cộng",
            "total",
            [
                (1, "Tổng cộng"),
                (2, "1.800.866"),
                (3, "1.794.837"),
                (4, "6.029"),
                (5, "99,63"),
            ],
        ),
    ]
    assert doc.metadata.period_kind == "half_year"
    texts = [b.text for b in doc.blocks]
    assert texts[0].startswith("UBND TỈNH CAO BẰNG")  # the letterhead stays a block
    assert "Trang 5" in texts
    assert texts[-1].startswith("Nơi nhận:")


def test_space_aligned_table_without_codes_three_header_lines_totals_first():
    doc = parse_text(_fixture("pdf_columns_no_code.txt"))
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert (table.layout, table.line_start, table.line_end) == ("pdf_columns", 5, 18)
    assert table.header_row_count == 3
    assert [c.header_path for c in table.columns] == [
        (),
        ("Đơn vị",),
        ("Hồ sơ trực tuyến", "Số hồ sơ"),
        ("Hồ sơ trực tuyến", "Tỷ lệ (%)"),
        ("Thanh toán trực tuyến", "Số giao dịch"),
        ("Thanh toán trực tuyến", "Tỷ lệ (%)"),
    ]
    got = [(r.source_line, r.row_code, r.row_label, r.row_kind) for r in table.rows]
    assert got == [
        (8, None, "Toàn tỉnh", "total"),
        (9, None, "Các sở, ban, ngành", "data"),
        (10, None, "Sở Tài chính", "data"),
        (11, None, "Sở Giao thông vận tải", "data"),
        (13, None, "Sở Tài nguyên và Môi trường", "data"),
        (14, None, "Cộng", "total"),
        (15, None, "UBND cấp huyện", "data"),
        (16, None, "UBND thành phố Hà Giang", "data"),
        (17, None, "Huyện Đồng Văn", "data"),
        (18, None, "Cộng", "total"),
    ]
    cells = {r.source_line: [(c.column_index, c.text) for c in r.cells] for r in table.rows}
    assert cells[8] == [
        (1, "Toàn tỉnh"),
        (2, "152.340"),
        (3, "97,03%"),
        (4, "98.112"),
        (5, "64,41"),
    ]
    assert cells[9] == [(1, "Các sở, ban, ngành")]
    assert cells[13] == [
        (1, "Sở Tài nguyên và Môi trường"),
        (2, "8.216"),
        (3, "91,45"),
        (4, "x"),
        (5, "-"),
    ]
    assert all(c.source_line == r.source_line for r in table.rows for c in r.cells)
    assert doc.blocks[-1].text.startswith("Số liệu trích xuất")


def test_letterhead_prose_lists_and_signatures_with_wide_spaces_are_not_tables():
    doc = parse_text(_fixture("pdf_columns_not_tables.txt"))
    assert doc.tables == []
    assert doc.metadata.period_kind == "quarter"


def test_space_aligned_row_with_blank_cells_keeps_its_values_in_their_columns():
    text = (
        "STT  Đơn vị                 Tiếp nhận   Đúng hạn   Quá hạn\n"
        "1    Sở Tư pháp                  120        118         2\n"
        "2    Sở Y tế                      80                    3\n"
        "3    Sở Xây dựng                  45         40         5\n"
    )
    table = parse_text(text).tables[0]
    assert table.layout == "pdf_columns"
    assert [(c.column_index, c.text) for c in table.rows[1].cells] == [
        (0, "2"),
        (1, "Sở Y tế"),
        (2, "80"),
        (4, "3"),
    ]


def test_cell_per_line_rows_between_blank_lines_with_a_missing_cell():
    doc = parse_text(_fixture("cell_per_line_blank.txt"))
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert (table.layout, table.line_start, table.line_end) == ("cell_per_line", 5, 37)
    assert [c.header_path for c in table.columns] == [
        ("STT",),
        ("Đơn vị",),
        ("Số hồ sơ tiếp nhận",),
        ("Số hồ sơ giải quyết đúng hạn",),
        ("Tỷ lệ đúng hạn (%)",),
    ]
    assert _grid(table) == [
        (11, "I", "Cấp tỉnh", "section", [(0, "I"), (1, "Cấp tỉnh")]),
        (
            14,
            "1",
            "Sở Tư pháp",
            "data",
            [(0, "1"), (1, "Sở Tư pháp"), (2, "1.796"), (3, "1.790"), (4, "99,67")],
        ),
        (
            20,
            "2",
            "Sở Kế hoạch và Đầu tư",
            "data",
            [(0, "2"), (1, "Sở Kế hoạch và Đầu tư"), (2, "830"), (4, "97,03%")],
        ),
        (25, "II", "UBND cấp huyện", "section", [(0, "II"), (1, "UBND cấp huyện")]),
        (
            28,
            "3",
            "UBND huyện Văn Lãng",
            "data",
            [(0, "3"), (1, "UBND huyện Văn Lãng"), (2, "2.416"), (3, "2.344"), (4, "97,02")],
        ),
        (34, None, "Tổng số", "total", [(1, "Tổng số"), (2, "5.042"), (3, "4.963"), (4, "98,43")]),
    ]
    row = table.rows[1]
    assert [c.source_line for c in row.cells] == [14, 15, 16, 17, 18]
    assert [(i.code, i.source_line) for i in doc.issues if i.code == "values_aligned_by_kind"] == [
        ("values_aligned_by_kind", 20)
    ]
    assert [b.text for b in doc.blocks][
        -1
    ] == "Trên đây là kết quả giải quyết hồ sơ tháng 3 năm 2024."


def test_cell_per_line_rows_between_bars_spanning_header_and_empty_cell_lines():
    doc = parse_text(_fixture("cell_per_line_bars.txt"))
    table = doc.tables[0]
    assert (table.layout, table.line_start, table.header_row_count) == ("cell_per_line", 3, 8)
    assert [c.header_path for c in table.columns] == [
        ("STT",),
        ("Đơn vị",),
        ("Tỷ lệ cung cấp DVC trực tuyến", "Ngày 31/5/2024"),
        ("Tỷ lệ cung cấp DVC trực tuyến", "Ngày 30/6/2024"),
        ("Tỷ lệ thanh toán trực tuyến", "Ngày 31/5/2024"),
        ("Tỷ lệ thanh toán trực tuyến", "Ngày 30/6/2024"),
    ]
    assert _grid(table) == [
        (
            12,
            "1",
            "Sở Xây dựng",
            "data",
            [(0, "1"), (1, "Sở Xây dựng"), (2, "88,2%"), (3, "90,1%"), (4, "61,4%"), (5, "60,4%")],
        ),
        (
            19,
            "2",
            "Sở Y tế",
            "data",
            [(0, "2"), (1, "Sở Y tế"), (2, "100%"), (4, "73%"), (5, "74,5%")],
        ),
        (
            27,
            None,
            "Toàn tỉnh",
            "total",
            [(1, "Toàn tỉnh"), (2, "94,1%"), (3, "95,0%"), (4, "67,2%"), (5, "67,5%")],
        ),
    ]
    assert [c.source_line for c in table.rows[1].cells] == [19, 20, 21, 23, 24]
    assert [b.text for b in doc.blocks] == ["PHỤ LỤC III TỶ LỆ CUNG CẤP DỊCH VỤ CÔNG TRỰC TUYẾN"]


def test_cell_per_line_without_separators_splits_rows_by_codes_and_labels():
    doc = parse_text(_fixture("cell_per_line_packed.txt"))
    table = doc.tables[0]
    assert table.layout == "cell_per_line"
    assert [c.header_path for c in table.columns][1:] == [
        ("Cơ quan, đơn vị",),
        ("Hồ sơ tiếp nhận",),
        ("Hồ sơ được số hóa",),
        ("Tỷ lệ số hóa (%)",),
    ]
    assert [(r.source_line, r.row_code, r.row_label, r.row_kind) for r in table.rows] == [
        (7, "1", "Sở Nội vụ", "data"),
        (12, "2", "Sở Tài chính", "data"),
        (17, "3", "Ban Dân tộc", "data"),
        (22, None, "Cộng", "total"),
    ]
    assert [c.text for c in table.rows[2].cells] == ["3", "Ban Dân tộc", "12", "12", "100"]
    assert doc.metadata.period_kind == "quarter"


def test_short_lines_without_values_are_not_a_cell_per_line_table():
    text = "Nơi nhận:\nSTT\nĐơn vị\nGhi chú\n\nSở Tư pháp\nSở Y tế\n\nUBND huyện\nLưu: VT\n"
    assert parse_text(text).tables == []


def test_new_layouts_cut_in_their_last_row_mark_it_cut_off():
    text = _fixture("cell_per_line_packed.txt")
    doc = parse_text(text[: text.index("3.062")])
    assert doc.tables[0].rows[-1].row_kind == "cut_off"
    assert [(i.code, i.source_line) for i in doc.issues if i.code == "table_cut_off"] == [
        ("table_cut_off", 22)
    ]
    text = _fixture("pdf_columns_no_code.txt")
    doc = parse_text(text[: text.index("45.246")])
    assert [(r.source_line, r.row_kind) for r in doc.tables[0].rows[-2:]] == [
        (13, "data"),
        (14, "cut_off"),
    ]


def _align_brute_force(values, classes, profiles, groups, label):
    """The exhaustive search align_values replaced: every combination of columns."""
    from itertools import combinations

    from ingest.tables_pdf import _fit, _kind
    from ingest.text import fold

    kinds = [_kind(v) for v in values]
    rate_label = fold(label).startswith("ty le")
    best = None
    for combo in combinations(range(len(classes)), len(values)):
        score = 0.0
        for v, col in enumerate(combo):
            score += _fit(kinds[v], classes[col], profiles[col])
            if rate_label and classes[col] == "rate":
                score += 0.6
            if v and groups[col] != groups[combo[v - 1]]:
                score += 0.01
        if best is None or score > best[0] + 1e-9:
            best = (score, list(combo))
    return best[1]


def test_value_alignment_equals_the_exhaustive_search():
    import random

    from ingest.tables_pdf import align_values

    rnd = random.Random(7)
    kinds = ["integer", "decimal", "percent", "change", "fraction", "text"]
    samples = ["12", "1.250", "99,2", "97%", "+18", "Tăng 3 hồ sơ", "1/2", "0", "x", "-0,17"]
    for _ in range(3000):
        n = rnd.randint(1, 8)
        k = rnd.randint(1, n)
        classes = [rnd.choice([None, "rate", "count", "change"]) for _ in range(n)]
        profiles = [
            rnd.choice([{}, {rnd.choice(kinds): 1.0}, {rnd.choice(kinds): 0.5, "integer": 0.5}])
            for _ in range(n)
        ]
        groups = [0]
        for _ in range(n - 1):
            groups.append(groups[-1] + (rnd.random() < 0.5))
        values = [rnd.choice(samples) for _ in range(k)]
        label = rnd.choice(["Tỷ lệ hồ sơ", "Sở Tư pháp"])
        args = (values, classes, profiles, groups, label)
        assert align_values(*args) == _align_brute_force(*args), args


def test_fifteen_column_pdf_text_table_with_blank_cells_aligns_in_bounded_work():
    from ingest import tables_pdf

    # Header cells broken over lines, as PDF extraction prints them.
    header = "STT\nĐơn vị\n" + "\n".join(f"Số liệu {c}" for c in range(1, 16))
    full = " ".join(str(100 + c) for c in range(15))
    rows = [f"1 Sở Tư pháp {full}"]
    for r in range(2, 41):
        # Seven of fifteen values printed: C(15, 7) = 6435 column choices per row.
        rows.append(f"{r} Huyện Đại Từ " + " ".join(str(r * 10 + c) for c in range(7)))
    text = "BÁO CÁO\n\n" + header + "\n" + "\n".join(rows) + "\n"
    before = tables_pdf.ALIGN_WORK[0]
    doc = parse_text(text)
    work = tables_pdf.ALIGN_WORK[0] - before
    (table,) = [t for t in doc.tables if t.layout == "pdf_text"]
    assert len(table.rows) == 40
    assert len(table.columns) == 17
    aligned = [i for i in doc.issues if i.code == "values_aligned_by_kind"]
    assert len(aligned) == 39
    # values x columns^2 per row at most, far below one step per combination.
    assert 0 < work <= 39 * 7 * 15 * 15
    for row in table.rows[1:]:
        cols = [c.column_index for c in row.cells if c.column_index >= 2]
        assert len(cols) == 7 and cols == sorted(cols)


def test_block_header_whose_last_row_is_joined_by_single_spaces():
    from ingest.pdf_headers import fit_block_header, split_joined_cells

    assert split_joined_cells("Trực tuyến Trực tiếp, bưu chính") == [
        "Trực tuyến",
        "Trực tiếp, bưu chính",
    ]
    assert split_joined_cells("Tỷ lệ cung cấp DVC trực tuyến") == ["Tỷ lệ cung cấp DVC trực tuyến"]
    lead, paths = fit_block_header(
        ["STT", "Nội dung", "Kết quả thống kê", "Ghi chú", "Đơn vị tính Số liệu"], 3
    )
    assert lead == [("STT",), ("Nội dung",)]
    assert paths == [
        ("Kết quả thống kê", "Đơn vị tính"),
        ("Kết quả thống kê", "Số liệu"),
        ("Ghi chú",),
    ]
    cells = ["Tên đơn vị", "Tiếp nhận", "Đã giải quyết", "Tổng số", "Trong đó", "Kỳ trước"]
    cells += ["Tổng số", "Đúng hạn", "Quá hạn", "Trực tuyến Trực tiếp"]
    lead, paths = fit_block_header(cells, 7)
    assert lead == [("Tên đơn vị",)]
    assert paths[1:3] == [
        ("Tiếp nhận", "Trong đó", "Trực tuyến"),
        ("Tiếp nhận", "Trong đó", "Trực tiếp"),
    ]
    assert paths[-1] == ("Đã giải quyết", "Quá hạn")
    text = (
        "STT\n\nĐơn vị\n\nTỷ lệ thanh toán trực tuyến\n\n"
        "Ngày 30/11/2025 Ngày 31/12/2025 Tăng (+)/Giảm (-) so với ngày 30/11/2025\n\n"
        " Toàn tỉnh 78,9 79,2 +0,3\n1 Sở Nội vụ 77,8 80,4 +2,6\n2 Sở Tư pháp 30,7 28,2 -2,5\n"
    )
    (table,) = parse_text(text).tables
    assert [c.header_path for c in table.columns][2:] == [
        ("Tỷ lệ thanh toán trực tuyến", "Ngày 30/11/2025"),
        ("Tỷ lệ thanh toán trực tuyến", "Ngày 31/12/2025"),
        ("Tỷ lệ thanh toán trực tuyến", "Tăng (+)/Giảm (-) so với ngày 30/11/2025"),
    ]
    assert [r.row_label for r in table.rows] == ["Toàn tỉnh", "Sở Nội vụ", "Sở Tư pháp"]


def test_pdf_text_without_code_column_header_blocks_and_a_joined_row():
    doc = parse_text(_fixture("pdf_text_no_code_block_header.txt"))
    (table,) = doc.tables
    assert table.layout == "pdf_text"
    assert [c.header_path for c in table.columns] == [
        (),
        ("Tên đơn vị",),
        ("Tổng số hồ sơ tiếp nhận", "Tổng"),
        ("Tổng số hồ sơ tiếp nhận", "Trong đó", "Trực tuyến"),
        ("Tổng số hồ sơ tiếp nhận", "Trong đó", "Trực tiếp, bưu chính"),
        ("Số hồ sơ đã giải quyết", "Tổng"),
        ("Số hồ sơ đã giải quyết", "Đúng hạn"),
        ("Số hồ sơ đã giải quyết", "Quá hạn"),
    ]
    assert [c.column_code for c in table.columns][1:3] == ["B", "(1)"]
    rows = [(r.row_label, [c.text for c in r.cells if c.column_index >= 2]) for r in table.rows]
    assert rows[0] == ("Sở, ban, ngành", [])
    assert rows[1] == ("Sở Nội vụ", ["407", "133", "274", "307", "292", "15"])
    assert rows[4] == ("UBND cấp huyện", [])
    assert rows[-1] == ("Toàn tỉnh", ["2.057", "1.017", "1.040", "1.718", "1.699", "19"])
    assert table.rows[-1].row_kind == "total"
    assert doc.blocks[-1].text.startswith("Trên đây là kết quả")


def test_cell_per_line_page_breaks_continue_the_table():
    doc = parse_text(_fixture("cell_per_line_page_breaks.txt"))
    (table,) = doc.tables
    assert table.layout == "cell_per_line"
    rows = [
        (r.row_code, r.row_label, [c.text for c in r.cells if c.column_index >= 2])
        for r in table.rows
    ]
    assert rows == [
        ("1", "Sở Tư pháp", ["1.796", "1.790", "99,67"]),
        ("2", "Sở Y tế", ["830", "801", "96,51"]),
        # Under the header printed again with two columns swapped: read in the first order.
        ("3", "Sở Xây dựng", ["652", "640", "98,16"]),
        ("4", "Sở Nội vụ", ["310", "300", "96,77"]),
        # After "- 3 -" without a header: numbering goes on.
        ("5", "Huyện Văn Lãng", ["2.344", "2.416", "97,02"]),
        (None, "Tổng số", ["5.875", "5.994", "98,01"]),
    ]
    codes = [(i.code, i.source_line) for i in doc.issues if i.table_index == 0]
    assert ("repeated_header_differs", 30) in codes
    assert ("page_furniture_dropped", 23) in codes and ("page_furniture_dropped", 43) in codes
    assert [b.text for b in doc.blocks][-1].startswith("Trên đây")
    assert len(doc.blocks) == 2


def test_pdf_columns_page_breaks_continue_the_table():
    doc = parse_text(_fixture("pdf_columns_page_breaks.txt"))
    (table,) = doc.tables
    assert table.layout == "pdf_columns"
    assert [c.header_path for c in table.columns][2:] == [
        ("Tiếp nhận",),
        ("Đã giải quyết",),
        ("Tỷ lệ (%)",),
    ]
    rows = {r.row_code: [c.text for c in r.cells if c.column_index >= 2] for r in table.rows}
    assert list(rows) == ["1", "2", "3", "4", "5", "6", "II", "7", "8", "9"]
    assert rows["3"] == ["652", "640", "98,16"]
    # Under the header printed again with two columns swapped: moved to the first order.
    assert rows["4"] == ["310", "300", "96,77"]
    # After "- 3 -" without a header (a group row left at the foot of the page before it).
    assert rows["II"] == []
    assert rows["9"] == ["640", "615", "96,09"]
    codes = [(i.code, i.source_line) for i in doc.issues if i.table_index == 0]
    assert ("repeated_header_differs", 11) in codes
    assert ("page_furniture_dropped", 9) in codes and ("page_furniture_dropped", 17) in codes
    assert len(doc.blocks) == 2
