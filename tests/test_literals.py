from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol
from hypothesis import given
from hypothesis import strategies as st

from ingest.literals import DECIMAL, GROUP, LOCALE, Literal, format_vi_number, parse_literal


def test_separators_are_the_cldr_vi_symbols():
    """The parser writes the symbols out; CLDR (through Babel) is where they come from."""
    assert (get_group_symbol(LOCALE), get_decimal_symbol(LOCALE)) == (GROUP, DECIMAL)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("1.796.058", "integer", 1796058),
        ("99,63", "decimal", 99.63),
        ("97,03%", "percent", 97.03),
        ("01", "integer", 1),
        ("7447", "integer", 7447),
        ("+18", "change", 18),
        ("-0,17", "change", -0.17),
        ("-2.945", "change", -2945),
        ("Tăng 120.415 hồ sơ", "change", 120415),
        ("Giảm  54.856 hồ sơ", "change", -54856),
        ("Tăng 05 TTHC", "change", 5),
        ("Giữ nguyên", "change", 0),
        ("hơn 276.234", "bound", 276234),
        ("trên 40", "bound", 40),
        ("gần 435.000", "bound", 435000),
        ("1.764/1.764", "fraction", 1764),
    ],
)
def test_vietnamese_literals_are_read_with_kind_and_value(text, kind, value):
    lit = parse_literal(text)
    assert lit.kind == kind
    assert lit.value == pytest.approx(value)
    assert lit.issue is None


def test_fraction_keeps_numerator_and_denominator():
    lit = parse_literal("1.261.690/1.268.173")
    assert (lit.numerator, lit.denominator) == (1261690, 1268173)


def test_change_words_give_sign_qualifier_and_unit():
    assert parse_literal("Giảm  54.856 hồ sơ") == Literal(
        "change", -54856.0, qualifier="giảm", unit="hồ sơ"
    )
    assert parse_literal("Tăng 0,8 điểm").unit == "điểm"


def test_coded_scale_lists_its_codes():
    assert parse_literal("Chưa = 0; Hoàn thành = 1").codes == (("Chưa", 0), ("Hoàn thành", 1))
    assert parse_literal("Chưa có = 0 2 cấp = 1 3 cấp = 2").codes == (
        ("Chưa có", 0),
        ("2 cấp", 1),
        ("3 cấp", 2),
    )


def test_doubled_group_separator_is_read_and_flagged():
    lit = parse_literal("1..995")
    assert (lit.kind, lit.value, lit.issue) == ("integer", 1995, "doubled_group_separator")


def test_decimal_point_is_read_and_flagged():
    lit = parse_literal("99.5")
    assert lit.value == pytest.approx(99.5)
    assert lit.issue == "decimal_point_instead_of_comma"


@pytest.mark.parametrize(
    "text", ["Đạt 77,79 điểm; xếp hạng 10/63", "Cả tỉnh đang có hơn 1,2 triệu tài khoản", "Sở Y tế"]
)
def test_sentences_with_numbers_stay_text(text):
    assert parse_literal(text).kind == "text"
    assert parse_literal(text).value is None


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_cells_are_empty(text):
    assert parse_literal(text).kind == "empty"


def test_malformed_number_has_no_value():
    lit = parse_literal("1,2.3")
    assert lit.kind == "malformed"
    assert lit.value is None


@pytest.mark.parametrize(
    "text, value", [("16 348", 16348.0), ("1 234 567", 1234567.0), ("12 345,5", 12345.5)]
)
def test_thousands_grouped_by_spaces_are_read_and_flagged(text, value):
    lit = parse_literal(text)
    assert (lit.value, lit.issue) == (value, "space_group_separator")


@pytest.mark.parametrize("text", ["2024 2025", "12 3", "1 23 456", "1234 567"])
def test_numbers_run_together_stay_unreadable(text):
    lit = parse_literal(text)
    assert lit.kind == "malformed" and lit.value is None


@given(st.integers(min_value=0, max_value=10**12))
def test_integers_formatted_by_the_vi_locale_round_trip(n):
    # Babel's CLDR `vi` formatting is an oracle independent of our parser.
    printed = format_decimal(n, locale="vi")
    assert parse_literal(printed).value == n
    assert parse_literal(format_vi_number(n)).value == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_decimals_round_trip(whole, cents):
    value = whole + cents / 100
    printed = format_vi_number(value, decimals=2)
    assert parse_literal(printed).value == pytest.approx(value)
    assert parse_literal(printed + "%").kind == "percent"
    signed = parse_literal("-" + printed)
    assert signed.kind == "change"
    assert signed.value == pytest.approx(-value)


@given(st.integers(min_value=0, max_value=10**11), st.integers(min_value=1, max_value=99))
def test_decimals_and_percents_formatted_by_the_vi_locale_are_read(whole, cents):
    # The oracle is Babel's CLDR `vi` formatting, not the project's own formatter.
    value = Decimal(whole) + Decimal(cents) / 100
    decimal = parse_literal(format_decimal(value, format="#,##0.00", locale="vi"))
    assert (decimal.kind, decimal.value) == ("decimal", pytest.approx(float(value)))
    percent = parse_literal(format_percent(value / 100, format="#,##0.00%", locale="vi"))
    assert (percent.kind, percent.value) == ("percent", pytest.approx(float(value)))
    negative = parse_literal(format_decimal(-value, format="#,##0.00", locale="vi"))
    assert (negative.kind, negative.value) == ("change", pytest.approx(-float(value)))


@given(st.text())
def test_parser_never_raises_on_arbitrary_text(text):
    lit = parse_literal(text)
    assert lit.kind in {
        "empty", "integer", "decimal", "percent", "fraction", "change", "bound",
        "coded_scale", "placeholder", "malformed", "text",
    }  # fmt: skip
    assert lit.value is None or isinstance(lit.value, float)
