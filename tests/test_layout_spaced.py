"""Tables copied from a web page with cells one space apart (`ingest/tables_spaced.py`).

Hand-written fixtures in tests/fixtures/layouts/space_text_*.txt: a two-row header whose
groups open with their total, numbered group rows, an empty cell (two spaces), a totals
row; a header over value columns only (`Tháng 5 / DVC %`); a header printed piece by
piece over lines; and text that must not become a table.
"""

from __future__ import annotations

from ingest.model import Table
from ingest.parser import parse_text
from ingest.spaced_headers import split_cells

from .conftest import FIXTURES


def _fixture(name: str) -> str:
    return (FIXTURES / "layouts" / name).read_text(encoding="utf-8")


def _cells(table: Table) -> list[list[tuple[int, str]]]:
    return [[(c.column_index, c.text) for c in r.cells] for r in table.rows]


def test_two_row_header_groups_open_with_their_total_and_group_rows_are_sections():
    doc = parse_text(_fixture("space_text_groups.txt"))
    assert [t.layout for t in doc.tables] == ["space_text", "space_text"]
    table = doc.tables[0]
    assert (table.line_start, table.line_end, table.header_row_count) == (4, 12, 2)
    assert [c.header_path for c in table.columns] == [
        ("Số TT",),
        ("Đơn vị",),
        ("Tiếp nhận", "Tổng số"),
        ("Tiếp nhận", "Trực tuyến"),
        ("Đã giải quyết", "Tổng số"),
        ("Đã giải quyết", "Trước hạn"),
        ("Đã giải quyết", "Trễ hạn"),
        ("Đang giải quyết", "Tổng số"),
        ("Đang giải quyết", "Quá hạn"),
    ]
    assert [(r.row_code, r.row_label, r.row_kind) for r in table.rows] == [
        ("I", "Cấp tỉnh", "section"),
        ("1", "Sở Tư pháp", "data"),
        ("2", "Sở Y tế", "data"),
        ("3", "Ban Quản lý các khu công nghiệp", "data"),
        ("II", "Cấp huyện", "section"),
        ("4", "Huyện Đại Từ", "data"),
        (None, "Tổng cộng", "total"),
    ]
    cells = _cells(table)
    # `830  801`: the empty "Trực tuyến" cell between two spaces stays empty.
    assert cells[2] == [
        (0, "2"),
        (1, "Sở Y tế"),
        (2, "830"),
        (4, "801"),
        (5, "790"),
        (6, "11"),
        (7, "29"),
        (8, "0"),
    ]
    assert cells[3][-1] == (8, "-")  # a placeholder is a cell as printed
    assert [r.source_line for r in table.rows] == [6, 7, 8, 9, 10, 11, 12]


def test_header_over_value_columns_only_leaves_the_label_column_unnamed():
    table = parse_text(_fixture("space_text_groups.txt")).tables[1]
    assert table.caption == "Tỷ lệ dịch vụ công trực tuyến"
    assert [c.header_path for c in table.columns] == [
        (),
        ("Đơn vị",),
        ("Tháng 5", "DVC"),
        ("Tháng 5", "%"),
        ("Tháng 6", "DVC"),
        ("Tháng 6", "%"),
    ]
    assert _cells(table)[1] == [(1, "Sở Nội vụ"), (2, "98"), (3, "70%"), (4, "101"), (5, "72,1%")]


def test_header_printed_piece_by_piece_joins_a_cell_broken_after_a_repeated_word():
    doc = parse_text(_fixture("space_text_piece_header.txt"))
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert [c.header_path for c in table.columns] == [
        ("Thứ hạng",),
        ("Đơn vị",),
        ("Điểm Công khai",),
        ("Điểm Tiến độ",),
        ("Điểm Số hóa",),
        ("TỔNG ĐIỂM",),
    ]
    assert [(r.row_code, r.row_label) for r in table.rows] == [
        ("1", "Sở Tư pháp"),
        ("2", "Sở Y tế"),
        ("3", "Huyện Đại Từ"),
    ]
    assert _cells(table)[2][2:] == [(2, "15,5"), (3, "17,0"), (4, "8,0"), (5, "40,5")]


