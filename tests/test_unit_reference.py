"""The national unit reference (vietnamadminunits + seeds) and unit matching in any province."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.defs.dbt.files import run_dbt

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "dbt_project" / "models" / "reference" / "ref_admin_units.py"
LAST_DAY = date(2025, 6, 30)


def _load_model():
    spec = importlib.util.spec_from_file_location("ref_admin_units", MODEL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ref():
    return _load_model()


@pytest.fixture(scope="module")
def units(ref) -> pd.DataFrame:
    seed = pd.read_csv(ROOT / "seeds" / "units.csv", dtype=str)
    return ref.build_admin_units(*ref.read_package(), seed).set_index("unit_id", drop=False)


def test_63_provinces_before_and_34_after_the_2025_mergers(units):
    provinces = units[units.unit_level == "province"]
    assert len(provinces) == 63
    assert provinces.valid_to.isna().sum() == 34
    assert set(provinces.loc[provinces.valid_to.notna(), "valid_to"]) == {LAST_DAY}


def test_merged_provinces_point_to_the_province_that_absorbed_them(units):
    assert units.at["bgg", "successor_unit_id"] == "bnh"
    assert units.at["bkn", "successor_unit_id"] == "tng"
    assert pd.isna(units.at["tng", "successor_unit_id"])


def test_a_continuing_province_keeps_its_id_and_carries_both_codes(units):
    assert (units.at["bnh", "unit_code"], units.at["bnh", "legacy_unit_code"]) == ("24", "27")
    assert (units.at["bgg", "unit_code"], units.at["bgg", "legacy_unit_code"]) == ("24", "24")


def test_sample_units_keep_their_ids_names_and_codes(units):
    assert units.at["tng_h_phu_binh", "unit_name"] == "Huyện Phú Bình"
    assert units.at["tng_h_phu_binh", "unit_code"] == "173"
    assert units.at["tng_tp_thai_nguyen", "unit_type"] == "provincial_city"
    assert units.at["bgg_tx_viet_yen", "unit_name"] == "Thị xã Việt Yên"  # package: 'Thị Xã'


def test_every_district_ends_with_the_district_level(units):
    districts = units[units.unit_level == "district"]
    assert len(districts) > 690
    assert (districts.valid_to <= LAST_DAY).all()
    ended = districts[districts.valid_to == LAST_DAY]
    current = set(units[(units.unit_level == "province") & units.valid_to.isna()].unit_id)
    assert set(ended.successor_unit_id) <= current


def test_seed_adds_what_the_package_lacks_and_dates_its_renamings(units):
    assert units.at["tng_tx_pho_yen", "valid_to"] == date(2022, 4, 9)
    assert units.at["tng_tx_pho_yen", "successor_unit_id"] == "tng_tp_pho_yen"
    assert units.at["tng_tp_pho_yen", "valid_from"] == date(2022, 4, 10)
    assert units.at["bgg_h_yen_dung", "source"] == "seeds/units.csv"


def test_communes_and_wards_of_the_34_provinces_exist_from_the_reorganisation(units):
    communes = units[units.unit_level == "commune"]
    assert len(communes) > 3300
    assert set(communes.valid_from) == {date(2025, 7, 1)}
    assert communes.valid_to.isna().all() and communes.successor_unit_id.isna().all()
    current = set(units[(units.unit_level == "province") & units.valid_to.isna()].unit_id)
    assert set(communes.province_unit_id) == current
    assert communes.unit_code.is_unique
    assert set(communes.unit_type) == {"commune", "ward", "special_zone"}
    assert units.at["bnh_p_da_mai", "unit_name"] == "Phường Đa Mai"
    assert units.at["bnh_p_da_mai", "province_code"] == "24"


def test_communes_whose_names_fold_alike_keep_apart_by_code(units):
    # Xã Văn Lang and Xã Văn Lăng (Thái Nguyên) fold to the same letters
    twins = units[units.unit_id.str.startswith("tng_x_van_lang_")]
    assert sorted(twins.unit_name) == ["Xã Văn Lang", "Xã Văn Lăng"]
    assert all(uid.endswith(code) for uid, code in zip(twins.unit_id, twins.unit_code, strict=True))


def test_seed_dates_must_name_the_package_unit(ref):
    seed = pd.read_csv(ROOT / "seeds" / "units.csv", dtype=str)
    wrong = seed.copy()
    wrong.loc[wrong.unit_id == "tng_tp_pho_yen", "unit_name"] = "Thành phố Phú Yên"
    with pytest.raises(ValueError, match="tng_tp_pho_yen"):
        ref.build_admin_units(*ref.read_package(), wrong)


def test_generated_reports_name_districts_as_they_stood_on_their_dates():
    from reportgen.admin import provinces, subunits_on

    by_code = {p.code: p for p in provinces("legacy")}
    thai_nguyen, bac_giang = by_code["19"], by_code["24"]
    assert "Thị xã Phổ Yên" in subunits_on(thai_nguyen, date(2021, 6, 30))
    assert "Thành phố Phổ Yên" not in subunits_on(thai_nguyen, date(2021, 6, 30))
    assert "Thành phố Phổ Yên" in subunits_on(thai_nguyen, date(2022, 4, 10))
    before = subunits_on(bac_giang, date(2023, 12, 31))
    assert "Huyện Việt Yên" in before and "Huyện Yên Dũng" in before
    assert not any(s.casefold() in ("thị xã việt yên", "thị xã chũ") for s in before)
    after = subunits_on(bac_giang, date(2025, 3, 31))
    assert "Huyện Yên Dũng" not in after and "Thị xã Chũ" in after


def test_province_prefixes_are_unique_even_where_initials_collide(ref, units):
    assert {"hgg02", "hgg93", "dng48", "dng67"} <= set(units.unit_id)
    assert units.unit_id.is_unique
    assert ref.province_prefix("Bắc Giang") == "bgg"


# ---- matching against the national reference, in a warehouse with made-up report rows ----

REPORTS = [
    # document_id, province as printed, province_code, period, issued, code's edition
    ("ha_giang", "Hà Giang", None, date(2024, 1, 1), date(2024, 3, 31), date(2024, 4, 5)),
    ("hau_giang", "Hậu Giang", None, date(2024, 1, 1), date(2024, 3, 31), date(2024, 4, 5)),
    ("no_province", None, None, date(2024, 1, 1), date(2024, 3, 31), date(2024, 4, 5)),
    ("by_code", "Tỉnh HG", "02", date(2024, 1, 1), date(2024, 3, 31), date(2024, 4, 5)),
    ("bac_ninh_2025", "Bắc Ninh", None, date(2025, 7, 1), date(2025, 9, 30), date(2025, 10, 3)),
    # written after the 1/7/2025 reorganisation about the quarter before it
    ("bac_ninh_q2", "Bắc Ninh", None, date(2025, 4, 1), date(2025, 6, 30), date(2025, 7, 8)),
    ("thai_nguyen_2021", "Thái Nguyên", None, date(2021, 4, 1), date(2021, 6, 30), None),
    ("thai_nguyen_2023", "Thái Nguyên", None, date(2023, 4, 1), date(2023, 6, 30), None),
    # 44 is Quảng Trị's code from 1/7/2025 and was Quảng Bình's before: the 2025 edition's
    # code names the 2025 province even for a period that began before the merger
    ("quang_tri_44", "Quảng Trị", "44", date(2025, 6, 15), date(2025, 9, 14), None, "2025"),
]
ROWS = [
    # document_id, label, expected unit_id (None: not accepted)
    ("ha_giang", "Huyện Bắc Mê", "hgg02_h_bac_me"),
    ("ha_giang", "Bắc Quang", "hgg02_h_bac_quang"),
    ("ha_giang", "Sở TN&MT", "hgg02_so_tnmt"),
    ("ha_giang", "Huyện Châu Thành", None),  # a district of Hậu Giang (and others), not Hà Giang
    ("hau_giang", "Châu Thành", "hgg93_h_chau_thanh"),
    ("hau_giang", "Thị xã Long Mỹ", "hgg93_tx_long_my"),
    ("hau_giang", "Long Mỹ", None),  # Huyện and Thị xã Long Mỹ: ambiguous
    ("hau_giang", "Huyện Bắc Quang", None),
    ("no_province", "Huyện Bắc Mê", None),
    ("by_code", "UBND huyện Bac Me", "hgg02_h_bac_me"),
    ("bac_ninh_2025", "Sở Kế hoạch và Đầu tư", None),  # merged into Sở Tài chính on 1/3/2025
    ("bac_ninh_2025", "Sở Tài chính", "bnh_so_tai_chinh"),
    # communes and wards of the 34 provinces, from 1/7/2025
    ("bac_ninh_2025", "Phường Đa Mai", "bnh_p_da_mai"),
    ("bac_ninh_2025", "Đa Mai", "bnh_p_da_mai"),  # type word left out
    ("bac_ninh_2025", "Phuong Dao Vien", "bnh_p_dao_vien"),  # tone marks lost
    ("bac_ninh_2025", "Huyện Tiên Du", None),  # the district level ended on 1/7/2025
    # in a report on Q2 2025 written in July: a unit of the period first, else a later one
    ("bac_ninh_q2", "Huyện Tiên Du", "bnh_h_tien_du"),
    ("bac_ninh_q2", "Phường Đa Mai", "bnh_p_da_mai"),
    ("bac_ninh_q2", "Yên Phong", "bnh_h_yen_phong"),  # Huyện (in the period) before Xã Yên Phong
    # a word printed twice in a row
    ("ha_giang", "UBND huyện huyện Bắc Mê", "hgg02_h_bac_me"),
    ("hau_giang", "Huyện Châu Châu Thành", "hgg93_h_chau_thanh"),
    # a type changed in the 2020s: the unit valid in the period, whichever type is printed
    ("thai_nguyen_2021", "Thành phố Phổ Yên", "tng_tx_pho_yen"),
    ("thai_nguyen_2023", "Thị xã Phổ Yên", "tng_tp_pho_yen"),
    # a bare name whose first word folds to a type word (Quản ~ Quận)
    ("ha_giang", "Quản Bạ", "hgg02_h_quan_ba"),
    # an alias with a tone mark lost, and doubled
    ("ha_giang", "Sở LDTBXH", "hgg02_so_ldtbxh"),
    ("ha_giang", "Sở LĐTBXH LĐTBXH", "hgg02_so_ldtbxh"),
    ("hau_giang", "Sở TN&MT TN&MT", "hgg93_so_tnmt"),  # words split at spaces, not at '&'
    ("quang_tri_44", "Sở Tư pháp", "qti_so_tu_phap"),
]


@pytest.fixture(scope="module")
def matched(tmp_path_factory) -> dict[tuple[str, str], tuple]:
    home = tmp_path_factory.mktemp("unit_reference_home")
    run_dbt(
        [
            "build",
            "-s",
            "+ref_units",
            "unit_aliases",
            "dim_unit",
            "breakdowns",
            "--indirect-selection",
            "cautious",
        ],
        home,
    )
    con = duckdb.connect(str(home / "warehouse.duckdb"))
    try:
        con.execute("create schema if not exists staging")
        con.execute("create schema if not exists intermediate")
        con.execute(
            "create or replace table staging.stg_raw__report_metadata "
            "(document_id varchar, province varchar, province_code varchar, issued_date date, "
            "province_edition varchar)"
        )
        con.executemany(
            "insert into staging.stg_raw__report_metadata values (?, ?, ?, ?, ?)",
            [(*r[:3], r[5], r[6] if len(r) > 6 else None) for r in REPORTS],
        )
        con.execute(
            "create or replace table intermediate.int_tables_classified (table_id varchar, "
            "table_kind varchar, province varchar, period_start date, period_end date)"
        )
        con.executemany(
            "insert into intermediate.int_tables_classified values (?, 'dossier_processing', ?, ?, ?)",
            [r[:2] + r[3:5] for r in REPORTS],
        )
        con.execute(
            "create or replace table staging.stg_raw__table_cells (table_row_id varchar, "
            "table_id varchar, document_id varchar, row_index integer, row_code varchar, "
            "row_code_norm varchar, row_label varchar, row_kind varchar, section_code varchar, "
            "source_line integer, column_index integer, value_kind varchar)"
        )
        con.executemany(
            "insert into staging.stg_raw__table_cells values "
            "(?, ?, ?, ?, null, null, ?, 'data', null, ?, 1, 'label')",
            [(f"{doc}:{i}", doc, doc, i, label, i) for i, (doc, label, _) in enumerate(ROWS)],
        )
        # int_unit_match_review also lists non-data rows routed to unit_not_matched: none here
        con.execute(
            "create or replace table intermediate.int_table_cells_measured "
            "(table_row_id varchar, source_line integer, destination varchar)"
        )
    finally:
        con.close()
    run_dbt(
        [
            "run",
            "-s",
            "int_table_rows",
            "int_table_rows_matched_to_units",
            "int_table_rows_matched_to_breakdowns",
            "int_unit_match_review",
        ],
        home,
    )
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        rows = con.execute(
            """
            select m.document_id, m.unit_name_as_printed, m.unit_id, m.match_method,
                m.province_resolution, r.review_reason, r.candidates
            from intermediate.int_table_rows_matched_to_units as m
            left join intermediate.int_unit_match_review as r using (table_row_id)
            """
        ).fetchall()
    finally:
        con.close()
    return {(r[0], r[1]): r[2:] for r in rows}


@pytest.mark.parametrize(("document_id", "label", "expected"), ROWS)
def test_unit_rows_match_only_within_the_reports_province(matched, document_id, label, expected):
    unit_id, method, _, reason, _ = matched[(document_id, label)]
    assert unit_id == expected, (method, reason)
    assert (reason is None) == (expected is not None)


def test_report_without_province_goes_to_review_unmatched(matched):
    unit_id, method, resolution, reason, _ = matched[("no_province", "Huyện Bắc Mê")]
    assert (unit_id, method, resolution, reason) == (
        None,
        "none",
        "province_missing",
        "province_missing",
    )


def test_province_code_wins_over_the_printed_name(matched):
    assert matched[("by_code", "UBND huyện Bac Me")][2] == "code"


def test_ambiguous_short_name_lists_both_candidates(matched):
    _, method, _, reason, candidates = matched[("hau_giang", "Long Mỹ")]
    assert (method, reason) == ("short_name", "ambiguous")
    assert "hgg93_h_long_my" in candidates and "hgg93_tx_long_my" in candidates
