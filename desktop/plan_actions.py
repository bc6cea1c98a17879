"""Create a plan, add a class, copy a class: dialogs on the UI thread, work on the worker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from desktop.errors import is_user_error, user_text
from desktop.forms import Field, FormDialog
from desktop.i18n import N_, _
from desktop.qt import QMessageBox, QWidget
from desktop.tasks import TaskRunner
from models.db import Database
from models.entities.enums import ActivityKind
from models.norms.store import list_norm_sets
from models.planning.catalog import ActivitySummary, list_lecturers, list_venues
from models.planning.clashes import clashes_of_activity
from models.planning.copying import CopyProposal, propose_copy
from models.planning.setup import (
    ActivityInput,
    PlanInput,
    UnitAndFunding,
    copy_activity,
    create_activity,
    create_plan,
    next_activity_code,
    save_unit_and_funding,
    unit_and_funding,
)
from models.planning.undo import Undo

KINDS = (
    (N_("Lớp tập huấn"), ActivityKind.TRAINING.value),
    (N_("Hội nghị"), ActivityKind.CONFERENCE.value),
    (N_("Buổi truyền thông"), ActivityKind.OUTREACH.value),
)


def plan_fields(norm_sets: list[tuple[str, str | None]]) -> tuple[Field, ...]:
    return (
        Field(
            "code",
            "Mã kế hoạch",
            required=True,
            hint=N_("Mã ngắn để tìm và in, ví dụ KH-TTDN-2024"),
        ),
        Field("title", "Tên kế hoạch", required=True),
        Field("number", "Số văn bản", hint=N_("Ví dụ: 120/KH-UBND")),
        Field("issued_on", "Ngày ban hành", kind="date"),
        Field("legal_bases", "Căn cứ (mỗi dòng một văn bản)", kind="long"),
        Field("unit_name", "Đơn vị tổ chức", required=True),
        Field("unit_parent", "Cơ quan chủ quản"),
        Field("unit_qhns", "Mã QHNS"),
        Field("unit_place", "Địa danh ghi ngày tháng", hint=N_("Ví dụ: Lai Châu")),
        Field("decision_number", "Quyết định giao kinh phí số"),
        Field("decision_date", "Ngày quyết định", kind="date"),
        Field("decided_by", "Cơ quan giao kinh phí"),
        Field("ceiling", "Kinh phí được giao (đồng)", kind="money"),
        Field("norm_set_code", "Bộ định mức", kind="choice", choices=norm_sets),
    )


Choices = tuple[list[tuple[str, int | None]], list[tuple[str, int]]]


def venue_and_lecturer_choices(session: Any) -> Choices:
    """The class form's venue and lecturer lists (read on the worker)."""
    venues = [(_("(chưa chọn)"), None), *((v.name, v.id) for v in list_venues(session))]
    lecturers = [
        (_("{name} (nhóm {tier})").format(name=x.full_name, tier=x.tier), x.id)
        for x in list_lecturers(session)
    ]
    return venues, lecturers


def activity_fields(
    venues: list[tuple[str, int | None]],
    lecturers: list[tuple[str, int]],
    *,
    editing: bool = False,
) -> tuple[Field, ...]:
    """The class form; when editing a saved class it also takes the planned head count, and
    an unchanged lecturer list keeps each buổi's own lecturer."""
    lecturer_hint = (
        N_("Đổi danh sách thì các giảng viên dạy lần lượt từng buổi; giữ nguyên thì mỗi buổi "
           "giữ giảng viên của nó.")
        if editing
        else N_("Các giảng viên được chọn dạy lần lượt từng buổi; sửa từng buổi sau.")
    )  # fmt: skip
    head_count = (
        Field("expected_count", "Số người dự kiến", kind="int", maximum=100_000,
              hint=N_("Trước khi có danh sách học viên")),
    ) if editing else ()  # fmt: skip
    return (
        Field("code", "Mã lớp", required=True),
        Field("title", "Tên lớp / sự kiện", required=True),
        Field("kind", "Loại", kind="choice", choices=KINDS),
        Field("start", "Từ ngày", kind="date"),
        Field("end", "Đến ngày", kind="date"),
        Field("venue_id", "Địa điểm", kind="choice", choices=venues),
        Field(
            "lecturer_ids",
            "Giảng viên",
            kind="multi",
            choices=lecturers,
            hint=lecturer_hint,
        ),
        *head_count,
    )


