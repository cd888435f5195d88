"""One cell a line: tables that go on after a page break, and the header tree search."""

from __future__ import annotations

from itertools import islice

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ingest import header_tree as headers
from ingest.parser import parse_text
from ingest.text import fold

# Rows coded 1, 2; the page number `3` could be the next row's code, but the header
# printed again right after it says it is the page's.
NUMBER_THEN_HEADER = """PHỤ LỤC
STT
Đơn vị
Tiếp nhận
Đã giải quyết

1
Sở Y tế
120
118

2
Sở Tư pháp
40
38


3

STT
Đơn vị
Tiếp nhận
Đã giải quyết

3
Sở Nội vụ
7
7
"""


def test_a_page_number_before_the_header_printed_again_is_no_row_code():
    doc = parse_text(NUMBER_THEN_HEADER)
    (table,) = doc.tables
    assert table.layout == "cell_per_line"
    assert [(r.row_code, r.row_label) for r in table.rows] == [
        ("1", "Sở Y tế"),
        ("2", "Sở Tư pháp"),
        ("3", "Sở Nội vụ"),
    ]
    assert [c.text for c in table.rows[2].cells[2:]] == ["7", "7"]
    dropped = [i.source_line for i in doc.issues if i.code == "page_furniture_dropped"]
    assert dropped == [18]


# Header cells of the kinds the generated and real reports list: groups, their columns
# (names repeated under sibling groups), bare totals, `Trong đó`, a notes column.
_CELL_WORDS = [
    "Tiếp nhận", "Đã giải quyết", "Đang giải quyết", "Kết quả", "Tổng số", "Tổng",
    "Trong đó", "Trực tuyến", "Trực tiếp", "Trước hạn", "Đúng hạn", "Quá hạn",
    "Trong hạn", "Kỳ trước", "Ghi chú", "Tỷ lệ (%)",
]  # fmt: skip


def _plain_layout(cells: tuple[str, ...], leaves: int):
    """The definition: cost every tree `_trees` lists, keep the first cheapest."""
    roles = tuple(headers._cell_role(c) for c in cells)
    labels = tuple(fold(c) for c in cells)
    akin = headers._akin(labels, roles)
    for totals_on_top in (False, True):
        trees = list(islice(headers._trees(roles, labels, leaves, totals_on_top), 400))
        assume(len(trees) < 400)  # below the search's own bound on trees
        if trees:
            best = min(trees, key=lambda t: headers._tree_cost(*t, labels, akin, roles))
            return tuple(headers._leaf_order(*best))
    return None


@given(
    st.lists(st.sampled_from(_CELL_WORDS), min_size=3, max_size=11),
    st.integers(min_value=1, max_value=4),
)
@settings(max_examples=300, deadline=None)
def test_the_pruned_header_tree_search_finds_the_tree_costing_every_tree_finds(
    cells: list[str], spanning: int
) -> None:
    assume(len(cells) - spanning >= 2)
    headers._flat_header_layout.cache_clear()
    found = headers._flat_header_layout(tuple(cells), len(cells) - spanning)
    assert found == _plain_layout(tuple(cells), len(cells) - spanning)


# No row-code column; after the page number the rows go on without the header.
NO_CODE_NO_HEADER = """PHỤ LỤC II
Đơn vị
Tiếp nhận
Đã giải quyết
Tỷ lệ (%)

Sở Nội vụ
48
48
100

Sở Tài chính
2.111
2.000
94,7


3

Sở Y tế
509
500
98,2
"""


def test_rows_without_codes_go_on_after_a_page_number_without_the_header():
    doc = parse_text(NO_CODE_NO_HEADER)
    (table,) = doc.tables
    assert [r.row_label for r in table.rows] == ["Sở Nội vụ", "Sở Tài chính", "Sở Y tế"]
    assert [c.text for c in table.rows[2].cells] == ["Sở Y tế", "509", "500", "98,2"]
    assert table.columns[4].header_path == ("Tỷ lệ (%)",)
    # A title line before another table's header is no row: two tables.
    title = "\nBiểu 2\nĐơn vị\nTiếp nhận\nĐã giải quyết\nTỷ lệ (%)\n\nSở Y tế\n"
    two = NO_CODE_NO_HEADER.replace("\nSở Y tế\n", title) + "\nSở Xây dựng\n7\n7\n100\n"
    assert [t.line_start for t in parse_text(two).tables] == [2, 21]


