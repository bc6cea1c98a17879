"""The bundled serif (Liberation Serif 2.x, metric-compatible with Times New Roman, full
Vietnamese coverage, SIL OFL) registered with reportlab under our own names.

Only the files shipped in `resources/fonts` are used, never a system font path: the PDF must
look the same on every machine and must not depend on what the office PC has installed.
"""

from __future__ import annotations

import threading
from importlib.resources import as_file, files

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

__all__ = ["BOLD", "BOLD_ITALIC", "FAMILY", "ITALIC", "REGULAR", "register_fonts"]

FAMILY = "TapHuanSerif"
REGULAR = FAMILY
BOLD = f"{FAMILY}-Bold"
ITALIC = f"{FAMILY}-Italic"
BOLD_ITALIC = f"{FAMILY}-BoldItalic"

_FACES: tuple[tuple[str, str, bool, bool], ...] = (
    (REGULAR, "LiberationSerif-Regular.ttf", False, False),
    (BOLD, "LiberationSerif-Bold.ttf", True, False),
    (ITALIC, "LiberationSerif-Italic.ttf", False, True),
    (BOLD_ITALIC, "LiberationSerif-BoldItalic.ttf", True, True),
)

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the four faces and the family (so <b>/<i> work in Paragraphs). Idempotent."""
    global _registered  # noqa: PLW0603 - a process-wide once flag is the point
    if _registered:
        return
    with _lock:
        if _registered:
            return
        package = files("resources.fonts")
        for name, filename, bold, italic in _FACES:
            # as_file gives a real path even from a zip/frozen install; TTFont reads the
            # whole file at construction, so the temporary copy may vanish afterwards.
            with as_file(package / filename) as path:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            addMapping(FAMILY, int(bold), int(italic), name)
        pdfmetrics.registerFontFamily(
            FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        _registered = True
