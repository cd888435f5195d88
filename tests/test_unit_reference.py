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


def test_province_prefixes_are_unique_even_where_initials_collide(ref, units):
    assert {"hgg02", "hgg93", "dng48", "dng67"} <= set(units.unit_id)
    assert units.unit_id.is_unique
    assert ref.province_prefix("Bắc Giang") == "bgg"


# ---- matching against the national reference, in a warehouse with made-up report rows ----

REPORTS = [
    # document_id, province as printed, province_code, period
    ("ha_giang", "Hà Giang", None, date(2024, 1, 1), date(2024, 3, 31)),
    ("hau_giang", "Hậu Giang", None, date(2024, 1, 1), date(2024, 3, 31)),
    ("no_province", None, None, date(2024, 1, 1), date(2024, 3, 31)),
    ("by_code", "Tỉnh HG", "02", date(2024, 1, 1), date(2024, 3, 31)),
    ("bac_ninh_2025", "Bắc Ninh", None, date(2025, 7, 1), date(2025, 9, 30)),
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
            "(document_id varchar, province varchar, province_code varchar)"
        )
        con.executemany(
            "insert into staging.stg_raw__report_metadata values (?, ?, ?)",
            [r[:3] for r in REPORTS],
        )
        con.execute(
            "create or replace table intermediate.int_tables_classified (table_id varchar, "
            "table_kind varchar, province varchar, period_start date, period_end date)"
        )
        con.executemany(
            "insert into intermediate.int_tables_classified values (?, 'dossier_processing', ?, ?, ?)",
            [(r[0], r[1], r[3], r[4]) for r in REPORTS],
        )
        con.execute(
            "create or replace table staging.stg_raw__table_cells (table_row_id varchar, "
            "table_id varchar, document_id varchar, row_index integer, row_code varchar, "
            "row_code_norm varchar, row_label varchar, row_kind varchar, section_code varchar, "
            "source_line integer, column_index integer)"
        )
        con.executemany(
            "insert into staging.stg_raw__table_cells values (?, ?, ?, ?, null, null, ?, 'data', null, ?, 1)",
            [(f"{doc}:{i}", doc, doc, i, label, i) for i, (doc, label, _) in enumerate(ROWS)],
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
