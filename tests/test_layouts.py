"""Small fixtures for each table layout, and the stages in isolation."""

from __future__ import annotations

from ingest.headers import header_paths
from ingest.parser import parse_text
from ingest.rowcodes import parse_row_code, split_leading_code
from ingest.tables_pdf import header_columns, header_segments, split_values

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
