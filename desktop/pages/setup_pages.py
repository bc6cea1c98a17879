"""Venues and lecturers: lists with add/edit dialogs."""

from __future__ import annotations

from typing import Any

from desktop.forms import Field
from desktop.i18n import N_, _, money
from desktop.records import Column, RecordsPage
from desktop.tasks import TaskRunner
from models.db import Database
from models.entities.enums import PlaceType
from models.planning.catalog import LecturerRow, VenueRow, list_lecturers, list_venues
from models.planning.setup import LecturerInput, VenueInput, save_lecturer, save_venue

PLACE_TYPES = (
    (N_("Quận thuộc TP trực thuộc TW, TP loại I thuộc tỉnh"), PlaceType.URBAN1.value),
    (N_("TP, thị xã thuộc tỉnh; huyện thuộc TP trực thuộc TW"), PlaceType.CITY.value),
    (N_("Các vùng còn lại"), PlaceType.OTHER.value),
    (N_("Do xã tổ chức"), PlaceType.COMMUNE.value),
)
PLACE_LABEL = {value: label for label, value in PLACE_TYPES}

VENUE_FIELDS = (
    Field("name", "Tên địa điểm", required=True),
    Field("commune", "Xã, phường"),
    Field("province", "Tỉnh"),
    Field("address", "Địa chỉ"),
    Field(
        "place_type",
        "Loại địa bàn (mức nghỉ, ăn)",
        kind="choice",
        choices=PLACE_TYPES,
        hint=N_(
            "Theo Thông tư 40/2017/TT-BTC, Điều 7; từ 1/7/2025 không còn cấp huyện nên "
            "người dùng tự chọn."
        ),
    ),
    Field("capacity", "Sức chứa (người)", kind="int", minimum=0, maximum=100_000),
    Field("daily_hire", "Giá thuê một ngày (đồng)", kind="money"),
    Field(
        "central_city",
        "Ở quận nội thành của thành phố trực thuộc trung ương",
        kind="bool",
        hint=N_(
            "Mức hỗ trợ tiền ăn đại biểu cao nhất (TT 40/2017/TT-BTC, Điều 12, khoản 4, "
            "điểm a); thành phố loại I thuộc tỉnh không tính."
        ),
    ),
    Field(
        "organiser_owned",
        "Hội trường của chính đơn vị tổ chức (không thuê)",
        kind="bool",
        hint=N_(
            "Chỉ thuê hội trường khi đơn vị không có, hoặc có nhưng không đủ chỗ "
            "(Thông tư 40/2017/TT-BTC, Điều 11)."
        ),
    ),
)

LECTURER_TRAVEL = (
    (N_("Như kế hoạch"), ""),
    (N_("Tự túc phương tiện (theo km)"), "own_vehicle"),
    (N_("Mức khoán theo km"), "flat_per_km"),
    (N_("Vé, hóa đơn thực tế"), "actual"),
)

LECTURER_FIELDS = (
    Field("full_name", "Họ và tên", required=True),
    Field("tier", "Hạng thù lao (1–5)", kind="int", minimum=1, maximum=5,
          hint=N_("Hạng 1: Bộ trưởng, Bí thư tỉnh ủy… Hạng 5: cán bộ cấp huyện, xã "
          "(Thông tư 36/2018/TT-BTC, Điều 5).")),
    Field("title", "Chức danh"),
    Field("agency", "Cơ quan"),
    Field("salaried", "Hưởng lương ngân sách", kind="bool"),
    Field("distance_km", "Khoảng cách đến nơi giảng (km)", kind="int", maximum=5_000),
    Field("cccd", "Số CCCD"),
    Field("tax_code", "Mã số thuế cá nhân"),
    Field("tax_commitment", "Có bản cam kết 08/CK-TNCN (không khấu trừ thuế)", kind="bool",
          hint=N_("Thù lao từ 2.000.000 đồng mỗi lần chi bị khấu trừ 10% thuế TNCN "
                  "(TT 111/2013/TT-BTC, Điều 25) trừ khi có bản cam kết này.")),
    Field("travel_method", "Tiền đi lại tính theo", kind="choice", choices=LECTURER_TRAVEL),
    Field("leader", "Lãnh đạo có hệ số phụ cấp chức vụ từ 1,25", kind="bool",
          hint=N_("Mức tiền nghỉ của lãnh đạo: khoán 1.000.000 đồng/đêm hoặc phòng một người "
                  "theo hóa đơn (TT 40/2017/TT-BTC, Điều 7).")),
)  # fmt: skip


