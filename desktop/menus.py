"""The menu bar and keyboard shortcuts of the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from desktop import i18n
from desktop.i18n import N_, _
from desktop.icons import icon
from desktop.qt import (
    QAction,
    QActionGroup,
    QDesktopServices,
    QKeySequence,
    QListWidget,
    QMenuBar,
    QMessageBox,
    Qt,
    QUrl,
    QWidget,
)
from desktop.settings import settings

if TYPE_CHECKING:  # the menus are light: the window's frame shows their titles at once
    from desktop.undo_stack import UndoStack

MENU_TITLES = (N_("&Tệp"), N_("&Sửa"), N_("&Xem"), N_("&Ngôn ngữ"), N_("Trợ &giúp"))


def menu_titles(bar: QMenuBar) -> None:
    """The titles alone, greyed, until `build_menus` fills them (no jump when it does)."""
    for title in MENU_TITLES:
        bar.addMenu(_(title)).setEnabled(False)


class MenuHost(Protocol):
    """What the menus need of the window that carries them (so menus never import it)."""

    section_names: list[str]
    nav: QListWidget
    db: Any  # the open models.db.Database, or None

    def menuBar(self) -> QMenuBar: ...
    def new_plan(self) -> None: ...
    def import_schedule(self) -> None: ...
    def refresh_plans(self) -> None: ...
    def choose_database(self) -> None: ...
    def connect_server(self) -> None: ...
    def backup_restore(self) -> None: ...
    def focus_filter(self) -> None: ...
    def show_calendar(self) -> None: ...
    def show_rollup(self) -> None: ...
    def undo_last(self) -> None: ...
    def close(self) -> bool: ...

    @property
    def undo_stack(self) -> UndoStack: ...


def build_menus(window: MenuHost) -> None:
    bar = window.menuBar()
    bar.clear()  # the greyed titles of the frame

    file_menu = bar.addMenu(_("&Tệp"))
    new_plan = QAction(_("Kế hoạch &mới…"), bar)
    new_plan.setIcon(icon("file-plus"))
    new_plan.setShortcut(QKeySequence.StandardKey.New)
    new_plan.triggered.connect(window.new_plan)
    file_menu.addAction(new_plan)
    schedule = QAction(_("Nhập lịch buổi truyền thông…"), bar)
    schedule.setIcon(icon("calendar"))
    schedule.triggered.connect(window.import_schedule)
    file_menu.addAction(schedule)
    refresh = QAction(_("&Làm mới"), bar)
    refresh.setShortcut(QKeySequence.StandardKey.Refresh)
    refresh.triggered.connect(window.refresh_plans)
    file_menu.addAction(refresh)
    open_db = QAction(_("Mở tệp dữ liệu khác…"), bar)
    open_db.setIcon(icon("folder-open"))
    open_db.setShortcut(QKeySequence.StandardKey.Open)
    open_db.triggered.connect(window.choose_database)
    file_menu.addAction(open_db)
    server = QAction(_("Kết nối máy chủ…"), bar)
    server.setIcon(icon("server"))
    server.triggered.connect(window.connect_server)
    file_menu.addAction(server)
    backups = QAction(_("Sao lưu / Khôi phục…"), bar)
    backups.setIcon(icon("archive"))
    backups.triggered.connect(window.backup_restore)
    file_menu.addAction(backups)
    file_menu.addSeparator()
    quit_action = QAction(_("&Thoát"), bar)
    quit_action.setIcon(icon("log-out"))
    quit_action.setShortcut(QKeySequence(_("Ctrl+Q")))
    quit_action.triggered.connect(window.close)
    file_menu.addAction(quit_action)

    edit_menu = bar.addMenu(_("&Sửa"))
    undo = QAction(window.undo_stack.text(), bar)
    undo.setIcon(icon("undo-2"))
    undo.setShortcut(QKeySequence.StandardKey.Undo)  # a text field focused keeps its own
    undo.setEnabled(False)
    undo.triggered.connect(window.undo_last)
    edit_menu.addAction(undo)

    def follow() -> None:
        undo.setText(window.undo_stack.text())
        undo.setEnabled(len(window.undo_stack) > 0)

    window.undo_stack.changed.connect(follow)

    view_menu = bar.addMenu(_("&Xem"))
    for row, section in enumerate(window.section_names):
        action = QAction(section, bar)
        action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
        action.triggered.connect(lambda _checked=False, r=row: window.nav.setCurrentRow(r))
        view_menu.addAction(action)
    find = QAction(_("&Tìm người…"), bar)
    find.setIcon(icon("search"))
    find.setShortcut(QKeySequence.StandardKey.Find)
    find.triggered.connect(window.focus_filter)
    view_menu.addAction(find)
    view_menu.addSeparator()  # beside the plan check: the selected plan seen whole
    calendar = QAction(_("&Lịch kế hoạch…"), bar)
    calendar.setIcon(icon("calendar-days"))
    calendar.triggered.connect(window.show_calendar)
    view_menu.addAction(calendar)
    rollup = QAction(_("Tổng hợp theo &xã…"), bar)
    rollup.setIcon(icon("chart-column"))
    rollup.triggered.connect(window.show_rollup)
    view_menu.addAction(rollup)

    language_menu = bar.addMenu(_("&Ngôn ngữ"))
    group = QActionGroup(bar)
    for code, name in i18n.LANGUAGES.items():
        action = QAction(name, bar, checkable=True)
        action.setChecked(code == i18n.language)
        action.triggered.connect(lambda _checked=False, c=code: _choose_language(bar, c))
        group.addAction(action)
        language_menu.addAction(action)

    help_menu = bar.addMenu(_("Trợ &giúp"))
    guide = QAction(_("&Hướng dẫn sử dụng"), bar)
    guide.setIcon(icon("circle-help"))
    guide.setShortcut(QKeySequence.StandardKey.HelpContents)  # F1
    guide.triggered.connect(lambda: _show_guide(window))
    help_menu.addAction(guide)
    log = QAction(_("Mở thư mục nhật ký lỗi"), bar)
    log.setIcon(icon("folder-search"))
    log.triggered.connect(_open_log_folder)
    help_menu.addAction(log)
    help_menu.addSeparator()
    about = QAction(_("&Giới thiệu TapHuan"), bar)
    about.setIcon(icon("info"))
    about.triggered.connect(lambda: _show_about(window))
    help_menu.addAction(about)


def _choose_language(window: QWidget, code: str) -> None:
    settings().setValue("ui/language", code)
    if code != i18n.language:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "TapHuan",
            _("Ngôn ngữ mới sẽ được dùng khi mở lại chương trình.")
            if code == "vi"
            else "The new language is used the next time TapHuan starts.",
            parent=window,
        )
        box.open()


def _open_log_folder() -> None:
    from desktop.errors import log_path

    QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_path().parent)))


def _show_guide(window: MenuHost) -> None:
    from desktop.help import GuideDialog

    dialog = GuideDialog(window.menuBar().window())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()  # beside the window, not in front of it: the user reads while working


def _show_about(window: MenuHost) -> None:
    from desktop.help import AboutDialog
    from models.db import describe_url

    db = window.db
    database = describe_url(db.url) if db is not None else _("(chưa mở)")
    if db is not None and db.read_only:
        database += " — " + _("chỉ đọc")
    dialog = AboutDialog(database, window.menuBar().window())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
