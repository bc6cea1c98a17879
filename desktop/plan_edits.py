"""Change, archive or delete a plan or a class, and choose who gets which support: forms on
the UI thread, the work on the worker, each save handed to Sửa → Hoàn tác.

Deleting asks first and says what goes with it (models.planning.removal); what has
attendance, payouts or a lock is offered for archiving instead.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, Protocol

from desktop.forms import Field
from desktop.i18n import N_, _
from desktop.plan_actions import PlanActions, activity_fields, venue_and_lecturer_choices
from desktop.plans_page import PlansPage
from desktop.qt import QDialog, QMessageBox, Qt
from models.budget.edit import support_choices
from models.budget.payers import CategorySetting, category_settings
from models.budget.rules import (
    CATEGORIES,
    CATEGORY_LABELS,
    PAYER_AGENCY,
    PAYER_CLASS,
    SUPPORT_LABELS,
    SUPPORTS,
)
from models.db import Database
from models.entities.enums import ActivityKind, TravelMethod
from models.people.distances import CommuneDistance, commune_distances
from models.planning.catalog import ActivitySummary, PlanSummary
from models.planning.editing import ActivityForm, PlanForm, activity_form, plan_form
from models.planning.removal import Impact, activity_impact, plan_impact
from models.planning.undo import (
    Undo,
    archive_activity,
    archive_plan,
    choose_supports,
    distances_by_commune,
    edit_activity,
    edit_plan,
    remove_activity,
    remove_plan,
)

TRAVEL_METHODS = (
    (N_("Xe tự túc: 0,2 lít xăng/km × giá xăng"), TravelMethod.OWN_VEHICLE.value),
    (N_("Mức khoán của tỉnh theo km"), TravelMethod.FLAT_PER_KM.value),
    (N_("Theo vé thực tế"), TravelMethod.ACTUAL.value),
)

ORGANISER_LEVELS = (
    (N_("Trung ương"), "central"),
    (N_("Tỉnh"), "province"),
    (N_("Huyện"), "district"),
    (N_("Xã, phường"), "commune"),
)

PLAN_FIELDS = (
    Field("code", "Mã kế hoạch", required=True),
    Field("title", "Tên kế hoạch", required=True),
    Field("number", "Số văn bản", hint=N_("Ví dụ: 120/KH-UBND")),
    Field("issued_on", "Ngày ban hành", kind="date"),
    Field("legal_bases", "Căn cứ (mỗi dòng một văn bản)", kind="long"),
    Field("travel_method", "Tiền đi lại tính theo", kind="choice", choices=TRAVEL_METHODS),
    Field("petrol_price", "Giá xăng (đồng/lít)", kind="money",
          hint=N_("Giá bán lẻ xăng RON 95 ngày đi, theo công bố của Petrolimex")),
    Field("petrol_price_date", "Ngày của giá xăng", kind="date",
          hint=N_("Lưu một giá với ngày mới là thêm một mức giá: mỗi lớp tính theo giá có hiệu "
                  "lực vào ngày bắt đầu của lớp (TT 40/2017/TT-BTC, Điều 5).")),
    Field("arrive_night_before", "Người ở xa đến từ tối hôm trước (thêm một đêm nghỉ)",
          kind="bool"),
    Field("organiser_level", "Cấp của cơ quan tổ chức", kind="choice",
          choices=ORGANISER_LEVELS,
          hint=N_("Cuộc họp do xã tổ chức: mức ăn đại biểu 100.000 đồng/ngày ở bất cứ đâu "
                  "(TT 40/2017/TT-BTC, Điều 12, khoản 4, điểm c).")),
    Field("lodging_certified",
          "Đơn vị tổ chức xác nhận không bố trí được chỗ nghỉ (được thanh toán tiền nghỉ)",
          kind="bool"),
    Field("night_after", "Người ở xa nghỉ thêm đêm sau ngày cuối", kind="bool"),
    Field("lodging_by_invoice", "Thuê phòng nghỉ theo hóa đơn (2 người/phòng; lãnh đạo 1 người)",
          kind="bool", hint=N_("Không chọn: khoán tiền nghỉ theo đêm (TT 40/2017/TT-BTC, "
                               "Điều 7, khoản 2 và 3).")),
    Field("lodging_min_km", "Ngưỡng khoảng cách được hỗ trợ tiền nghỉ (km; 0: như tiền đi lại)",
          kind="int", maximum=2_000),
    Field("minority_language", "Tài liệu tập huấn viết bằng tiếng dân tộc thiểu số (+30%)",
          kind="bool"),
    Field("budget_chapter", "Mã chương", hint=N_("Mục lục ngân sách: 3 chữ số, ví dụ 412")),
    Field("budget_sector", "Mã loại–khoản", hint=N_("Ví dụ 340-341")),
    Field("programme_code", "Mã chương trình mục tiêu quốc gia"),
)  # fmt: skip


PAYER_CHOICES = (
    (N_("Kinh phí lớp chi"), PAYER_CLASS),
    (N_("Cơ quan cử đi chi (công tác phí)"), PAYER_AGENCY),
)
CATEGORY_TRAVEL = ((N_("Như kế hoạch"), ""), *TRAVEL_METHODS)


def _support_fields() -> tuple[Field, ...]:
    """Per participant category: who pays, how they travel, what the class pays them."""
    choices = [(SUPPORT_LABELS[s], s) for s in SUPPORTS]
    fields: list[Field] = []
    for c in CATEGORIES:
        fields += [
            Field(f"{c}_payer", CATEGORY_LABELS[c].capitalize(), kind="choice",
                  choices=PAYER_CHOICES),
            Field(f"{c}_travel", "  đi lại", kind="choice", choices=CATEGORY_TRAVEL),
            Field(c, "  được chi", kind="multi", choices=choices),
        ]  # fmt: skip
    return tuple(fields)


class Selection(Protocol):
    """What the actions need of the window: the database and what is selected."""

    @property
    def db(self) -> Database | None: ...
    def current_plan(self) -> PlanSummary | None: ...
    def current_activity(self) -> ActivitySummary | None: ...


class PlanEdits:
    """The edit, archive, delete and support actions of the plan page."""

    def __init__(self, actions: PlanActions, selection: Selection) -> None:
        self.actions = actions
        self.selection = selection
        self.runner = actions.runner
        self.parent = actions.parent
        self.question: QMessageBox | None = None  # the last confirmation (tests answer it)
        self.distance_dialog: QDialog | None = None

    def connect(self, page: PlansPage) -> None:
        """The plan page's buttons and menu entries act on the selected plan or class."""
        plan_actions: tuple[tuple[Any, Callable[[Database, PlanSummary], None]], ...] = (
            (page.edit_plan_button.clicked, lambda db, p: self.edit_plan(db, p.id)),
            (page.supports_action.triggered, lambda db, p: self.edit_supports(db, p.id, p.code)),
            (page.distances_action.triggered, lambda db, p: self.set_distances(db, p.id)),
            (page.archive_plan_action.triggered,
             lambda db, p: self.archive_plan(db, p.id, not p.archived)),
            (page.delete_plan_action.triggered, lambda db, p: self.remove_plan(db, p.id)),
        )  # fmt: skip
        for signal, act in plan_actions:
            signal.connect(lambda _checked=False, act=act: self._on_plan(act))
        activity_actions: tuple[tuple[Any, Callable[[Database, ActivitySummary], None]], ...] = (
            (page.edit_activity_button.clicked, lambda db, a: self.edit_activity(db, a.id)),
            (page.archive_activity_action.triggered,
             lambda db, a: self.archive_activity(db, a.id, not a.archived)),
            (page.delete_activity_action.triggered, lambda db, a: self.remove_activity(db, a.id)),
        )  # fmt: skip
        for signal, act_a in activity_actions:
            signal.connect(lambda _checked=False, act=act_a: self._on_activity(act))
        page.activities_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        page.activities_view.addActions([page.archive_activity_action, page.delete_activity_action])

    def _on_plan(self, act: Callable[[Database, PlanSummary], None]) -> None:
        db, plan = self.selection.db, self.selection.current_plan()
        if db is not None and plan is not None:
            act(db, plan)

    def _on_activity(self, act: Callable[[Database, ActivitySummary], None]) -> None:
        db, activity = self.selection.db, self.selection.current_activity()
        if db is not None and activity is not None:
            act(db, activity)

    def edit_plan(self, db: Database, plan_id: int) -> None:
        def load() -> PlanForm:
            with db.read() as s:
                return plan_form(s, plan_id)

        def opened(form: PlanForm) -> None:
            def save(v: dict[str, Any]) -> Undo:
                with db.write() as s:
                    lodging_km = v.pop("lodging_min_km") or None  # 0: the travel threshold
                    changed = dataclasses.replace(form, **v, lodging_min_km=lodging_km)
                    return edit_plan(s, plan_id, changed)

            values = dataclasses.asdict(form)
            self.actions.open_form(_("Sửa kế hoạch {code}").format(code=form.code),
                                   PLAN_FIELDS, values, save)  # fmt: skip

        self.runner.run(load, opened)

    def edit_supports(self, db: Database, plan_id: int, code: str) -> None:
        def load() -> tuple[dict[str, frozenset[str]], list[CategorySetting]]:
            with db.read() as s:
                return support_choices(s, plan_id), category_settings(s, plan_id)

        def opened(loaded: tuple[dict[str, frozenset[str]], list[CategorySetting]]) -> None:
            chosen, settings = loaded

            def save(v: dict[str, Any]) -> Undo:
                grid = {c: frozenset(v[c]) for c in CATEGORIES}
                payers = {c: v[f"{c}_payer"] for c in CATEGORIES}
                methods = {c: v[f"{c}_travel"] for c in CATEGORIES}
                with db.write() as s:
                    return choose_supports(s, plan_id, grid, payers, methods)

            values: dict[str, Any] = {c: sorted(chosen.get(c, ())) for c in CATEGORIES}
            for row in settings:
                values[f"{row.category}_payer"] = row.payer
                values[f"{row.category}_travel"] = row.travel_method or ""
            self.actions.open_form(
                _("Chế độ hỗ trợ của kế hoạch {code}").format(code=code),
                _support_fields(), values, save,
            )  # fmt: skip

        self.runner.run(load, opened)

    def set_distances(self, db: Database, plan_id: int) -> None:
        """Khoảng cách theo xã: the distances the estimate needs, a commune at a time."""
        from desktop.distance_dialog import DistanceDialog

        def load() -> list[CommuneDistance]:
            with db.read() as s:
                return commune_distances(s, plan_id)

        def opened(communes: list[CommuneDistance]) -> None:
            def save(chosen: dict[str, int]) -> None:
                if chosen:
                    self._write(db, lambda s: distances_by_commune(s, chosen, plan_id=plan_id))

            dialog = DistanceDialog(communes, save, self.parent)
            self.distance_dialog = dialog
            dialog.open()

        self.runner.run(load, opened)

    def edit_activity(self, db: Database, activity_id: int) -> None:
        Loaded = tuple[ActivityForm, list[tuple[str, int | None]], list[tuple[str, int]]]

        def load() -> Loaded:
            with db.read() as s:
                return activity_form(s, activity_id), *venue_and_lecturer_choices(s)

        def opened(loaded: Loaded) -> None:
            form, venues, lecturers = loaded

            def save(v: dict[str, Any]) -> Undo:
                changed = dataclasses.replace(
                    form, code=v["code"], title=v["title"], kind=ActivityKind(v["kind"]),
                    start=v["start"], end=v["end"], venue_id=v["venue_id"],
                    lecturer_ids=tuple(v["lecturer_ids"]),
                    expected_count=v["expected_count"] or None,
                )  # fmt: skip
                with db.write() as s:
                    return edit_activity(s, activity_id, changed)

            values = dataclasses.asdict(form)
            values["kind"] = form.kind.value
            values["lecturer_ids"] = list(form.lecturer_ids)
            values["expected_count"] = form.expected_count or 0
            self.actions.open_form(_("Sửa lớp {code}").format(code=form.code),
                                   activity_fields(venues, lecturers, editing=True),
                                   values, save)  # fmt: skip

        self.runner.run(load, opened)

    # --- archive, restore, delete -------------------------------------------------------------

    def archive_plan(self, db: Database, plan_id: int, archived: bool) -> None:
        self._write(db, lambda s: archive_plan(s, plan_id, archived))

    def archive_activity(self, db: Database, activity_id: int, archived: bool) -> None:
        self._write(db, lambda s: archive_activity(s, activity_id, archived))

    def remove_plan(self, db: Database, plan_id: int) -> None:
        self._remove(
            db,
            lambda s: plan_impact(s, plan_id),
            lambda s: remove_plan(s, plan_id),
            lambda s: archive_plan(s, plan_id, True),
        )

    def remove_activity(self, db: Database, activity_id: int) -> None:
        self._remove(
            db,
            lambda s: activity_impact(s, activity_id),
            lambda s: remove_activity(s, activity_id),
            lambda s: archive_activity(s, activity_id, True),
        )

    def _remove(
        self,
        db: Database,
        impact: Callable[[Any], Impact],
        delete: Callable[[Any], Undo],
        archive: Callable[[Any], Undo],
    ) -> None:
        def load() -> Impact:
            with db.read() as s:
                return impact(s)

        def ask(found: Impact) -> None:
            box = QMessageBox(
                QMessageBox.Icon.Warning if found.deletable else QMessageBox.Icon.Information,
                _("Xóa") if found.deletable else _("Chỉ lưu trữ được"),
                found.message,
                parent=self.parent,
            )
            if found.deletable:
                chosen = box.addButton(_("Xóa"), QMessageBox.ButtonRole.DestructiveRole)
                work = delete
            else:
                chosen = box.addButton(_("Lưu trữ"), QMessageBox.ButtonRole.AcceptRole)
                work = archive
            cancel = box.addButton(_("Hủy"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(cancel)  # nothing goes by a stray Enter
            box.buttonClicked.connect(
                lambda button: self._write(db, work) if button is chosen else None
            )
            self.question = box
            box.open()

        self.runner.run(load, ask)

    def _write(self, db: Database, work: Callable[[Any], Undo]) -> None:
        def run() -> Undo:
            with db.write() as s:
                return work(s)

        def done(undo: Undo) -> None:  # the views follow the write (desktop.change_hub)
            self.actions.undo_sink(undo)

        self.runner.run(run, done)