UNIT_FIELDS = (
    Field("unit_name", "Đơn vị tổ chức", required=True),
    Field("unit_parent", "Cơ quan chủ quản"),
    Field("unit_qhns", "Mã QHNS"),
    Field("unit_address", "Địa chỉ"),
    Field("unit_place", "Địa danh ghi ngày tháng", hint=N_("Ví dụ: Lai Châu")),
    Field("preparer", "Người lập biểu"),
    Field("chief_accountant", "Kế toán trưởng"),
    Field("head", "Thủ trưởng đơn vị"),
    Field("head_title", "Chức danh thủ trưởng", hint=N_("Ví dụ: Giám đốc")),
    Field("programme", "Chương trình"),
    Field("project", "Dự án"),
    Field("sub_project", "Tiểu dự án"),
    Field("decision_number", "Quyết định giao kinh phí số"),
    Field("decision_date", "Ngày quyết định", kind="date"),
    Field("decided_by", "Cơ quan giao kinh phí"),
    Field("ceiling", "Kinh phí được giao (đồng)", kind="money"),
)

COPY_FIELDS = (
    Field("code", "Mã lớp mới", required=True),
    Field("title", "Tên lớp mới", required=True),
    Field(
        "start",
        "Bắt đầu từ ngày",
        kind="date",
        hint=N_("Ngày đầu tiên hội trường và giảng viên đều trống (không trùng lớp khác)"),
    ),
)


