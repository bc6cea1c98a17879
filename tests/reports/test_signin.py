"""Sign-in sheet PDF and the shared PDF machinery, checked through the text of the output."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

import reports.signin as signin_module
from models.papers.data import SIGN_IN_TITLE, SessionLabel, SignInPerson, SignInSheet, UnitInfo
from reports import fonts
from reports.files import atomic_output
from reports.grid import Column, GridTable, HeaderCell
from reports.pages import LANDSCAPE_TABLE, LANDSCAPE_WIDE
from reports.signin import _column_widths, write_sign_in
from reports.text import fit_lines
from tests.reports.helpers import page_numbers

# Thái, Mông, Dao, Hà Nhì, Giáy, Lự and Kinh names as they appear on Lai Châu rosters.
NAMES = [
    "Lò Văn Thành",
    "Giàng A Dế",
    "Tẩn Láo Lở",
    "Lỳ Xá Phìn",
    "Nguyễn Thị Hường",
    "Đỗ Văn Ước",
    "Lường Thị Ửng",
    "Vàng A Chứ",
    "Sùng Seo Dợ",
    "Chảo Láo Sử",
    "Phàn Thị Mẩy",
    "Lù Thị Dợ",
    "Pờ Xá Chừ",
    "Quàng Văn Ưởng",
    "Hoàng Thị Điệp",
    "Tráng A Mỷ",
    "Cà Văn Quyết",
    "Lý Thị Sểnh",
    "Đèo Văn Ữu",
    "Trần Thị Thuỷ",
]
FAMILIES = ["Lò", "Giàng", "Tẩn", "Lỳ", "Nguyễn", "Đỗ", "Lường", "Vàng", "Sùng", "Chảo"]
GIVEN = ["Thành", "Dế", "Lở", "Phìn", "Hường", "Ước", "Ửng", "Chứ", "Dợ", "Sử", "Mẩy"]
ETHNICITIES = ["Thái", "Mông", "Dao", "Hà Nhì", "Kinh", "Giáy", "Lự"]
POSITIONS = ["Trưởng bản", "Người có uy tín", "Bí thư chi bộ", "Phó trưởng bản"]
COMMUNES = ["Bản Hon", "Bình Lư", "Sin Suối Hồ"]
VILLAGES = ["Nà Tăm", "Phiêng Pẻn", "Hồ Pên", "Tả Phìn Hồ"]
START = dt.date(2023, 2, 5)


def _people(count: int, *, form: Literal["NFC", "NFD"] = "NFC") -> tuple[SignInPerson, ...]:
    people = []
    for i in range(count):
        if i < len(NAMES):
            name = NAMES[i]
        else:
            name = f"{FAMILIES[i % len(FAMILIES)]} Văn {GIVEN[(i // 3) % len(GIVEN)]}"
        people.append(
            SignInPerson(
                full_name=unicodedata.normalize(form, name),
                birth_year=1960 + i % 40,
                gender=("M", "F", None)[i % 3],
                ethnicity=ETHNICITIES[i % len(ETHNICITIES)],
                position=POSITIONS[i % len(POSITIONS)],
                village=f"Bản {VILLAGES[i % len(VILLAGES)]}",
                commune=COMMUNES[(i * len(COMMUNES)) // count],  # grouped, as the core sorts
                note="Vắng buổi chiều ngày 2" if i == 7 else "",
            )
        )
    return tuple(people)


def _sessions(count: int) -> tuple[SessionLabel, ...]:
    return tuple(
        SessionLabel(i // 2 + 1, "sáng" if i % 2 == 0 else "chiều", START + dt.timedelta(i // 2))
        for i in range(count)
    )


UNIT = UnitInfo(
    name="Sở Thông tin và Truyền thông",
    parent="Ủy ban nhân dân tỉnh Lai Châu",
    qhns_code="1045678",
    address="Phường Tân Phong, Thành phố Lai Châu",
    place="Lai Châu",
    preparer="Nguyễn Thị Hường",
    chief_accountant="Đỗ Văn Ước",
    head="Lò Văn Thành",
)


def _sheet(
    people: Sequence[SignInPerson],
    sessions: int = 4,
    *,
    code: str = "LC-2023-L01",
    by_commune: bool = False,
    title: str = "Lớp bồi dưỡng thông tin đối ngoại cho trưởng bản, người có uy tín - Lớp 1",
) -> SignInSheet:
    return SignInSheet(
        unit=UNIT,
        title=SIGN_IN_TITLE,
        activity_title=title,
        start=START,
        end=START + dt.timedelta(days=1),
        venue="Hội trường Sở Thông tin và Truyền thông, Thành phố Lai Châu",
        sessions=_sessions(sessions),
        people=tuple(people),
        break_by_commune=by_commune,
        date=dt.date(2023, 2, 6),
        activity_code=code,
    )


# "2/11" but not the "05/02" inside a date.
PAGE_NUMBER = re.compile(r"(?<![\d/])\d+/\d+(?![\d/])")


def _pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def _flat(text: str) -> str:
    """Whitespace collapsed, so a name wrapped onto two lines still matches."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def big_sheet_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[SignInSheet, Path]:
    sheet = _sheet(_people(130), sessions=4)
    path = tmp_path_factory.mktemp("signin") / "lop1.pdf"
    assert write_sign_in(sheet, path) == path
    return sheet, path


