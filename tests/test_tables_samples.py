"""Golden tests on the four bundled reports: every table found, with its rows and header paths."""

from __future__ import annotations

import re

import pytest

from ingest.literals import parse_literal

from .conftest import FIXTURES

# (layout, data rows incl. section and totals rows, first line) for every table of every report.
EXPECTED_TABLES = {
    "000": [("tsv", 18, 267), ("tsv", 19, 295), ("tsv", 10, 320), ("tsv", 29, 341)],
    "001": [("tsv", 23, 128), ("tsv", 33, 163)],
    "002": [("tsv", 151, 323)],
    "003": [
        ("pdf_text", 42, 11),
        ("pdf_text", 26, 116),
        ("pdf_text", 19, 158),
        ("pdf_text", 9, 215),
        ("pdf_text", 18, 256),
        ("pdf_text", 9, 313),
        ("pdf_text", 10, 352),
    ],
}

DOSSIER_HEADER = [
    "STT",
    "Tên đơn vị",
    "Tổng hồ sơ nhận giải quyết > Tổng số",
    "Tổng hồ sơ nhận giải quyết > Trong đó > Thực tuyến",
    "Tổng hồ sơ nhận giải quyết > Trong đó > Thực tiếp, qua BCCI",
    "Tổng hồ sơ nhận giải quyết > Kỳ trước chuyên sang",
    "Kết quả giải quyết > Số hồ sơ đã giải quyết > Tổng số",
    "Kết quả giải quyết > Số hồ sơ đã giải quyết > Trước hạn",
    "Kết quả giải quyết > Số hồ sơ đã giải quyết > Đúng hạn",
    "Kết quả giải quyết > Số hồ sơ đã giải quyết > Quá hạn",
    "Kết quả giải quyết > Số hồ sơ đang giải quyết > Tổng số",
    "Kết quả giải quyết > Số hồ sơ đang giải quyết > Trong hạn",
    "Kết quả giải quyết > Số hồ sơ đang giải quyết > Quá hạn",
]
ONLINE_HEADER = [
    "TT",
    "Đơn vị",
    "Số hồ sơ DVC trực tuyến toàn trình được xử lý trực tuyến",
    "Số hồ sơ DVC trực tuyến toàn trình được xử lý trực tiếp",
    "Tổng số hồ sơ DVC trực tuyến toàn trình (xử lý trực tuyến và trực tiếp)",
    "Tỷ lệ hồ sơ được xử lý trực tuyến toàn trình (%)",
]
INDICATOR_HEADER_001 = [
    "STT",
    "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)",
    "Kết quả thống kê > Đơn vị tính",
    "Kết quả thống kê > Số liệu",
    "Ghi chú",
]
EXPECTED_HEADERS = {
    ("000", 0): ["STT", "Chỉ tiêu", "Kết quả ước tính Quý I/2024", "Đánh giá"],
    ("000", 1): ONLINE_HEADER,
    ("000", 2): ONLINE_HEADER,
    ("000", 3): DOSSIER_HEADER,
    ("001", 0): ["STT", "NỘI DUNG VĂN BẢN"],
    ("001", 1): INDICATOR_HEADER_001,
    ("002", 0): [
        "STT",
        "Chỉ tiêu thống kê",
        "Kết quả thống kê > Đơn vị tính",
        "Kết quả thống kê > Số liệu",
        "Ghi chú",
    ],
    ("003", 0): [
        "Số TT",
        "Nội dung",
        "Thống kê trên Cổng dịch vụ công quốc gia ngày 30/9/2023 > Số liệu",
        "Thống kê trên Cổng dịch vụ công quốc gia ngày 30/9/2023 > Tỷ lệ (%)",
        "Thống kê trên Cổng dịch vụ công quốc gia ngày 31/10/2023 > Số liệu",
        "Thống kê trên Cổng dịch vụ công quốc gia ngày 31/10/2023 > Tỷ lệ (%)",
        "Tăng (+)/Giảm (-) so với ngày 30/9/2023",
    ],
    ("003", 1): [
        "Số TT",
        "Đơn vị",
        "Số lượng hồ sơ quá hạn ngày 30/9/2023",
        "Số lượng hồ sơ quá hạn ngày 31/10/2023",
        "Tăng (+)/Giảm (-) so với ngày 30/9/2023",
    ],
    ("003", 2): [
        "Số TT",
        "Đơn vị",
        "Tỷ lệ cung cấp DVC trực tuyến ngày 30/9/2023 (%)",
        "Tỷ lệ cung cấp DVC trực tuyến ngày 31/10/2023 (%)",
        "Tăng (+)/Giảm(-) so với ngày 30/9/2023 (%)",
    ],
    ("003", 4): [
        "Số TT",
        "Đơn vị",
        "Tỷ lệ thanh toán trực tuyến ngày 30/9/2023 (%)",
        "Tỷ lệ thanh toán trực tuyến ngày 31/10/2023 (%)",
        "Tăng (+)/Giảm(-) so với ngày 30/9/2023 (%)",
    ],
    ("003", 6): [
        "Số TT",
        "Địa phương",
        "Thống kê trên Cổng dịch vụ công quốc gia ngày 30/9/2023 > Đã triển khai",
        "Thống kê trên Cổng dịch vụ công quốc gia ngày 30/9/2023 > Số lượng hoàn thành",
        "Thống kê trên Cổng dịch vụ công quốc gia ngày 31/10/2023 > Đã triển khai",
        "Thống kê trên Cổng dịch vụ công quốc gia ngày 31/10/2023 > Số lượng hoàn thành",
        "Tăng (+)/Giảm(-) so với ngày 30/9/2023",
    ],
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED_TABLES))
def test_every_table_is_found_with_its_row_count(parsed, prefix):
    found = [(t.layout, len(t.rows), t.line_start) for t in parsed[prefix].tables]
    assert found == EXPECTED_TABLES[prefix]


