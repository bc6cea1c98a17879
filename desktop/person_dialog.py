"""One person: the form (built by desktop.forms) and, below it, the activities they are in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from desktop.forms import Field, FormDialog
from desktop.i18n import N_, _, ngettext
from desktop.qt import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QSpinBox,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from desktop.records import Column, RecordsModel
from models.people.edit import ROLE_LABELS, PersonActivity, PersonInput

GENDERS = ((N_("(chưa rõ)"), None), (N_("Nam"), "M"), (N_("Nữ"), "F"))

PERSON_FIELDS = (
    Field("full_name", N_("Họ và tên"), required=True),
    Field("gender", N_("Giới tính"), kind="choice", choices=GENDERS),
    Field("birth_year", N_("Năm sinh"), kind="int", minimum=0, maximum=dt.date.today().year),
    Field("cccd", N_("Số CCCD")),
    Field("ethnicity", N_("Dân tộc")),
    Field("position", N_("Chức vụ")),
    Field("village", N_("Thôn, bản")),
    Field("commune", N_("Xã, phường")),
    Field("district", N_("Huyện (trước 1/7/2025)")),
    Field("province", N_("Tỉnh")),
    Field("phone", N_("Số điện thoại")),
    Field("distance_km", N_("Khoảng cách tới nơi học (km)"), kind="int", minimum=-1, maximum=2000),
    Field("salaried", N_("Hưởng lương từ ngân sách"), kind="bool"),
    Field("difficult_area", N_("Ở xã đặc biệt khó khăn"), kind="bool"),
    Field(
        "leader",
        N_("Lãnh đạo có hệ số phụ cấp chức vụ từ 1,25 (mức tiền nghỉ lãnh đạo)"),
        kind="bool",
    ),
    Field("note", N_("Ghi chú"), kind="long"),
)

ACTIVITY_COLUMNS = (
    Column(N_("Mã lớp"), lambda a: a.code),
    Column(N_("Tên lớp / sự kiện"), lambda a: a.title),
    Column(N_("Thời gian"), lambda a: a.dates),
    Column(N_("Vai trò"), lambda a: _(ROLE_LABELS.get(a.role, a.role))),
    Column(
        N_("Có mặt"),
        lambda a: (
            _("chưa điểm danh")
            if a.attended is None
            else ngettext("{n}/{total} buổi", "{n}/{total} buổi", a.sessions).format(
                n=a.attended, total=a.sessions
            )
        ),
        numeric=True,
    ),
)


def to_values(data: PersonInput) -> dict[str, Any]:
    values = {name: getattr(data, name) for name in data.__dataclass_fields__}
    values["birth_year"] = data.birth_year or 0
    values["distance_km"] = -1 if data.distance_km is None else data.distance_km
    return values


def to_input(values: dict[str, Any]) -> PersonInput:
    return PersonInput(
        full_name=values["full_name"],
        gender=values["gender"],
        birth_year=values["birth_year"] or None,
        ethnicity=values["ethnicity"],
        position=values["position"],
        village=values["village"],
        commune=values["commune"],
        district=values["district"],
        province=values["province"],
        cccd=values["cccd"],
        phone=values["phone"],
        salaried=values["salaried"],
        distance_km=None if values["distance_km"] < 0 else values["distance_km"],
        difficult_area=values["difficult_area"],
        note=values["note"],
        leader=values["leader"],
    )


class PersonDialog(FormDialog):
    """The person form; with `activities` (an existing person) their classes, read-only."""

    def __init__(
        self,
        title: str,
        data: PersonInput | None = None,
        activities: Sequence[PersonActivity] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, PERSON_FIELDS, to_values(data) if data else None, parent)
        for key in ("birth_year", "distance_km"):
            spin = self.widgets[key]
            assert isinstance(spin, QSpinBox)
            spin.setSpecialValueText(_("chưa rõ"))
        cccd = self.widgets["cccd"]
        assert isinstance(cccd, QLineEdit)
        cccd.setPlaceholderText(_("12 chữ số; để trống nếu chưa có"))
        self.activities = RecordsModel(ACTIVITY_COLUMNS)
        self.activities.set_rows(list(activities or ()))
        if activities is not None:
            box = QWidget()
            layout = QVBoxLayout(box)
            layout.setContentsMargins(0, 8, 0, 0)
            heading = (
                _("Các lớp đã tham gia ({n})").format(n=len(activities))
                if activities
                else _("Chưa tham gia lớp nào.")
            )
            layout.addWidget(QLabel(f"<b>{heading}</b>"))
            if activities:
                self.activities_view = QTableView()
                self.activities_view.setModel(self.activities)
                self.activities_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
                self.activities_view.verticalHeader().setVisible(False)
                self.activities_view.setWordWrap(False)
                header = self.activities_view.horizontalHeader()
                for column, width in enumerate((95, 220, 185, 80)):
                    header.resizeSection(column, width)
                header.setStretchLastSection(True)
                self.activities_view.setHorizontalScrollBarPolicy(
                    Qt.ScrollBarPolicy.ScrollBarAlwaysOff
                )
                rows = min(len(activities), 5)
                self.activities_view.setFixedHeight(header.sizeHint().height() + rows * 28 + 4)
                self.activities_view.verticalHeader().setDefaultSectionSize(28)
                layout.addWidget(self.activities_view)
            outer = self.layout()
            assert isinstance(outer, QVBoxLayout)
            outer.insertWidget(1, box)
            self.setMinimumWidth(760)

    def person_input(self) -> PersonInput:
        return to_input(self.values())