# --- fonts ------------------------------------------------------------------------------


def _vietnamese_letters() -> set[str]:
    letters = set("đĐ")
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY":
        for mark in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
            letters.add(unicodedata.normalize("NFC", base + mark))
    return letters


def test_bundled_fonts_cover_vietnamese() -> None:
    fonts.register_fonts()
    fonts.register_fonts()  # idempotent
    letters = _vietnamese_letters()
    assert len(letters) == 146
    for name in (fonts.REGULAR, fonts.BOLD, fonts.ITALIC, fonts.BOLD_ITALIC):
        font = pdfmetrics.getFont(name)
        # Bundled files only, never a system font.
        assert Path(font.face.filename).parent.name == "fonts"
        assert "resources" in Path(font.face.filename).parts
        missing = [c for c in letters if ord(c) not in font.face.charToGlyph]
        assert not missing, (name, missing)


# --- the sign-in sheet ------------------------------------------------------------------


def test_sign_in_sheet_text(big_sheet_pdf: tuple[SignInSheet, Path]) -> None:
    sheet, path = big_sheet_pdf
    pages = _pages(path)
    assert len(pages) > 1
    everything = _flat(" ".join(pages))
    for person in sheet.people:
        assert unicodedata.normalize("NFC", person.full_name) in everything, person.full_name
    for phrase in (
        "DANH SÁCH HỌC VIÊN KÝ ĐIỂM DANH",
        sheet.activity_title,
        "Từ ngày 05/02/2023 đến ngày 06/02/2023",
        "Địa điểm: Hội trường Sở Thông tin và Truyền thông, Thành phố Lai Châu",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lai Châu, ngày 06 tháng 02 năm 2023",
        "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "Mã QHNS: 1045678",
        "Ngày 1 sáng",
        "Ngày 1 chiều",
        "Ngày 2 chiều",
        "06/02/2023",
        "Tổng số: 130 người",
        "Người lập",
        "Xác nhận của đơn vị tổ chức",
        "(Ký, ghi rõ họ tên)",
    ):
        assert phrase in everything, phrase
    assert "Tổng số: 130 người" in _flat(pages[-1])


def test_header_row_and_page_numbers_on_every_later_page(
    big_sheet_pdf: tuple[SignInSheet, Path],
) -> None:
    _, path = big_sheet_pdf
    pages = _pages(path)
    total = len(pages)
    # ND30: page 1 carries no number.
    assert not PAGE_NUMBER.search(pages[0])
    assert page_numbers(path) == ["", *(str(n) for n in range(2, total + 1))]
    for number, text in enumerate(pages[1:], start=2):
        flat = _flat(text)
        if number == total:
            break  # the last page may hold only the total and the signatures
        for heading in ("STT", "Họ và tên", "Năm sinh", "Nam", "Nữ", "Dân tộc", "Chức vụ"):
            assert heading in flat, (number, heading)
        assert "Thôn/bản" in flat
        assert "Ghi chú" in flat
        assert "Ngày 1 sáng" in flat
        # The ND30 header block is on page 1 only.
        assert "CỘNG HÒA" not in flat


def test_rows_are_numbered_in_input_order(big_sheet_pdf: tuple[SignInSheet, Path]) -> None:
    sheet, path = big_sheet_pdf
    text = _flat(" ".join(_pages(path)))
    positions = [text.index(unicodedata.normalize("NFC", p.full_name)) for p in sheet.people[:20]]
    assert positions == sorted(positions)


def test_nfd_names_come_out_nfc(tmp_path: Path) -> None:
    people = _people(25, form="NFD")
    assert any(p.full_name != unicodedata.normalize("NFC", p.full_name) for p in people)
    path = write_sign_in(_sheet(people, sessions=2), tmp_path / "nfd.pdf")
    text = " ".join(_pages(path))
    # No stray combining marks: every tone mark was composed before drawing.
    assert not any(unicodedata.combining(ch) for ch in text)
    flat = _flat(text)
    for person in people:
        assert unicodedata.normalize("NFC", person.full_name) in flat