# The header printed again has two columns swapped under their group; its column codes
# stay in order.
SWAPPED_WITH_CODES = """PHỤ LỤC
TT
Đơn vị
Hồ sơ
Tiếp nhận
Đã giải quyết
Tỷ lệ (%)
A
B
(1)
(2)
(3)

1
Sở Y tế
120
118
98,3

2
Sở Tư pháp
40
38
95


Trang 2/2

TT
Đơn vị
Hồ sơ
Tiếp nhận
Tỷ lệ (%)
Đã giải quyết
A
B
(1)
(2)
(3)

3
Sở Nội vụ
50
99
49
"""


def test_columns_swapped_in_a_header_printed_again_with_column_codes_are_read_in_place():
    doc = parse_text(SWAPPED_WITH_CODES)
    (table,) = doc.tables
    by_path = {table.columns[c.column_index].header_path: c.text for c in table.rows[2].cells}
    assert by_path[("Hồ sơ", "Đã giải quyết")] == "49"
    assert by_path[("Hồ sơ", "Tỷ lệ (%)")] == "99"
    (issue,) = [i for i in doc.issues if i.code == "repeated_header_differs"]
    assert "[0, 2, 1]" in issue.message


# The header printed again misspells its spanning cells differently over each column, so
# it prints them once a column (and more lines than the first header has).
SPLIT_SPANNING = """PHỤ LỤC
STT
Đơn vị
Tỷ lệ cung cấp DVC trực tuyến
Tỷ lệ thanh toán trực tuyến
Ngày 30/11
Ngày 31/12
Tăng/Giảm
Ngày 30/11
Ngày 31/12
Tăng/Giảm

1
Sở Y tế
73,7
74
0,3
50
51
1

2
Sở Tư pháp
100
100
0
90
91
1


6

STT
Đơn vị
Tỷ lệ cung cấp DVC trực tuyến
Tỷ lệ cung cấp DVC thực tuyến
Tỉ lệ cung cấp DVC trực tuyến
Tỉ lệ thanh toán trực tuyến
Tỷ lệ thanh toán trực tuyến
Tỷ lệ thanh toán thực tuyến
Ngay 30/11
Ngày 31/12
Tăng/Giảm
Ngày 30/11
Ngay 31/12
Tăng/Giảm

3
Sở Nội vụ
98,5
97,4
-1,1
60
62
2
"""

PROVIDED, PAID = "Tỷ lệ cung cấp DVC trực tuyến", "Tỷ lệ thanh toán trực tuyến"


def test_a_spanning_cell_printed_again_once_a_column_is_read_under_the_first_header():
    doc = parse_text(SPLIT_SPANNING)
    (table,) = doc.tables
    subs = ("Ngày 30/11", "Ngày 31/12", "Tăng/Giảm")
    assert [c.header_path for c in table.columns[2:]] == [
        *((PROVIDED, s) for s in subs),
        *((PAID, s) for s in subs),
    ]
    assert [c.text for c in table.rows[2].cells] == [
        "3", "Sở Nội vụ", "98,5", "97,4", "-1,1", "60", "62", "2"
    ]  # fmt: skip
    assert [c.column_index for c in table.rows[2].cells] == list(range(8))
    assert [i.code for i in doc.issues if i.code.startswith("repeated")] == [
        "repeated_header_differs"
    ]


