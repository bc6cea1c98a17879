"""The schema's enumerations, as plain `StrEnum`s (no SQLAlchemy: front ends may use them).

The database stores the values, never the names (models.entities.columns.enum_column).
"""

from __future__ import annotations

import enum


class ActivityKind(enum.StrEnum):
    TRAINING = "training"  # lớp tập huấn / bồi dưỡng
    CONFERENCE = "conference"  # hội nghị
    OUTREACH = "outreach"  # buổi truyền thông


class PlaceType(enum.StrEnum):
    """Place categories of TT 40/2017 Điều 7 for lodging and meal caps; chosen by the user."""

    URBAN1 = "urban1"  # quận thuộc TP trực thuộc TW, TP loại I thuộc tỉnh
    CITY = "city"  # TP, thị xã thuộc tỉnh, huyện thuộc TP trực thuộc TW
    OTHER = "other"  # các vùng còn lại
    COMMUNE = "commune"  # do xã tổ chức


class Half(enum.StrEnum):
    MORNING = "am"
    AFTERNOON = "pm"

    @property
    def label(self) -> str:
        return "sáng" if self is Half.MORNING else "chiều"


class Gender(enum.StrEnum):
    MALE = "M"
    FEMALE = "F"


class Role(enum.StrEnum):
    LEARNER = "learner"  # học viên / đại biểu
    ORGANISER = "organiser"  # ban tổ chức
    SUPPORT = "support"  # phục vụ


class Presence(enum.StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"


class LineOrigin(enum.StrEnum):
    GENERATED = "generated"
    MANUAL = "manual"


class TravelMethod(enum.StrEnum):
    """How a plan supports travel beyond the distance threshold (chosen per plan)."""

    OWN_VEHICLE = "own_vehicle"  # TT 40/2017 Đ5 k2b: litres/km × km × petrol price of the day
    FLAT_PER_KM = "flat_per_km"  # a provincial flat rate per km (norm item TRAVEL_FLAT_KM)
    ACTUAL = "actual"  # actual tickets, by document


class LockAction(enum.StrEnum):
    LOCK = "lock"
    REOPEN = "reopen"


class Confidence(enum.StrEnum):
    QUOTED = "Q"  # the legal text itself was read
    SECONDARY = "S"  # a reliable secondary summary
    UNCONFIRMED = "M"  # widely repeated, not confirmed: shown as "cần kiểm tra"