def _save_venue(db: Database, v: dict[str, Any], record_id: int | None) -> None:
    data = VenueInput(
        name=v["name"],
        commune=v["commune"],
        province=v["province"],
        address=v["address"],
        place_type=PlaceType(v["place_type"]),
        capacity=v["capacity"] or None,
        daily_hire=v["daily_hire"],
        organiser_owned=v["organiser_owned"],
        central_city=v["central_city"],
    )
    with db.write() as s:
        save_venue(s, data, record_id, expected_version=v.get("version"))


def _save_lecturer(db: Database, v: dict[str, Any], record_id: int | None) -> None:
    data = LecturerInput(
        full_name=v["full_name"],
        tier=v["tier"],
        title=v["title"],
        agency=v["agency"],
        salaried=v["salaried"],
        distance_km=v["distance_km"],
        cccd=v["cccd"],
        tax_code=v["tax_code"],
        tax_commitment=v["tax_commitment"],
        travel_method=v["travel_method"] or None,
        leader=v["leader"],
    )
    with db.write() as s:
        save_lecturer(s, data, record_id, expected_version=v.get("version"))


def _read(fn: Any) -> Any:
    def load(db: Database) -> Any:
        with db.read() as s:
            return fn(s)

    return load


def venues_page(runner: TaskRunner) -> RecordsPage:
    columns = (
        Column("Tên địa điểm", lambda r: r.name),
        Column("Xã, phường", lambda r: r.commune),
        Column("Tỉnh", lambda r: r.province),
        Column("Loại địa bàn", lambda r: _(PLACE_LABEL.get(r.place_type, r.place_type))),
        Column("Sức chứa", lambda r: r.capacity, numeric=True),
        Column("Thuê/ngày (đồng)", lambda r: money(r.daily_hire), numeric=True),
    )
    return RecordsPage(
        runner,
        title=N_("Địa điểm, hội trường"),
        columns=columns,
        fields=VENUE_FIELDS,
        load=_read(list_venues),
        save=_save_venue,
        to_values=_venue_values,
    )


def _venue_values(r: VenueRow) -> dict[str, Any]:
    return {
        "name": r.name, "commune": r.commune, "province": r.province, "address": r.address,
        "place_type": r.place_type, "capacity": r.capacity or 0, "daily_hire": r.daily_hire,
        "organiser_owned": r.organiser_owned, "central_city": r.central_city,
    }  # fmt: skip


def _lecturer_values(r: LecturerRow) -> dict[str, Any]:
    return {
        "full_name": r.full_name, "tier": r.tier, "title": r.title, "agency": r.agency,
        "salaried": r.salaried, "distance_km": r.distance_km, "cccd": r.cccd,
        "tax_code": r.tax_code, "tax_commitment": r.tax_commitment,
        "travel_method": r.travel_method, "leader": r.leader,
    }  # fmt: skip


def lecturers_page(runner: TaskRunner) -> RecordsPage:
    columns = (
        Column("Họ và tên", lambda r: r.full_name),
        Column("Hạng", lambda r: r.tier, numeric=True),
        Column("Chức danh", lambda r: r.title),
        Column("Cơ quan", lambda r: r.agency),
        Column("Hưởng lương", lambda r: _("Có") if r.salaried else _("Không")),
        Column("Khoảng cách (km)", lambda r: r.distance_km, numeric=True),
    )
    return RecordsPage(
        runner,
        title=N_("Giảng viên, báo cáo viên"),
        columns=columns,
        fields=LECTURER_FIELDS,
        load=_read(list_lecturers),
        save=_save_lecturer,
        to_values=_lecturer_values,
    )
