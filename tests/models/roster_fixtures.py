"""Roster workbooks as communes send them, built in code: .xlsx (openpyxl), .xls (xlwt),
.ods (odfpy) and .csv in several encodings, plus TCVN3/VNI encoders for the legacy sheets.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from models.text.vntext import nfc, tcvn3_to_unicode

Cell = Any
Rows = list[list[Cell]]

# --- legacy encoders ---------------------------------------------------------------------

_TCVN3 = {
    tcvn3_to_unicode(chr(b)): chr(b)
    for b in range(0xA1, 0x100)
    if tcvn3_to_unicode(chr(b)) != chr(b)
}


def to_tcvn3(text: str) -> str:
    """Unicode -> TCVN3 as a .VnTime cell holds it; toned capitals use the lower-case codes."""
    return "".join(_TCVN3.get(c, _TCVN3.get(c.lower(), c)) for c in nfc(text))


_VNI = dict(
    pair.split("=")
    for pair in """
    à=aø á=aù ả=aû ã=aõ ạ=aï  ă=aê ằ=aè ắ=aé ẳ=aú ẵ=aü ặ=aë  â=aâ ầ=aà ấ=aá ẩ=aå ẫ=aã ậ=aä
    đ=ñ  è=eø é=eù ẻ=eû ẽ=eõ ẹ=eï  ê=eâ ề=eà ế=eá ể=eå ễ=eã ệ=eä  ì=ì í=í ỉ=æ ĩ=ó ị=ò
    ò=oø ó=où ỏ=oû õ=oõ ọ=oï  ô=oâ ồ=oà ố=oá ổ=oå ỗ=oã ộ=oä  ơ=ô ờ=ôø ớ=ôù ở=ôû ỡ=ôõ ợ=ôï
    ù=uø ú=uù ủ=uû ũ=uõ ụ=uï  ư=ö ừ=öø ứ=öù ử=öû ữ=öõ ự=öï  ỳ=yø ý=yù ỷ=yû ỹ=yõ ỵ=î
    """.split()
)


def to_vni(text: str) -> str:
    out = []
    for c in nfc(text):
        code = _VNI.get(c.lower())
        out.append(c if code is None else code.upper() if c.isupper() else code)
    return "".join(out)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: a base letter cp1258 has, then the tone as a combining mark."""
    out = bytearray()
    for c in nfc(text):
        try:
            out += c.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", c)
        tones = [m for m in parts if m in "\u0300\u0301\u0303\u0309\u0323"]
        base = nfc("".join(m for m in parts if m not in tones))
        out += base.encode("cp1258") + "".join(tones).encode("cp1258")
    return bytes(out)


# --- writers -----------------------------------------------------------------------------


def write_xlsx(
    path: Path, sheets: dict[str, Rows], merges: dict[str, Sequence[str]] | None = None
) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if value is not None and value != "":
                    sheet.cell(r, c, value)
        for span in (merges or {}).get(name, ()):
            sheet.merge_cells(span)
    workbook.save(path)
    return path


def write_xls(path: Path, sheets: dict[str, Rows]) -> Path:
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for name, rows in sheets.items():
        sheet = workbook.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, dt.date):
                    sheet.write(r, c, value, date_style)
                else:
                    sheet.write(r, c, value)
    workbook.save(str(path))
    return path


