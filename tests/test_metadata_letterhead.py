"""Letterheads as web pages print them, and where a report's province may (not) come from.

Hand-written pages in the shapes of tests/fixtures/real: a letterhead flattened into lines with
lone "|" / "-------" lines between its cells, a place name broken over the line break, a
national ranking that names many provinces and no issuer, and near-misses of each.
"""

from __future__ import annotations

from datetime import date

import pytest

from ingest.letterhead import letterhead_pieces
from ingest.model import Block
from ingest.parser import parse_text
from ingest.provinces import prefixed_provinces
from reportgen.report import generate, plan_corpus


def meta(text: str):
    doc = parse_text(text)
    return doc.metadata, {i.code for i in doc.issues}


def _packed(issuer: list[str], place: list[str], title: list[str], number: str = "88/BC-UBND"):
    """A letterhead copied from a web page: its cells one after another, "|" between them."""
    lines = [*issuer, "-------", "|", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    lines += ["Độc lập - Tự do - Hạnh phúc", "---------------", "|", f"Số: {number}", "|"]
    lines += [*place, "|", "BÁO CÁO", *title]
    lines += ["Thực hiện Công văn số 581/BNV-CCHC ngày 21/02/2022 của Bộ Nội vụ, báo cáo như sau:"]
    return "\n".join(lines) + "\n\nI. KẾT QUẢ\n\nCông tác chỉ đạo được quan tâm.\n"


@pytest.mark.parametrize(
    ("issuer", "place", "province", "printed_place"),
    [
        # the place name broken after its first word, the rest in lower case ...
        (
            ["ỦY", "BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"],
            ["Thành", "phố Hồ Chí Minh, ngày 30 tháng 3 năm 2020"],
            "Hồ Chí Minh",
            "Thành phố Hồ Chí Minh",
        ),
        # ... or in capitalised words
        (
            ["UBND TỈNH THÁI NGUYÊN"],
            ["Thái", "Nguyên, ngày 30 tháng 3 năm 2020"],
            "Thái Nguyên",
            "Thái Nguyên",
        ),
        # not broken
        (
            ["SỞ NỘI VỤ TỈNH NGHỆ AN"],
            ["Nghệ An, ngày 30 tháng 3 năm 2020"],
            "Nghệ An",
            "Nghệ An",
        ),
    ],
)
def test_letterhead_between_lone_separator_lines(issuer, place, province, printed_place):
    m, issues = meta(
        _packed(issuer, place, ["KẾT QUẢ KIỂM SOÁT THỦ TỤC HÀNH CHÍNH QUÝ I NĂM", "2020"])
    )
    assert (m.doc_number, m.issued_date, m.place) == (
        "88/BC-UBND",
        date(2020, 3, 30),
        printed_place,
    )
    assert (m.province, m.province_source) == (province, "issuer")
    # the title is the two lines under "BÁO CÁO", its year on the second: a quarter, not a year
    assert m.title == "KẾT QUẢ KIỂM SOÁT THỦ TỤC HÀNH CHÍNH QUÝ I NĂM 2020"
    assert (m.period_kind, m.period_start, m.period_end) == (
        "quarter",
        date(2020, 1, 1),
        date(2020, 3, 31),
    )
    assert not issues & {"title_missing", "period_missing", "province_missing"}


def test_a_capital_line_above_the_date_is_not_a_broken_place_name():
    # "HÀ NỘI" ends the issuer cell (capitals), it is not the start of the place name.
    text = (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ\n|\nHÀ NỘI\nHà Nội, ngày 5 tháng 4 năm 2024\n|\n"
        "Số: 88/BC-UBND\n|\nBÁO CÁO\nQuý I năm 2024\n"
    )
    m, _ = meta(text)
    assert (m.place, m.issued_date, m.doc_number) == ("Hà Nội", date(2024, 4, 5), "88/BC-UBND")


def test_the_sites_document_card_and_sentence_case_page_title_come_second():
    # A legal-document site prints its own card ("Báo cáo 12/BC-UBND … | Số hiệu: | …") above
    # the document; the title is the one under the capital "BÁO CÁO" of the letterhead.
    card = "Báo cáo 88/BC-UBND năm 2020 kết quả quý I Hà Nội\nSố hiệu:\n|\n88/BC-UBND\n|\n"
    m, _ = meta(
        card
        + _packed(
            ["UBND THÀNH PHỐ HÀ NỘI"], ["Hà Nội, ngày 5 tháng 4 năm 2020"], ["Quý I năm 2020"]
        )
    )
    assert (m.title, m.doc_number, m.period_kind) == ("Quý I năm 2020", "88/BC-UBND", "quarter")


def test_lone_separator_blocks_between_blank_lines_are_skipped():
    text = "\n\n|\n\n".join(
        [
            "UBND TỈNH NGHỆ AN",
            "Số: 12/BC-UBND",
            "Vinh, ngày 5 tháng 4 năm 2024",
            "BÁO CÁO",
            "Kết quả cải cách hành chính quý I năm 2024",
        ]
    )
    m, _ = meta(text + "\n\nKính gửi: Bộ Nội vụ\n")
    assert (m.title, m.province, m.doc_number) == (
        "Kết quả cải cách hành chính quý I năm 2024",
        "Nghệ An",
        "12/BC-UBND",
    )


def test_a_block_without_letterhead_lines_is_not_cut():
    b = Block(0, "paragraph", "BÁO CÁO Quý I năm 2024", "BÁO CÁO\nQuý I năm 2024", 5, 6)
    assert letterhead_pieces(b) == [b]
    packed = Block(0, "paragraph", "", "Số: 1/BC-UBND\n|\nBÁO CÁO\nQuý I\nnăm 2024", 5, 9)
    assert [(p.text, p.line_start, p.line_end) for p in letterhead_pieces(packed)] == [
        ("Số: 1/BC-UBND", 5, 5),
        ("BÁO CÁO", 7, 7),
        ("Quý I năm 2024", 8, 9),
    ]
    # a prose line that starts "<document>, ngày … năm 2024" is no place line: not cut off
    prose = "Số: 1/BC-UBND\n|\nThực hiện Kế hoạch\nsố 12/KH-UBND, ngày 5 tháng 1 năm 2024"
    cut = letterhead_pieces(Block(0, "paragraph", "", prose, 5, 8))
    assert [p.text for p in cut] == [
        "Số: 1/BC-UBND",
        "Thực hiện Kế hoạch số 12/KH-UBND, ngày 5 tháng 1 năm 2024",
    ]


# ---------------------------------------------------------------- national rankings

_RANKING = ["TP. Đà Nẵng", "TP. Hồ Chí Minh", "Quảng Ninh", "Thừa Thiên - Huế", "TP. Cần Thơ"]


def _ranking_page(rows: str) -> str:
    title = "Kết quả xếp hạng chỉ số chuyển đổi số của các tỉnh, thành phố trực thuộc trung ương năm 2023"
    return f"{title}\n\n{rows}\n"


@pytest.mark.parametrize(
    "rows",
    [
        "\n".join(f"{k} {name}" for k, name in enumerate(_RANKING, 1)),  # "rank name" lines
        "\n\n".join(
            f"{k}\n\n{name}\n\n0,{70 - k}" for k, name in enumerate(_RANKING, 1)
        ),  # a cell a line
        "| TT | Tỉnh, thành phố | Điểm |\n|---|---|---|\n"
        + "\n".join(f"| {k} | {name} | 0,{70 - k} |" for k, name in enumerate(_RANKING, 1)),
    ],
    ids=["rank_name_lines", "cell_per_line", "pipe_table"],
)
def test_a_national_ranking_names_no_province_of_its_own(rows):
    m, issues = meta(_ranking_page(rows))
    assert (m.province, m.province_source) == (None, None)
    assert "province_missing" in issues
    # its first line is its title: the year of the ranking is the period
    assert m.title.startswith("Kết quả xếp hạng") and "title_missing" not in issues
    assert (m.period_kind, m.period_start, m.period_end) == (
        "year",
        date(2023, 1, 1),
        date(2023, 12, 31),
    )


def test_a_report_with_its_own_issuer_keeps_it_whatever_its_body_lists():
    rows = "\n".join(f"| {k} | {name} | 0,{70 - k} |" for k, name in enumerate(_RANKING, 1))
    text = (
        "UBND TỈNH NGHỆ AN\n\nSố: 12/BC-UBND\n\nVinh, ngày 5 tháng 4 năm 2024\n\nBÁO CÁO\n"
        "Kết quả chuyển đổi số năm 2023\n\nTỉnh Nghệ An xếp thứ 30; dẫn đầu là TP. Đà Nẵng.\n\n"
        f"| TT | Tỉnh, thành phố | Điểm |\n|---|---|---|\n{rows}\n"
    )
    m, _ = meta(text)
    assert (m.province, m.province_source) == ("Nghệ An", "issuer")


def test_the_first_line_is_no_title_on_a_page_with_a_letterhead_or_as_a_sentence():
    # The number and place lines make a letterhead: without "BÁO CÁO" no title is guessed.
    m, issues = meta(
        "Kết quả cải cách hành chính năm 2023\n\nSố: 12/BC-UBND\n\n"
        "Vinh, ngày 5 tháng 4 năm 2024\n\nNội dung.\n"
    )
    assert m.title is None and "title_missing" in issues
    # A sentence (it ends with a full stop) and a lone number are no headings.
    for first in ("Kết quả cải cách hành chính năm 2023 được công bố.", "86"):
        m, issues = meta(f"{first}\n\nMột đoạn khác.\n")
        assert m.title is None and m.period_kind is None and "title_missing" in issues


# ---------------------------------------------------------------- province from prose


def test_prose_gives_a_province_only_on_its_territory_and_only_one():
    def body_province(intro: str):
        text = (
            "BÁO CÁO\nCông tác CCHC quý I năm 2024\n\nKính gửi: Bộ Nội vụ\n\n"
            f"{intro}\n\nI. KẾT QUẢ\n\nNội dung.\n"
        )
        m, _ = meta(text)
        return m.province, m.province_source

    assert body_province("Công tác CCHC trên địa bàn tỉnh Nghệ An được triển khai.") == (
        "Nghệ An",
        "body",
    )
    assert body_province("Trên địa bàn TP. Hồ Chí Minh, số hồ sơ tăng.") == ("Hồ Chí Minh", "body")
    # a province cited, compared or addressed is not the writer's
    assert body_province("Đoàn công tác học tập kinh nghiệm của tỉnh Quảng Ninh.") == (None, None)
    # two territories: a joint or comparative text, no province of its own
    assert body_province(
        "Trên địa bàn tỉnh Nghệ An và trên địa bàn tỉnh Hà Tĩnh, số hồ sơ tăng."
    ) == (None, None)


def test_a_title_or_issuer_zone_that_lists_provinces_gives_none():
    m, _ = meta(
        "BÁO CÁO\nKết quả liên kết vùng của tỉnh Nghệ An, tỉnh Hà Tĩnh và tỉnh Quảng Bình năm 2024\n"
    )
    assert m.province is None and m.period_kind == "year"
    # no title (the first line is a counter): the first blocks list provinces, no issuer
    m, _ = meta("86\n\nTP. Hà Nội\n\nTP. Hồ Chí Minh\n\nTP. Đà Nẵng\n")
    assert m.province is None


def test_prefixed_provinces_lists_each_once_in_order():
    names = [
        p.short_name for p in prefixed_provinces("1 TP. Đà Nẵng 2 TP. Hồ Chí Minh 3 TP. Đà Nẵng")
    ]
    assert names == ["Đà Nẵng", "Hồ Chí Minh"]
    assert prefixed_provinces("tư tưởng Hồ Chí Minh; Quảng Ninh") == []
    assert [p.code for p in prefixed_provinces("tỉnh Bắc Giang", "legacy")] == ["24"]
    assert prefixed_provinces("tỉnh Bắc Giang", "2025") == []  # merged into Bắc Ninh


# ---------------------------------------------------------------- generated letterheads


def test_generated_letterheads_read_from_the_header_in_both_printings():
    # The generator prints some letterheads as flattened web tables (reportgen/letterhead.py);
    # every field must come from the letterhead itself, not from the appendix's citation.
    flattened = broken = 0
    for plan in plan_corpus(7, 80):
        text, truth = generate(plan)
        head = text.split("Kính gửi", 1)[0]
        flattened += "\n|\n" in head
        cells = head.split("\n|\n")  # issuer, motto, number, place and date, title
        broken += len(cells) > 3 and "\n" in cells[3]  # "Thái" / "Nguyên, ngày …"
        m = parse_text(text).metadata
        t = truth["metadata"]
        got = (m.doc_number, m.doc_number_source, m.issued_date, m.place, m.title)
        assert got == (
            t["doc_number"],
            "header",
            date.fromisoformat(t["issued_date"]),
            t["province"],
            t["title"],
        ), plan.index
        assert (m.province, m.province_source, m.period_source) == (
            t["province"],
            "issuer",
            "title",
        )
        assert (m.period_kind, m.period_start.isoformat()) == (t["period_kind"], t["period_start"])
    assert flattened >= 5 and broken >= 2  # both shapes are drawn
