"""The data rules' DuckDB memory setting: one variable, one default, read by both parts.

The GX reader takes it from the settings object; the dbt quality models cannot import
Python, so their pre-hook (macro qa_memory_settings) names the same default. These tests
keep the two in step and check that the hook is what the quality models run.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ingest.settings import QUALITY_MEMORY_LIMIT_DEFAULT, QUALITY_MEMORY_LIMIT_VAR, Settings

ROOT = Path(__file__).resolve().parent.parent
MACROS = ROOT / "dbt_project" / "macros" / "quality.sql"


def _macro(name: str) -> str:
    text = MACROS.read_text(encoding="utf-8")
    match = re.search(r"{%\s*macro " + name + r"\(\).*?%}(.*?){%-?\s*endmacro", text, re.S)
    assert match, f"macro {name} not in {MACROS}"
    return match.group(1)


def test_the_dbt_quality_models_read_the_same_variable_and_default_as_the_settings():
    body = _macro("qa_memory_settings")
    match = re.search(r"env_var\(\"(\w+)\", \"\"\) or \"([^\"]+)\"", body)
    assert match, body
    assert match.groups() == (QUALITY_MEMORY_LIMIT_VAR, QUALITY_MEMORY_LIMIT_DEFAULT)


def test_every_quality_model_runs_the_memory_settings_first():
    project = yaml.safe_load((ROOT / "dbt_project" / "dbt_project.yml").read_text("utf-8"))
    quality = project["models"]["baocao"]["quality"]
    assert quality["+pre-hook"] == "{{ qa_memory_settings() }}"


def test_the_settings_take_the_limit_from_the_environment():
    assert Settings.from_env(env={}).quality_memory_limit == QUALITY_MEMORY_LIMIT_DEFAULT
    assert Settings.from_env(env={QUALITY_MEMORY_LIMIT_VAR: "1GB"}).quality_memory_limit == "1GB"
