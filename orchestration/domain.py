"""The domain lists SQL and Python share, read from the one place they are written: the
`vars` of dbt_project/dbt_project.yml (table kinds whose rows are units, the dossier
measures). The dbt models read the same lists with `var()`."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DBT_PROJECT_FILE = Path(__file__).resolve().parent.parent / "dbt_project" / "dbt_project.yml"


@cache
def dbt_vars() -> dict[str, Any]:
    return yaml.safe_load(DBT_PROJECT_FILE.read_text(encoding="utf-8"))["vars"]


def unit_table_kinds() -> tuple[str, ...]:
    return tuple(dbt_vars()["unit_table_kinds"])


def dossier_measures() -> tuple[str, ...]:
    return tuple(dbt_vars()["dossier_measures"])