class PlanActions:
    def __init__(
        self, parent: QWidget, runner: TaskRunner, plan_saved: Callable[[str], None]
    ) -> None:
        self.parent = parent
        self.runner = runner
        self.plan_saved = plan_saved  # a new plan's code: the window selects it when listed
        self.dialog: FormDialog | None = None
        self.clash_box: QMessageBox | None = None  # the last clash warning (tests look at it)
        # Where an undoable save's Undo goes (the window's Sửa → Hoàn tác).
        self.undo_sink: Callable[[Undo], None] = lambda _undo: None

    def open_form(
        self,
        title: str,
        fields: tuple[Field, ...],
        values: dict[str, Any],
        save: Callable[[dict[str, Any]], object],
    ) -> FormDialog:
        dialog = FormDialog(title, fields, values, parent=self.parent)

        def accepted() -> None:
            entered = dialog.values()

            def failed(exc: BaseException) -> None:
                if is_user_error(exc):
                    dialog.show_error(user_text(exc))
                    dialog.open()
                else:
                    self.runner.default_error(exc)

            def saved(result: object) -> None:  # the views follow the write (change_hub)
                if isinstance(result, str):  # a new plan's code: selected once listed
                    self.plan_saved(result)
                if isinstance(result, Undo):
                    self.undo_sink(result)
                    result = list(result.warnings)
                if isinstance(result, list) and result:  # clashes the save created
                    self.warn_clashes([str(m) for m in result])

            self.runner.run(lambda: save(entered), saved, failed)

        dialog.accepted.connect(accepted)
        self.dialog = dialog
        dialog.open()
        return dialog

    def warn_clashes(self, messages: list[str]) -> None:
        """Say at once what a saved change clashes with (the plan check lists them too)."""
        shown = "\n".join(f"• {m}" for m in messages[:8])
        more = len(messages) - 8
        if more > 0:
            shown += "\n" + _("… và {n} điểm khác (xem Kiểm tra kế hoạch)").format(n=more)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Kế hoạch có điểm trùng"),
            _("Đã lưu, nhưng kế hoạch có điểm trùng:") + "\n" + shown,
            parent=self.parent,
        )
        self.clash_box = box
        box.open()

    def new_plan(self, db: Database) -> None:
        def load() -> list[tuple[str, str | None]]:
            with db.read() as s:  # the shipped sets are installed when the database opens
                named: list[tuple[str, str | None]] = [
                    (f"{n.code} — {n.name}", n.code) for n in list_norm_sets(s)
                ]
            # By default each class is priced by the set in force on its dates.
            return [(N_("Bộ có hiệu lực vào ngày của từng lớp"), None), *named]

        def save(v: dict[str, Any]) -> str:
            with db.write() as s:
                return create_plan(s, PlanInput(**v)).code

        self.runner.run(
            load,
            lambda sets: self.open_form(
                _("Kế hoạch mới"),
                plan_fields(sets),
                {"issued_on": dt.date.today(), "decision_date": dt.date.today()},
                save,
            ),
        )

    def new_activity(self, db: Database, plan_id: int, plan_code: str) -> None:
        def load() -> tuple[list[tuple[str, int | None]], list[tuple[str, int]], str]:
            with db.read() as s:
                venues, lecturers = venue_and_lecturer_choices(s)
                return venues, lecturers, next_activity_code(s, f"{plan_code}-L00")

        def save(v: dict[str, Any]) -> None:
            data = ActivityInput(
                plan_id=plan_id,
                code=v["code"],
                title=v["title"],
                start=v["start"],
                end=v["end"],
                kind=ActivityKind(v["kind"]),
                venue_id=v["venue_id"],
                lecturer_ids=tuple(v["lecturer_ids"]),
            )
            with db.write() as s:
                create_activity(s, data)

        def opened(loaded: tuple[list[tuple[str, int | None]], list[tuple[str, int]], str]) -> None:
            venues, lecturers, code = loaded
            today = dt.date.today()
            self.open_form(
                _("Thêm lớp / sự kiện"),
                activity_fields(venues, lecturers),
                {"code": code, "start": today, "end": today + dt.timedelta(days=1)},
                save,
            )

        self.runner.run(load, opened)

    def edit_unit(self, db: Database, plan_id: int) -> None:
        """The organising unit, its signatories and the funding decision of a plan."""

        def load() -> dict[str, Any]:
            with db.read() as s:
                return asdict(unit_and_funding(s, plan_id))

        def opened(values: dict[str, Any]) -> None:
            # The versions read go back with the save: someone else's change since is refused
            # and the form stays open with what the user typed.
            versions = {k: values[k] for k in ("unit_version", "funding_version")}

            def save(v: dict[str, Any]) -> None:
                with db.write() as s:
                    save_unit_and_funding(s, plan_id, UnitAndFunding(**{**v, **versions}))

            self.open_form(_("Đơn vị tổ chức và kinh phí"), UNIT_FIELDS, values, save)

        self.runner.run(load, opened)

    def copy(self, db: Database, activity: ActivitySummary) -> None:
        """Copy a class: the next code, the next title and the next free dates are proposed;
        the roster is never copied; a clash the new dates create is said at once."""

        def load() -> CopyProposal:
            with db.read() as s:
                return propose_copy(s, activity.id)

        def save(v: dict[str, Any]) -> list[str]:
            with db.write() as s:
                copy = copy_activity(s, activity.id, v["code"], v["start"])
                copy.title = str(v["title"])
                s.flush()
                return [c.message for c in clashes_of_activity(s, copy.id)]

        self.runner.run(
            load,
            lambda proposal: self.open_form(
                _("Nhân bản lớp {code}").format(code=activity.code),
                COPY_FIELDS,
                {"code": proposal.code, "title": proposal.title, "start": proposal.start},
                save,
            ),
        )
