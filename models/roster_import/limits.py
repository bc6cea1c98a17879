"""Hostile workbooks: the limits a file must stay within, checked before a reader touches it.

A roster is a few thousand rows. A file past these limits is refused with one line, so a zip
bomb (a few MB expanding to GBs) or a sheet that declares a cell at XFD1048576 (the reader
would allocate the whole grid and abort the process) never reaches the spreadsheet reader:

* the file itself: at most MAX_FILE_BYTES;
* zip-based formats (.xlsx .xlsm .xlsb .ods): at most MAX_UNPACKED_BYTES unpacked in all, and
  no member that expands more than MAX_RATIO times (above 1 MB), measured while unpacking, not
  taken from the sizes the archive declares;
* .xlsx/.xlsm sheets: every cell reference and the declared dimension within MAX_ROWS rows and
  MAX_COLUMNS columns, so the reader's grid stays under 6.4 million cells (about 0.5 GB).

Formats whose grid cannot be checked this cheaply (.xls, .xlsb, .ods) are read in a child
process with a memory ceiling instead (models.roster_import.read.read_isolated).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from models.roster_import.errors import RosterImportError

MAX_FILE_BYTES: Final = 50 * 1024 * 1024
MAX_UNPACKED_BYTES: Final = 300 * 1024 * 1024
MAX_RATIO: Final = 100
MAX_ROWS: Final = 99_999
MAX_COLUMNS: Final = 64  # column BL; rosters use a dozen

ZIP_SUFFIXES: Final = frozenset({".xlsx", ".xlsm", ".xlsb", ".ods"})
_CHUNK: Final = 1 << 20
# A cell reference past the limits (<c r="BM7">, <c r="A100000">): three letters, two letters
# from BM on, or a row of six digits or more. Matched, not parsed: the scan must cost far less
# than the read it protects.
_TOO_FAR: Final = re.compile(rb' r="(?:[A-Z]{3}|[C-Z][A-Z]|B[M-Z]|[A-Z]{1,2}\d{5})\d')
# The declared dimension, at the top of a sheet: its far corner.
_DIMENSION: Final = re.compile(
    rb'<(?:\w+:)?dimension\b[^>]*?\bref="(?:[^":]*:)?\$?([A-Z]+)\$?(\d+)"'
)
_REFERENCE: Final = re.compile(rb"([A-Z]+)(\d+)")


def check_file(path: Path) -> None:
    """Refuse, with one line naming the file, what a reader could not survive."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise RosterImportError(
            f"tệp {path.name} quá lớn ({size // (1024 * 1024)} MB; tối đa "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB cho một danh sách)"
        )
    if path.suffix.lower() in ZIP_SUFFIXES:
        _check_zip(path)


def _check_zip(path: Path) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise RosterImportError(f"không đọc được tệp {path.name}: tệp hỏng ({exc})") from exc
    with archive:
        total = 0
        for info in archive.infolist():
            unpacked = 0
            cells = _SheetExtent() if _is_xlsx_sheet(info.filename) else None
            for chunk in _unpack(archive, info, path):
                unpacked += len(chunk)
                total += len(chunk)
                if total > MAX_UNPACKED_BYTES:
                    raise RosterImportError(
                        f"tệp {path.name}: nội dung giải nén vượt "
                        f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB — không phải một danh sách "
                        "bình thường (tệp nén bất thường)"
                    )
                if unpacked > _CHUNK and unpacked > MAX_RATIO * max(info.compress_size, 1):
                    raise RosterImportError(
                        f"tệp {path.name}: phần «{info.filename}» giãn ra hơn {MAX_RATIO} lần "
                        "khi giải nén (tệp nén bất thường), không đọc"
                    )
                if cells is not None:
                    cells.feed(chunk, path)


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> Iterator[bytes]:
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                yield chunk
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
        raise RosterImportError(f"không đọc được tệp {path.name}: tệp hỏng ({exc})") from exc


def _is_xlsx_sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + char - ord("A") + 1
    return number


class _SheetExtent:
    """Watches a sheet's XML, chunk by chunk, for a cell or a dimension past the limits."""

    def __init__(self) -> None:
        self.tail = b""
        self.first = True

    def feed(self, chunk: bytes, path: Path) -> None:
        data = self.tail + chunk  # a reference cut at the chunk boundary is seen whole
        self.tail = data[-64:]
        if self.first:
            self.first = False
            declared = _DIMENSION.search(data, 0, 4096)
            if declared:
                self._check(declared.group(1), declared.group(2), path)
        far = _TOO_FAR.search(data)
        if far:
            found = _REFERENCE.match(data, far.start() + 4)
            if found:
                self._check(found.group(1), found.group(2), path)

    @staticmethod
    def _check(letters: bytes, digits: bytes, path: Path) -> None:
        row, column = int(digits), _column_number(letters)
        if row <= MAX_ROWS and column <= MAX_COLUMNS:
            return
        limit = f"{MAX_ROWS:,}".replace(",", ".")
        raise RosterImportError(
            f"tệp {path.name}: một trang tính có ô ở {letters.decode()}{row}, ngoài giới hạn "
            f"của một danh sách ({limit} dòng, {MAX_COLUMNS} cột); xóa các ô thừa ở cuối trang "
            "tính rồi nhập lại"
        )
