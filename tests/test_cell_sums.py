"""Short rows of a one-cell-a-line copy placed by the sums their table's full rows keep."""

from __future__ import annotations

from ingest.cell_sums import Sum, learn_sums, place_by_sums
from ingest.parser import parse_text

# Online | offline | total | rate: the total is the sum of the two columns before it.
FULL = [[254, 1, 255, 99.6], [100, 25, 125, 80], [17, 0, 17, 100]]


def test_a_total_beside_its_parts_is_learnt_from_the_full_rows():
    assert learn_sums(FULL, 4) == [Sum(2, (0, 1))]
    # One full row with a non-zero total is not enough; zeros prove nothing.
    assert learn_sums(FULL[:1], 4) == []
    assert learn_sums([[0, 0, 0, 0], [0, 0, 0, 0], [5, 5, 9, 1]], 4) == []


def test_a_short_row_goes_where_it_keeps_the_sums_else_where_its_kinds_put_it():
    sums = [Sum(2, (0, 1))]
    # 200 online, offline left out, total 200, rate 100: by kind 200 | 200 | 100 fill the
    # first three columns and break the sum.
    assert place_by_sums([200, 200, 100], 4, sums, [0, 1, 2]) == [0, 2, 3]
    # A row that keeps the sums as placed by kind stays; a text value leaves it alone.
    assert place_by_sums([5, 2, 7], 4, sums, [0, 1, 2]) == [0, 1, 2]
    assert place_by_sums([5, None, 7], 4, sums, [0, 1, 2]) == [0, 1, 2]
    assert place_by_sums([200, 200, 100], 4, [], [0, 1, 2]) == [0, 1, 2]


TABLE = """PHỤ LỤC
STT
Đơn vị
Xử lý trực tuyến
Xử lý trực tiếp
Tổng số
Tỷ lệ (%)

1
Sở Nội vụ
254
1
255
99,6

2
Sở Xây dựng
100
25
125
80

3
Ban Quản lý các Khu công nghiệp
200
200
100

4
Sở Tài chính
17
0
17
100
"""


def test_an_empty_cell_left_out_of_a_copy_is_found_by_the_total_beside_it():
    doc = parse_text(TABLE)
    (table,) = doc.tables
    row = table.rows[2]
    assert [(c.column_index, c.text) for c in row.cells[2:]] == [(2, "200"), (4, "200"), (5, "100")]
    (issue,) = [i for i in doc.issues if i.code == "values_aligned_by_kind"]
    assert issue.message.endswith("placed in columns 2, 4, 5")
