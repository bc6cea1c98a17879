"""Errors as sentences: known ones say what went wrong; unexpected ones go to a log file."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop.i18n import _
from desktop.qt import QMessageBox, QWidget
from models.db import DatabaseOpenError, data_dir
from models.errors import UserError

log = logging.getLogger("taphuan")

# Exceptions whose message is already written for users (file, row, field named).
USER_ERRORS: tuple[type[BaseException], ...] = (DatabaseOpenError, UserError)


def log_path() -> Path:
    return data_dir() / "taphuan.log"


def setup_logging() -> None:
    handler = logging.FileHandler(log_path(), encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def message_for(exc: BaseException) -> str:
    if isinstance(exc, USER_ERRORS):
        return str(exc)
    log.error("lỗi không mong đợi", exc_info=exc)
    return _(
        "Đã xảy ra lỗi không mong đợi; dữ liệu của bạn không bị thay đổi. "
        "Chi tiết đã được ghi vào tệp {path}."
    ).format(path=log_path())


def report(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, _("TapHuan"), message_for(exc), parent=parent)
    box.open()  # not exec(): no nested event loop
    return box
