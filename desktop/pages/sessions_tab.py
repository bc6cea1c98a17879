"""Buổi học: each half-day of the activity — its lecturer, topic, and whether it was taught."""

from __future__ import annotations

from typing import Any

from desktop.forms import Field
from desktop.i18n import _, tr
from desktop.pages.activity_tabs import ActivityTab
from desktop.qt import (
    QAbstractItemView,
    QColor,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from desktop.records import Column, RecordsModel
from desktop.tasks import TaskRunner
from models.changes import Change
from models.db import Database
from models.planning.catalog import list_lecturers
from models.planning.setup import SessionRow, session_rows
from models.planning.undo import Undo, edit_session

NOT_TAUGHT = QColor("#fdecea")

COLUMNS = (
    Column("Buổi", lambda r: tr(r.label)),
    Column("Ngày", lambda r: f"{r.on_date:%d/%m/%Y}"),
    Column("Giảng viên", lambda r: r.lecturer or _("(chưa phân công)")),
    Column("Nội dung", lambda r: r.topic),
    Column("Đã dạy", lambda r: _("Có") if r.taught else _("Không (không trả thù lao)")),
)


class SessionsTab(ActivityTab):
    watches = Change.PLANS | Change.LECTURERS | Change.VENUES | Change.LOCKS

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.model = RecordsModel(COLUMNS, background=lambda r: None if r.taught else NOT_TAUGHT)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate((120, 100, 200, 420)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.edit_button = QPushButton(_("Sửa buổi…"))
        self.edit_button.clicked.connect(self.edit)
        row = QHBoxLayout()
        row.addWidget(self.edit_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

    def reload(self) -> None:
        db, activity_id = self.db, self.activity_id
        if db is None or activity_id is None:
            self.model.set_rows([])
            return

        def work() -> list[SessionRow]:
            with db.read() as s:
                return session_rows(s, activity_id)

        self.runner.run(work, self.model.set_rows)

    def edit(self) -> None:
        db = self.db
        index = self.table.currentIndex()
        if db is None or not index.isValid():
            return
        row: SessionRow = self.model.rows[index.row()]

        def load() -> list[tuple[str, int | None]]:
            with db.read() as s:
                return [(_("(chưa phân công)"), None)] + [
                    (f"{x.full_name} ({x.title})" if x.title else x.full_name, x.id)
                    for x in list_lecturers(s)
                ]

        def opened(lecturers: Any) -> None:
            fields = (
                Field("lecturer_id", "Giảng viên", kind="choice", choices=lecturers),
                Field("topic", "Nội dung"),
                Field("taught", "Buổi này đã dạy", kind="bool"),
            )

            def then(v: dict[str, Any]) -> None:
                def work(database: Database) -> Undo:
                    with database.write() as s:
                        return edit_session(
                            s, row.session_id, lecturer_id=v["lecturer_id"], topic=v["topic"],
                            taught=v["taught"], expected_version=row.version,
                        )  # fmt: skip

                self.act(work, _("Đã sửa buổi {label}.").format(label=tr(row.label)))

            self.ask(
                _("Buổi {label}").format(label=tr(row.label)),
                fields,
                {"lecturer_id": row.lecturer_id, "topic": row.topic, "taught": row.taught},
                then,
            )

        self.runner.run(load, opened)
