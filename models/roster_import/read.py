"""Files -> sheets of original cell values, with the spreadsheet's own coordinates.

Spreadsheets (.xlsx .xlsm .xls .ods) are read with python-calamine, after the limits of
models.roster_import.limits (and, for .xls/.xlsb/.ods, in a child process); CSV (and
tab-separated .txt/.tsv) with the csv module. A CSV file's encoding is decided for the whole
file, on evidence: UTF-8 (with or without BOM) or UTF-16 when it decodes as such; a UTF-8 file
with a few stray bytes stays UTF-8 and the rows holding them are marked (`RawSheet.faults`) to
be rejected, never re-read in another encoding; with no UTF-8 evidence at all, the legacy
readings (TCVN3/VNI byte per character, else Windows-1258); a file with many lines of each is
refused as mixed. `rows[i][j]` is the cell at spreadsheet row i + 1, column j (A = 0).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import multiprocessing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Final

from models.roster_import.errors import RosterImportError
from models.roster_import.limits import check_file
from models.text.vntext import collapse_spaces, detect_legacy, nfc

CellValue = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None

SPREADSHEET_SUFFIXES: Final = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
CSV_SUFFIXES: Final = frozenset({".csv", ".tsv", ".txt"})
SUFFIXES: Final = SPREADSHEET_SUFFIXES | CSV_SUFFIXES


@dataclass(frozen=True, eq=False)
class RawSheet:
    """One sheet as read: original values (empty cells are "" or None), merged ranges.

    merged holds 0-based (first_row, first_col, last_row, last_col), inclusive.
    """

    name: str
    rows: Sequence[Sequence[CellValue]]
    merged: tuple[tuple[int, int, int, int], ...] = field(default=())
    # 0-based row -> why that row cannot be trusted (a byte that is not UTF-8 in a UTF-8 file)
    faults: Mapping[int, str] = field(default_factory=dict)


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_index(letters: str) -> int | None:
    """ "C" -> 2; None if letters is not a column name."""
    letters = letters.strip().upper()
    if not letters or not letters.isascii() or not letters.isalpha() or len(letters) > 3:
        return None
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - ord("A") + 1
    return index - 1


def place(sheet: str, row: int | None = None, column: str = "") -> str:
    """ "trang tính «Xã A», dòng 12, cột C" """
    parts = [f"trang tính «{sheet}»"]
    if row is not None:
        parts.append(f"dòng {row}")
    if column:
        parts.append(f"cột {column}")
    return ", ".join(parts)


def read_file(path: Path | str, sheets: Sequence[str] = ()) -> list[RawSheet]:
    """All sheets of the file, or the ones named (in the file's order)."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise RosterImportError(f"không tìm thấy tệp {name}")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise RosterImportError(
            f"tệp {name}: định dạng {suffix or '(không có đuôi)'} không được hỗ trợ "
            "(dùng .xlsx, .xls, .ods hoặc .csv)"
        )
    check_file(path)  # what a reader could not survive is refused before it reads
    if suffix in CSV_SUFFIXES:
        found = [_read_csv(path)]
    elif suffix in ISOLATED_SUFFIXES:
        found = read_isolated(_read_spreadsheet, path, sheets)
    else:
        found = _read_spreadsheet(path, sheets)
    if sheets:
        wanted = {_sheet_key(s): s for s in sheets}
        have = {_sheet_key(s.name) for s in found}
        missing = [s for key, s in wanted.items() if key not in have]
        if missing:
            available = ", ".join(f"«{s.name}»" for s in found) if suffix in CSV_SUFFIXES else ""
            raise RosterImportError(
                f"tệp {name}: không có trang tính {', '.join(f'«{m}»' for m in missing)}"
                + (f" (có: {available})" if available else "")
            )
        found = [s for s in found if _sheet_key(s.name) in wanted]
    return found


def _sheet_key(name: str) -> str:
    return collapse_spaces(nfc(name)).casefold()


