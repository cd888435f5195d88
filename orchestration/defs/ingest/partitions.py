"""One dynamic partition per report file; the key is the file name.

The file name is what ingest treats as the report (a changed file replaces its earlier
version), so a partition's history is the history of one report: each version shows up as a
materialization with its document id (the SHA-256 of the bytes).
"""

from __future__ import annotations

from collections.abc import Sequence

from dagster import DynamicPartitionsDefinition

REPORTS_PARTITIONS_NAME = "reports"
reports_partitions = DynamicPartitionsDefinition(name=REPORTS_PARTITIONS_NAME)


def partition_key_range(
    existing: Sequence[str], wanted: Sequence[str]
) -> tuple[str, str, list[str]]:
    """The smallest range of partition keys covering `wanted`, and the keys still to add.

    Dynamic partitions are ordered by insertion and new keys are appended in the order given,
    so one run over [first wanted, last wanted] ingests every wanted report; any unchanged
    report inside the range is a cheap no-op (ingest skips known document ids).
    """
    if not wanted:
        raise ValueError("no partition keys wanted")
    known = set(existing)
    to_add = [k for k in dict.fromkeys(wanted) if k not in known]
    order = {k: i for i, k in enumerate([*existing, *to_add])}
    ranked = sorted(set(wanted), key=order.__getitem__)
    return ranked[0], ranked[-1], to_add
