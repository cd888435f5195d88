"""Tab and pipe tables that go on after a page break: headers printed again, rows that
go on without one."""

from __future__ import annotations

from ingest.parser import parse_text

# No row-code column: the header opens with `Đơn vị`. Printed again after the page
# number with its last two columns swapped.
TSV_WORD_HEADER_AGAIN = (
    "Đơn vị\tTiếp nhận\tĐã giải quyết\tTỷ lệ (%)\n"
    "Sở Nội vụ\t48\t47\t97,9\n"
    "Sở Tư pháp\t20\t20\t100\n"
    "\n5\n\n"
    "Đơn vị\tTiếp nhận\tTỷ lệ (%)\tĐã giải quyết\n"
    "Sở Y tế\t50\t98\t49\n"
    "Sở Xây dựng\t10\t90\t9\n"
)


def test_a_word_header_printed_again_in_another_order_is_a_header_of_the_same_table():
    doc = parse_text(TSV_WORD_HEADER_AGAIN)
    (table,) = doc.tables
    assert [r.row_label for r in table.rows] == [
        "Sở Nội vụ",
        "Sở Tư pháp",
        "Sở Y tế",
        "Sở Xây dựng",
    ]
    row = table.rows[2]
    cols = table.header_variants[row.header_variant - 1] if row.header_variant else table.columns
    paths = {c.column_index: c.header_path for c in cols}
    assert {paths[c.column_index]: c.text for c in row.cells[1:]} == {
        ("Tiếp nhận",): "50",
        ("Tỷ lệ (%)",): "98",
        ("Đã giải quyết",): "49",
    }
    assert "repeated_header_differs" in [i.code for i in doc.issues]


# Rows numbered by a bullet; a section row (`II`) closes the page, its rows go on after
# the page number with the bullet and no header.
PIPE_BULLETS_AFTER_SECTION = """| STT | Đơn vị | Tiếp nhận | Đã giải quyết |
|---|---|---|---|
| I | Sở, ban, ngành | | |
| - | Sở Y tế | 12 | 11 |
| - | Sở Tư pháp | 9 | 9 |
| II | Các huyện |

Trang 2/3

| - | Huyện Đại Từ | 7 | 6 |
| - | Huyện Phú Lương | 5 | 5 |
"""


def test_bulleted_rows_go_on_after_a_page_break_that_follows_a_section_row():
    doc = parse_text(PIPE_BULLETS_AFTER_SECTION)
    (table,) = doc.tables
    assert [(r.row_code, r.row_label) for r in table.rows][-3:] == [
        ("II", "Các huyện"),
        ("-", "Huyện Đại Từ"),
        ("-", "Huyện Phú Lương"),
    ]
    assert table.columns[3].header_path == ("Đã giải quyết",)
    assert [c.text for c in table.rows[-1].cells] == ["-", "Huyện Phú Lương", "5", "5"]
