"""The inbox: which files it holds, their keys, and which of them are read.

Every file of the inbox is keyed by its path relative to the inbox, in posix form
(`rev/000_x.txt`): the key is `raw.documents.file_key`, the Dagster partition key
(`orchestration.defs.ingest.partitions.partition_key`) and what "a changed file replaces
its earlier version" compares. Hidden files and folders (`.x`) are ignored. Every other
file gets a `raw.documents` row:

- a file whose suffix is not a report's (`.pdf`, `.docx`, none) is `skipped` with the
  reason, and so is a symbolic link that resolves outside the inbox (never read), a broken
  link or anything that is not a regular file. Links that resolve inside the inbox are
  followed; links to folders are not walked (their files are seen where they really are);
- the same bytes as a file recorded first, or the same text after decoding and NFC and
  newline normalising (another encoding, CRLF), is a `duplicate` of it (`duplicate_of`
  names its key), so one report is published once. "First" is what the warehouse already
  holds, then inbox order. When the first file changes, its duplicates are looked at again
  in the same run, and one of them takes its place if the content is still there.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ingest.reading import UnreadableFile, read_bytes, sha256_hex

REPORT_SUFFIXES = (".txt", ".md", ".text")


@dataclass(frozen=True, slots=True)
class InboxEntry:
    """A file of the inbox: its key, its path, and why it is not read (None: read it)."""

    key: str
    path: Path
    skip: str | None = None
    readable: bool = True  # False: never open it (a link outside the inbox, a FIFO)


def file_key(path: Path, inbox: Path) -> str:
    """Path relative to the inbox in posix form; the bare name for a file given alone."""
    try:
        key = path.relative_to(inbox).as_posix()
    except ValueError:
        return path.name
    return path.name if key == "." else key


def entry_for(path: Path, inbox: Path) -> InboxEntry:
    """Classify one path of the inbox (or the inbox itself, when it is a file)."""
    if path == inbox:  # a file named on purpose: read it whatever its suffix
        return InboxEntry(path.name, path)
    key = file_key(path, inbox)
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return InboxEntry(key, path, "broken symbolic link: not read", readable=False)
        if not target.is_relative_to(inbox.resolve()):
            return InboxEntry(
                key, path, "symbolic link to a file outside the inbox: not followed", False
            )
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return InboxEntry(key, path, f"cannot read file: {exc}", readable=False)
    if not stat.S_ISREG(mode):
        return InboxEntry(key, path, "not a regular file: not read", readable=False)
    suffix = path.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        what = f"{suffix} files are" if suffix else "files without a suffix are"
        return InboxEntry(key, path, f"not a text report: {what} not read yet")
    return InboxEntry(key, path)


def key_order(entry: InboxEntry) -> tuple[str, ...]:
    """Inbox order: by path segments, so `a/x` sorts with `a`, not after `a-b`."""
    return tuple(entry.key.split("/"))


def inbox_entries(inbox: Path) -> list[InboxEntry]:
    """Every file of the inbox, keyed and classified, in a stable order (hidden ones left out).

    Folders are walked without following links to folders, so nothing outside the inbox is
    listed through one.
    """
    if inbox.is_file():
        return [entry_for(inbox, inbox)]
    out = []
    for folder, dirs, names in os.walk(inbox):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        out.extend(
            entry_for(Path(folder) / name, inbox) for name in names if not name.startswith(".")
        )
    return sorted(out, key=key_order)


def inbox_files(inbox: Path) -> list[Path]:
    """Paths of every file ingest records (read or skipped), in inbox order."""
    return [e.path for e in inbox_entries(inbox)]


def content_digest(entry: InboxEntry, max_bytes: int) -> tuple[str, bytes | None, str | None]:
    """(content_sha256, bytes, why unreadable) of a file, as ingest records it.

    The digest is the SHA-256 of the bytes; a file that is not read (a link outside the
    inbox, a file over the size limit, an error) gets the SHA-256 of a marker naming its key
    instead. `orchestration` computes the same digest to tell what is new.
    """
    if not entry.readable:
        return sha256_hex(f"unread:{entry.key}:{entry.skip}".encode()), None, None
    try:
        data = read_bytes(entry.path, max_bytes)
    except UnreadableFile as exc:
        size = entry.path.stat().st_size
        return sha256_hex(f"too-large:{entry.key}:{size}".encode()), None, str(exc)
    except OSError as exc:
        return (
            sha256_hex(f"unreadable:{entry.key}:{exc}".encode()),
            None,
            f"cannot read file: {exc}",
        )
    return sha256_hex(data), data, None
