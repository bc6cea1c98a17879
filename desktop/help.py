"""Trợ giúp: the bundled user guide and the About box (version, database, licences)."""

from __future__ import annotations

from importlib import metadata, resources
from pathlib import Path

from desktop import i18n
from desktop.i18n import _
from desktop.qt import (
    QDialog,
    QDialogButtonBox,
    QTextBrowser,
    QUrl,
    QVBoxLayout,
    QWidget,
)

# What ships inside the installer, and each one's licence. Read from the installed packages'
# metadata when there is any (a frozen bundle may carry none): these are the fallbacks.
LIBRARIES: tuple[tuple[str, str, str], ...] = (
    ("Qt / PySide6", "PySide6-Essentials", "LGPL-3.0"),
    ("SQLAlchemy", "SQLAlchemy", "MIT"),
    ("Alembic", "alembic", "MIT"),
    ("ReportLab", "reportlab", "BSD"),
    ("openpyxl", "openpyxl", "MIT"),
    ("Babel", "Babel", "BSD-3-Clause"),
    ("python-calamine", "python-calamine", "MIT"),
    ("platformdirs", "platformdirs", "MIT"),
    ("keyring", "keyring", "MIT"),
    ("psycopg", "psycopg", "LGPL-3.0"),
)
ICONS = ("Lucide", "ISC")  # resources/icons/lucide/LICENSE


def guide_folder() -> Path:
    return Path(str(resources.files("resources.help")))


def guide_file(language: str | None = None) -> Path:
    """The guide in the interface language (English for "en", else Vietnamese)."""
    name = "guide_en.html" if (language or i18n.language) == "en" else "guide_vi.html"
    return guide_folder() / name


class GuideDialog(QDialog):
    """Trợ giúp → Hướng dẫn sử dụng: the HTML guide with its screenshots, offline."""

    def __init__(self, parent: QWidget | None = None, language: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Hướng dẫn sử dụng"))
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(guide_folder())])
        self.browser.setSource(QUrl.fromLocalFile(str(guide_file(language))))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(760, 640)  # screen_fit brings it inside a smaller screen


def version() -> str:
    try:
        return metadata.version("taphuan")
    except metadata.PackageNotFoundError:  # pragma: no cover - a bundle without metadata
        return "0.1.0"


def _licence(distribution: str, fallback: str) -> tuple[str, str]:
    """(version, licence) of an installed distribution; the fallback licence if unknown."""
    try:
        meta = metadata.metadata(distribution)
    except metadata.PackageNotFoundError:
        return "", fallback

    def field(name: str) -> str:  # absent fields raise KeyError on newer Pythons
        return str(meta[name] or "") if name in meta else ""

    text = field("License-Expression") or field("License")
    if not text or len(text) > 60:  # a whole licence text pasted into the field
        text = fallback
    return field("Version"), text


def font_licences() -> list[tuple[str, str]]:
    """(font, licence) read from resources/fonts/LICENSE's first lines."""
    text = (resources.files("resources.fonts") / "LICENSE").read_text(encoding="utf-8")
    name = text.splitlines()[0].split("(")[0].strip()
    licence = "SIL Open Font License 1.1" if "Open Font License" in text else "?"
    return [(name, licence)]


def about_html(database: str) -> str:
    rows = []
    for label, distribution, fallback in LIBRARIES:
        found, licence = _licence(distribution, fallback)
        rows.append(f"<tr><td>{label}</td><td>{found}</td><td>{licence}</td></tr>")
    for font, licence in font_licences():
        rows.append(f"<tr><td>{font}</td><td></td><td>{licence}</td></tr>")
    rows.append(f"<tr><td>{_('Biểu tượng')} {ICONS[0]}</td><td></td><td>{ICONS[1]}</td></tr>")
    return (
        f"<h2>TapHuan {version()}</h2>"
        f"<p>{_('Quản lý tập huấn, bồi dưỡng thuộc các Chương trình MTQG.')}</p>"
        f"<p><b>{_('Cơ sở dữ liệu đang dùng')}:</b> {database}</p>"
        f"<p><b>{_('Thư viện và phông chữ đi kèm')}:</b></p>"
        f"<table cellpadding='3'><tr><th align='left'>{_('Tên')}</th>"
        f"<th align='left'>{_('Phiên bản')}</th><th align='left'>{_('Giấy phép')}</th></tr>"
        + "".join(rows)
        + "</table>"
    )


class AboutDialog(QDialog):
    """Trợ giúp → Giới thiệu TapHuan: the version, the database in use, the licences."""

    def __init__(self, database: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Giới thiệu TapHuan"))
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(about_html(database))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(560, 520)
