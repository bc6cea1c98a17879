"""The main window: navigation on the left, plans, activities and rosters on the right.

The window is built in two steps so that it appears at once: the frame (navigation, status
bar, the remembered size) needs only Qt, and is painted before the pages, the menus and the
database — which bring SQLAlchemy and the rest of the core, about a second of imports — are
added to it (`staged`, what the app does; tests build both steps at once). Those modules are
imported where they are first used, below.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import icons
from desktop.i18n import N_, _
from desktop.menus import menu_titles
from desktop.qt import (
    QCloseEvent,
    QEvent,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QLockFile,
    QMainWindow,
    QModelIndex,
    QObject,
    QProgressBar,
    QSizePolicy,
    QStackedWidget,
    Qt,
    QTimer,
    QWidget,
    Slot,
)
from desktop.screen_fit import scrolling
from desktop.settings import settings
from desktop.tasks import TaskRunner

if TYPE_CHECKING:
    from desktop.change_hub import ChangeHub
    from desktop.undo_stack import UndoStack
    from models.changes import Change
    from models.db import Database
    from models.planning.catalog import ActivitySummary, PlanSummary

# Lucide icon of each SECTIONS entry, in order (desktop/icons.py).
SECTION_ICONS = (
    "calendar-days",
    "graduation-cap",
    "users",
    "map-pin",
    "presentation",
    "scale",
    "printer",
)

SECTIONS = (
    N_("Kế hoạch"),
    N_("Lớp/Sự kiện"),
    N_("Học viên"),
    N_("Địa điểm"),
    N_("Giảng viên"),
    N_("Định mức"),
    N_("Báo cáo"),
)


class _FirstPaint(QObject):
    """Calls `then` once, after the watched window's first paint."""

    def __init__(self, window: QWidget, then: Any) -> None:
        super().__init__(window)
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, then)  # after the paint; dropped if the window goes
        return False