def test_prose_numbered_items_and_date_lines_ending_in_numbers_are_not_tables():
    doc = parse_text(_fixture("space_text_not_tables.txt"))
    assert doc.tables == []
    texts = " ".join(b.text for b in doc.blocks)
    assert "2. Sở Y tế tiếp nhận 830 801" in texts
    assert "Năm 2023 2024" in texts


def test_a_header_that_fits_two_ways_gives_no_table():
    # Which of `Tiếp nhận` / `Giải quyết` spans `Trực tuyến Trực tiếp` is not printed.
    text = (
        "Kết quả\n"
        "Đơn vị Tiếp nhận Giải quyết\n"
        "Trực tuyến Trực tiếp\n"
        "Sở Tư pháp 120 80 40\n"
        "Sở Y tế 80 50 30\n"
    )
    assert parse_text(text).tables == []


def test_a_page_number_between_rows_is_no_row_and_the_table_goes_on():
    text = (
        "Thống kê hồ sơ\n"
        "Đơn vị Tiếp nhận Đã giải quyết\n"
        "Sở Tư pháp 120 118\n"
        "\n"
        "Sở Y tế 80 79\n"
        "Trang 2\n"
        "Sở Xây dựng 45 40\n"
    )
    doc = parse_text(text)
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert [r.row_label for r in table.rows] == ["Sở Tư pháp", "Sở Y tế", "Sở Xây dựng"]
    assert [r.source_line for r in table.rows] == [3, 5, 7]
    assert any(b.text == "Trang 2" for b in doc.blocks)


def test_a_label_may_end_in_a_number_and_the_rows_agree_on_the_value_count():
    text = (
        "Kết quả theo mức độ\n"
        "Mức độ Tổng Đúng hạn Trễ hạn\n"
        "Mức 2 150 140 10\n"
        "Mức 3 75 70 5\n"
        "Toàn trình 40 40 0\n"
    )
    table = parse_text(text).tables[0]
    assert [r.row_label for r in table.rows] == ["Mức 2", "Mức 3", "Toàn trình"]
    assert [c.header_path for c in table.columns][1:] == [
        ("Mức độ",),
        ("Tổng",),
        ("Đúng hạn",),
        ("Trễ hạn",),
    ]


def test_split_cells_cuts_before_capitals_and_abbreviations_after_a_percent():
    assert split_cells("Mức độ Tổng Đã xử lý Chưa xử lý", False) == [
        "Mức độ",
        "Tổng",
        "Đã xử lý",
        "Chưa xử lý",
    ]
    assert split_cells("Tỷ lệ TTHC % TTHC %", True) == ["Tỷ lệ TTHC", "%", "TTHC", "%"]
    assert split_cells("Trực tiếp, qua BCCI Quý II", True) == ["Trực tiếp, qua BCCI", "Quý II"]


def test_a_row_with_one_cell_too_many_joins_a_number_spaced_in_thousands():
    text = (
        "Hồ sơ theo đơn vị\n"
        "Đơn vị Tiếp nhận Đã giải quyết Quá hạn\n"
        "Sở Tư pháp 1 250 1.198 2\n"
        "Sở Y tế 830 801 3\n"
        "Sở Xây dựng 452 440 0\n"
        "Quận 5 120 118 1\n"
    )
    table = parse_text(text).tables[0]
    assert _cells(table)[0] == [(1, "Sở Tư pháp"), (2, "1 250"), (3, "1.198"), (4, "2")]
    # a number after `Quận` belongs to the label: no pair is joined there
    assert _cells(table)[3] == [(1, "Quận 5"), (2, "120"), (3, "118"), (4, "1")]
