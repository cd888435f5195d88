"""Real report pages from provinces other than the samples' two, with hand-written expectations.

Each fixture in tests/fixtures/real/ is a stored public web page (first line `# source: <address>`,
then the page text as stored; see the README there). The expectations below were written by
reading the text, not from the parser's output. Where the parser does not meet one yet, the case
is marked `xfail(strict=True)` with what it gets wrong, so that fixing the parser turns it into a
failure that asks for the mark to be removed. Never weaken an expectation to make it pass.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from ingest.model import ParsedDocument, Row, Table
from ingest.parser import parse_text
from ingest.reading import source_from_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "real"


class _Any:
    """Not asserted: the text leaves the value open to reading (the reason is noted where used)."""

    def __repr__(self) -> str:
        return "ANY"


ANY = _Any()


@functools.cache
def parsed(name: str) -> ParsedDocument:
    data = (FIXTURES / name).read_bytes()
    first, _, rest = data.partition(b"\n")
    assert first.startswith(b"# source: "), f"{name}: first line must be '# source: <address>'"
    return parse_text(source_from_bytes(rest, name).text)


@dataclass(frozen=True)
class Meta:
    province: str | _Any | None = None
    period_kind: str | _Any | None = None
    period_start: date | _Any | None = None
    period_end: date | _Any | None = None
    doc_number: str | _Any | None = None
    issued_date: date | _Any | None = None


Cell = tuple[str, str | None, tuple[str, ...], str]  # row label, row code, header path, text


@dataclass(frozen=True)
class Tab:
    name: str
    headers: list[tuple[str, ...]]  # header paths of the columns that have one, left to right
    row_labels: list[str]  # every data row, in order
    row_codes: list[str | None]  # every data row, in order (None: the table has no code column)
    cells: list[Cell]
    caption: str | _Any | None = ANY
    row_kinds: list[str] | None = None  # default: every row "data"


@dataclass(frozen=True)
class Fixture:
    file: str
    meta: Meta
    tables: list[Tab]
    # Text that is not table content (letterhead, prose, lists): no table cell or header may hold it.
    not_in_tables: list[str] = field(default_factory=list)


# --- Thừa Thiên Huế: statistics page of the provincial public-service portal -------------------
# Two space-separated tables with a two-row header ("Trước hạn / Đúng hạn / Trễ hạn" each over
# "Tổng | %"; "Mức độ 1..4" each over "TTHC | %"), row labels that contain spaces and a comma
# ("Mức 1, 2"), no code column, no totals row. The page text names no province and no period.
_HUE_LEVELS = ["Mức 1, 2", "Mức 3", "Mức 4"]
HUE = Fixture(
    "hue_dvc_thongke.txt",
    Meta(),
    [
        Tab(
            "ket_qua_giai_quyet",
            headers=[
                ("Mức độ",),
                ("Tổng",),
                ("Đã xử lý",),
                ("Chưa xử lý",),
                ("Trước hạn", "Tổng"),
                ("Trước hạn", "%"),
                ("Đúng hạn", "Tổng"),
                ("Đúng hạn", "%"),
                ("Trễ hạn", "Tổng"),
                ("Trễ hạn", "%"),
            ],
            row_labels=_HUE_LEVELS,
            row_codes=[None, None, None],
            cells=[
                ("Mức 1, 2", None, ("Mức độ",), "Mức 1, 2"),
                ("Mức 1, 2", None, ("Tổng",), "268763"),
                ("Mức 1, 2", None, ("Trước hạn", "%"), "48,6%"),
                ("Mức 1, 2", None, ("Trễ hạn", "%"), "7,7%"),
                ("Mức 3", None, ("Đúng hạn", "Tổng"), "11795"),
                ("Mức 4", None, ("Chưa xử lý",), "54"),
                ("Mức 4", None, ("Trễ hạn", "Tổng"), "268"),
                ("Mức 4", None, ("Trễ hạn", "%"), "16,6%"),
            ],
            caption="Kết quả giải quyết thủ tục hành chính",
        ),
        Tab(
            "ty_le_dvctt",
            headers=[(f"Mức độ {level}", leaf) for level in (1, 2, 3, 4) for leaf in ("TTHC", "%")],
            row_labels=["Tỷ lệ TTHC cung cấp trực tuyến"],
            row_codes=[None],
            cells=[
                ("Tỷ lệ TTHC cung cấp trực tuyến", None, ("Mức độ 1", "TTHC"), "2643"),
                ("Tỷ lệ TTHC cung cấp trực tuyến", None, ("Mức độ 2", "%"), "100%"),
                ("Tỷ lệ TTHC cung cấp trực tuyến", None, ("Mức độ 3", "%"), "70,2%"),
                ("Tỷ lệ TTHC cung cấp trực tuyến", None, ("Mức độ 4", "TTHC"), "736"),
                ("Tỷ lệ TTHC cung cấp trực tuyến", None, ("Mức độ 4", "%"), "27,8%"),
            ],
            caption="Tỷ lệ cung cấp dịch vụ công trực tuyến",
        ),
    ],
    not_in_tables=["Tỷ lệ đánh giá mức độ hài lòng", "Tiêu chí 1", "Tiêu chí 11"],
)

# --- National DTI 2022 ranking of the 63 provinces (dti.gov.vn) ---------------------------------
# Table 1: one line per province, "rank name", a tie (15, 15, then 17); its header is printed over
# several lines and names four rankings of which only the DTI one is filled on this page.
# Table 2: the detailed ranking, each header cell "Chỉ số" + its name broken over two lines, values
# with a decimal POINT ("1.0000", "0.8002") unlike Vietnamese print; cut after row 5 when stored.
_DTI22_NAMES = [
    "TP. Đà Nẵng",
    "TP. Hồ Chí Minh",
    "Quảng Ninh",
    "Thừa Thiên - Huế",
    "TP. Cần Thơ",
    "Lạng Sơn",
    "Bắc Ninh",
    "Thái Nguyên",
    "Bắc Giang",
    "Nam Định",
    "Long An",
    "Bình Phước",
    "Hải Dương",
    "TP. Hải Phòng",
    "Thanh Hóa",
    "Yên Bái",
    "Hậu Giang",
    "Vĩnh Phúc",
    "Bình Dương",
    "Tiền Giang",
    "Ninh Bình",
    "Lâm Đồng",
    "Phú Thọ",
    "TP. Hà Nội",
    "Trà Vinh",
    "Quảng Ngãi",
    "Ninh Thuận",
    "Bà Rịa - Vũng Tàu",
    "Bình Định",
    "Vĩnh Long",
    "Quảng Nam",
    "Kiên Giang",
    "Hưng Yên",
    "Hà Nam",
    "Điện Biên",
    "Sóc Trăng",
    "Hà Tĩnh",
    "Lào Cai",
    "Đồng Tháp",
    "Tây Ninh",
    "Khánh Hòa",
    "Hòa Bình",
    "Đồng Nai",
    "Sơn La",
    "Kon Tum",
    "Quảng Bình",
    "Đắk Lắk",
    "Tuyên Quang",
    "Đắk Nông",
    "Bình Thuận",
    "Bến Tre",
    "Nghệ An",
    "Lai Châu",
    "An Giang",
    "Quảng Trị",
    "Thái Bình",
    "Hà Giang",
    "Cà Mau",
    "Phú Yên",
    "Bạc Liêu",
    "Cao Bằng",
    "Gia Lai",
    "Bắc Kạn",
]
_DTI22_RANKS = [str(k) for k in range(1, 16)] + ["15"] + [str(k) for k in range(17, 64)]
_DTI22_DETAIL = ("TP. Đà Nẵng", "TP. Hồ Chí Minh", "Quảng Ninh", "Thừa Thiên - Huế", "TP. Cần Thơ")
_PDTI = ("CHUYỂN ĐỔI SỐ CẤP TỈNH (PDTI)",)
DTI_2022 = Fixture(
    "dti_2022_xep_hang.txt",
    Meta(period_kind="year", period_start=date(2022, 1, 1), period_end=date(2022, 12, 31)),
    [
        Tab(
            "xep_hang_dti",
            headers=[
                ("XẾP HẠNG DTI",),
                ("CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TW",),
                ("XẾP HẠNG CHÍNH QUYỀN SỐ",),
                ("XẾP HẠNG KINH TẾ SỐ",),
                ("XẾP HẠNG XÃ HỘI SỐ",),
            ],
            row_labels=_DTI22_NAMES,
            row_codes=_DTI22_RANKS,
            cells=[
                ("TP. Đà Nẵng", "1", ("CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TW",), "TP. Đà Nẵng"),
                (
                    "Thừa Thiên - Huế",
                    "4",
                    ("CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TW",),
                    "Thừa Thiên - Huế",
                ),
                ("Thanh Hóa", "15", ("CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TW",), "Thanh Hóa"),
                ("Yên Bái", "15", ("CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TW",), "Yên Bái"),
                (
                    "Bà Rịa - Vũng Tàu",
                    "28",
                    ("CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TW",),
                    "Bà Rịa - Vũng Tàu",
                ),
                ("Bắc Kạn", "63", ("CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TW",), "Bắc Kạn"),
            ],
        ),
        Tab(
            "xep_hang_chi_tiet",
            headers=[
                ("Xếp hạng DTI",),
                ("Các tỉnh, thành phố trực thuộc TW",),
                ("Chỉ số Nhận thức số",),
                ("Chỉ số Thể chế số",),
                ("Chỉ số Hạ tầng số",),
                ("Chỉ số Nhân lực số",),
                ("Chỉ số An toàn thông tin mạng",),
                ("Chỉ số Hoạt động chính quyền số",),
                ("Chỉ số Hoạt động kinh tế số",),
                ("Chỉ số Hoạt động xã hội số",),
                _PDTI,
            ],
            row_labels=list(_DTI22_DETAIL),
            row_codes=["1", "2", "3", "4", "5"],
            cells=[
                ("TP. Đà Nẵng", "1", ("Chỉ số Nhận thức số",), "1.0000"),
                ("TP. Đà Nẵng", "1", ("Chỉ số Thể chế số",), "0.9000"),
                ("TP. Đà Nẵng", "1", _PDTI, "0.8002"),
                ("Thừa Thiên - Huế", "4", ("Chỉ số An toàn thông tin mạng",), "0.6423"),
                ("TP. Cần Thơ", "5", ("Chỉ số Nhận thức số",), "0.9000"),
                ("TP. Cần Thơ", "5", ("Chỉ số Hoạt động xã hội số",), "0.2947"),
                ("TP. Cần Thơ", "5", _PDTI, "0.6924"),
            ],
            caption="Xếp hạng chi tiết",
        ),
    ],
    not_in_tables=["BÁO CÁO XẾP HẠNG"],
)

# --- National DTI ranking on the dti.gov.vn home page (the 2021 values; no year printed) --------
# HTML cells with a line break inside, extracted one piece per line: "1" / "(0,6419)" is the DTI
# rank cell, "TP. Đà Nẵng 1" joins the name cell with the first line of the next cell. Ties
# (12, 12, then 14). Cut after row 17 when stored. The "86" / EGDI / 7/2022 lines are counters of
# a page widget, not the ranking's period.
_DTI21_NAMES = [
    "TP. Đà Nẵng",
    "Thừa Thiên - Huế",
    "TP. Hồ Chí Minh",
    "Bắc Ninh",
    "Lạng Sơn",
    "Ninh Bình",
    "Quảng Ninh",
    "Thái Nguyên",
    "Bình Phước",
    "Bắc Giang",
    "Nam Định",
    "Thanh Hóa",
    "Vĩnh Phúc",
    "Hải Dương",
    "TP. Cần Thơ",
    "TP. Hải Phòng",
    "Hậu Giang",
]
_DTI21_RANKS = [str(k) for k in range(1, 13)] + ["12"] + [str(k) for k in range(14, 18)]
DTI_2021 = Fixture(
    "dti_tong_the_2021.txt",
    Meta(),
    [
        Tab(
            "tong_the_xep_hang",
            headers=[
                ("Xếp hạng DTI",),
                ("Tỉnh, thành phố",),
                ("Xếp hạng CQS",),
                ("Xếp hạng KTS",),
                ("Xếp hạng XHS",),
            ],
            row_labels=_DTI21_NAMES,
            row_codes=_DTI21_RANKS,
            cells=[
                ("TP. Đà Nẵng", "1", ("Xếp hạng DTI",), "1 (0,6419)"),
                ("TP. Đà Nẵng", "1", ("Tỉnh, thành phố",), "TP. Đà Nẵng"),
                ("TP. Đà Nẵng", "1", ("Xếp hạng CQS",), "1 (0,6868)"),
                ("TP. Đà Nẵng", "1", ("Xếp hạng XHS",), "1 (0,6483)"),
                ("Thanh Hóa", "12", ("Xếp hạng DTI",), "12 (0,4880)"),
                ("Vĩnh Phúc", "12", ("Xếp hạng KTS",), "4 (0,5671)"),
                ("Hậu Giang", "17", ("Xếp hạng CQS",), "16 (0,5142)"),
                ("Hậu Giang", "17", ("Xếp hạng XHS",), "25 (0,4392)"),
            ],
            caption="TỔNG THỂ XẾP HẠNG CHỈ SỐ CHUYỂN ĐỔI SỐ CẤP TỈNH",
        ),
    ],
    not_in_tables=["Thông tin xếp hạng đánh giá chuyển đổi số", "Xác định Bộ chỉ số CĐS"],
)

# --- National ICT/e-government ranking 2017, as posted on the Vĩnh Phúc provincial portal -------
# One cell per line with blank lines between; the header "Tỉnh, thành phố trực thuộc / Trung
# ương" is broken over two lines; the value cell is "rank (index)" with leading zeros and ties
# ("17 (0,633)" on row 18). Cut after row 53 when stored. The page date 05/07/2018 is when the
# notice was posted, not an issue date printed on a document: not asserted.
_ICT_NAMES = [
    "Thừa Thiên - Huế",
    "TP. Đà Nẵng",
    "Lâm Đồng",
    "Quảng Ninh",
    "TP. Hồ Chí Minh",
    "Lào Cai",
    "Khánh Hòa",
    "An Giang",
    "Tiền Giang",
    "Hà Tĩnh",
    "Bình Dương",
    "TP. Hà Nội",
    "Bắc Kạn",
    "Bắc Ninh",
    "Nghệ An",
    "Đồng Nai",
    "Thanh Hóa",
    "Bà Rịa - Vũng Tàu",
    "Phú Thọ",
    "Đồng Tháp",
    "TP. Cần Thơ",
    "Tây Ninh",
    "Hà Giang",
    "Gia Lai",
    "Thái Bình",
    "Bình Định",
    "Bắc Giang",
    "Bình Thuận",
    "Kiên Giang",
    "Thái Nguyên",
    "Hải Dương",
    "Đắk Nông",
    "Quảng Trị",
    "Hà Nam",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Long An",
    "Hưng Yên",
    "Cà Mau",
    "Ninh Thuận",
    "Tuyên Quang",
    "Quảng Ngãi",
    "Sơn La",
    "TP. Hải Phòng",
    "Quảng Bình",
    "Phú Yên",
    "Yên Bái",
    "Đắk Lắk",
    "Trà Vinh",
    "Ninh Bình",
    "Bạc Liêu",
    "Nam Định",
    "Lạng Sơn",
]
_ICT_LAST = _ICT_NAMES[-1]
VINHPHUC_ICT = Fixture(
    "vinhphuc_ict_2017.txt",
    Meta(
        period_kind="year",
        period_start=date(2017, 1, 1),
        period_end=date(2017, 12, 31),
        issued_date=ANY,
    ),
    [
        Tab(
            "xep_hang_ict",
            headers=[("TT",), ("Tỉnh, thành phố trực thuộc Trung ương",), ("Năm 2017",)],
            row_labels=_ICT_NAMES,
            row_codes=[str(k) for k in range(1, 54)],
            cells=[
                ("Thừa Thiên - Huế", "1", ("Năm 2017",), "01 (0,727)"),
                (
                    "Thừa Thiên - Huế",
                    "1",
                    ("Tỉnh, thành phố trực thuộc Trung ương",),
                    "Thừa Thiên - Huế",
                ),
                ("Thanh Hóa", "17", ("Năm 2017",), "17 (0,633)"),
                ("Bà Rịa - Vũng Tàu", "18", ("Năm 2017",), "17 (0,633)"),
                ("Vĩnh Phúc", "36", ("Năm 2017",), "36 (0,561)"),
                (_ICT_LAST, "53", ("Năm 2017",), "53 (0,476)"),
            ],
            caption=(
                "1. Xếp hạng và chỉ số đánh giá tổng thể mức độ ứng dụng CNTT, phát triển Chính phủ"
                " điện tử của các tỉnh, thành phố trực thuộc Trung ương"
            ),
        ),
    ],
)

# --- Hồ Chí Minh City, Q1 2020 report on administrative-procedure control (No. 47/BC-UBND) ------
# As stored by thuvienphapluat.vn: the site's document card and the letterhead are laid out with
# lone "|" lines; "Thành / phố Hồ Chí Minh, ngày 30 tháng 3 năm 2020" and the title's year are
# broken over lines. The statistical forms (Biểu số 01b…) are attachments not in the page: the
# stored part holds no statistics table, and the letterhead/title/prose must not become one.
HCM_47 = Fixture(
    "hcm_47_bc_ubnd_2020.txt",
    Meta(
        province="Hồ Chí Minh",
        period_kind="quarter",
        period_start=date(2020, 1, 1),
        period_end=date(2020, 3, 31),
        doc_number="47/BC-UBND",
        issued_date=date(2020, 3, 30),
    ),
    [],
    not_in_tables=[
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 47/BC-UBND",
        "ngày 30 tháng 3 năm 2020",
        "KIỂM SOÁT THỦ TỤC HÀNH CHÍNH QUÝ I",
        "Thực hiện Thông tư số 02/2017/TT-VPCP",
    ],
)

FIXTURE_LIST = [HUE, DTI_2022, DTI_2021, VINHPHUC_ICT, HCM_47]

# --- What the current parser gets wrong (strict xfail: remove the entry once it passes) ---------
_NO_TABLE = "no table found at all: "
XFAIL: dict[str, str] = {
    "dti_2022_xep_hang-layout": "1 table parsed, 2 expected: the detail table is read"
    + " (ingest/tables_spaced.py), the 'rank name' lines (11-73) are not: they end in no value,"
    + " and their header (lines 3-10) names five columns of which the rows fill two",
    "dti_2022_xep_hang-xep_hang_dti": _NO_TABLE
    + "lines 11-73 ('1 TP. Đà Nẵng' … '63 Bắc Kạn', header over lines 3-10) are paragraphs",
}


def _marks(case_id: str) -> list[pytest.MarkDecorator]:
    reason = XFAIL.get(case_id)
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def _cases(kind: str) -> list:
    out = []
    for fx in FIXTURE_LIST:
        stem = fx.file.removesuffix(".txt")
        if kind == "meta":
            out.append(pytest.param(fx, id=f"{stem}-meta", marks=_marks(f"{stem}-meta")))
        elif kind == "tables":
            for tab in fx.tables:
                case_id = f"{stem}-{tab.name}"
                out.append(pytest.param(fx, tab, id=case_id, marks=_marks(case_id)))
        elif kind == "layout":
            out.append(pytest.param(fx, id=f"{stem}-layout", marks=_marks(f"{stem}-layout")))
    return out


def test_fixtures_have_a_source_line() -> None:
    files = sorted(p.name for p in FIXTURES.glob("*.txt"))
    assert files == sorted(fx.file for fx in FIXTURE_LIST)
    for name in files:
        first = (FIXTURES / name).read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# source: http"), name


@pytest.mark.parametrize("fx", _cases("meta"))
def test_metadata(fx: Fixture) -> None:
    md = parsed(fx.file).metadata
    got = {k: getattr(md, k) for k in Meta.__dataclass_fields__}
    want = {k: getattr(fx.meta, k) for k in Meta.__dataclass_fields__}
    diff = {k: (want[k], got[k]) for k in want if want[k] is not ANY and want[k] != got[k]}
    assert not diff, f"(expected, parsed): {diff}"


def _cell_strings(table: Table) -> list[str]:
    out = [" / ".join(c.header_path) for c in table.columns]
    out += [c.text for r in table.rows for c in r.cells]
    return out


@pytest.mark.parametrize("fx", _cases("layout"))
def test_table_count_and_nothing_swallowed(fx: Fixture) -> None:
    doc = parsed(fx.file)
    swallowed = [
        (t.table_index, s)
        for t in doc.tables
        for s in fx.not_in_tables
        if any(s in x for x in _cell_strings(t))
    ]
    assert not swallowed, f"text that is not table content ended up in a table: {swallowed}"
    shapes = [(t.table_index, t.line_start, t.line_end, len(t.rows)) for t in doc.tables]
    assert len(doc.tables) == len(fx.tables), f"expected {len(fx.tables)} tables, parsed {shapes}"


def _find_table(doc: ParsedDocument, tab: Tab) -> Table:
    label, code = tab.cells[0][0], tab.cells[0][1]
    for t in doc.tables:
        if any(r.row_label == label and r.row_code == code for r in t.rows):
            return t
    firsts = [(t.table_index, [(r.row_code, r.row_label) for r in t.rows[:2]]) for t in doc.tables]
    raise AssertionError(f"no table has a row {code!r} {label!r}; tables start with {firsts}")


def _row(table: Table, label: str, code: str | None) -> Row:
    rows = [r for r in table.rows if r.row_label == label and r.row_code == code]
    assert len(rows) == 1, f"{len(rows)} rows {code!r} {label!r} in table {table.table_index}"
    return rows[0]


@pytest.mark.parametrize(("fx", "tab"), _cases("tables"))
def test_table(fx: Fixture, tab: Tab) -> None:
    table = _find_table(parsed(fx.file), tab)
    if tab.caption is not ANY:
        assert table.caption == tab.caption
    assert [c.header_path for c in table.columns if c.header_path] == tab.headers
    data = [r for r in table.rows if r.row_kind != "section"]
    assert [r.row_code for r in data] == tab.row_codes
    assert [r.row_label for r in data] == tab.row_labels
    assert [r.row_kind for r in data] == (tab.row_kinds or ["data"] * len(tab.row_codes))
    by_path = {c.header_path: c.column_index for c in table.columns}
    for label, code, path, text in tab.cells:
        row = _row(table, label, code)
        assert path in by_path, f"no column {path!r}"
        texts = [c.text for c in row.cells if c.column_index == by_path[path]]
        assert texts == [text], f"row {code!r} {label!r}, column {path!r}"