def _read_spreadsheet(path: Path, sheets: Sequence[str]) -> list[RawSheet]:
    import python_calamine  # loaded with the first spreadsheet, not at window start

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own and OS errors for broken files
        raise RosterImportError(f"không đọc được tệp {path.name}: {_reason(exc)}") from exc
    wanted = {_sheet_key(s) for s in sheets}
    names: list[str] = list(workbook.sheet_names)
    if wanted:
        unknown = wanted - {_sheet_key(n) for n in names}
        if unknown:
            missing = [s for s in sheets if _sheet_key(s) in unknown]
            raise RosterImportError(
                f"tệp {path.name}: không có trang tính {', '.join(f'«{m}»' for m in missing)} "
                f"(có: {', '.join(f'«{n}»' for n in names)})"
            )
        names = [n for n in names if _sheet_key(n) in wanted]
    result: list[RawSheet] = []
    try:
        for name in names:
            sheet = workbook.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = tuple(
                (r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or ())
            )
            result.append(RawSheet(name, rows, merged))
    except Exception as exc:
        raise RosterImportError(f"không đọc được tệp {path.name}: {_reason(exc)}") from exc
    finally:
        workbook.close()
    return result


def _reason(exc: BaseException) -> str:
    text = collapse_spaces(str(exc)) or type(exc).__name__
    return text[:200]


# --- CSV ---------------------------------------------------------------------------------

