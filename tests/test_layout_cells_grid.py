"""One cell a line read as a grid: cells apart (blank lines between cells) and cell pieces
(a rank over its index, a label glued to the next cell), and text that must stay prose."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.model import Table
from ingest.parser import parse_text
from ingest.tables_cells_pieces import split_header_line
from reportgen import clean_options, generate, plan_corpus

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"


def _fixture(name: str) -> str:
    return (LAYOUTS / name).read_text(encoding="utf-8")


def _grid(table: Table) -> list[tuple]:
    return [
        (
            r.row_code,
            r.row_label,
            r.row_kind,
            [(c.column_index, c.text, c.source_line) for c in r.cells],
        )
        for r in table.rows
    ]


def test_cells_apart_with_a_wrapped_header_a_section_empty_cells_and_a_tie():
    doc = parse_text(_fixture("cell_per_line_apart.txt"))
    (table,) = doc.tables
    assert (table.layout, table.line_start, table.line_end) == ("cell_per_line", 4, 57)
    assert [c.header_path for c in table.columns] == [
        ("STT",),
        ("Cơ quan, đơn vị được đánh giá",),  # one cell printed over two lines
        ("Điểm đạt",),
        ("Xếp hạng (chỉ số)",),
        ("Ghi chú",),
    ]
    assert _grid(table) == [
        ("I", "Khối sở, ngành", "section", [(0, "I", 16), (1, "Khối sở, ngành", 18)]),
        (
            "1",
            "Sở Tư pháp",
            "data",
            [(0, "1", 23), (1, "Sở Tư pháp", 25), (2, "91,25", 27), (3, "01 (0,913)", 29)],
        ),
        (
            "2",
            "Sở Nông nghiệp và Phát triển nông thôn",  # a label over two lines
            "data",
            [
                (0, "2", 32),
                (1, "Sở Nông nghiệp và Phát triển nông thôn", 34),
                (2, "88,40", 37),
                (3, "02 (0,884)", 39),
                (4, "Tăng 2 bậc", 41),
            ],
        ),
        (  # a tie: the same rank and index as the row above
            "3",
            "Sở Y tế",
            "data",
            [(0, "3", 43), (1, "Sở Y tế", 45), (2, "88,40", 47), (3, "02 (0,884)", 49)],
        ),
        (  # the score left empty: one blank line more before the rank
            "4",
            "Sở Xây dựng",
            "data",
            [(0, "4", 52), (1, "Sở Xây dựng", 54), (3, "04 (0,850)", 57)],
        ),
    ]
    assert table.caption == "Phụ lục KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"
    assert doc.blocks[-1].text.startswith("Trên đây là kết quả xếp hạng")


def test_cell_pieces_under_a_one_line_header_with_glued_labels_and_a_tie():
    doc = parse_text(_fixture("cell_per_line_pieces.txt"))
    (table,) = doc.tables
    assert (table.layout, table.line_start, table.line_end) == ("cell_per_line", 7, 30)
    assert [c.header_path for c in table.columns] == [
        ("Thứ hạng PAR",),
        ("Sở, ban, ngành",),
        ("Thứ hạng SIPAS",),
        ("Thứ hạng DDCI",),
    ]
    assert [(r.row_code, r.row_label) for r in table.rows] == [
        ("1", "Sở Tư pháp"),
        ("2", "Sở Y tế"),
        ("2", "Sở Nội vụ"),  # a tie
        ("4", "Sở Xây dựng"),
    ]
    assert _grid(table)[0][3] == [
        (0, "1 (0,912)", 8),
        (1, "Sở Tư pháp", 10),
        (2, "2 (0,887)", 10),  # glued to the label on line 10, its index on line 11
        (3, "1 (0,901)", 12),
    ]
    # The counter above the table ("12" / "(7/2023)") and the note below stay prose.
    texts = [b.text for b in doc.blocks]
    assert "Số liệu cập nhật 12 (7/2023)" in texts[0]
    assert texts[-1].startswith("Các chỉ số được cập nhật hằng tháng")


def test_a_header_line_splits_at_its_repeated_opening_words():
    assert split_header_line(
        "Xếp hạng DTI Tỉnh, thành phố Xếp hạng CQS Xếp hạng KTS Xếp hạng XHS"
    ) == ["Xếp hạng DTI", "Tỉnh, thành phố", "Xếp hạng CQS", "Xếp hạng KTS", "Xếp hạng XHS"]
    assert split_header_line("STT Đơn vị Tiếp nhận Đã giải quyết") is None
    # An opening said twice is no run of parallel columns.
    assert split_header_line("Xếp hạng chung và Xếp hạng riêng của tỉnh") is None


NOT_TABLES = {
    "a numbered plan under a header, no values": (
        "TT\n\nNội dung\n\nThời gian\n\n1\n\nRà soát thủ tục hành chính\n\nQuý I\n\n"
        "2\n\nCông khai kết quả giải quyết\n\nQuý II\n\n3\n\nTổng kết\n\nQuý IV\n"
    ),
    "a distribution list apart": (
        "Nơi nhận:\n\nĐơn vị\n\nSở Tư pháp\n\nSở Y tế\n\nUBND huyện\n\nLưu: VT\n"
    ),
    "page counters with an index piece and no header": (
        "86\n\nXếp hạng chỉ số EGDI\n(EGDI 2020)\n\nTỷ lệ hồ sơ trực tuyến\n(7/2022)\n\n"
        "Điểm\n(0,6419)\n"
    ),
    "a header-like line over pieces that fill no row": (
        "Xếp hạng A Đơn vị Xếp hạng B Xếp hạng C\n1\n(0,5)\nSở Tư pháp\n2\n"
    ),
    "a header apart over prose": (
        "STT\n\nNội dung\n\nKết quả\n\n1\n\nTrong kỳ, các cơ quan đã tổ chức rà soát, đơn giản"
        " hóa thủ tục hành chính theo kế hoạch của Ủy ban nhân dân tỉnh năm 2024.\n\n12\n"
    ),
}


@pytest.mark.parametrize("text", NOT_TABLES.values(), ids=NOT_TABLES.keys())
def test_near_misses_are_not_tables(text: str):
    assert parse_text(text).tables == []


def test_generated_cells_apart_tables_are_read_cell_for_cell_without_noise():
    opts = clean_options(layouts=("cell_per_line",))
    checked = 0
    for plan in plan_corpus(5, 12, opts):
        text, truth = generate(plan, opts)
        doc = parse_text(text)
        for t in truth["tables"]:
            if t["layout_variant"] != "cells_apart":
                continue
            table = next(p for p in doc.tables if p.line_start == t["header_lines"][0])
            printed = {
                (r.row_index, c.column_index - (len(table.columns) - len(t["columns"]))): c.text
                for r in table.rows
                for c in r.cells
            }
            want = {(c["row_index"], c["column_index"]): c["text"] for c in t["cells"] if c["text"]}
            got = {key: printed.get(key) for key in want}
            assert got == want, plan
            assert len(table.rows) == len(t["rows"])
            checked += 1
    assert checked >= 3
