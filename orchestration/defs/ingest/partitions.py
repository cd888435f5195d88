"""One dynamic partition per inbox file; the key is the file's key in ingest.

The file key (path relative to the inbox, posix form: `rev/000_x.txt`) is what ingest treats
as the report (a changed file replaces its earlier version), so a partition's history is the
history of one report: each version shows up as a materialization with its document id.

Dagster refuses partition keys containing `...` or the control characters \a \b \f \n \r
\t \v \0 (`INVALID_PARTITION_SUBSTRINGS`; `,` `|` `[` `]` only matter for multi-partitions);
`/` is allowed. `partition_key` percent-encodes `%`, control characters and runs of three
dots, so every file name maps to a valid key and back (`file_key_of`); ordinary names are
their own partition key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote

from dagster import DynamicPartitionsDefinition

from ingest.inbox import inbox_entries

_NEEDS_ESCAPE = re.compile(r"%|[\x00-\x1f\x7f]|\.(?=\.\.)|(?<=\.\.)\.")


def partition_key(file_key: str) -> str:
    """The Dagster partition key of a file key (reversible, see the module docstring)."""
    return _NEEDS_ESCAPE.sub(lambda m: f"%{ord(m.group()):02X}", file_key)


def file_key_of(key: str) -> str:
    """The file key of a partition key (inverse of `partition_key`)."""
    return unquote(key) if "%" in key else key


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


def report_files(inbox: Path) -> dict[str, Path]:
    """Inbox files by partition key: the file key (path relative to the inbox,
    `rev/000_x.txt`), the same key as `raw.documents.file_key`, escaped only where Dagster
    refuses a character. Skipped files are included: they are recorded too."""
    return {partition_key(e.key): e.path for e in inbox_entries(inbox)}
