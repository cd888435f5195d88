"""One report never holds back the others.

An inbox of the four samples plus one file of every odd kind (no province, no period, PDF
bytes named .txt, a link to a file outside the inbox, the same bytes twice, a sub-folder
namesake, a table cut off mid-row) goes through `python -m orchestration run` like a
user's: it publishes, the samples' mart rows are exactly those of a samples-only build
(compared by query), and every odd file is in marts.report_review and in the summary.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from .conftest import ROOT, SAMPLES, sample_path

# Columns that differ between two builds of the same input.
VOLATILE = {"ingested_at"}

PDF_BYTES = (
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"4 0 obj\n<< /Length 512 /Filter /FlateDecode >>\nstream\n"
    + bytes(range(256)) * 2
    + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def _text(prefix: str) -> str:
    return sample_path(prefix).read_text(encoding="utf-8")


def _without_province(text: str) -> str:
    """A report whose header block names no province (a portal page, a cut header)."""
    for name in ("Thái Nguyên", "THÁI NGUYÊN"):
        text = text.replace(name, "")
    return text.replace("3371", "3372")


def _without_period(text: str) -> str:
    """A report whose title and dates say no period."""
    text = re.sub(r"(?i)\b(quý|tháng)\s+[IVX\d]+(\s*năm\s*\d{4})?", "kỳ này", text)
    text = re.sub(r"(?i)\bnăm\s+\d{4}", "năm nay", text)
    text = re.sub(r"\d{1,2}/\d{1,2}/\d{4}", "", text)
    return text.replace("183", "184")


def _cut_mid_row(text: str) -> str:
    """The file ends inside a table's row: `8.553` written as `8.5`, no final newline."""
    lines = text.split("\n")
    k = next(i for i, line in enumerate(lines) if "\t8.553\t" in line)
    head, _, _ = lines[k].partition("\t8.553\t")
    return "\n".join([*lines[:k], head + "\t8.5"])


@pytest.fixture(scope="module")
def odd_run(tmp_path_factory, sample_home):
    base = tmp_path_factory.mktemp("quarantine")
    inbox, outside, home = base / "inbox", base / "outside", base / "home"
    inbox.mkdir()
    outside.mkdir()
    for path in SAMPLES.glob("*.txt"):
        shutil.copy(path, inbox / path.name)
    write = lambda name, text: (inbox / name).write_text(text, encoding="utf-8")  # noqa: E731
    write("zz_no_province.txt", _without_province(_text("000")))
    write("zz_no_period.txt", _without_period(_text("002")))
    write("zz_cut_off.txt", _cut_mid_row(_text("000")))
    (inbox / "zz_scan.txt").write_bytes(PDF_BYTES)
    (outside / "secret.txt").write_text(_text("003").replace("2590", "2599"), encoding="utf-8")
    os.symlink(outside / "secret.txt", inbox / "zz_link.txt")
    shutil.copy(sample_path("001"), inbox / "zz_copy_of_001.txt")
    namesake = inbox / "rev" / sample_path("000").name
    namesake.parent.mkdir()
    namesake.write_text(_text("000").replace("8.553", "8.554"), encoding="utf-8")

    env = {**os.environ, "BAOCAO_HOME": str(home), "BAOCAO_INBOX": str(inbox)}
    done = subprocess.run(
        [sys.executable, "-m", "orchestration", "run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return done, home, inbox


def _sample_ids() -> list[str]:
    return sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in SAMPLES.glob("*.txt"))


def test_the_run_publishes_despite_every_odd_file(odd_run):
    done, home, _ = odd_run
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "not published" not in done.stdout
    assert (home / "published" / "current" / "warehouse.duckdb").exists()


def test_the_samples_marts_are_unchanged(odd_run, sample_home):
    _, home, _ = odd_run
    con = duckdb.connect()
    con.execute(f"attach '{sample_home / 'warehouse.duckdb'}' as base (read_only)")
    con.execute(
        f"attach '{home / 'published' / 'current' / 'warehouse.duckdb'}' as odd (read_only)"
    )
    marts = [
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where database_name = 'base' "
            "and schema_name = 'marts' and table_name not in ('fct_data_quality_issue', "
            "'report_review') order by 1"
        ).fetchall()
    ]
    assert {"dim_report", "fct_dossier_processing", "dim_unit", "table_coverage"} <= set(marts)
    ids = _sample_ids()
    compared = 0
    for mart in marts:
        columns = [
            c
            for (c,) in con.execute(
                "select column_name from duckdb_columns() where database_name = 'base' "
                "and schema_name = 'marts' and table_name = ? order by column_index",
                [mart],
            ).fetchall()
            if c not in VOLATILE
        ]
        cols = ", ".join(f'"{c}"' for c in columns)
        where = "where report_id in (select unnest(?::varchar[]))" if "report_id" in columns else ""
        params = [ids] if where else []
        base = f"select {cols} from base.marts.{mart} {where}"
        odd = f"select {cols} from odd.marts.{mart} {where}"
        lost = con.execute(f"{base} except all {odd}", params * 2).fetchall()
        assert lost == [], f"{mart}: sample rows missing or changed: {lost[:3]}"
        if where:  # per-report marts: nothing new about the samples either
            extra = con.execute(f"{odd} except all {base}", params * 2).fetchall()
            assert extra == [], f"{mart}: rows about the samples that a samples-only build lacks"
        compared += con.execute(f"select count(*) from ({base})", params).fetchall()[0][0]
    assert compared > 1000


