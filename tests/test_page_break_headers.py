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