@pytest.mark.parametrize(("prefix", "index"), sorted(EXPECTED_HEADERS))
def test_header_paths(parsed, prefix, index):
    table = parsed[prefix].tables[index]
    assert [" > ".join(c.header_path) for c in table.columns] == EXPECTED_HEADERS[(prefix, index)]


def test_column_codes_are_recorded(parsed):
    codes = [c.column_code for c in parsed["000"].tables[1].columns]
    assert codes == ["A", "B", "(1)", "(2)", "(3) = (1)+(2)", "(4) = (1)/(3)*100"]


def test_dossier_table_yields_every_unit_row_with_eleven_numbers(parsed):
    table = parsed["000"].tables[3]
    units = [r for r in table.rows if r.row_kind == "data"]
    codes = [int(r.row_code) for r in units]
    # Row numbers skip from 21 to 25 in the source; the rows after the page break are all there.
    assert codes == [*range(1, 22), *range(25, 32)]
    for row in units:
        values = [c for c in row.cells if c.column_index >= 2]
        assert [c.column_index for c in values] == list(range(2, 13)), row.row_label
        assert all(parse_literal(c.text).kind == "integer" for c in values), row.row_label
    assert units[-1].row_label == "Huyện Định Hóa"
    assert [c.text for c in units[21].cells[:3]] == ["25", "Thành phố Yên Yên", "6.940"]
    totals = [r for r in table.rows if r.row_kind == "total"]
    assert len(totals) == 1 and totals[0].cells[1].text == "97.407"


def test_page_break_header_repeat_is_merged_and_both_headers_kept(parsed):
    doc = parsed["000"]
    table = doc.tables[3]
    assert table.page_breaks_merged == 1
    assert len(table.header_variants) == 1
    variant = table.header_variants[0]
    assert " > ".join(variant[3].header_path) == "Trong đó > Trực tiếp, Trục qua BCCI"
    assert " > ".join(variant[4].header_path) == "Trong đó > Trực tuyến"
    assert [c.column_code for c in variant][:4] == ["A", "B", "(1)", "(2)"]
    rows_after_break = [r for r in table.rows if r.header_variant == 1]
    assert rows_after_break[0].row_code == "15"
    differs = [i for i in doc.issues if i.code == "repeated_header_differs"]
    assert len(differs) == 1 and differs[0].source_line == 360


def test_row_continued_after_page_break_is_one_row(parsed):
    table = parsed["001"].tables[1]
    last = table.rows[-1]
    assert last.row_code == "6.5.2"
    label = next(c for c in last.cells if c.column_index == 1)
    assert label.text.endswith("trên Cổng DVC quốc gia hoặc trên Cổng DVC của tỉnh.")
    assert label.continuation_lines == (204,)
    assert table.page_breaks_merged == 2