def test_break_by_commune_starts_each_commune_on_a_new_page(tmp_path: Path) -> None:
    people = _people(45)
    path = write_sign_in(_sheet(people, sessions=2, by_commune=True), tmp_path / "xa.pdf")
    pages = [_flat(t) for t in _pages(path)]
    for commune in COMMUNES:
        heading = f"Xã: {commune}"
        starts = [i for i, text in enumerate(pages) if heading in text]
        assert len(starts) == 1, heading
        first_member = next(p for p in people if p.commune == commune)
        assert first_member.full_name in pages[starts[0]]
    # STT runs on across communes.
    assert "Tổng số: 45 người" in pages[-1]


def test_year_goes_under_nam_or_nu(tmp_path: Path) -> None:
    people = (
        SignInPerson("Lò Văn Thành", 1971, "M"),
        SignInPerson("Lò Thị Hường", 1982, "F"),
        SignInPerson("Giàng A Dế", 1990, None),
        SignInPerson("Tẩn Láo Lở", None, "M"),
    )
    path = write_sign_in(_sheet(people, sessions=1), tmp_path / "years.pdf")
    text = _flat(" ".join(_pages(path)))
    for year in ("1971", "1982", "1990"):
        assert year in text


def test_commune_heading() -> None:
    from reports.signin import _commune_heading

    assert _commune_heading("Bình Lư") == "Xã: Bình Lư"
    assert _commune_heading("Xã Bình Lư") == "Xã Bình Lư"
    assert _commune_heading("phường Tân Phong") == "phường Tân Phong"
    assert _commune_heading("  ") == "Chưa ghi xã"


# --- page machinery ---------------------------------------------------------------------


@pytest.mark.parametrize("sessions", range(9))
def test_columns_fill_the_frame_exactly(sessions: int) -> None:
    for layout in (LANDSCAPE_TABLE, LANDSCAPE_WIDE):
        width_mm = layout.frame_width / mm
        widths = _column_widths(sessions, width_mm)
        assert len(widths) == 9 + sessions
        assert sum(widths) == pytest.approx(width_mm)
        assert min(widths) > 5


def test_rows_are_tall_enough_to_sign_and_long_text_wraps() -> None:
    fonts.register_fonts()
    columns = [Column(10 * mm, "center"), Column(30 * mm), Column(20 * mm)]
    header = [HeaderCell("STT", 0, 0), HeaderCell("Họ và tên", 1, 0), HeaderCell("Ký", 2, 0)]
    long_name = "Nguyễn Thị Phương Thảo Hoàng Lê Nhất Thống Chí"
    table = GridTable(columns, header, [["1", "Lò Văn Thành", ""], ["2", long_name, ""]])
    width, height = table.wrap(500, 500)
    assert width == pytest.approx(60 * mm)
    header_height = 6 * mm
    # Row 1: the 9 mm minimum; row 2 wraps to several lines and grows.
    assert height > header_height + 2 * 9 * mm
    lines = fit_lines(long_name, fonts.REGULAR, 10.5, 30 * mm - 3)
    assert len(lines) >= 2
    assert " ".join(lines) == long_name


def test_fit_lines_never_overflows() -> None:
    fonts.register_fonts()
    width = 20 * mm
    for text in ("Tẩn Láo Lở", "Ngườicóuytínrấtrấtdàikhôngcódấucách", "a " * 40, ""):
        for line in fit_lines(text, fonts.REGULAR, 11, width):
            assert pdfmetrics.stringWidth(line, fonts.REGULAR, 11) <= width
        assert "".join(fit_lines(text, fonts.REGULAR, 11, width)).replace(" ", "") == (
            text.replace(" ", "")
        )


def test_missing_directory_raises_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "x.pdf"
    with pytest.raises(FileNotFoundError):
        write_sign_in(_sheet(_people(3)), target)
    assert list(tmp_path.iterdir()) == []


class _Boom(Flowable):  # type: ignore[misc]
    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 10.0, 10.0

    def draw(self) -> None:
        raise RuntimeError("boom while drawing")


def test_failing_write_leaves_no_file_and_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_story = signin_module.sign_in_story

    def broken_story(*args: object, **kwargs: object) -> list[Flowable]:
        return [*real_story(*args, **kwargs), _Boom()]  # type: ignore[arg-type]

    monkeypatch.setattr(signin_module, "sign_in_story", broken_story)
    target = tmp_path / "lop.pdf"
    with pytest.raises(RuntimeError, match="boom"):
        write_sign_in(_sheet(_people(30)), target)
    assert list(tmp_path.iterdir()) == []

    target.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="boom"):
        write_sign_in(_sheet(_people(30)), target)
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_atomic_output_replaces_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    with atomic_output(target) as tmp:
        assert tmp.parent == tmp_path
        assert tmp != target
        tmp.write_bytes(b"new")
        assert not target.exists()
    assert target.read_bytes() == b"new"
    assert list(tmp_path.iterdir()) == [target]
