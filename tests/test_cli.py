from __future__ import annotations

import json
import os
import subprocess
import sys

from typer.testing import CliRunner

from ingest.cli import app

from .conftest import ROOT, sample_path


def test_inspect_shows_tables_header_paths_and_issues():
    result = CliRunner(env={"COLUMNS": "400"}).invoke(app, ["inspect", str(sample_path("000"))])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "table 3 · tsv · lines 341-377 · 29 rows" in flat
    assert "Sở Nông nghiệp và Phát triển nông thôn" in flat
    assert "header variant 1 (line 360)" in flat
    assert "repeated_header_differs" in flat
    assert "3371-BC/BCSD" in flat


def test_inspect_json_is_machine_readable():
    result = CliRunner().invoke(app, ["inspect", "--json", str(sample_path("003"))])
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["metadata"]["parent_doc_number"] == "2590/SNV-CCHC"
    assert len(doc["tables"]) == 7
    assert doc["tables"][6]["rows"][2]["cells"][5]["text"] == "1..995"
    paths = [" > ".join(c["header_path"]) for c in doc["tables"][6]["columns"]]
    assert (
        paths[5] == "Thống kê trên Cổng dịch vụ công quốc gia ngày 31/10/2023 > Số lượng hoàn thành"
    )


def test_inspect_refuses_an_unreadable_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(app, ["inspect", str(empty)])
    assert result.exit_code == 1
    assert "empty file: 0 bytes" in " ".join(result.output.split())


def test_run_module_uses_environment(tmp_path):
    env = {
        **os.environ,
        "BAOCAO_HOME": str(tmp_path / "h"),
        "BAOCAO_INBOX": str(sample_path("001")),
    }
    out = subprocess.run(
        [sys.executable, "-m", "ingest", "run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "1 new" in out.stdout
    assert (tmp_path / "h" / "warehouse.duckdb").exists()
