"""Reading a report file: identity, encoding, Unicode normalisation, "is this text at all".

A document's identity is the SHA-256 of its bytes, so re-reading the same bytes
gives the same id whatever the file is called. Text comes as UTF-8 (with or
without BOM), UTF-16 (BOM or not) or Windows-1258, the legacy Vietnamese code
page whose tone marks are combining characters: NFC normalisation turns
'Ho\u0302\u0300' into 'Hồ' so that every later comparison sees one spelling.

Whether the bytes are text is decided by their content, never by the file name nor by
the encoding detector's guess alone (any byte string decodes as *some* 8-bit code page):

1. magic numbers first: a PDF, ZIP (DOCX/XLSX/ODT), OLE2 (DOC/XLS), image, archive or
   executable is refused naming its format (`not a text report: the bytes are a PDF
   document (%PDF-)`);
2. then control bytes and NULs in the raw bytes (`binary file: …`);
3. after decoding, the text itself: a text with more than a few C0/C1 control,
   private-use, unassigned or replacement characters, or whose letters are a tiny share of
   its visible characters, is refused (`not text: …`).

`text_sha256` is the SHA-256 of the decoded, NFC- and newline-normalised text: the same
report saved in another encoding or with CRLF line ends has other bytes but the same
text hash, which is how ingest recognises it as a duplicate.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
# Letters only Vietnamese writes: ă đ ơ ư, and (after NFC) the vowels with tone marks of
# Latin Extended Additional. French, German or Spanish text read as Windows-1258 has
# almost none; Vietnamese prose has them in about one letter in ten.
_VIETNAMESE_ONLY = frozenset("ăđơưĂĐƠƯ")
_TONED_VOWELS = ("\u1ea0", "\u1ef9")  # Ạ … ỹ
_MIN_VIETNAMESE_SHARE = 0.02


# Thresholds of the "is it text" check, over the first 64K characters of the decoded text.
_MAX_BAD_CHAR_SHARE = 0.005  # C0 (but tab/newline/form feed) and C1 controls, private use,
# unassigned code points, U+FFFD: real reports have none; mis-decoded binary has many.
_MIN_LETTER_SHARE = 0.03  # letters among the visible characters other than digits (a
# table of numbers is text): mis-decoded binary read as symbols has almost none.


class UnreadableFile(Exception):
    """The file cannot be read as a report; the message says why, for raw.documents.error."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    document_id: str
    file_name: str
    path: str
    size_bytes: int
    encoding: str
    text: str
    file_key: str = ""  # path relative to the inbox, posix form (ingest's identity of a file)
    text_sha256: str = ""  # SHA-256 of the normalised text (same report, other encoding)

    @property
    def key(self) -> str:
        return self.file_key or self.file_name


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_TEXT_BYTES = bytes(range(32, 256)) + b"\t\n\x0c\r"


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if not sample:
        return False
    controls = len(sample.translate(None, _TEXT_BYTES))  # bytes left = control bytes
    return controls / len(sample) > 0.02


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / (len(sample) / 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


# (magic bytes, offset, what they are). Checked before any decoding: the format is named in
# the reason so that whoever dropped a PDF renamed to .txt knows what to do.
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"%PDF-", -1, "a PDF document (%PDF-)"),  # -1: anywhere in the first 1024 bytes
    (b"PK\x03\x04", 0, "a ZIP archive (DOCX, XLSX, ODT and EPUB files are ZIP archives)"),
    (b"PK\x05\x06", 0, "an empty ZIP archive"),
    (b"PK\x07\x08", 0, "a ZIP archive (spanned)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "an OLE2 compound document (Word .doc, Excel .xls)"),
    (b"{\\rtf", 0, "an RTF document (save it as plain text)"),
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"GIF87a", 0, "a GIF image"),
    (b"GIF89a", 0, "a GIF image"),
    (b"II*\x00", 0, "a TIFF image"),
    (b"MM\x00*", 0, "a TIFF image"),
    (b"BM", -2, "a BMP image"),  # -2: only with the BMP header's reserved zero bytes
    (b"RIFF", 0, "a RIFF file (WebP, WAV or AVI)"),
    (b"ftyp", 4, "an MP4/MOV/HEIC media file"),
    (b"OggS", 0, "an Ogg media file"),
    (b"ID3", 0, "an MP3 audio file"),
    (b"\x1f\x8b", 0, "a gzip archive"),
    (b"BZh", -3, "a bzip2 archive"),  # -3: with its block magic
    (b"\xfd7zXZ\x00", 0, "an xz archive"),
    (b"\x28\xb5\x2f\xfd", 0, "a zstd archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7z archive"),
    (b"Rar!\x1a\x07", 0, "a RAR archive"),
    (b"\x7fELF", 0, "an ELF executable"),
    (b"MZ", -4, "a Windows executable"),  # -4: with a DOS header (NUL bytes early on)
    (b"SQLite format 3\x00", 0, "an SQLite database"),
    (b"DUCK", 8, "a DuckDB database"),
    (b"PAR1", 0, "a Parquet file"),
    (b"ARROW1", 0, "an Arrow IPC file"),
)


