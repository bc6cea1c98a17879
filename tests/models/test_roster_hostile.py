"""Hostile and damaged roster files: refused with one line, never taking the process down."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from models.roster_import.cells import parse_cccd
from models.roster_import.errors import RosterImportError
from models.roster_import.limits import MAX_UNPACKED_BYTES
from models.roster_import.read import RawSheet, read_file, read_isolated
from models.text.vntext import nfc
from tests.models import roster_fixtures as fx

HEADER = ["STT", "Họ và tên", "Năm sinh", "Dân tộc", "Thôn, bản"]


def test_a_cell_at_xfd1048576_is_refused_before_the_reader_allocates(tmp_path: Path) -> None:
    # calamine would allocate 16,384 × 1,048,576 cells for this sheet and abort the process.
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append([1, "Lò Văn Ánh", 1980, "Thái", "Bản Na"])
    sheet["XFD1048576"] = "x"
    path = tmp_path / "rong.xlsx"
    book.save(path)
    with pytest.raises(RosterImportError, match=r"rong\.xlsx: một trang tính có ô ở XFD1048576"):
        read_file(path)


def test_a_declared_dimension_alone_is_enough_to_refuse(tmp_path: Path) -> None:
    path = fx.write_xlsx(tmp_path / "ds.xlsx", {"DS": [HEADER, [1, "Lò Văn Ánh", 1980]]})
    patched = tmp_path / "khai-sai.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:ZZ900000"', data)
                assert b"ZZ900000" in data
            dst.writestr(info, data)
    with pytest.raises(RosterImportError, match="ZZ900000"):
        read_file(patched)


def test_a_zip_bomb_is_refused_while_unpacking(tmp_path: Path) -> None:
    path = fx.write_xlsx(tmp_path / "ds.xlsx", {"DS": [HEADER, [1, "Lò Văn Ánh", 1980]]})
    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        # Zeros compress about 1000:1: a few hundred KB on disk, past the unpacked limit.
        with dst.open("xl/media/padding.bin", "w") as member:
            block = bytes(1 << 20)
            for _ in range(MAX_UNPACKED_BYTES // len(block) + 2):
                member.write(block)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(RosterImportError, match=r"bom\.xlsx: .*(giải nén|giãn ra)"):
        read_file(bomb)


def test_a_broken_zip_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"PK\x03\x04" + os.urandom(2000))
    with pytest.raises(RosterImportError, match=r"hong\.xlsx"):
        read_file(path)


def _abort(path: Path, sheets: Sequence[str]) -> list[RawSheet]:
    os.abort()  # what the spreadsheet reader does when an allocation fails


def _greedy(path: Path, sheets: Sequence[str]) -> list[RawSheet]:
    hog = bytearray(4 * 1024 * 1024 * 1024)  # past the child's memory ceiling
    return [RawSheet(path.name, [[len(hog)]])]


def test_a_reader_that_dies_in_the_child_is_a_message_not_a_crash(tmp_path: Path) -> None:
    path = fx.write_xls(tmp_path / "cu.xls", {"DS": [HEADER, [1, "Lò Văn Ánh", 1980]]})
    with pytest.raises(RosterImportError, match=r"cu\.xls: trình đọc bảng tính dừng bất thường"):
        read_isolated(_abort, path)
    with pytest.raises(RosterImportError, match=r"cu\.xls"):
        read_isolated(_greedy, path, limit=512 * 1024 * 1024)
    sheets = read_file(path)  # the real reader, in the child, gives the rows back
    assert [list(r[:2]) for r in sheets[0].rows[:2]] == [["STT", "Họ và tên"], [1, "Lò Văn Ánh"]]


def test_a_stray_byte_in_a_utf8_file_marks_its_row_and_is_not_reread(tmp_path: Path) -> None:
    lines = [
        "STT,Họ và tên,Năm sinh,Dân tộc",
        "1,Lò Văn Ánh,1980,Thái",
        "2,Quàng Thị Én,1985,Thái",
        "3,Lường Văn Đức,1979,Thái",
    ]
    data = "\n".join(lines).encode("utf-8").replace("Én".encode(), b"\xc9n")  # É in cp1258
    path = tmp_path / "ds.csv"
    path.write_bytes(data)
    (sheet,) = read_file(path)
    # The other rows keep their UTF-8 reading (a re-read as Windows-1258 would garble them).
    assert sheet.rows[1][1] == "Lò Văn Ánh" and sheet.rows[3][1] == "Lường Văn Đức"
    assert set(sheet.faults) == {2}
    assert "byte 0xC9" in sheet.faults[2] and "dòng 3" in sheet.faults[2]


def test_a_truly_mixed_file_says_so(tmp_path: Path) -> None:
    utf8 = [f"{i},Lò Văn Ánh {i},1980".encode() for i in range(1, 11)]
    legacy = [fx.to_cp1258(f"{i},Quàng Thị Én {i},1985") for i in range(11, 21)]
    path = tmp_path / "lan.csv"
    path.write_bytes(
        b"\n".join([b"STT,H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan,N\xc4\x83m sinh", *utf8, *legacy])
    )
    with pytest.raises(RosterImportError, match=r"lan\.csv lẫn hai bảng mã: .*10 dòng"):
        read_file(path)


def test_a_legacy_file_without_utf8_evidence_is_still_read_as_before(tmp_path: Path) -> None:
    path = tmp_path / "cu.csv"
    path.write_bytes(fx.to_cp1258("STT,Họ và tên\n1,Quàng Thị Én\n"))
    (sheet,) = read_file(path)
    assert nfc(str(sheet.rows[1][1])) == "Quàng Thị Én" and not sheet.faults


@pytest.mark.parametrize("text", ["1.21666E+11", "1.2e11", "1.21666565E+11"])
def test_a_cccd_excel_turned_into_scientific_notation_is_refused_not_guessed(text: str) -> None:
    cccd, reason, _restored = parse_cccd(text)
    assert cccd is None and "lũy thừa và mất chữ số" in reason


@pytest.mark.parametrize("number", [1.2e11, 121666000000, 11061000000.0])
def test_a_number_cell_that_lost_its_last_digits_is_refused(number: float) -> None:
    # The serial part of a CCCD (its last six digits) is never 000000.
    cccd, reason, _restored = parse_cccd(number)
    assert cccd is None and "lũy thừa và mất chữ số" in reason


def test_scientific_notation_that_kept_every_digit_is_read() -> None:
    assert parse_cccd("1.21666565316E+11") == ("121666565316", "", False)
    assert parse_cccd("1.1090012345E+10") == ("011090012345", "", True)
