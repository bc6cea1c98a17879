"""Errors as sentences: known ones say what went wrong; unexpected ones go to a log file."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop.i18n import _, render
from desktop.qt import QMessageBox, QWidget
from models.errors import UserError
from models.locations import data_dir

log = logging.getLogger("taphuan")


def log_path() -> Path:
    return data_dir() / "taphuan.log"


def setup_logging() -> None:
    """Everything logged, unexpected errors with their traceback, goes to `log_path()` (once)."""
    root = logging.getLogger()
    path = str(log_path())
    if any(getattr(h, "baseFilename", None) == path for h in root.handlers):
        return
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def is_user_error(exc: BaseException) -> bool:
    """An error whose message is written for the user (anything else is a bug)."""
    from models.db import DatabaseOpenError  # not at import: the window frame paints first

    return isinstance(exc, UserError | DatabaseOpenError)


def user_text(exc: BaseException) -> str:
    """A user error's message in the interface language (its template translated)."""
    if isinstance(exc, UserError):
        return render(exc.template, exc.params, str(exc))
    return str(exc)


def message_for(exc: BaseException) -> str:
    """What the user reads: a user error's own message; for anything else a fixed sentence
    pointing at the log file, where the traceback has just been written."""
    if is_user_error(exc):
        return user_text(exc)
    log.error("lỗi không mong đợi", exc_info=exc)
    return _("Lỗi không mong đợi — chi tiết trong tệp nhật ký {path}").format(path=log_path())


def sentence(exc: BaseException) -> str:
    """`message_for` as a sentence for a label: capital letter, full stop."""
    text = message_for(exc).strip()
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def report(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, _("TapHuan"), message_for(exc), parent=parent)
    box.open()  # not exec(): no nested event loop
    return box