def test_section_headings_between_rows_are_section_rows(parsed):
    table = parsed["002"].tables[0]
    sections = [(r.row_code_norm, r.source_line) for r in table.rows if r.row_kind == "section"]
    assert [s for s, _ in sections] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    by_code = {(r.section_code, r.row_code_norm): r for r in table.rows}
    assert by_code[("VII", "6.1")].row_label == "Tỷ lệ DVCTT toàn trình đủ điều kiện"
    assert by_code[("III", "3.1")].cells[-1].text == "99,80"


def test_row_codes_are_separated_from_labels(parsed):
    rows = parsed["003"].tables[0].rows
    assert [(r.row_code, r.row_code_norm) for r in rows[:4]] == [
        ("I", "I"),
        ("1,1", "1.1"),
        ("1,2", "1.2"),
        ("a)", "a"),
    ]
    assert rows[1].row_label == "Số TTHC công khai trên Cổng DVC quốc gia/tổng số TTHC"


def _grid(table) -> list[list[str]]:
    width = len(table.columns)
    out = []
    for row in table.rows:
        cells = [""] * width
        for c in row.cells:
            cells[c.column_index] = c.text
        out.append(cells)
    return out


def _read_tab_fixture() -> dict[int, list[list[str]]]:
    tables: dict[int, list[list[str]]] = {}
    current = None
    for line in (FIXTURES / "003_tables_as_tsv.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^## table (\d+)$", line)
        if m:
            current = int(m.group(1))
            tables[current] = []
        elif line.strip() and current is not None:
            tables[current].append(line.split("\t"))
    return tables


def test_space_separated_tables_give_the_tab_separated_grid(parsed):
    """003 is PDF text; a hand-made tab-separated copy of its tables is the expected grid."""
    expected = _read_tab_fixture()
    doc = parsed["003"]
    assert sorted(expected) == list(range(len(doc.tables)))
    for index, table in enumerate(doc.tables):
        got = _grid(table)
        want = [row + [""] * (len(table.columns) - len(row)) for row in expected[index]]
        assert got == want, f"table {index}"


def test_snapshot_dates_and_data_periods_are_read(parsed):
    t003 = parsed["003"].tables[1]
    assert [d.isoformat() for d in t003.snapshot_dates] == ["2023-09-30", "2023-10-31"]
    t000 = parsed["000"].tables[1]
    assert (t000.data_period_start.isoformat(), t000.data_period_end.isoformat()) == (
        "2024-01-01",
        "2024-02-28",
    )
    assert t000.appendix_label == "PHỤ LỤC II"
    assert "3371-BC/BCSD" in t000.parent_citation
    assert parsed["000"].tables[2].appendix_label == "PHỤ LỤC II"
    assert parsed["000"].tables[3].appendix_label == "PHỤ LỤC III"


def test_malformed_literal_is_flagged_with_its_line(parsed):
    issues = [i for i in parsed["003"].issues if i.code == "doubled_group_separator"]
    assert [(i.source_line, i.table_index) for i in issues] == [(380, 6)]


# The structure the parser gives each sample (tables without the metadata annotations,
# blocks), as SHA-256 of its canonical JSON. A new layout or a more general detector must
# leave the samples exactly as they were; a deliberate change updates these digests.
_SAMPLE_DIGESTS = {
    "000": "62fe4980dcfcff4b3d80e40e3a61db8a75754a7c880b9bdb03a41fdb1622925a",
    "001": "2b8b6c128d491b476b8668b6e46dd1aa037ad0e932f587f92760f2b07fc9d492",
    "002": "5b78e538f97ca1cb7ddc0e429f60025c2cdaf722121e562267bea1b4eedcb862",
    "003": "54689feab35753b044e8219b29a768bb8a9be24b7256cbd9968335c4407071df",
}
_ANNOTATIONS = (
    "caption",
    "appendix_label",
    "parent_citation",
    "data_period_as_printed",
    "data_period_start",
    "data_period_end",
    "snapshot_dates",
)


def _structure_digest(doc) -> str:
    import dataclasses
    import hashlib
    import json

    d = dataclasses.asdict(doc)
    tables = [{k: v for k, v in t.items() if k not in _ANNOTATIONS} for t in d["tables"]]
    payload = {"tables": tables, "blocks": d["blocks"], "line_count": d["line_count"]}
    text = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def test_samples_parse_exactly_as_before(parsed):
    got = {prefix: _structure_digest(doc) for prefix, doc in parsed.items()}
    assert got == _SAMPLE_DIGESTS
