"""Inbox safety: links, sub-folders, skipped files, non-text bytes, duplicates.

Real files in temporary inboxes, a real DuckDB warehouse, `run_ingest` and `plan_inbox`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from ingest.load import connect
from ingest.pipeline import run_ingest
from ingest.reading import UnreadableFile, decode
from ingest.settings import Settings
from orchestration.defs.ingest.partitions import file_key_of, partition_key, report_files
from orchestration.defs.plan import plan_inbox

from .conftest import SAMPLES, sample_path, to_cp1258


def _rows(home: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _doc(home: Path, key: str) -> dict:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        cur = con.execute("select * from raw.documents where file_key = ?", [key])
        names = [d[0] for d in cur.description]
        rows = cur.fetchall()
    finally:
        con.close()
    assert len(rows) == 1, (key, rows)
    return dict(zip(names, rows[0], strict=True))


def _ingest(inbox: Path, home: Path):
    return run_ingest(Settings(inbox=inbox, home=home))


def _pending(inbox: Path, home: Path) -> list[str]:
    return [f.key for f in plan_inbox(Settings.from_env(inbox, home)).pending]


@pytest.fixture
def inbox(tmp_path) -> Path:
    path = tmp_path / "inbox"
    path.mkdir()
    return path


def test_a_link_outside_the_inbox_is_never_read(inbox, tmp_path):
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("Báo cáo mật của Sở Nội vụ tỉnh Thái Nguyên\n" * 20, encoding="utf-8")
    shutil.copy(sample_path("001"), inbox)
    (inbox / "x.txt").symlink_to(secret)
    (inbox / "inside.txt").symlink_to(inbox / sample_path("001").name)
    home = tmp_path / "home"
    summary = _ingest(inbox, home)
    row = _doc(home, "x.txt")
    assert row["status"] == "skipped"
    assert "outside the inbox" in row["error"]
    assert row["encoding"] is None and row["text_sha256"] is None
    assert ("x.txt", "skipped", row["error"]) in summary.not_parsed()
    # nothing of the secret reached raw.*
    assert _rows(home, "select count(*) from raw.paragraphs where text like '%mật%'") == [(0,)]
    # a link inside the inbox is followed (and is the same bytes as its target)
    inside = _doc(home, "inside.txt")
    assert (inside["status"], inside["duplicate_of"]) == ("duplicate", sample_path("001").name)
    assert _pending(inbox, home) == []


def test_files_in_sub_folders_are_keyed_by_their_relative_path(inbox, tmp_path):
    src = sample_path("000")
    shutil.copy(src, inbox)
    (inbox / "rev").mkdir()
    revised = src.read_text(encoding="utf-8").replace("18335", "18336")
    (inbox / "rev" / src.name).write_text(revised, encoding="utf-8")
    home = tmp_path / "home"
    summary = _ingest(inbox, home)
    assert summary.count("inserted") == 2
    rows = _rows(home, "select file_key, file_name, status from raw.documents order by file_key")
    assert rows == [(src.name, src.name, "parsed"), (f"rev/{src.name}", src.name, "parsed")]
    assert _rows(home, "select count(*) from raw.table_cells where cell_text = '18336'") == [(1,)]
    # the partition keys are the same keys
    assert sorted(report_files(inbox)) == [src.name, f"rev/{src.name}"]
    assert _pending(inbox, home) == []
    # a changed file replaces its earlier version under its own key only
    (inbox / "rev" / src.name).write_text(revised.replace("18336", "18337"), encoding="utf-8")
    assert _pending(inbox, home) == [f"rev/{src.name}"]
    again = _ingest(inbox, home)
    assert (again.count("replaced"), again.count("unchanged")) == (1, 1)
    assert _rows(home, "select count(*) from raw.documents where status = 'parsed'") == [(2,)]
    assert _rows(home, "select count(*) from raw.table_cells where cell_text = '18336'") == [(0,)]


@pytest.mark.parametrize(
    "name", ["rev/000_x.txt", "a...b.txt", "a....txt", "100%.txt", "tab\there.txt", "ố/ư.txt"]
)
def test_partition_keys_map_back_to_file_keys(name):
    from dagster._core.definitions.partitions.utils.base import INVALID_PARTITION_SUBSTRINGS

    key = partition_key(name)
    assert file_key_of(key) == name
    assert not any(bad in key for bad in INVALID_PARTITION_SUBSTRINGS)
    if name in ("rev/000_x.txt", "ố/ư.txt"):
        assert key == name


def test_files_that_are_not_read_are_recorded_as_skipped(inbox, tmp_path):
    shutil.copy(sample_path("003"), inbox)
    (inbox / "report.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    (inbox / "report.docx").write_bytes(b"PK\x03\x04" + bytes(200))
    (inbox / "README").write_text("notes", encoding="utf-8")
    (inbox / ".hidden.txt").write_text("ignored", encoding="utf-8")
    home = tmp_path / "home"
    summary = _ingest(inbox, home)
    assert summary.count("skipped") == 3 and summary.count("inserted") == 1
    pdf = _doc(home, "report.pdf")
    assert (pdf["status"], pdf["error"]) == (
        "skipped",
        "not a text report: .pdf files are not read yet",
    )
    assert _doc(home, "report.docx")["error"] == "not a text report: .docx files are not read yet"
    assert "without a suffix" in _doc(home, "README")["error"]
    assert _rows(home, "select count(*) from raw.documents where file_key like '.%'") == [(0,)]
    assert "3 skipped" in summary.line()
    # recorded with the same bytes: nothing new for the next run
    assert _pending(inbox, home) == []
    assert _ingest(inbox, home).count("unchanged") == 4
    # the check constraint lets exactly the four statuses in
    con = connect(str(home / "warehouse.duckdb"))
    try:
        with pytest.raises(duckdb.ConstraintException):
            con.execute(
                "insert into raw.documents (document_id, file_key, file_name, status, "
                "parser_version, ingested_at) values ('x', 'x', 'x', 'ignored', '1', now())"
            )
    finally:
        con.close()


def test_bytes_that_are_not_text_fail_by_content(inbox, tmp_path):
    pdf = (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n"
        + bytes(range(128, 256)) * 8
    )
    (inbox / "renamed_pdf.txt").write_bytes(pdf)
    (inbox / "renamed_docx.txt").write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)))
    (inbox / "renamed_doc.txt").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    (inbox / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    home = tmp_path / "home"
    _ingest(inbox, home)
    reasons = dict(_rows(home, "select file_key, error from raw.documents"))
    assert set(_rows(home, "select distinct status from raw.documents")) == {("failed",)}
    assert reasons["renamed_pdf.txt"] == "not a text report: the bytes are a PDF document (%PDF-)"
    assert "ZIP archive" in reasons["renamed_docx.txt"]
    assert "OLE2" in reasons["renamed_doc.txt"]
    assert "PNG image" in reasons["image.md"]
    assert _pending(inbox, home) == []


def test_text_checks_refuse_symbols_and_keep_vietnamese():
    # C1 controls and symbols, no magic number: letters decide
    with pytest.raises(UnreadableFile, match="not text"):
        decode(("€ ƒ „ … † ‡ ˆ ‰ " * 50).encode("cp1252") + bytes(range(0x80, 0xA0)) * 3)
    with pytest.raises(UnreadableFile, match="not text"):
        decode(("0123456789 +-*/ = ; " * 100).encode())
    with pytest.raises(UnreadableFile, match="not text"):
        decode(("\ue000\ue001 abc " * 100).encode())  # private use
    vietnamese = "Báo cáo kết quả cải cách hành chính quý I năm 2024, Sở Nội vụ.\n" * 30
    assert decode(vietnamese.encode("utf-8"))[1] == "utf-8"
    assert decode(vietnamese.encode("utf-16"))[1] == "utf-16"
    assert decode(vietnamese.encode("utf-16-le"))[1] == "utf-16-le"
    assert decode(to_cp1258(vietnamese))[1] == "cp1258"
    for path in sorted(SAMPLES.glob("*.txt")):
        assert decode(path.read_bytes()) == (path.read_bytes().decode("utf-8"), "utf-8")


def test_same_bytes_under_a_second_name_are_a_duplicate(inbox, tmp_path):
    src = sample_path("002")
    shutil.copy(src, inbox / "a.txt")
    shutil.copy(src, inbox / "b.txt")
    home = tmp_path / "home"
    summary = _ingest(inbox, home)
    assert (summary.count("inserted"), summary.count("duplicate")) == (1, 1)
    a, b = _doc(home, "a.txt"), _doc(home, "b.txt")
    assert a["status"] == "parsed" and a["document_id"] == a["content_sha256"]
    assert (b["status"], b["duplicate_of"], b["error"]) == (
        "duplicate",
        "a.txt",
        "same bytes as a.txt",
    )
    assert b["content_sha256"] == a["content_sha256"] and b["document_id"] != a["document_id"]
    assert _rows(home, "select count(distinct document_id) from raw.tables") == [(1,)]
    assert _pending(inbox, home) == []
    assert _ingest(inbox, home).count("unchanged") == 2
    # the first file changes: its duplicate now holds the report and takes its place
    (inbox / "a.txt").write_text("Báo cáo khác của Sở Nội vụ.\n" * 5, encoding="utf-8")
    assert _pending(inbox, home) == ["a.txt", "b.txt"]
    _ingest(inbox, home)
    assert _doc(home, "b.txt")["status"] == "parsed"
    assert _doc(home, "a.txt")["status"] in ("parsed", "failed")
    assert _pending(inbox, home) == []


def test_same_text_in_another_encoding_is_a_duplicate(inbox, tmp_path):
    text = sample_path("001").read_text(encoding="utf-8")
    shutil.copy(sample_path("001"), inbox / "a_utf8.txt")
    (inbox / "b_crlf.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    (inbox / "c_utf16.txt").write_bytes(text.encode("utf-16"))
    (inbox / "d_cp1258.txt").write_bytes(to_cp1258(text))
    home = tmp_path / "home"
    summary = _ingest(inbox, home)
    assert (summary.count("inserted"), summary.count("duplicate")) == (1, 3)
    first = _doc(home, "a_utf8.txt")
    for key in ("b_crlf.txt", "c_utf16.txt", "d_cp1258.txt"):
        row = _doc(home, key)
        assert (row["status"], row["duplicate_of"]) == ("duplicate", "a_utf8.txt"), key
        assert row["text_sha256"] == first["text_sha256"]
        assert row["error"].startswith("same text as a_utf8.txt")
    assert _rows(home, "select count(*) from raw.report_metadata") == [(1,)]
    assert _pending(inbox, home) == []
    assert _ingest(inbox, home).count("unchanged") == 4


def test_the_four_samples_load_the_same_rows(tmp_path):
    home = tmp_path / "home"
    summary = _ingest(SAMPLES, home)
    assert summary.count("inserted") == 4
    rows = _rows(
        home,
        "select file_key, file_name, status, document_id = content_sha256, duplicate_of, "
        "encoding from raw.documents order by file_key",
    )
    assert rows == [
        (p.name, p.name, "parsed", True, None, "utf-8") for p in sorted(SAMPLES.glob("*.txt"))
    ]
    counts = _rows(
        home,
        "select sum(cell_count), sum(table_count), sum(paragraph_count) from raw.documents",
    )[0]
    assert counts == (
        _rows(home, "select count(*) from raw.table_cells")[0][0],
        _rows(home, "select count(*) from raw.tables")[0][0],
        _rows(home, "select count(*) from raw.paragraphs")[0][0],
    )


def test_a_second_run_over_the_same_inbox_has_nothing_pending(inbox, tmp_path):
    for p in SAMPLES.glob("*.txt"):
        shutil.copy(p, inbox)
    (inbox / "sub").mkdir()
    shutil.copy(sample_path("000"), inbox / "sub" / "copy.txt")
    (inbox / "sub" / "scan.pdf").write_bytes(b"%PDF-1.5\n")
    (inbox / "empty.txt").write_bytes(b"")
    home = tmp_path / "home"
    assert len(_pending(inbox, home)) == 7
    _ingest(inbox, home)
    assert _pending(inbox, home) == []
    second = _ingest(inbox, home)
    assert second.count("unchanged") == 7


def test_a_warehouse_from_before_file_keys_is_migrated(inbox, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    con = duckdb.connect(str(home / "warehouse.duckdb"))
    con.execute(
        "create schema raw; create table raw.documents (document_id varchar primary key, "
        "file_name varchar not null, file_path varchar, size_bytes bigint, encoding varchar, "
        "status varchar not null check (status in ('parsed', 'failed')), error varchar, "
        "parser_version varchar not null, line_count integer, table_count integer, "
        "paragraph_count integer, cell_count integer, issue_count integer, "
        "ingested_at timestamp not null);"
        "insert into raw.documents (document_id, file_name, status, parser_version, ingested_at)"
        " values ('abc', 'old.txt', 'failed', '1.1.0', now())"
    )
    con.close()
    (inbox / "a.pdf").write_bytes(b"%PDF-1.5\n")
    _ingest(inbox, home)
    assert _doc(home, "a.pdf")["status"] == "skipped"
    assert _doc(home, "old.txt")["content_sha256"] == "abc"