def sniff_format(data: bytes) -> str | None:
    """The binary format the bytes start with ("a PDF document (%PDF-)"), or None."""
    head = data[:1024]
    for magic, offset, what in _MAGIC:
        if offset >= 0:
            if head.startswith(magic, offset):
                return what
        elif offset == -1:
            if magic in head:
                return what
        elif offset == -2:
            if head.startswith(magic) and len(head) >= 14 and head[6:10] == b"\x00\x00\x00\x00":
                return what
        elif offset == -3:
            if head.startswith(magic) and head[4:10] == b"1AY&SY":
                return what
        elif head.startswith(magic) and b"\x00" in head[2:64]:
            return what
    return None


# C0 controls but tab, newline, vertical tab, form feed, carriage return; DEL and the C1
# controls; private use (BMP and planes 15-16); the replacement character.
_BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff]")
_NON_LETTERS = re.compile(r"[\W\d_]+")


# Byte-level shortcuts of check_text, exact because UTF-8 keeps ASCII in single bytes and
# gives every multi-byte character of _BAD_CHARS one of these lead bytes: C1 controls
# \xc2, private use and U+FFFD \xee/\xef, planes 15-16 \xf3/\xf4.
_NOT_ASCII_LETTERS = bytes(c for c in range(256) if not chr(c).isalpha() or c > 127)
_BAD_SINGLE_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_BAD_LEAD_BYTES = (b"\xc2", b"\xee", b"\xef", b"\xf3", b"\xf4")
_DIGIT_BYTES = b"0123456789"


def _bad_char_count(part: str, raw: bytes) -> int:
    """len(_BAD_CHARS.findall(part)); `raw` is part in UTF-8. Without any lead byte of a
    multi-byte bad character only single bytes can be bad: counted without the regex."""
    if any(lead in raw for lead in _BAD_LEAD_BYTES):
        return len(_BAD_CHARS.findall(part))
    return len(raw) - len(raw.translate(None, _BAD_SINGLE_BYTES))


