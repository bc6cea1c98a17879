"""Badges and desk cards: the QR text is what the check-in box accepts, 10 or 8 to a page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

import reports.badges as badges_pdf
from models.attendance.checkin import parse_scan
from models.papers.forms import Badge, BadgeSheet, check_in_payload
from reports.badges import qr_matrix, write_badges_pdf
from tests.reports.helpers import NAMES, UNIT, text_of

POSITION = "Trưởng bản, Bản Nà Tăm, Xã Bình Lư"
CLASS = "Lớp bồi dưỡng kiến thức cho người có uy tín"


POSITION = "Trưởng bản, Bản Nà Tăm, Xã Bình Lư"
CLASS = "Lớp bồi dưỡng kiến thức cho người có uy tín"


def _sheet(count: int, kind: Any = "badge") -> BadgeSheet:
    names = [NAMES[i % len(NAMES)] for i in range(count)]
    cards = [Badge(n, f"{i:012d}", POSITION, "L1", CLASS) for i, n in enumerate(names)]
    return BadgeSheet(UNIT, "Kế hoạch tập huấn", tuple(cards), kind=kind)


def test_payload_is_what_check_in_accepts() -> None:
    payload = check_in_payload("012166565316")
    scan = parse_scan(payload)
    assert scan.valid and scan.kind == "number" and scan.cccd == "012166565316"
    assert check_in_payload(None) == "" and check_in_payload("12345") == ""


@pytest.mark.parametrize(("kind", "per_page"), [("badge", 10), ("desk", 8)])
def test_cards_per_page(
    kind: Any, per_page: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[str] = []
    real = badges_pdf._draw_qr

    def spy(canv: Any, text: str, *args: Any) -> None:
        drawn.append(text)
        real(canv, text, *args)

    monkeypatch.setattr(badges_pdf, "_draw_qr", spy)
    sheet = _sheet(per_page * 2 + 1, kind)
    path = write_badges_pdf(sheet, tmp_path / "the.pdf")
    assert len(PdfReader(path).pages) == 3
    # Every card's code is drawn with its person's payload, in order.
    assert drawn == [b.qr for b in sheet.badges]
    text = text_of(path)
    assert "Lò Văn Thành" in text and "Quét để điểm danh" in text
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in text


def test_no_qr_without_cccd(tmp_path: Path) -> None:
    sheet = BadgeSheet(UNIT, "Lớp", (Badge("Giàng A Dế", ""),))
    text = text_of(write_badges_pdf(sheet, tmp_path / "x.pdf"))
    assert "Giàng A Dế" in text and "Quét để điểm danh" not in text


def test_qr_matrix_is_a_small_code() -> None:
    assert len(qr_matrix("012166565316")) == 21  # version 1: big modules, easy to scan


def test_fast_cccd_code_equals_the_encoder() -> None:
    import random

    rng = random.Random(7)
    numbers = ["000000000000", "999999999999", "012166565316"]
    numbers += [f"{rng.randrange(10**12):012d}" for _ in range(300)]
    for number in numbers:
        assert qr_matrix(number) == badges_pdf._encode(number), number