# Rows without codes nor separators: the first row's label follows the header's last
# cell directly, under the first header and under the header printed again.
NO_SEPARATORS = """PHỤ LỤC
Đơn vị
Tiếp nhận
Đã giải quyết
Tỷ lệ (%)
Sở Nội vụ
48
48
100
Sở Tài chính
2.111
2.000
94,7
Trang 2
Đơn vị
Tiếp nhận
Đã giải quyết
Tỷ lệ (%)
Sở Y tế
509
500
98,2
Sở Xây dựng
7
7
100
"""


def test_a_first_row_label_right_under_the_header_is_a_row_not_a_header_cell():
    doc = parse_text(NO_SEPARATORS)
    (table,) = doc.tables
    assert [c.header_path for c in table.columns[2:]] == [
        ("Tiếp nhận",),
        ("Đã giải quyết",),
        ("Tỷ lệ (%)",),
    ]
    assert [r.row_label for r in table.rows] == [
        "Sở Nội vụ", "Sở Tài chính", "Sở Y tế", "Sở Xây dựng"
    ]  # fmt: skip
    assert [c.text for c in table.rows[2].cells] == ["Sở Y tế", "509", "500", "98,2"]


def test_a_bare_total_beside_a_group_name_does_not_tie_them_into_one_group():
    # Row 1: two groups; row 2: four columns of the first, two groups of the second;
    # row 3: their columns. `Tổng số` shares the word `số` with `Số hồ sơ đang giải
    # quyết`, which once made that group a sub-column of `Nộp trực tuyến`.
    cells = [
        "Tổng số hồ sơ tiếp nhận", "Kết quả giải quyết",
        "Tổng số", "Nộp trực tuyến", "Trực tiếp, bưu chính", "Từ kỳ trước chuyển sang",
        "Đã xử lý", "Số hồ sơ đang giải quyết",
        "Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn",
        "Tổng số", "Chưa đến hạn", "Trễ hạn",
    ]  # fmt: skip
    paths = headers.flat_header_paths(cells, 11)
    assert paths[:4] == [(cells[0], c) for c in cells[2:6]]
    assert paths[4:8] == [(cells[1], "Đã xử lý", c) for c in cells[8:12]]
    assert paths[8:] == [(cells[1], "Số hồ sơ đang giải quyết", c) for c in cells[12:]]


# A section's heading row (code and label, no values) closes the page; the header is
# printed again on the next one.
HEADING_AT_THE_BREAK = """PHỤ LỤC
STT
Chỉ tiêu
Đơn vị tính
Số liệu

I
Công tác chỉ đạo

1
Số văn bản đã ban hành
Văn bản
340

2
Số nhiệm vụ đã hoàn thành
Nhiệm vụ
35

II
Cải cách thể chế


Trang 2/3

STT
Chỉ tiêu
Đơn vị tính
Số liệu

1
Số văn bản đã kiểm tra
Văn bản
41

2
Số văn bản đã xử lý
Văn bản
39
"""


def test_a_section_heading_right_before_a_page_break_keeps_the_table_going():
    doc = parse_text(HEADING_AT_THE_BREAK)
    (table,) = doc.tables
    assert [(r.row_code, r.row_kind) for r in table.rows] == [
        ("I", "section"), ("1", "data"), ("2", "data"),
        ("II", "section"), ("1", "data"), ("2", "data"),
    ]  # fmt: skip
    assert [c.text for c in table.rows[4].cells] == ["1", "Số văn bản đã kiểm tra", "Văn bản", "41"]
    # Without the page break the next header opens another table.
    two = HEADING_AT_THE_BREAK.replace("Trang 2/3\n", "Biểu 2\n")
    assert len(parse_text(two).tables) == 2