def check_text(text: str, sample: int = 16384) -> None:
    """Raise UnreadableFile when decoded text is not a report's text (see the module doc).

    Counted in C over the first `sample` characters: a per-character Python loop cost
    ~6 ms a file, and 16 K characters tell text from binary as well as 64 K did at a
    quarter of the cost (the bytes were checked whole already). Most counts are taken on
    the UTF-8 bytes (a table lookup a byte): the Unicode classes of the regular expressions
    cost ~3 ms a sample. The exact letter count runs only when the ASCII letters alone
    (a lower bound) fall short of the bar, over all characters but digits (an upper bound
    of the visible ones): a report never gets there.
    """
    part = text[:sample]
    raw = part.encode("utf-8", "surrogatepass")
    ascii_letters = len(raw.translate(None, _NOT_ASCII_LETTERS))
    if not ascii_letters and not "".join(part.split()):
        return  # blank: the caller says "empty file"
    bad = _bad_char_count(part, raw)
    if bad / len(part) > _MAX_BAD_CHAR_SHARE:
        raise UnreadableFile(
            f"not text: {bad} control, private-use or replacement characters in the first "
            f"{len(part)} characters (binary data or a wrong encoding)"
        )
    digits = len(raw) - len(raw.translate(None, _DIGIT_BYTES))
    if ascii_letters and ascii_letters / (len(part) - digits) >= _MIN_LETTER_SHARE:
        return
    signs = len("".join(part.split())) - digits  # visible characters other than digits
    letters = len(_NON_LETTERS.sub("", part))
    if signs and letters / signs < _MIN_LETTER_SHARE:
        raise UnreadableFile(
            f"not text: letters are {letters / signs:.1%} of the visible characters other "
            "than digits (binary data or a wrong encoding)"
        )


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) or raise UnreadableFile with the reason."""
    text, encoding = _decode(data)
    check_text(text)
    return text, encoding


def _decode(data: bytes) -> tuple[str, str]:
    fmt = sniff_format(data)
    if fmt:
        raise UnreadableFile(f"not a text report: the bytes are {fmt}")
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16"), "utf-16"
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _strict(data, utf16), utf16
    if data.find(b"\x00", 0, 65536) >= 0 or _looks_binary(data):
        raise UnreadableFile("binary file: control bytes where text was expected")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Not UTF-8: the legacy Vietnamese code page is the usual suspect; accept it only if
    # the result contains Vietnamese letters, otherwise let charset-normalizer judge.
    try:
        text = data.decode("cp1258")
        if vietnamese_share(text) >= _MIN_VIETNAMESE_SHARE:
            return text, "cp1258"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # the last resort: imported only when needed

    best = from_bytes(data).best()
    if best is None or best.encoding in ("ascii",):
        raise UnreadableFile(
            f"undecodable text: not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}), "
            "not UTF-16, not Windows-1258"
        )
    text = str(best)
    # The detector always has a guess: trust it only for text written in Latin letters, as
    # every report is. Binary bytes "decoded" as Korean or Cyrillic are not a report.
    latin_share = _latin_share(text)
    if latin_share < _MIN_LATIN_SHARE:
        raise UnreadableFile(
            f"not text: read as {best.encoding}, only {latin_share:.0%} of the letters are "
            "Latin (binary data or an encoding reports are not written in)"
        )
    return text, best.encoding


_LATIN = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_MIN_LATIN_SHARE = 0.8


def _latin_share(text: str, sample: int = 65536) -> float:
    part = text[:sample]
    letters = len(_NON_LETTERS.sub("", part))
    return len(_LATIN.findall(part)) / letters if letters else 0.0


def vietnamese_share(text: str, sample: int = 65536) -> float:
    """Share of the letters (of the first `sample` characters) that only Vietnamese writes."""
    letters = vietnamese = 0
    lo, hi = _TONED_VOWELS
    for ch in unicodedata.normalize("NFC", text[:sample]):
        if ch.isalpha():
            letters += 1
            if ch in _VIETNAMESE_ONLY or lo <= ch <= hi:
                vietnamese += 1
    return vietnamese / letters if letters else 0.0


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"undecodable {encoding}: {exc.reason} at byte {exc.start}") from exc


def normalise_text(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise UnreadableFile(f"file too large: {size} bytes, limit {max_bytes}")
    return path.read_bytes()


def text_sha256(text: str) -> str:
    """SHA-256 of normalised text (normalise_text first): same report, any encoding."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def source_from_bytes(
    data: bytes, file_name: str, path: str = "", file_key: str = ""
) -> SourceFile:
    """Decode bytes into a SourceFile; raises UnreadableFile."""
    if not data:
        raise UnreadableFile("empty file: 0 bytes")
    decoded, encoding = decode(data)
    text = normalise_text(decoded)
    if not text or text.isspace():  # without copying the whole text
        raise UnreadableFile("empty file: only whitespace")
    document_id = sha256_hex(data)
    # UTF-8 without BOM that normalising left as it was (no CR, already NFC: the same
    # object comes back) encodes to the file's bytes again: their hash is the text's.
    same_bytes = encoding == "utf-8" and text is decoded
    return SourceFile(
        document_id=document_id,
        file_name=file_name,
        path=path or file_name,
        size_bytes=len(data),
        encoding=encoding,
        text=text,
        file_key=file_key or file_name,
        text_sha256=document_id if same_bytes else text_sha256(text),
    )
