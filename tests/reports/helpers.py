"""Shared by the paper tests: text of a PDF, and sample units and people."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

from pypdf import PdfReader

from models.papers.data import UnitInfo

UNIT = UnitInfo(
    name="Sở Thông tin và Truyền thông tỉnh Lai Châu",
    parent="UBND tỉnh Lai Châu",
    qhns_code="1052817",
    address="Phường Tân Phong, thành phố Lai Châu",
    place="Lai Châu",
    preparer="Nguyễn Thị Minh Hằng",
    chief_accountant="Phạm Văn Tuấn",
    head="Lê Đức Thịnh",
    head_title="Giám đốc",
)

NAMES = (
    "Lò Văn Thành",
    "Giàng A Dế",
    "Tẩn Láo Lở",
    "Lỳ Xá Phìn",
    "Nguyễn Thị Hường",
    "Đỗ Văn Ước",
    "Lường Thị Ửng",
    "Sùng Seo Dợ",
    "Phàn Thị Mẩy",
    "Quàng Văn Ưởng",
)

# "2/11" but not the "05/02" inside a date (papers once numbered pages "x/y").
PAGE_NUMBER = re.compile(r"(?<![\d/])\d+/\d+(?![\d/])")
_MM = 72 / 25.4


def page_numbers(path: Path) -> list[str]:
    """What each page shows in its top margin (ND30: the page number, none on page 1)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    out = []
    for page in re.finditer(r"<page [^>]*>(.*?)</page>", html, re.S):
        words = re.findall(
            r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>',
            page.group(1),
        )
        out.append(" ".join(w for y, w in words if float(y) < 20 * _MM))
    return out


def pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def flat(text: str) -> str:
    """Whitespace collapsed, NFC, so a name wrapped onto two lines still matches."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def text_of(path: Path) -> str:
    return flat(" ".join(pages(path)))