class MainWindow(QMainWindow):
    def __init__(self, db_url: str | None = None, *, staged: bool = False) -> None:
        super().__init__()
        self.setWindowTitle(_("TapHuan — Quản lý tập huấn, bồi dưỡng"))
        self.runner = TaskRunner(self)
        self.db: Database | None = None
        self.db_lock: QLockFile | None = None  # held while this window may write the file
        self.db_url = db_url
        self.plans: list[PlanSummary] = []
        self._wanted_plan: str | None = None  # a plan just saved, selected once listed
        self.furnished = False  # the pages, menus and database are in (see the docstring)
        self.closing = False

        self.section_names = [_(section) for section in SECTIONS]
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        for name, icon_name in zip(self.section_names, SECTION_ICONS, strict=True):
            QListWidgetItem(icons.icon(icon_name), name, self.nav)
        self.nav.setFixedWidth(170)
        self.stack = QStackedWidget()
        self.opening = QLabel(_("Đang mở…"))
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.opening)  # until the pages are in

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(scrolling(self.stack), 1)  # scrolls only on a screen too short
        self.setCentralWidget(central)
        menu_titles(self.menuBar())
        self._build_status_bar()
        self.resize(1280, 800)
        geometry = settings().value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if staged:
            # After the frame's first paint; a window never shown is furnished anyway.
            self._first_paint = _FirstPaint(self, lambda: self._furnish(db_url))
            QTimer.singleShot(400, self, lambda: self._furnish(db_url))
        else:
            self._furnish(db_url)

    def _furnish(self, db_url: str | None) -> None:
        """The pages, the menus and the database: the heavy part of the window."""
        if self.furnished or self.closing:
            return
        self.furnished = True
        from desktop.change_hub import ChangeHub
        from desktop.menus import build_menus
        from desktop.undo_stack import UndoStack

        self.hub: ChangeHub = ChangeHub(self)  # every committed write's kinds, to the views
        self._undo_stack = UndoStack(self.runner, self)
        self.stack.removeWidget(self.opening)
        self.opening.deleteLater()
        self._build_pages()
        self.nav.currentRowChanged.connect(self._section_changed)
        self.nav.setCurrentRow(0)
        self.runner.default_error = self._show_error
        self._connect_plans_page()
        build_menus(self)
        self.open_database(db_url)
        self.update()  # painted again, with its pages

    def _build_pages(self) -> None:
        """One page per navigation entry, in SECTIONS order."""
        from desktop.pages.activity_page import ActivityPage
        from desktop.pages.norms_page import NormsPage
        from desktop.pages.print_page import PrintPage
        from desktop.pages.setup_pages import lecturers_page, venues_page
        from desktop.plans_page import PlansPage
        from desktop.roster_panel import RosterPanel

        self.plans_page = PlansPage(self.runner)
        self.people_page = RosterPanel(self.runner)
        self.venues_page = venues_page(self.runner)
        self.lecturers_page = lecturers_page(self.runner)
        self.norms_page = NormsPage(self.runner)
        self.activity_page = ActivityPage(self.runner)
        self.print_page = PrintPage(self.runner)
        pages: list[QWidget] = [
            self.plans_page,
            self.activity_page,
            self.people_page,
            self.venues_page,
            self.lecturers_page,
            self.norms_page,
            self.print_page,
        ]
        assert len(pages) == len(SECTIONS)
        for page in pages:
            self.stack.addWidget(page)
        # Everything that shows data gets the database when it is open.
        self.data_views: list[Any] = [self.plans_page.roster, *pages[1:]]
        self._subscribe_views()

    def _subscribe_views(self) -> None:
        """Which view reloads after a write of which kind (desktop.change_hub)."""
        from models.changes import Change

        hub = self.hub
        # The plan list carries each class's roster count, venue, lock and buổi.
        hub.subscribe(
            Change.PLANS | Change.PEOPLE | Change.LOCKS | Change.VENUES | Change.LECTURERS,
            lambda _f: self.refresh_plans(),
        )
        hub.subscribe(Change.ESTIMATE | Change.ATTENDANCE, self._plan_figures_changed)
        for panel in (self.plans_page.roster, self.people_page):
            hub.subscribe(Change.PEOPLE | Change.PLANS, panel.outdated)
        hub.subscribe(Change.VENUES, lambda _f: self.venues_page.reload())
        hub.subscribe(Change.LECTURERS, lambda _f: self.lecturers_page.reload())
        hub.subscribe(Change.NORMS, lambda _f: self.norms_page.reload())
        hub.subscribe(self.activity_page.watched, self.activity_page.follow)

    def _build_status_bar(self) -> None:
        self.db_label = QLabel(_("Đang mở cơ sở dữ liệu…"))
        # A long path is cut at the window's edge (whole in the tooltip), never widening it.
        self.db_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.hide()
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.busy)
        self.runner.busy_changed.connect(self.busy.setVisible)

    def _connect_plans_page(self) -> None:
        from desktop.plan_actions import PlanActions
        from desktop.plan_edits import PlanEdits

        self.plans_page.plans_view.selectionModel().currentRowChanged.connect(self._plan_chosen)
        self.plans_page.activities_view.selectionModel().currentRowChanged.connect(
            self._activity_chosen
        )
        self.plans_page.demo_button.clicked.connect(self.load_demo)
        self.plans_page.activities_view.doubleClicked.connect(self.open_activity)
        self.plans_page.plan_check.open_activity.connect(self.open_activity_id)
        self.plan_actions = PlanActions(self, self.runner, self.select_plan_when_listed)
        self.plan_actions.undo_sink = self.undo_stack.push
        self.plan_edits = PlanEdits(self.plan_actions, self)
        self.plan_edits.connect(self.plans_page)
        self.plans_page.show_archived.toggled.connect(self.refresh_plans)
        for panel in (self.plans_page.roster, self.people_page):
            panel.undo_sink = self.undo_stack.push
        for tab in self.activity_page.tab_pages:
            tab.undo_sink = self.undo_stack.push
        self.plans_page.new_plan_button.clicked.connect(self.new_plan)
        self.plans_page.unit_button.clicked.connect(self.edit_unit)
        self.plans_page.new_activity_button.clicked.connect(self.new_activity)
        self.plans_page.copy_activity_button.clicked.connect(self.copy_activity)
        self.plans_page.split_button.clicked.connect(self.split_people)
        for button, icon_name in (
            (self.plans_page.new_plan_button, "file-plus"),
            (self.plans_page.new_activity_button, "plus"),
            (self.plans_page.copy_activity_button, "copy"),
            (self.plans_page.split_button, "split"),
            (self.plans_page.unit_button, "building-2"),
        ):
            button.setIcon(icons.icon(icon_name))

    # --- database -------------------------------------------------------------------------
    def open_database(self, url: str | None, *, read_only: bool = False) -> None:
        from desktop import db_lock
        from models.db import Database, default_url, sqlite_file

        path = sqlite_file(url or default_url())
        if path is not None and not read_only and path.parent.is_dir():
            lock = db_lock.claim(path)  # a second window on the file asks first
            if lock is None:
                box, read_only_button = db_lock.ask_read_only(self, path)

                def answered() -> None:
                    if box.clickedButton() is read_only_button:
                        self.open_database(url, read_only=True)
                    elif self.db is None:
                        self.db_label.setText(_("Không mở cơ sở dữ liệu nào."))

                box.finished.connect(answered)
                box.open()
                self.read_only_question = box
                return
            self._opening_lock: QLockFile | None = lock

        def work() -> Database:
            # migrations (and the day's first copy) run here, off the UI thread
            return Database(url, daily_backup=not read_only, read_only=read_only)

        self.runner.run(work, self._database_opened)

    def _database_opened(self, db: Database) -> None:
        from models.db import describe_url
        from models.server import without_password

        old, self.db = self.db, db
        lock = None if db.read_only else getattr(self, "_opening_lock", None)
        if self.db_lock is not None and self.db_lock is not lock:
            self.db_lock.unlock()  # the file left behind is free for another window
        self.db_lock = lock
        if old is not None and old is not db:
            old.close()
            self.undo_stack.clear()  # the actions were on the other database
        name = describe_url(db.url)
        if db.read_only:
            text = _("Cơ sở dữ liệu: {name} — chỉ đọc").format(name=name)
        else:
            text = _("Cơ sở dữ liệu: {name}").format(name=name)
        self.db_label.setText(text)
        self.db_label.setToolTip(text)
        self._follow_read_only(db.read_only)
        settings().setValue("database/last", without_password(db.url))  # never the password
        self.hub.watch(db)
        for view in self.data_views:
            if hasattr(view, "set_database"):
                view.set_database(db)
        self.refresh_plans()

    def _follow_read_only(self, read_only: bool) -> None:
        """Grey out the plan page's buttons that could only be refused (every write still
        is, with a sentence, wherever it comes from)."""
        page = self.plans_page
        for button in (
            page.new_plan_button,
            page.new_activity_button,
            page.copy_activity_button,
            page.split_button,
            page.unit_button,
            page.demo_button,
        ):
            button.setEnabled(not read_only)

    def refresh_plans(self) -> None:
        from models.planning.catalog import list_plans

        db = self.db
        if db is None:
            return

        archived = self.plans_page.show_archived.isChecked()

        def work() -> list[PlanSummary]:
            with db.read() as s:
                return list_plans(s, include_archived=archived)

        self.runner.run(work, self._plans_loaded)

    def _plan_figures_changed(self, flags: Change) -> None:
        """Money or attendance moved without the plan list changing: only the selected
        plan's dashboard is read again (the list already refreshes it on other changes)."""
        from models.changes import Change

        if flags & (Change.PLANS | Change.PEOPLE | Change.LOCKS | Change.VENUES):
            return
        plan = self.current_plan()
        if plan is not None:
            self.plans_page.dashboard.show_plan(self.db, plan.id)

    def select_plan_when_listed(self, code: str) -> None:
        """The next time the plan list is read, select this plan (a plan just saved)."""
        self._wanted_plan = code

    def _plans_loaded(self, plans: list[PlanSummary]) -> None:
        previous = self.current_plan()
        self.plans = plans
        self.plans_page.plans_model.set_plans(plans)
        self.plans_page.empty_banner.setVisible(not plans)
        self.activity_page.set_plans(plans)
        choices = [(a.id, f"{a.code} — {a.title}") for p in plans for a in p.activities]
        for panel in (self.plans_page.roster, self.people_page):
            panel.set_activities(choices)
        self.print_page.set_plans(plans)
        if plans:  # keep the user's place after a change
            codes = [p.code for p in plans]
            wanted, self._wanted_plan = self._wanted_plan, None
            if wanted in codes:
                keep: str | None = wanted
            else:
                keep = previous.code if previous and previous.code in codes else None
            self.plans_page.plans_view.selectRow(codes.index(keep) if keep else 0)

    @Slot()
    def load_demo(self) -> None:
        from models.demo import scenarios as demo

        db = self.db
        if db is None:
            return
        self.plans_page.demo_button.setEnabled(False)

        def work() -> None:
            with db.write() as s:
                demo.load_scenario_a(s)

        def done(_result: object) -> None:  # the hub has refreshed plans, venues, lecturers…
            self.plans_page.demo_button.setEnabled(True)
            self.statusBar().showMessage(_("Đã nạp dữ liệu mẫu."), 5000)

        self.runner.run(work, done)

    def current_plan(self) -> PlanSummary | None:
        index = self.plans_page.plans_view.currentIndex()
        return (
            self.plans[index.row()] if index.isValid() and index.row() < len(self.plans) else None
        )

    def current_activity(self) -> ActivitySummary | None:
        index = self.plans_page.activities_view.currentIndex()
        activities = self.plans_page.activities_model.activities
        return (
            activities[index.row()] if index.isValid() and index.row() < len(activities) else None
        )

    @Slot()
    def choose_database(self) -> None:
        """Open another TapHuan file (or create one by naming a new file)."""
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Mở hoặc tạo tệp dữ liệu TapHuan"),
            str(Path(self.db.url.removeprefix("sqlite:///")).parent) if self.db else "",
            _("Tệp dữ liệu TapHuan (*.sqlite3 *.db)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.db_label.setText(_("Đang mở cơ sở dữ liệu…"))
            self.open_database(f"sqlite:///{path}")

    @Slot()
    def connect_server(self) -> None:
        """Tệp → Kết nối máy chủ…: open the department's PostgreSQL server."""
        from desktop.server_dialog import ServerDialog

        remembered = str(settings().value("database/last", "") or "")
        dialog = ServerDialog(self.runner, remembered, self)
        dialog.chosen.connect(self._server_chosen)
        dialog.open()
        self.server_dialog = dialog

    def _server_chosen(self, url: str) -> None:
        self.db_label.setText(_("Đang mở cơ sở dữ liệu…"))
        self.open_database(url)

    @Slot()
    def backup_restore(self) -> None:
        """Tệp → Sao lưu / Khôi phục…"""
        from desktop.backup_dialog import BackupDialog
        from desktop.errors import report
        from models import backup

        path = self.db.path if self.db is not None else None
        if path is None:
            report(
                self,
                backup.BackupError(
                    _(
                        "Cơ sở dữ liệu trên máy chủ PostgreSQL được sao lưu bằng pg_dump "
                        "(xem README)."
                    )
                ),
            )
            return
        dialog = BackupDialog(path, self)
        dialog.backup_wanted.connect(self.backup_now)
        dialog.restore_wanted.connect(self.restore_from)
        dialog.open()
        self.backup_dialog = dialog

    def backup_now(self, target: Path | None = None) -> None:
        from models import backup

        db = self.db
        if db is None or db.path is None:
            return
        source = db.path

        def work() -> Path:
            if target is None:
                return backup.rotating_backup(source, "thu-cong")
            return backup.copy_database(source, target)

        def done(copy: Path) -> None:
            self.statusBar().showMessage(_("Đã sao lưu vào {path}").format(path=copy), 8000)
            if getattr(self, "backup_dialog", None) is not None:
                self.backup_dialog.refresh()

        self.runner.run(work, done)

    def restore_from(self, source: Path) -> None:
        """Close the database, put the copy in its place (the current file kept aside), and
        open it again; all on the worker, so nothing reads it halfway."""
        from models import backup
        from models.db import Database

        db = self.db
        if db is None or db.path is None:
            return
        target, url = db.path, db.url

        def work() -> Database:
            backup.check_database_file(source)
            db.close()
            backup.restore(source, target)
            return Database(url)

        def done(new_db: Database) -> None:
            self._database_opened(new_db)
            self.statusBar().showMessage(_("Đã khôi phục từ {name}").format(name=source.name), 8000)

        self.runner.run(work, done)

    @Slot()
    def focus_filter(self) -> None:
        from desktop.roster_panel import RosterPanel

        page = self.stack.currentWidget()
        panel = page if isinstance(page, RosterPanel) else self.plans_page.roster
        if panel is self.plans_page.roster:
            self.nav.setCurrentRow(0)
        panel.filter.setFocus()
        panel.filter.selectAll()

    @Slot()
    def open_activity(self) -> None:
        """Double-click on a class: its attendance, estimate and settlement."""
        activity = self.current_activity()
        if activity is not None:
            self.activity_page.select(activity.id)
            self.nav.setCurrentIndex(self.nav.model().index(1, 0))

    @Slot(int)
    def open_activity_id(self, activity_id: int) -> None:
        """A clash double-clicked: the class it names, in the workspace."""
        self.activity_page.select(activity_id)
        self.nav.setCurrentIndex(self.nav.model().index(1, 0))

    @Slot()
    def show_calendar(self) -> None:
        """Xem → Lịch kế hoạch…: the selected plan's months; a click opens a class."""
        plan = self.current_plan()
        if self.db is None or plan is None:
            self.statusBar().showMessage(_("Chọn một kế hoạch trước."), 5000)
            return
        from desktop.calendar_view import CalendarDialog
        from models.changes import Change

        dialog = CalendarDialog(self.runner, self.db, plan.id, plan.code, self)
        dialog.open_activity.connect(self.open_activity_id)

        def follow(_flags: Change) -> None:  # buổi, classes, places or lecturers moved
            if dialog.isVisible():
                cal = dialog.view.calendar
                dialog.view.load(cal.month if cal is not None else None)

        self.hub.subscribe(Change.PLANS | Change.VENUES | Change.LECTURERS, follow, dialog)
        self.calendar_dialog = dialog
        dialog.show()

    @Slot()
    def show_rollup(self) -> None:
        """Xem → Tổng hợp theo xã…: the selected plan by commune, district or month."""
        plan = self.current_plan()
        if self.db is None or plan is None:
            self.statusBar().showMessage(_("Chọn một kế hoạch trước."), 5000)
            return
        from desktop.rollup_view import RollupDialog
        from models.changes import Change

        dialog = RollupDialog(self.runner, self.db, plan.id, plan.code, self)

        def follow(_flags: Change) -> None:  # people, attendance or money moved
            if dialog.isVisible():
                dialog.view.load()

        kinds = Change.PLANS | Change.PEOPLE | Change.ATTENDANCE | Change.ESTIMATE
        self.hub.subscribe(kinds, follow, dialog)
        self.rollup_dialog = dialog
        dialog.show()

    @Slot()
    def new_plan(self) -> None:
        if self.db is not None:
            self.plan_actions.new_plan(self.db)

    @Slot()
    def edit_unit(self) -> None:
        plan = self.current_plan()
        if self.db is not None and plan is not None:
            self.plan_actions.edit_unit(self.db, plan.id)

    @Slot()
    def new_activity(self) -> None:
        plan = self.current_plan()
        if self.db is not None and plan is not None:
            self.plan_actions.new_activity(self.db, plan.id, plan.code)

    @Slot()
    def copy_activity(self) -> None:
        activity = self.current_activity()
        if self.db is not None and activity is not None:
            self.plan_actions.copy(self.db, activity)

    @Slot()
    def split_people(self) -> None:
        plan = self.current_plan()
        if self.db is None or plan is None:
            return
        from desktop.split_dialog import SplitDialog

        self.split_dialog = SplitDialog(self.runner, self.db, plan.id, self)
        self.split_dialog.open()

    @Slot()
    def import_schedule(self) -> None:
        """Tệp → Nhập lịch buổi truyền thông…: a schedule file into the chosen plan."""
        plan = self.current_plan()
        if self.db is None or plan is None:
            return
        from desktop.schedule_dialog import ScheduleDialog

        self.schedule_dialog = ScheduleDialog(self.runner, self.db, plan.id, self)
        self.schedule_dialog.open()

    # --- changing and removing, undo -------------------------------------------------------
    @property
    def undo_stack(self) -> UndoStack:
        return self._undo_stack

    @Slot()
    def undo_last(self) -> None:
        """Sửa → Hoàn tác (Ctrl+Z): the newest action of the session taken back."""
        if self.db is None:
            return

        def done(label: str) -> None:
            self.statusBar().showMessage(_("Đã hoàn tác: {what}").format(what=label), 5000)

        self.undo_stack.undo_last(self.db, done)

    # --- selection ------------------------------------------------------------------------
    def _plan_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        plan = self.plans[current.row()]
        previous = self.current_activity()
        self.plans_page.activities_model.set_activities(plan.activities)
        self.plans_page.dashboard.show_plan(self.db, plan.id)
        self.plans_page.plan_check.show_plan(self.db, plan.id)
        if plan.activities:  # after a refresh, stay on the class the user was looking at
            ids = [a.id for a in plan.activities]
            keep = previous.id if previous is not None and previous.id in ids else ids[0]
            self.plans_page.activities_view.selectRow(ids.index(keep))

    def _activity_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        activity = self.plans_page.activities_model.activities[current.row()]
        self.plans_page.roster.show_activity(
            activity.id, _("Danh sách học viên: {title}").format(title=activity.title)
        )

    def _section_changed(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        if self.stack.currentWidget() is self.people_page and self.db is not None:
            self.people_page.show_everyone()

    def _show_error(self, exc: BaseException) -> None:
        from desktop.errors import report

        report(self, exc)

    # --- lifetime -------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing = True
        settings().setValue("window/geometry", self.saveGeometry())
        if self.furnished:
            self.print_page.shutdown()
        self.runner.shutdown()
        if self.db is not None:
            self.db.close()
        if self.db_lock is not None:
            self.db_lock.unlock()
            self.db_lock = None
        super().closeEvent(event)