def _review(home: Path) -> dict[str, set[str]]:
    con = duckdb.connect(str(home / "published" / "current" / "warehouse.duckdb"), read_only=True)
    try:
        rows = con.execute("select file_name, reason from marts.report_review").fetchall()
    finally:
        con.close()
    out: dict[str, set[str]] = {}
    for file_name, reason in rows:
        out.setdefault(file_name, set()).add(reason)
    return out


def test_every_odd_file_is_in_the_review_mart_with_its_reason(odd_run):
    _, home, _ = odd_run
    review = _review(home)
    assert "province_missing" in review["zz_no_province.txt"]
    assert "unit_not_matched" in review["zz_no_province.txt"]  # no province: nothing to match in
    assert review["zz_no_period.txt"] >= {"period_missing"}
    assert review["zz_cut_off.txt"] == {"table_cut_off"}
    assert review["zz_scan.txt"] == {"file_failed"}
    assert review["zz_copy_of_001.txt"] == {"file_duplicate"}
    assert any(name.startswith("zz_link") for name in review)
    # The samples and the namesake in rev/ are good reports: nothing to review.
    assert not {p.name for p in SAMPLES.glob("*.txt")} & set(review)
    assert not any(name.startswith("rev/") for name in review)


def test_the_summary_names_each_quarantined_file_and_why(odd_run):
    done, _, _ = odd_run
    quarantined = done.stdout.split("quarantined:", 1)[1]
    for name, reason in [
        ("zz_no_province.txt", "province_missing"),
        ("zz_no_period.txt", "period_missing"),
        ("zz_cut_off.txt", "table_cut_off"),
        ("zz_scan.txt", "file_failed"),
        ("zz_copy_of_001.txt", "file_duplicate"),
        ("zz_link.txt", "file_"),
    ]:
        line = next((x for x in quarantined.splitlines() if name in x), "")
        assert reason in line, (name, quarantined)


def test_the_cut_value_never_reaches_a_fact(odd_run):
    _, home, _ = odd_run
    con = duckdb.connect(str(home / "published" / "current" / "warehouse.duckdb"), read_only=True)
    try:
        rows = con.execute(
            "select f.received_total from marts.fct_dossier_processing as f "
            "inner join marts.dim_report as r on f.report_id = r.report_id "
            "where r.file_name = 'zz_cut_off.txt' and f.unit_name_as_printed = 'Huyện Phú Bình'"
        ).fetchall()
        outside = con.execute(
            "select count(*) from marts.dim_report where doc_number like '%2599%'"
        ).fetchall()
    finally:
        con.close()
    assert rows == []
    assert outside == [(0,)]  # the file behind the link was never read


def test_the_namesake_in_a_subfolder_is_its_own_report(odd_run):
    _, home, _ = odd_run
    con = duckdb.connect(str(home / "published" / "current" / "warehouse.duckdb"), read_only=True)
    try:
        names = {r[0] for r in con.execute("select file_name from marts.dim_report").fetchall()}
    finally:
        con.close()
    sample = sample_path("000").name
    assert {sample, f"rev/{sample}"} <= names