# The byte-per-character reading legacy cells come in: Latin-1, with cp1252 for 0x80-0x9F.
_BYTE_READING: Final = {
    b: bytes([b]).decode("cp1252")
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


# At most this many lines (or this share of a file) may hold stray bytes in a UTF-8 file;
# beyond it the file is taken as mixed and refused.
_STRAY_LINES: Final = 3
_STRAY_SHARE: Final = 0.01


@dataclass(frozen=True)
class Decoded:
    text: str
    stray: tuple[str, ...] = ()  # per line holding U+FFFD for a stray byte, in file order


def _decode_bytes(data: bytes, name: str = "") -> Decoded:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(data.decode("utf-16", errors="replace"))
    if data.startswith(codecs.BOM_UTF8):
        return _decode_utf8(data[len(codecs.BOM_UTF8) :], name, declared=True)
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(0) >= len(sample) // 4:
        # UTF-16 without BOM: ASCII characters leave a NUL in every other byte.
        even_nuls = sample[0::2].count(0)
        odd_nuls = sample[1::2].count(0)
        encoding = "utf-16-be" if even_nuls > odd_nuls else "utf-16-le"
        return Decoded(data.decode(encoding, errors="replace"))
    return _decode_utf8(data, name, declared=False)


def _decode_utf8(data: bytes, name: str, *, declared: bool) -> Decoded:
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    texts: list[str] = []
    stray: list[str] = []
    bad_lines: list[int] = []
    evidence = 0  # well-formed multi-byte UTF-8 characters: the file was written as UTF-8
    for number, line in enumerate(lines, 1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad_lines.append(number)
            texts.append(line.decode("utf-8", errors="replace"))
            stray.append(
                f"byte 0x{line[exc.start]:02X} ở vị trí {exc.start + 1} của dòng {number} "
                "không phải UTF-8 (tệp UTF-8): dòng này không đọc được chắc chắn"
            )
            continue
        evidence += sum(1 for char in text if ord(char) > 0x7F)
        texts.append(text)
    if not evidence and not declared:
        return Decoded(_legacy_text(data))
    if len(bad_lines) <= max(_STRAY_LINES, int(len(lines) * _STRAY_SHARE)):
        return Decoded("\n".join(texts), tuple(stray))
    shown = ", ".join(str(n) for n in bad_lines[:5])
    raise RosterImportError(
        f"tệp {name} lẫn hai bảng mã: phần lớn là UTF-8 nhưng {len(bad_lines)} dòng (dòng "
        f"{shown}{', …' if len(bad_lines) > 5 else ''}) viết bằng bảng mã khác; hãy mở tệp "
        "bằng Excel và lưu lại dạng «CSV UTF-8» rồi nhập lại"
    )


def _legacy_text(data: bytes) -> str:
    legacy = data.decode("latin-1").translate(_BYTE_READING)
    if _mostly_legacy(legacy):
        return legacy
    return data.decode("cp1258", errors="replace")


def _mostly_legacy(text: str) -> bool:
    """Whether the non-ASCII fields of a byte-per-character reading are TCVN3/VNI text."""
    legacy = other = 0
    for line in text.splitlines()[:200]:
        for part in line.replace(";", ",").replace("\t", ",").split(","):
            if part.isascii():
                continue
            if detect_legacy(part) is not None:
                legacy += 1
            else:
                other += 1
    return legacy > other


def _delimiter(text: str, default: str) -> str:
    """The candidate that splits the first lines into the most, and most even, fields."""
    sample = text[:65536].splitlines()[:50]
    best, best_score = default, (0, 0)
    for candidate in (",", ";", "\t"):
        try:
            widths = [len(r) for r in csv.reader(sample, delimiter=candidate)]
        except csv.Error:
            continue
        split = [w for w in widths if w > 1]
        score = (len(split), sorted(split)[len(split) // 2] if split else 0)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _read_csv(path: Path) -> RawSheet:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RosterImportError(f"không đọc được tệp {path.name}: {_reason(exc)}") from exc
    decoded = _decode_bytes(data, path.name)
    text = decoded.text.replace("\x00", "")
    delimiter = _delimiter(text, "\t" if path.suffix.lower() == ".tsv" else ",")
    try:
        rows: list[Sequence[CellValue]] = list(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        )
    except csv.Error as exc:
        raise RosterImportError(f"không đọc được tệp {path.name}: {_reason(exc)}") from exc
    return RawSheet(path.stem, rows, faults=_stray_rows(rows, decoded.stray))


def _stray_rows(rows: Sequence[Sequence[CellValue]], stray: Sequence[str]) -> dict[int, str]:
    """The rows holding a replaced stray byte, each with its line's message, in file order."""
    messages = iter(stray)
    faults: dict[int, str] = {}
    if not stray:
        return faults
    for index, row in enumerate(rows):
        if any(isinstance(cell, str) and "\ufffd" in cell for cell in row):
            faults[index] = next(messages, "một byte không phải UTF-8 trong dòng này")
    return faults


# --- reading in a child process --------------------------------------------------------------
# The binary and OpenDocument formats (.xls, .xlsb, .ods) cannot be checked cheaply before the
# reader allocates its grid (models.roster_import.limits does that for .xlsx), and the reader
# aborts the whole process when an allocation fails. So they are read by a spawned child whose
# address space is capped at MEMORY_CEILING where the platform allows it (POSIX; on Windows the
# child has no ceiling but its death is still only a message). The child sends the sheets back
# through a pipe; if it dies instead, the import stops with one line naming the file.

MEMORY_CEILING: Final = 2 * 1024 * 1024 * 1024  # bytes of address space for the child
ISOLATED_SUFFIXES: Final = frozenset({".xls", ".xlsb", ".ods"})

Reader = Callable[[Path, Sequence[str]], list[RawSheet]]


def _cap_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no rlimit; a crash still stays in the child
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _child(conn: Connection, reader: Reader, path: Path, sheets: Sequence[str], limit: int) -> None:
    _cap_memory(limit)
    try:
        conn.send(("ok", reader(path, sheets)))
    except RosterImportError as exc:
        conn.send(("refused", str(exc)))
    except MemoryError:
        conn.send(("refused", f"không đọc được tệp {path.name}: tệp cần quá nhiều bộ nhớ"))
    finally:
        conn.close()


def read_isolated(
    reader: Reader, path: Path, sheets: Sequence[str] = (), *, limit: int = MEMORY_CEILING
) -> list[RawSheet]:
    """`reader(path, sheets)` run in a spawned child; its sheets, or one line if it dies."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(send, reader, path, tuple(sheets), limit), daemon=True
    )
    child.start()
    send.close()
    try:
        kind, payload = receive.recv()
    except EOFError:
        child.join()
        raise RosterImportError(
            f"không đọc được tệp {path.name}: trình đọc bảng tính dừng bất thường "
            f"(mã {child.exitcode}) — tệp hỏng hoặc quá lớn so với một danh sách"
        ) from None
    finally:
        receive.close()
    child.join()
    if kind == "refused":
        raise RosterImportError(str(payload))
    sheets_read: list[RawSheet] = payload
    return sheets_read
