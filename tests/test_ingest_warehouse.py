"""The ingest job end to end into a temporary DuckDB warehouse, with good and bad input."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from ingest import load, pipeline
from ingest.pipeline import run_ingest
from ingest.settings import Settings
from ingest.text import strip_markup

from .conftest import SAMPLES, sample_path, to_cp1258


def _settings(inbox: Path, home: Path) -> Settings:
    return Settings(inbox=inbox, home=home)


def _query(home: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def sample_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("home")
    run_ingest(_settings(SAMPLES, home))
    return home


def _independent_tab_cells(path: Path) -> set[tuple[int, int]]:
    """(line, column) of every non-empty data cell of the tab tables, found without the parser.

    A header block starts at a row whose first cell is STT/TT and goes on over rows with an
    empty first cell and at least two filled cells, and over the `A | B | (1)` code row. Section
    headings printed between rows of 002 (`### **III. …**`) are rows of one cell.
    """
    cells: set[tuple[int, int]] = set()
    lines = path.read_text(encoding="utf-8").split("\n")
    in_header = False
    last_tab = -10
    for no, line in enumerate(lines, 1):
        if "\t" not in line:
            if re.match(r"^#+\s+\**[IVX]+\.\s", line) and no - last_tab < 4:
                cells.add((no, 0))
            continue
        last_tab = no
        parts = [strip_markup(p) for p in line.split("\t")]
        filled = [k for k, p in enumerate(parts) if p]
        if parts[0] in ("STT", "TT"):
            in_header = True
            continue
        if in_header and parts[0] == "A":
            in_header = False
            continue
        if in_header and not parts[0] and len(filled) >= 2:
            continue
        in_header = False
        cells.update((no, k) for k in filled)
    return cells


@pytest.mark.parametrize("prefix", ["000", "001", "002"])
def test_every_non_empty_cell_lands_exactly_once(sample_home, prefix):
    path = sample_path(prefix)
    expected = _independent_tab_cells(path)
    rows = _query(
        sample_home,
        """
        select c.source_line, c.column_index, c.continuation_lines
        from raw.table_cells c join raw.documents d using (document_id)
        where d.file_name = ?
        """,
        [path.name],
    )
    landed: list[tuple[int, int]] = []
    for line, col, continued in rows:
        landed.append((line, col))
        landed.extend((extra, col) for extra in continued)
    assert len(landed) == len(set(landed)), "a cell landed twice"
    assert set(landed) == expected


def test_space_separated_cells_all_land(sample_home, parsed):
    doc = parsed["003"]
    expected = sum(len(r.cells) for t in doc.tables for r in t.rows)
    (count,) = _query(
        sample_home,
        "select count(*) from raw.table_cells join raw.documents using (document_id) "
        "where file_name like '003_%'",
    )[0]
    assert count == expected == 665


def test_every_block_lands_in_paragraphs_or_footnotes(sample_home, parsed):
    for prefix, doc in parsed.items():
        paragraphs, footnotes = _query(
            sample_home,
            """
            select
                (select count(*) from raw.paragraphs p where p.document_id = d.document_id),
                (select count(*) from raw.footnotes f where f.document_id = d.document_id)
            from raw.documents d where d.file_name like ?
            """,
            [f"{prefix}_%"],
        )[0]
        assert paragraphs == sum(b.kind != "footnote" for b in doc.blocks)
        assert footnotes == sum(b.kind == "footnote" for b in doc.blocks)


def test_typed_values_and_row_codes_in_raw(sample_home):
    rows = dict(
        _query(
            sample_home,
            "select cell_text, value_number from raw.table_cells where cell_text in "
            "('1.796.058', '18335', '97,03%', '1..995', 'Tăng 120.415 hồ sơ')",
        )
    )
    assert rows["18335"] == 18335
    assert rows["97,03%"] == pytest.approx(97.03)
    assert rows["1..995"] == 1995
    assert rows["Tăng 120.415 hồ sơ"] == 120415
    codes = _query(
        sample_home,
        "select value_kind, value_number from raw.table_cells where cell_text = '1,1'",
    )
    assert codes == [("row_code", None)]


def test_metadata_lands(sample_home):
    rows = _query(
        sample_home,
        "select file_name, doc_number, issued_date, province, period_start, period_end "
        "from raw.report_metadata join raw.documents using (document_id) order by file_name",
    )
    assert [(r[1], r[3]) for r in rows] == [
        ("3371-BC/BCSD", "Thái Nguyên"),
        (None, "Bắc Giang"),
        ("183/BC-UBND", "Thái Nguyên"),
        (None, "Thái Nguyên"),
    ]
    assert all(r[4] is not None and r[5] is not None for r in rows)


def _table_snapshot(home: Path) -> dict[str, list[tuple]]:
    out = {}
    for name in load.RAW_TABLES:
        cols = "* exclude (ingested_at)" if name == "documents" else "*"
        out[name] = _query(home, f"select {cols} from raw.{name} order by all")
    return out


def test_same_bytes_again_change_nothing(tmp_path):
    home = tmp_path / "home"
    first = run_ingest(_settings(SAMPLES, home))
    before = _table_snapshot(home)
    second = run_ingest(_settings(SAMPLES, home))
    assert first.count("inserted") == 4
    assert second.count("unchanged") == 4
    assert _table_snapshot(home) == before


def test_changed_file_replaces_its_earlier_version(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    src = sample_path("000")
    target = inbox / src.name
    shutil.copy(src, target)
    home = tmp_path / "home"
    run_ingest(_settings(inbox, home))
    (old_id,) = _query(home, "select document_id from raw.documents")[0]
    target.write_text(src.read_text(encoding="utf-8").replace("18335", "18336"), encoding="utf-8")
    summary = run_ingest(_settings(inbox, home))
    assert summary.count("replaced") == 1
    ids = _query(home, "select document_id from raw.documents")
    assert len(ids) == 1 and ids[0][0] != old_id
    for name in load.RAW_TABLES:
        leftovers = _query(home, f"select count(*) from raw.{name} where document_id = ?", [old_id])
        assert leftovers == [(0,)], name
    assert _query(home, "select count(*) from raw.table_cells where cell_text = '18336'") == [(1,)]


def test_a_failed_load_rolls_back_the_document(tmp_path, monkeypatch):
    home = tmp_path / "home"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(sample_path("001"), inbox)
    original = load._insert

    def broken(con, name, rows):
        if name == "table_cells":
            raise RuntimeError("disk full (simulated)")
        original(con, name, rows)

    monkeypatch.setattr(load, "_insert", broken)
    with pytest.raises(RuntimeError):
        run_ingest(_settings(inbox, home))
    for name in load.RAW_TABLES:
        assert _query(home, f"select count(*) from raw.{name}") == [(0,)], name
    monkeypatch.setattr(load, "_insert", original)
    assert run_ingest(_settings(inbox, home)).count("inserted") == 1


@pytest.fixture(scope="module")
def bad_inbox(tmp_path_factory) -> tuple[Path, Path]:
    inbox = tmp_path_factory.mktemp("inbox")
    for p in SAMPLES.glob("*.txt"):
        shutil.copy(p, inbox)
    utf8 = sample_path("001").read_text(encoding="utf-8")
    (inbox / "empty.txt").write_bytes(b"")
    rng = random.Random(7)
    (inbox / "binary.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (inbox / "utf16.txt").write_bytes(
        utf8.replace("Sở Thông tin", "Sở  Thông tin").encode("utf-16")
    )
    (inbox / "cp1258.txt").write_bytes(to_cp1258(utf8.replace("Lưu VT.", "Lưu: VT.")))
    (inbox / "bom.txt").write_bytes(b"\xef\xbb\xbf" + utf8.replace("Lưu VT.", "Lưu  VT.").encode())
    cut = sample_path("000").read_text(encoding="utf-8")
    cut = cut[: cut.index("8.553\t7.808\t438") + len("8.553\t7.808")]
    (inbox / "truncated.txt").write_text(cut, encoding="utf-8")
    (inbox / "long_line.txt").write_text("Số liệu " + "9" * 10_000_000 + "\n", encoding="utf-8")
    with (inbox / "random_tables.txt").open("w", encoding="utf-8") as fh:
        size = 0
        while size < 50 * 1024 * 1024:
            line = "\t".join(
                [str(rng.randrange(1, 40)), f"Huyện {rng.randrange(1000)}"]
                + [
                    f"{rng.randrange(10**6):,}".replace(",", ".")
                    for _ in range(rng.randrange(2, 9))
                ]
            )
            size += len(line.encode()) + 1
            fh.write(line + "\n")
    home = tmp_path_factory.mktemp("bad_home")
    run_ingest(_settings(inbox, home))
    return inbox, home


def _doc(home: Path, name: str) -> tuple:
    return _query(
        home,
        "select status, error, encoding, cell_count, issue_count from raw.documents "
        "where file_name = ?",
        [name],
    )[0]


def test_empty_file_fails_with_reason(bad_inbox):
    status, error, *_ = _doc(bad_inbox[1], "empty.txt")
    assert (status, error) == ("failed", "empty file: 0 bytes")


def test_binary_file_fails_with_reason(bad_inbox):
    status, error, *_ = _doc(bad_inbox[1], "binary.txt")
    assert status == "failed" and error.startswith("binary file")


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("utf16.txt", "utf-16"), ("cp1258.txt", "cp1258"), ("bom.txt", "utf-8-sig")],
)
def test_other_encodings_parse_to_the_same_cells(bad_inbox, name, encoding):
    home = bad_inbox[1]
    status, error, enc, cells, _ = _doc(home, name)
    assert (status, error, enc) == ("parsed", None, encoding)
    same = _query(
        home,
        """
        select count(*) from (
            select table_id[17:], row_index, column_index, cell_text from raw.table_cells
            join raw.documents using (document_id) where file_name = ?
            except
            select table_id[17:], row_index, column_index, cell_text from raw.table_cells
            join raw.documents using (document_id) where file_name = ?
        )
        """,
        [name, sample_path("001").name],
    )
    assert same == [(0,)]
    assert cells == _doc(home, sample_path("001").name)[3]


def test_table_cut_off_mid_row_is_flagged(bad_inbox):
    home = bad_inbox[1]
    status, _, _, cells, _ = _doc(home, "truncated.txt")
    assert status == "parsed" and cells > 0
    issues = _query(
        home,
        "select code, source_line from raw.parse_issues join raw.documents using (document_id) "
        "where file_name = 'truncated.txt' and code = 'table_cut_off'",
    )
    assert issues == [("table_cut_off", 371)]


def test_ten_megabyte_line_is_refused(bad_inbox):
    status, error, *_ = _doc(bad_inbox[1], "long_line.txt")
    assert status == "failed" and "characters long" in error


def test_fifty_megabytes_of_table_lines_parse(bad_inbox):
    status, error, _, cells, _ = _doc(bad_inbox[1], "random_tables.txt")
    assert (status, error) == ("parsed", None)
    assert cells > 1_000_000


def test_bad_files_do_not_stop_the_samples_and_leave_no_orphans(bad_inbox):
    home = bad_inbox[1]
    parsed = _query(home, "select count(*) from raw.documents where status = 'parsed'")
    failed = _query(home, "select count(*) from raw.documents where status = 'failed'")
    assert parsed == [(4 + 5,)] and failed == [(3,)]
    for name in load.RAW_TABLES:
        if name == "documents":
            continue
        orphans = _query(
            home,
            f"select count(*) from raw.{name} where document_id not in "
            "(select document_id from raw.documents where status = 'parsed')",
        )
        assert orphans == [(0,)], name


@pytest.fixture(scope="module")
def copies_inbox(tmp_path_factory) -> Path:
    """24 distinct reports: each sample six times, each copy with its own closing line."""
    inbox = tmp_path_factory.mktemp("copies")
    for p in sorted(SAMPLES.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        for k in range(6):
            (inbox / f"{p.stem}_{k}.txt").write_text(f"{text}\nBản sao {k}\n", encoding="utf-8")
    return inbox


def test_worker_processes_and_batches_load_what_one_process_loads(copies_inbox, tmp_path):
    serial = Settings(copies_inbox, tmp_path / "serial", workers=1, batch_documents=1)
    parallel = Settings(copies_inbox, tmp_path / "parallel", workers=2, batch_documents=5)
    first = run_ingest(serial)
    second = run_ingest(parallel)
    assert first.count("inserted") == second.count("inserted") == 24
    assert sorted(name for name, _, _ in first.outcomes) == sorted(
        name for name, _, _ in second.outcomes
    )
    assert _table_snapshot(tmp_path / "parallel") == _table_snapshot(tmp_path / "serial")
    again = run_ingest(parallel)
    assert again.count("unchanged") == 24


def test_a_document_the_warehouse_refuses_fails_alone(copies_inbox, tmp_path, monkeypatch):
    """A batch the warehouse refuses is retried one document at a time."""
    original = pipeline.document_tables
    refused = f"{sample_path('001').stem}_1.txt"

    def duplicated_cell(source, doc):
        item = original(source, doc)
        if source.file_name == refused:
            cells = item.tables["table_cells"]
            item.tables["table_cells"] = pa.concat_tables([cells, cells.slice(0, 1)])
        return item

    monkeypatch.setattr(pipeline, "document_tables", duplicated_cell)
    home = tmp_path / "home"
    summary = run_ingest(Settings(copies_inbox, home, workers=1, batch_documents=8))
    failed = [(name, error) for name, outcome, error in summary.outcomes if error]
    assert [name for name, _ in failed] == [refused]
    assert failed[0][1].startswith("load error: ConstraintException")
    assert summary.count("inserted") == 23
    status = _query(
        home, "select status, count(*) from raw.documents group by status order by status"
    )
    assert status == [("failed", 1), ("parsed", 23)]
    orphans = _query(
        home,
        "select count(*) from raw.table_cells where document_id not in "
        "(select document_id from raw.documents where status = 'parsed')",
    )
    assert orphans == [(0,)]
