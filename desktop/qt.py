"""The one place that names the Qt binding (as Anki's aqt/qt and qutebrowser do).

Everything else imports Qt names from here, so a binding or version change touches one file.
"""

# ruff: noqa: F403, F405
# mypy: disable-error-code="assignment"
# (QtGui and QtWidgets re-declare a few QtCore helpers such as QPointList; harmless.)
from PySide6.QtCore import *
from PySide6.QtGui import *
from PySide6.QtPrintSupport import *
from PySide6.QtWidgets import *

# QtPdf (the PDF pages drawn for the print dialog and the preview) ships in PySide6-Addons,
# not in PySide6-Essentials: without it the print centre hands PDFs to the system to print.
try:
    from PySide6.QtPdf import QPdfDocument as QPdfDocument  # noqa: PLC0414 - re-exported

    HAVE_QTPDF = True
except ImportError:  # pragma: no cover - depends on the installed wheels
    QPdfDocument = None  # type: ignore[misc]
    HAVE_QTPDF = False

import shiboken6 as _shiboken


def delete_now(obj: QObject) -> None:
    """Delete the C++ object now, while Python is alive (the window at quit: desktop/app.py)."""
    _shiboken.delete(obj)


def is_alive(obj: QObject) -> bool:
    """Whether the C++ side of `obj` still exists."""
    return bool(_shiboken.isValid(obj))


from PySide6.QtSvg import QSvgRenderer as QSvgRenderer  # noqa: E402, PLC0414 - re-exported
