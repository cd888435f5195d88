"""Paragraphs, footnotes and report metadata of the bundled reports."""

from __future__ import annotations

from datetime import date

import pytest

from .conftest import sample_path


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_every_non_table_line_is_in_exactly_one_block(parsed, prefix):
    doc = parsed[prefix]
    lines = sample_path(prefix).read_text(encoding="utf-8").split("\n")
    owner: dict[int, str] = {}
    for t in doc.tables:
        for no in range(t.line_start, t.line_end + 1):
            owner[no] = f"table {t.table_index}"
    for b in doc.blocks:
        for no in range(b.line_start, b.line_end + 1):
            assert no not in owner, f"line {no} in block {b.block_index} and {owner.get(no)}"
            owner[no] = f"block {b.block_index}"
            assert lines[no - 1] in b.raw_text.split("\n")
    missing = [no for no, text in enumerate(lines, 1) if text.strip() and no not in owner]
    assert missing == []


def test_footnotes_are_separated_from_paragraphs(parsed):
    footnotes = [b for b in parsed["000"].blocks if b.kind == "footnote"]
    assert [b.footnote_marker for b in footnotes][:3] == ["1", "2", "3"]
    assert footnotes[0].text.startswith("Các văn bản của UBND tỉnh")
    paren = [b for b in parsed["002"].blocks if b.kind == "footnote"]
    assert paren[0].footnote_marker == "(1)"
    ref = next(b for b in parsed["000"].blocks if b.footnote_refs == ("1",))
    assert ref.kind == "paragraph"


def test_paragraph_cut_by_a_footnote_points_to_its_start(parsed):
    blocks = parsed["001"].blocks
    cont = next(b for b in blocks if b.text.startswith("minh (IOC) tỉnh"))
    start = blocks[cont.continues_block_index]
    assert start.text.endswith("điều hành đô thị thông")


def test_report_metadata_000(parsed):
    m = parsed["000"].metadata
    assert (m.doc_number, m.issued_date, m.province) == (
        "3371-BC/BCSD",
        date(2024, 3, 15),
        "Thái Nguyên",
    )
    assert (m.period_label, m.period_start, m.period_end) == (
        "Quý I năm 2024",
        date(2024, 1, 1),
        date(2024, 3, 31),
    )
    assert m.issuer == "Ban cán sự đảng UBND tỉnh"
    assert m.report_kind == "report"
    assert m.title.startswith("Tình hình, kết quả thực hiện Nghị quyết")


def test_blank_number_and_date_are_null_and_recorded(parsed):
    doc = parsed["001"]
    m = doc.metadata
    assert (m.doc_number, m.doc_number_as_printed, m.issued_date) == (None, "/BC-STTTT", None)
    assert {"doc_number_blank", "issued_date_blank"} <= {i.code for i in doc.issues}
    assert (m.province, m.period_kind, m.period_start) == ("Bắc Giang", "quarter", date(2024, 1, 1))
    assert m.issuer == "Sở Thông tin và Truyền thông"


def test_report_number_taken_from_its_own_appendix(parsed):
    doc = parsed["002"]
    m = doc.metadata
    assert (m.doc_number, m.doc_number_source, m.issued_date) == (
        "183/BC-UBND",
        "appendix_citation",
        date(2024, 9, 19),
    )
    assert (m.period_label, m.period_end) == ("quý III năm 2024", date(2024, 9, 30))
    assert "metadata_from_appendix" in {i.code for i in doc.issues}


def test_appendix_names_its_parent(parsed):
    m = parsed["003"].metadata
    assert m.report_kind == "appendix"
    assert (m.parent_doc_type, m.parent_doc_number, m.parent_issued_date, m.parent_issuer) == (
        "Công văn",
        "2590/SNV-CCHC",
        date(2023, 11, 1),
        "Sở Nội vụ",
    )
    assert (m.period_kind, m.period_start, m.period_end) == (
        "month",
        date(2023, 10, 1),
        date(2023, 10, 31),
    )


@pytest.mark.parametrize(
    ("prefix", "province", "source", "period_source"),
    [
        ("000", ("Thái Nguyên", "19", "legacy"), "place", "body"),
        ("001", ("Bắc Giang", "24", "legacy"), "place", "body"),
        ("002", ("Thái Nguyên", "19", "legacy"), "title", "title"),
        ("003", ("Thái Nguyên", "19", "legacy"), "title", "title"),
    ],
)
def test_province_code_and_sources_of_the_samples(parsed, prefix, province, source, period_source):
    m = parsed[prefix].metadata
    assert (m.province, m.province_code, m.province_edition) == province
    assert (m.province_source, m.period_source) == (source, period_source)
    # The data periods in the samples belong to tables, not to the reports.
    assert (m.data_period_start, m.data_period_end, m.data_period_as_printed) == (None,) * 3
    assert not {"period_missing", "province_missing"} & {i.code for i in parsed[prefix].issues}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9 tháng đầu năm 2024", ("nine_months", date(2024, 1, 1), date(2024, 9, 30))),
        ("6 tháng đầu năm 2023", ("half_year", date(2023, 1, 1), date(2023, 6, 30))),
        ("quý IV/2024", ("quarter", date(2024, 10, 1), date(2024, 12, 31))),
        ("tháng 2 năm 2024", ("month", date(2024, 2, 1), date(2024, 2, 29))),
    ],
)
def test_period_phrases(text, expected):
    from ingest.periods import period_from_text

    _, kind, start, end = period_from_text(text)
    assert (kind, start, end) == expected