def write_ods(path: Path, sheets: dict[str, Rows]) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for row in rows:
            table_row = TableRow()
            for value in row:
                if value is None or value == "":
                    cell = TableCell()
                elif isinstance(value, int | float):
                    cell = TableCell(valuetype="float", value=value)
                    cell.addElement(P(text=str(value)))
                elif isinstance(value, dt.date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat())
                    cell.addElement(P(text=value.isoformat()))
                else:
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=str(value)))
                table_row.addElement(cell)
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def csv_text(rows: Rows, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def write_csv(path: Path, rows: Rows, encoding: str = "utf-8-sig", delimiter: str = ",") -> Path:
    text = csv_text(rows, delimiter)
    data = to_cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    path.write_bytes(data)
    return path


# --- the rosters -------------------------------------------------------------------------

# Sheet "Xã Quài Tở": title block with merged cells, a two-row header with Năm sinh over
# Nam | Nữ, a numbering row, person rows of every kind, a blank row, total and signatures.
QUAI_TO = "Xã Quài Tở"
QUAI_TO_ROWS: Rows = [
    ["UBND XÃ QUÀI TỞ", "", "", "", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["", "", "", "", "", "Độc lập - Tự do - Hạnh phúc"],
    [],
    ["DANH SÁCH HỌC VIÊN THAM DỰ TẬP HUẤN"],
    ["(Kèm theo Kế hoạch số 120/KH-UBND ngày 05/9/2023)"],
    [],
    ["STT", "Họ và tên", "Năm sinh", "", "Dân tộc", "Chức vụ", "Thôn, bản", "Xã",
     "Số CCCD", "Số điện thoại", "Ghi chú"],
    ["", "", "Nam", "Nữ"],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)"],
    # row 10: CCCD stored as a number, lost its leading zero; phone with +84
    [1, "Lò Văn Thành", 1978, "", "Thái", "Trưởng bản", "Bản Hua Sát", "Xã Quài Tở",
     11078012345, "+84 912 345 678"],
    # row 11: capitals, a woman (year under Nữ)
    [2, "LÒ THỊ CHĂM", "", 1985, "Thái", "Người có uy tín", "Bản Co Nỏng", "Xã Quài Tở",
     "011185000123", "0987654321"],
    # row 12: decomposed Unicode, commune without "Xã"
    [3, nfd("Quàng Văn Ún"), 1990, "", "Thái", "", "Bản Hua Sát", "Quài Tở"],
    [],
    # row 14: stray spaces
    [4, "  Giàng   A  Dế ", 1970, "", "Mông", "", "Bản Phiêng Pi", "Xã Quài Tở", "011070999999"],
    # row 15: no name
    [5, "", 1980, "", "Thái", "", "Bản Hua Sát", "Xã Quài Tở"],
    # row 16: CCCD of 5 digits
    [6, "Tòng Văn Xuân", 1982, "", "Thái", "", "Bản Hua Sát", "Xã Quài Tở", "12345"],
    # row 17: same CCCD as row 10
    [7, "Lò Văn Thành", 1978, "", "Thái", "Trưởng bản", "Bản Hua Sát", "Xã Quài Tở",
     "011078012345", "", "đi cùng vợ"],
    # row 18: same name, year, commune as row 12, no CCCD
    [8, "Quàng Văn Ún", 1990, "", "Thái", "", "Bản Co Nỏng", "Xã Quài Tở"],
    # row 19: implausible birth year
    [9, "Cầm Thị Ánh", "", 2030, "Thái", "", "Bản Co Nỏng", "Xã Quài Tở"],
    # row 20: CCCD says a woman born 1985; the sheet says a man born 1965
    [10, "Điêu Văn Inh", 1965, "", "Thái", "", "Bản Co Nỏng", "Xã Quài Tở", "011185000124"],
    ["Tổng cộng: 10 người"],
    [],
    ["", "", "", "", "", "", "", "Quài Tở, ngày 15 tháng 10 năm 2023"],
    ["", "Người lập biểu", "", "", "", "", "", "T/M UBND XÃ"],
    ["", "(Ký, ghi rõ họ tên)", "", "", "", "", "", "CHỦ TỊCH"],
    [],
    ["", "Lò Thị Hương", "", "", "", "", "", "Lò Văn Chung"],
]  # fmt: skip
QUAI_TO_MERGES = [
    "A1:D1", "F1:K1", "F2:K2", "A4:K4", "A5:K5",
    "A7:A8", "B7:B8", "C7:D7", "E7:E8", "F7:F8", "G7:G8", "H7:H8", "I7:I8", "J7:J8", "K7:K8",
    "A21:B21",
]  # fmt: skip

# Sheet "Bản Co Nỏng": typed with .VnTime (TCVN3), header included; "Giới tính" column.
CO_NONG = "Bản Co Nỏng"
CO_NONG_ROWS: Rows = [
    [to_tcvn3("DANH SÁCH TRƯỞNG BẢN")],
    [],
    [to_tcvn3(h) for h in ("STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Chức vụ",
                          "Thôn, bản", "Xã", "Số CCCD", "Ghi chú")],
    [1, to_tcvn3("Hoàng Văn Thành"), 1980, "Nam", to_tcvn3("Thái"), to_tcvn3("Trưởng bản"),
     to_tcvn3("Bản Co Nỏng"), to_tcvn3("Xã Quài Tở"), "011080123456"],
    [2, to_tcvn3("Lường Thị Xuân"), 1991, to_tcvn3("Nữ"), to_tcvn3("Thái"), "",
     to_tcvn3("Bản Co Nỏng"), to_tcvn3("Xã Quài Tở"), 11191000777],
    [3, to_tcvn3("QUÀNG VĂN HƯNG"), 1975, "Nam", to_tcvn3("Thái"), "",
     to_tcvn3("Bản Co Nỏng"), to_tcvn3("Xã Quài Tở")],
    [to_tcvn3("Cộng: 3 người")],
]  # fmt: skip

# Sheet "Quài Nưa (VNI)": typed with VNI fonts; one name pasted in Unicode.
QUAI_NUA = "Quài Nưa"
QUAI_NUA_ROWS: Rows = [
    ["STT", to_vni("Họ và tên"), to_vni("Năm sinh"), to_vni("Dân tộc"), to_vni("Thôn, bản"),
     to_vni("Xã"), to_vni("Số CCCD")],
    [1, to_vni("Vàng A Páo"), 1975, to_vni("Mông"), to_vni("Bản Phiêng Pi"), to_vni("Xã Quài Nưa")],
    [2, "Sùng Thị Mỷ", 1988, to_vni("Mông"), to_vni("Bản Phiêng Pi"), to_vni("Xã Quài Nưa"),
     "011188000555"],
]  # fmt: skip

GUIDE = "Hướng dẫn"
GUIDE_ROWS: Rows = [["Điền mỗi người một dòng."], ["Năm sinh ghi vào cột Nam hoặc Nữ."]]


def commune_workbook(path: Path) -> Path:
    """The four-sheet .xlsx most tests use."""
    return write_xlsx(
        path,
        {QUAI_TO: QUAI_TO_ROWS, CO_NONG: CO_NONG_ROWS, QUAI_NUA: QUAI_NUA_ROWS, GUIDE: GUIDE_ROWS},
        {QUAI_TO: QUAI_TO_MERGES},
    )


# A simpler sheet, written in every format: single-row header with other heading variants,
# a numbering row, a repeated header (page break), a total and a signature.
SIMPLE = "Danh sách"
SIMPLE_ROWS: Rows = [
    ["DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ"],
    ["STT", "Họ, tên", "Ngày sinh", "Giới tính", "Dân tộc", "Chức danh", "Thôn", "Xã, phường",
     "CCCD", "SĐT"],
    ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"],
    ["1", "Vì Văn Khăm", "12/03/1979", "Nam", "Thái", "Trưởng bản", "Bản Lồng", "Xã Mường Thín",
     "011079000001", "0912000001"],
    ["2", "Lù Thị Bun", "1984", "Nữ", "Thái", "", "Bản Lồng", "Xã Mường Thín", "", "912000002"],
    ["STT", "Họ, tên", "Ngày sinh", "Giới tính", "Dân tộc", "Chức danh", "Thôn", "Xã, phường",
     "CCCD", "SĐT"],
    ["3", "Sùng A Chư", "1969", "Nam", "Mông", "", "Bản Hới Lót", "Xã Mường Thín",
     "011069000003", ""],
    ["4", "Sùng A Chư", "1969", "Nam", "Mông", "", "Bản Hới Lót", "Xã Mường Thín",
     "011069000003", ""],
    ["Tổng cộng: 4 người"],
    ["", "Người lập", "", "", "", "", "", "Xác nhận của UBND xã"],
]  # fmt: skip
