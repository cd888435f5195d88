"""Headers listed one cell a line, page breaks of HTML and pipe tables, bullet row codes."""

from __future__ import annotations

from ingest.header_tree import flat_header_layout, flat_header_paths
from ingest.parser import parse_text

RECEIVED = "Tổng số hồ sơ nhận giải quyết"
RESOLVED = "Số hồ sơ đã giải quyết"
PENDING = "Số hồ sơ đang giải quyết"


def test_a_three_row_header_listed_cell_by_cell_is_laid_out_as_its_tree():
    # Row 1: three groups; row 2: their columns, `Trong đó` over two more in row 3.
    cells = [
        RECEIVED, RESOLVED, PENDING,
        "Tổng số", "Trong đó", "Kỳ trước chuyển sang",
        "Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn",
        "Tổng số", "Trong hạn", "Quá hạn",
        "Thực tuyến", "Thực tiếp, qua BCCI",
    ]  # fmt: skip
    assert flat_header_paths(cells, 11) == [
        (RECEIVED, "Tổng số"),
        (RECEIVED, "Trong đó", "Thực tuyến"),
        (RECEIVED, "Trong đó", "Thực tiếp, qua BCCI"),
        (RECEIVED, "Kỳ trước chuyển sang"),
        (RESOLVED, "Tổng số"),
        (RESOLVED, "Trước hạn"),
        (RESOLVED, "Đúng hạn"),
        (RESOLVED, "Quá hạn"),
        (PENDING, "Tổng số"),
        (PENDING, "Trong hạn"),
        (PENDING, "Quá hạn"),
    ]


def test_a_group_over_groups_keeps_the_columns_beside_it_under_their_own_group():
    cells = [
        "Hồ sơ tiếp nhận", "Kết quả xử lý",
        "Tổng", "Trực tuyến", "Trực tiếp", "Kỳ trước",
        "Đã xử lý", "Đang xử lý",
        "Tổng", "Sớm hạn", "Đúng hạn", "Trễ hạn",
        "Tổng", "Chưa đến hạn", "Trễ hạn",
    ]  # fmt: skip
    paths = flat_header_paths(cells, 11)
    assert paths[:4] == [
        ("Hồ sơ tiếp nhận", x) for x in ("Tổng", "Trực tuyến", "Trực tiếp", "Kỳ trước")
    ]
    assert paths[4] == ("Kết quả xử lý", "Đã xử lý", "Tổng")
    assert paths[-1] == ("Kết quả xử lý", "Đang xử lý", "Trễ hạn")


def test_one_group_with_its_total_among_its_columns_and_a_notes_column_at_the_top():
    cells = ["Hồ sơ toàn trình", "Xử lý trực tuyến", "Xử lý trực tiếp", "Tổng số", "Tỷ lệ (%)"]
    assert flat_header_paths(cells, 4) == [("Hồ sơ toàn trình", c) for c in cells[1:]]
    cells = ["Kết quả", "Ghi chú", "Đơn vị tính", "Số liệu"]
    assert flat_header_paths(cells, 3) == [
        ("Kết quả", "Đơn vị tính"),
        ("Kết quả", "Số liệu"),
        ("Ghi chú",),
    ]


def test_cells_that_lay_out_no_tree_give_none_and_the_layout_is_by_index():
    assert flat_header_paths(["A", "B", "C"], 5) is None  # more columns than cells
    assert flat_header_paths(["Nhóm", "Tổng", "Tổng"], 2) is None  # a cell spans two alike
    assert flat_header_layout(["Nhóm", "Một", "Hai"], 2) == [(0, 1), (0, 2)]


CELLS_WITH_PAGE_NUMBER = """PHỤ LỤC
STT
Đơn vị
Tiếp nhận
Giải quyết
|
-
Sở Y tế
1 250
1.198
|

3

-
Sở Nội vụ
1..781
0
|
"""


def test_a_page_number_between_rows_closed_by_bars_is_dropped_and_recorded():
    doc = parse_text(CELLS_WITH_PAGE_NUMBER)
    (table,) = doc.tables
    assert table.layout == "cell_per_line"
    rows = [(r.row_code, r.row_label, [c.text for c in r.cells[2:]]) for r in table.rows]
    assert rows == [("-", "Sở Y tế", ["1 250", "1.198"]), ("-", "Sở Nội vụ", ["1..781", "0"])]
    dropped = [i.source_line for i in doc.issues if i.code == "page_furniture_dropped"]
    assert dropped == [13]


HTML_BROKEN = """<table>
<thead><tr><th>STT</th><th>Đơn vị</th><th>Tiếp nhận</th></tr></thead>
<tbody>
<tr><td>1</td><td>Sở Y tế</td><td>12</td></tr>
</tbody>
</table>

Trang 2/3

<table>
<tbody>
<tr><td>2</td><td>Sở Nội vụ</td><td>7</td></tr>
</tbody>
</table>
"""


def test_an_html_table_without_header_after_a_page_number_goes_on_under_the_first_header():
    doc = parse_text(HTML_BROKEN)
    (table,) = doc.tables
    assert [(r.row_code, r.source_line) for r in table.rows] == [("1", 4), ("2", 12)]
    assert table.columns[2].header_path == ("Tiếp nhận",)
    assert [(i.code, i.source_line) for i in doc.issues if i.code.startswith("page")] == [
        ("page_furniture_dropped", 8)
    ]
    # With a header of its own it stays a table of its own.
    assert (
        len(
            parse_text(
                HTML_BROKEN.replace(
                    "<tbody>\n<tr><td>2",
                    "<thead><tr><th>STT</th><th>Cơ quan</th><th>Số</th></tr></thead>\n<tbody>\n<tr><td>2",
                )
            ).tables
        )
        == 2
    )


PIPE_BROKEN = """| STT | Đơn vị | Tiếp nhận |
|---|---|---|
| - | Sở Y tế | 12 |
| - | Sở Tư pháp | 9 |

4

| - | Sở Nội vụ | 7 |
| | Tổng cộng | 28 |
"""


def test_bulleted_pipe_rows_go_on_after_a_page_number_and_the_bullet_is_their_code():
    doc = parse_text(PIPE_BROKEN)
    (table,) = doc.tables
    assert [(r.row_code, r.row_label, r.row_kind) for r in table.rows] == [
        ("-", "Sở Y tế", "data"),
        ("-", "Sở Tư pháp", "data"),
        ("-", "Sở Nội vụ", "data"),
        (None, "Tổng cộng", "total"),
    ]
    # A placeholder `-` in a value column stays a value.
    doc = parse_text("STT\tĐơn vị\tSố\n-\tSở Y tế\t-\n")
    assert [c.text for c in doc.tables[0].rows[0].cells] == ["-", "Sở Y tế", "-"]
    assert doc.tables[0].rows[0].row_code == "-"
