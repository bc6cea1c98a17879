"""Xuất ra Excel… (Ctrl+E) on every on-screen list: the columns it shows, as it shows them.

`install_list_export(view, title)` puts the action in the view's context menu and binds
Ctrl+E while the view (or a child) has focus. The rows are read from the view's model: the
visible columns' headers, then each row's DisplayRole text, except that a figure the model
also gives as a number (EditRole, or DisplayRole itself) is written as that number, so the
accountant can sum it. reports.table_xlsx writes the file (text never becomes a formula).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.errors import report
from desktop.i18n import _, money
from desktop.qt import (
    QAbstractItemModel,
    QAbstractItemView,
    QAction,
    QApplication,
    QDate,
    QElapsedTimer,
    QEventLoop,
    QFileDialog,
    QKeySequence,
    QMessageBox,
    QModelIndex,
    Qt,
    QThread,
    QTreeView,
    QWidget,
)
from desktop.tasks import TaskRunner

if TYPE_CHECKING:
    from reports.table_xlsx import TableValue

__all__ = ["choose_path", "export_view", "install_list_export", "table_of"]

_GROUPING = re.compile(r"[.,\s\u00a0]")


def _date(value: Any) -> dt.date | None:
    if isinstance(value, QDate) and value.isValid():
        return dt.date(value.year(), value.month(), value.day())
    return value if isinstance(value, dt.date) else None


def _as_number(display: Any, edit: Any) -> TableValue:
    """`display` as the number (or date) it shows, when the model also holds that value."""
    if isinstance(display, bool):
        return "x" if display else ""
    if isinstance(display, int | float):
        return display
    day = _date(display) or _date(edit)
    if day is not None:
        return day
    text = "" if display is None else str(display)
    number: TableValue = text
    if isinstance(edit, int) and not isinstance(edit, bool):
        if _GROUPING.sub("", text).lstrip("+") == str(edit):
            number = edit
    elif isinstance(edit, float) and text:
        try:
            if float(text.replace("\u00a0", "").replace(",", ".")) == edit:
                number = edit
        except ValueError:
            pass
    return number


def _shown_number(text: str) -> int | float | None:
    """A right-aligned figure as the number it shows, read with the interface language's
    separators (1.234.567 and 1,5 in Vietnamese; 1,234,567 and 1.5 in English)."""
    group = money(1000)[1:2]
    point = "," if group == "." else "."
    pattern = rf"-?\d{{1,3}}(?:{re.escape(group)}\d{{3}})*(?:{re.escape(point)}\d+)?|-?\d+"
    if not re.fullmatch(pattern, text) or re.fullmatch(r"0\d+", text):
        return None  # not a figure, or a code whose leading zero matters
    plain = text.replace(group, "").replace(point, ".")
    return float(plain) if "." in plain else int(plain)


def _right_aligned(model: QAbstractItemModel, index: QModelIndex) -> bool:
    align = model.data(index, Qt.ItemDataRole.TextAlignmentRole)
    try:
        return bool(Qt.AlignmentFlag(int(align)) & Qt.AlignmentFlag.AlignRight)
    except (TypeError, ValueError):
        return False


def _rows(
    model: QAbstractItemModel, parent: QModelIndex, columns: list[int]
) -> Iterator[list[TableValue]]:
    for row in range(model.rowCount(parent)):
        values: list[TableValue] = []
        for column in columns:
            index = model.index(row, column, parent)
            display = model.data(index, Qt.ItemDataRole.DisplayRole)
            edit = model.data(index, Qt.ItemDataRole.EditRole)
            if display is None:
                check = model.data(index, Qt.ItemDataRole.CheckStateRole)
                if check is not None:
                    checked = Qt.CheckState(check) == Qt.CheckState.Checked
                    values.append("x" if checked else "")
                    continue
            value = _as_number(display, edit)
            if isinstance(value, str) and value and _right_aligned(model, index):
                number = _shown_number(value.strip())
                value = value if number is None else number
            values.append(value)
        yield values
        first = model.index(row, 0, parent)
        if first.isValid() and model.rowCount(first) > 0:  # a tree's children, in order
            yield from _rows(model, first, columns)


def _missing(model: QAbstractItemModel) -> int:
    """Rows a page-by-page model (desktop.tablemodels.PeopleModel: `ids` shown, `rows` fetched
    so far) has not fetched yet."""
    ids, rows = getattr(model, "ids", None), getattr(model, "rows", None)
    if not isinstance(ids, list) or not isinstance(rows, dict):
        return 0
    return sum(1 for pid in ids if pid not in rows)


def _fetch_all(model: QAbstractItemModel, timeout_ms: int = 30_000) -> None:
    """Ask a page-by-page model for every row (reading a cell asks for its page) and wait, with
    the event loop running, until the worker has delivered them."""
    if not _missing(model):
        return
    for row in range(model.rowCount()):
        model.data(model.index(row, 0), Qt.ItemDataRole.DisplayRole)
    timer = QElapsedTimer()
    timer.start()
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        while _missing(model) and timer.elapsed() < timeout_ms:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            QThread.msleep(10)
    finally:
        QApplication.restoreOverrideCursor()


def table_of(view: QAbstractItemView) -> tuple[list[str], list[list[TableValue]]]:
    """The headers and rows the view shows (hidden columns left out), every row of a list
    fetched page by page included."""
    model = view.model()
    _fetch_all(model)
    hidden = getattr(view, "isColumnHidden", lambda _c: False)
    columns = [c for c in range(model.columnCount()) if not hidden(c)]
    headers = [
        str(
            model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or ""
        ).replace("\n", " ")
        for c in columns
    ]
    root = view.rootIndex() if isinstance(view, QTreeView) else QModelIndex()
    return headers, list(_rows(model, root, columns))


def choose_path(parent: QWidget, title: str) -> str:
    """Ask where to save (a seam: tests replace it)."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Xuất ra Excel"), f"{title}.xlsx", _("Bảng tính Excel (*.xlsx)")
    )
    if path and not path.lower().endswith(".xlsx"):
        path += ".xlsx"
    return path