def test_a_page_number_alone_between_blank_lines_is_no_row_code_before_a_section():
    # `3` could follow row 2, but a row's code sits right above its label.
    text = HEADING_AT_THE_BREAK.replace("II\nCải cách thể chế\n\n\nTrang 2/3\n\n", "")
    text = text.replace(
        "STT\nChỉ tiêu\nĐơn vị tính\nSố liệu\n\n1\nSố văn bản đã kiểm tra",
        "II\nCải cách thể chế\n\n1\nSố văn bản đã kiểm tra",
    )
    text = text.replace("35\n\n", "35\n\n\n3\n\n", 1)
    doc = parse_text(text)
    (table,) = doc.tables
    assert [(r.row_code, r.row_kind) for r in table.rows] == [
        ("I", "section"), ("1", "data"), ("2", "data"),
        ("II", "section"), ("1", "data"), ("2", "data"),
    ]  # fmt: skip
    dropped = [i.message for i in doc.issues if i.code == "page_furniture_dropped"]
    assert len(dropped) == 1 and "'3'" in dropped[0]


def test_the_last_row_keeps_its_unit_and_note_printed_after_its_value():
    # Under the header printed again the unit column comes after the value: the table's
    # last row ends with two text cells.
    head = "STT\nChỉ tiêu\n{}\nGhi chú\n\n"
    rows = "{c}\nSố văn bản {c}\n{}\n{}\nLũy kế\n\n"
    text = head.format("Đơn vị tính\nSố liệu") + rows.format("Văn bản", "340", c=1)
    text += rows.format("Văn bản", "35", c=2) + "\nTrang 2/3\n\n"
    text += head.format("Số liệu\nĐơn vị tính") + rows.format("41", "Văn bản", c=3)
    text += rows.format("39", "Văn bản", c=4) + "\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    doc = parse_text(text)
    (table,) = doc.tables
    by_path = {table.columns[c.column_index].header_path: c.text for c in table.rows[-1].cells}
    assert by_path == {
        ("STT",): "4",
        ("Chỉ tiêu",): "Số văn bản 4",
        ("Đơn vị tính",): "Văn bản",
        ("Số liệu",): "39",
        ("Ghi chú",): "Lũy kế",
    }


def test_a_row_going_on_after_a_page_number_is_judged_by_the_last_row_code_not_a_value():
    # The last row's value `9` sits above its note: it is no row code, so row `3` after
    # the page number follows row `2`.
    text = (
        "STT\nChỉ tiêu\nĐơn vị tính\nSố liệu\nGhi chú\n\n"
        "I\nCông tác chỉ đạo\n\n"
        "1\nSố văn bản\nVăn bản\n12\n\n"
        "2\nSố lượng DVC\nDVC\n9\nƯớc tính\n\n\n2\n\n"
        "3\nTỷ lệ DVC có hồ sơ\n%\n78,9\n\n"
        "4\nSố tài khoản\nTài khoản\n21.302\nLũy kế\n"
    )
    doc = parse_text(text)
    (table,) = doc.tables
    assert [r.row_code for r in table.rows] == ["I", "1", "2", "3", "4"]
    assert [i.code for i in doc.issues if i.code == "page_furniture_dropped"] == [
        "page_furniture_dropped"
    ]


def test_a_blank_note_is_left_out_where_the_header_printed_again_has_the_note_column():
    # The header printed again has `Ghi chú` before `Số liệu`; a row without a note has
    # its number under `Số liệu`, not under the note.
    head = "STT\nChỉ tiêu\nĐơn vị tính\n{}\n\n"
    text = head.format("Số liệu\nGhi chú")
    text += "1\nSố văn bản\nVăn bản\n12\nLũy kế\n\n2\nSố nhiệm vụ\nNhiệm vụ\n7\nƯớc tính\n\n"
    text += "\nTrang 2/2\n\n" + head.format("Ghi chú\nSố liệu")
    text += "3\nSố hồ sơ\nHồ sơ\n5.222\n\n4\nTỷ lệ đúng hạn\n%\nLũy kế\n88,8\n"
    doc = parse_text(text)
    (table,) = doc.tables
    by_path = [
        {table.columns[c.column_index].header_path: c.text for c in r.cells[2:]}
        for r in table.rows[2:]
    ]
    assert by_path == [
        {("Đơn vị tính",): "Hồ sơ", ("Số liệu",): "5.222"},
        {("Đơn vị tính",): "%", ("Số liệu",): "88,8", ("Ghi chú",): "Lũy kế"},
    ]
