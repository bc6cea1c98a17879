"""The demo's population: ethnic groups and their names, districts, communes and villages, and
the rows that put invented but real-shaped people into the database.

Deterministic for a seed; CCCD numbers are shaped like the real thing (province code,
century/gender digit, year, 6 digits). Used by the scenarios and by the benchmarks.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import insert
from sqlalchemy.orm import Session

from models.entities.enums import Gender, Half, Role
from models.entities.tables import Enrollment, Person
from models.people.queries import name_keys


@dataclass(frozen=True)
class Ethnic:
    name: str
    families: tuple[str, ...]
    male_middle: tuple[str, ...]
    female_middle: tuple[str, ...]
    male_given: tuple[str, ...]
    female_given: tuple[str, ...]


ETHNIC = {
    e.name: e
    for e in (
        Ethnic(
            "Thái",
            ("Lò", "Lường", "Tòng", "Cầm", "Quàng", "Điêu", "Hoàng", "Vì", "Lù", "Lê"),
            ("Văn",),
            ("Thị",),
            ("Thành", "Xuân", "Ún", "Pánh", "Phanh", "Hùng", "Inh", "Khăm", "Ngọc", "Chăn"),
            ("Chăm", "Ọm", "Xuân", "Bun", "Ơn", "Hoa", "Lả", "Pọm", "Ánh"),
        ),
        Ethnic(
            "Mông",
            ("Giàng", "Vàng", "Sùng", "Lý", "Thào", "Mùa", "Hờ", "Lầu", "Cứ", "Tráng"),
            ("A", "Seo", "Chá", "Vảng", "Sáy"),
            ("Thị", "Mỷ"),
            ("Dế", "Páo", "Chư", "Sử", "Pó", "Dùng", "Lử", "Chỉnh", "Phử", "Tủa"),
            ("Mỷ", "Dung", "Sua", "Pằng", "Chía", "Dợ", "Mai"),
        ),
        Ethnic(
            "Dao",
            ("Tẩn", "Chảo", "Lý", "Phàn", "Đặng", "Triệu", "Bàn"),
            ("Láo", "Văn", "Kiềm", "San", "Chòi"),
            ("Thị", "Mẩy"),
            ("Lở", "Phin", "Quẩy", "Sơn", "Chài", "Tả", "Phú", "Sếnh"),
            ("Mẩy", "Xuân", "Chiêu", "Sảy", "Dinh"),
        ),
        Ethnic(
            "Hà Nhì",
            ("Lỳ", "Pờ", "Chu", "Lò", "Phu", "Sừng", "Tỷ", "Hầu"),
            ("Xá", "Gò", "Chừ", "Pa", "A"),
            ("Mé", "Thị", "Mó"),
            ("Phìn", "Xe", "Chừ", "Cà", "Hừ", "Gió", "Lé", "Pà"),
            ("Xé", "Mé", "Chà", "Pứ", "Ló"),
        ),
        Ethnic(
            "Kinh",
            ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đỗ", "Vũ", "Bùi", "Đặng", "Ngô"),
            ("Văn", "Đức", "Minh", "Quang", "Hữu", "Mạnh"),
            ("Thị", "Thu", "Thanh", "Ngọc", "Thúy"),
            ("Hưng", "Ước", "Thắng", "Dũng", "Tuấn", "Cường", "Quý", "Thịnh", "Hải", "Ánh"),
            ("Hường", "Hà", "Hạnh", "Hằng", "Nga", "Yến", "Thủy", "Ánh", "Dung"),
        ),
        Ethnic(
            "Khơ Mú",
            ("Lò", "Quàng", "Vì", "Cà", "Lường"),
            ("Văn",),
            ("Thị",),
            ("Sơn", "Phông", "Ín", "Khăm", "Chiến", "Thoong"),
            ("Xuân", "Thoa", "Ín", "Bua"),
        ),
        Ethnic(
            "Giáy",
            ("Lù", "Vương", "Hoàng", "Sầm", "Lồ"),
            ("Văn", "Seo"),
            ("Thị",),
            ("Sào", "Nhìn", "Tiến", "Khiêm", "Dìn"),
            ("Sao", "Nhìn", "Mai"),
        ),
    )
}


@dataclass(frozen=True)
class District:
    """A historical district of Lai Châu (before 1/7/2025) with some of its communes."""

    name: str
    communes: tuple[str, ...]
    ethnic_mix: tuple[str, ...]  # drawn uniformly: repeat a name to weight it
    distance: tuple[int, int]  # km to Thành phố Lai Châu


LAI_CHAU = (
    District(
        "Phong Thổ",
        (
            "Ma Li Pho",
            "Mồ Sì San",
            "Pa Vây Sử",
            "Sì Lở Lầu",
            "Vàng Ma Chải",
            "Dào San",
            "Huổi Luông",
        ),
        ("Dao", "Dao", "Mông", "Mông", "Thái", "Hà Nhì", "Giáy"),
        (30, 95),
    ),
    District(
        "Sìn Hồ",
        ("Pa Tần", "Hồng Thu", "Phìn Hồ", "Tả Phìn", "Làng Mô", "Nậm Tăm", "Pu Sam Cáp"),
        ("Mông", "Mông", "Thái", "Dao", "Hà Nhì"),
        (40, 110),
    ),
    District(
        "Mường Tè",
        ("Ka Lăng", "Thu Lũm", "Pa Ủ", "Mù Cả", "Tà Tổng", "Bum Tở", "Mường Tè"),
        ("Hà Nhì", "Hà Nhì", "Hà Nhì", "Thái", "Mông"),
        (120, 200),
    ),
    District(
        "Nậm Nhùn",
        ("Nậm Ban", "Lê Lợi", "Trung Chải", "Pú Đao", "Nậm Hàng", "Mường Mô", "Nậm Chà"),
        ("Thái", "Mông", "Mông", "Dao", "Hà Nhì"),
        (80, 150),
    ),
    District(
        "Tam Đường",
        ("Bản Giang", "Nà Tăm", "Sơn Bình", "Khun Há", "Thèn Sin", "Bình Lư", "Hồ Thầu"),
        ("Thái", "Thái", "Mông", "Dao", "Giáy", "Kinh"),
        (6, 45),
    ),
    District(
        "Than Uyên",
        ("Mường Kim", "Tà Hừa", "Phúc Than", "Mường Than", "Khoen On", "Ta Gia", "Hua Nà"),
        ("Thái", "Thái", "Thái", "Mông", "Kinh"),
        (85, 115),
    ),
)

BORDER_LEADER_POSITIONS = (
    "Phó Chủ tịch UBND huyện",
    "Chủ tịch UBND xã",
    "Phó Chủ tịch UBND xã",
    "Trưởng phòng Văn hóa - Thông tin",
    "Chuyên viên Phòng Văn hóa - Thông tin",
    "Viên chức Trung tâm Văn hóa - Truyền thông",
)

TUAN_GIAO_COMMUNES = (
    "Quài Tở", "Quài Cang", "Quài Nưa", "Mường Thín", "Tỏa Tình", "Nà Sáy",
    "Mường Khong", "Chiềng Sinh", "Chiềng Đông", "Pú Xi", "Pú Nhung", "Rạng Đông",
    "Mường Mùn", "Ta Ma", "Phình Sáng", "Nà Tòng", "Mùn Chung", "Tênh Phông",
)  # fmt: skip

BAN_PREFIXES = ("Bản", "Bản", "Bản", "Thôn")
BAN_NAMES = (
    "Hua Sát", "Co Nỏng", "Phiêng Pi", "Nà Ngua", "Huổi Anh", "Pá Tong", "Thẳm Xả",
    "Kể Cải", "Hua Mức", "Pú Piến", "Nậm Din", "Xá Nhè", "Trạm Củ", "Bó Giáng",
    "Đông Phi", "Phiêng Hin", "Hồng Lực", "Hới Lót", "Sáng Tớ", "Lồng",
)  # fmt: skip


class Names:
    """Deterministic realistic names and unique CCCD numbers."""

    def __init__(self, rng: random.Random, province_code: str) -> None:
        self.rng = rng
        self.province_code = province_code
        self.cccds: set[str] = set()

    def person(self, ethnicity: str, female: bool) -> str:
        e = ETHNIC[ethnicity]
        r = self.rng
        middle = r.choice(e.female_middle if female else e.male_middle)
        given = r.choice(e.female_given if female else e.male_given)
        return f"{r.choice(e.families)} {middle} {given}"

    def cccd(self, birth_year: int, female: bool) -> str:
        century = 0 if birth_year < 2000 else 2
        digit = century + (1 if female else 0)
        while True:
            number = (
                f"{self.province_code}{digit}{birth_year % 100:02d}{self.rng.randrange(10**6):06d}"
            )
            if number not in self.cccds:
                self.cccds.add(number)
                return number

    def phone(self) -> str:
        return self.rng.choice(("097", "098", "086", "091", "094", "088", "033", "035")) + (
            f"{self.rng.randrange(10**7):07d}"
        )


def person_row(
    names: Names,
    *,
    ethnicity: str,
    female: bool,
    birth_year: int,
    position: str,
    village: str,
    commune: str,
    district: str,
    province: str,
    salaried: bool,
    distance_km: int,
    with_cccd: bool = True,
    with_phone: bool = True,
) -> dict[str, object]:
    full_name = names.person(ethnicity, female)
    return {
        "full_name": full_name,
        **name_keys(full_name),
        "gender": Gender.FEMALE if female else Gender.MALE,
        "birth_year": birth_year,
        "ethnicity": ethnicity,
        "position": position,
        "village": village,
        "commune": commune,
        "district": district,
        "province": province,
        "cccd": names.cccd(birth_year, female) if with_cccd else None,
        "phone": names.phone() if with_phone else "",
        "salaried": salaried,
        "distance_km": distance_km,
        "difficult_area": distance_km >= 60,
        "note": "",
    }


def insert_people(session: Session, rows: list[dict[str, object]]) -> list[int]:
    result = session.scalars(
        insert(Person).returning(Person.id, sort_by_parameter_order=True), rows
    )
    return list(result)


def enroll(session: Session, activity_id: int, person_ids: list[int]) -> None:
    session.execute(
        insert(Enrollment),
        [
            {"person_id": pid, "activity_id": activity_id, "role": Role.LEARNER}
            for pid in person_ids
        ],
    )


def two_days(start: dt.date) -> Iterator[tuple[dt.date, Half]]:
    for offset in range(2):
        for half in (Half.MORNING, Half.AFTERNOON):
            yield start + dt.timedelta(days=offset), half