@cache
def _export_runner() -> TaskRunner:
    """The worker that writes exported workbooks (17,559 people take about 2 s in openpyxl:
    not on the UI thread); stopped when the application quits."""
    app = QApplication.instance()
    writer = TaskRunner(app)
    if app is not None:
        app.aboutToQuit.connect(writer.shutdown)
    return writer


def export_view(view: QAbstractItemView, title: str) -> None:
    """Ask for a file name, read the view's list (here, on the UI thread, as Qt models must
    be read) and write it on the export worker."""
    path = choose_path(view, title)
    if not path:
        return
    headers, rows = table_of(view)

    def write() -> Path:
        from reports.table_xlsx import write_table_xlsx  # openpyxl only when exporting

        return write_table_xlsx(path, headers, rows, title=title)

    def failed(error: BaseException) -> None:
        if not isinstance(error, OSError):  # a user error's sentence, or "see the log"
            report(view, error)
            return
        QMessageBox.warning(
            view,
            _("Xuất ra Excel"),
            _("Không ghi được tệp {path}: {error}").format(
                path=path, error=error.strerror or error
            ),
        )

    _export_runner().run(write, lambda _written: None, failed)


def install_list_export(view: QAbstractItemView, title: str) -> QAction:
    """Add "Xuất ra Excel…" (Ctrl+E) to `view`'s context menu; `title` names the sheet and
    the suggested file."""
    action = QAction(_("Xuất ra Excel…"), view)
    action.setShortcut(QKeySequence("Ctrl+E"))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(lambda: export_view(view, title))
    view.addAction(action)
    if view.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu:
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    view.setProperty("listExportAction", action)
    return action
