"""The one place that names the Qt binding (as Anki's aqt/qt and qutebrowser do).

Everything else imports Qt names from here, so a binding or version change touches one file.
"""

# ruff: noqa: F403
# mypy: disable-error-code="assignment"
# (QtGui and QtWidgets re-declare a few QtCore helpers such as QPointList; harmless.)
from PySide6.QtCore import *
from PySide6.QtGui import *
from PySide6.QtWidgets import *
