"""Demo data, generated deterministically: scenario A (Lai Châu classes) and B (Tuần Giáo campaign).

The figures come from the seed plans in shared/seeds: QĐ 420/QĐ-UBND 13/3/2023 allots
2.053.000.000 đ; 6 classes × 40 trưởng bản / người có uy tín plus 1 class of about 50 leaders,
2 days each, in Thành phố Lai Châu. Names, CCCD numbers and distances are invented but shaped
like the real thing (CCCD: province code + century/gender digit + year + 6 digits).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from models.entities.tables import (
    Activity,
    ActivityKind,
    ClassSession,
    Enrollment,
    FundingSource,
    Gender,
    Half,
    Lecturer,
    OrgUnit,
    Person,
    PlaceType,
    Plan,
    Role,
    Venue,
)
from models.people.queries import name_keys

PLAN_A = "KH-TTDN-2023"
# Both seed plans are funded from the same sub-project of the ethnic-minority programme.
PROGRAMME = {
    "programme": "Chương trình MTQG phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số "
    "và miền núi giai đoạn 2021-2030",
    "project": "Dự án 10",
    "sub_project": "Tiểu dự án 1",
}
PLAN_B = "KH-CDTT-TG-2023"


class DemoExistsError(Exception):
    """The demo plan is already in this database."""


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


class _Names:
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


def _person_row(
    names: _Names,
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


def _insert_people(session: Session, rows: list[dict[str, object]]) -> list[int]:
    result = session.scalars(
        insert(Person).returning(Person.id, sort_by_parameter_order=True), rows
    )
    return list(result)


def _enroll(session: Session, activity_id: int, person_ids: list[int]) -> None:
    session.execute(
        insert(Enrollment),
        [
            {"person_id": pid, "activity_id": activity_id, "role": Role.LEARNER}
            for pid in person_ids
        ],
    )


def _two_days(start: dt.date) -> Iterator[tuple[dt.date, Half]]:
    for offset in range(2):
        for half in (Half.MORNING, Half.AFTERNOON):
            yield start + dt.timedelta(days=offset), half


def _has_plan(session: Session, code: str) -> bool:
    return session.scalar(select(Plan.id).where(Plan.code == code)) is not None


def load_scenario_a(session: Session, seed: int = 2023) -> Plan:
    """Scenario A: the Lai Châu foreign-information classes of 2023 (seed 001)."""
    if _has_plan(session, PLAN_A):
        raise DemoExistsError(f"kế hoạch mẫu {PLAN_A} đã có trong cơ sở dữ liệu")
    from models.norms.store import default_norm_set

    rng = random.Random(seed)
    names = _Names(rng, "012")
    unit = OrgUnit(
        name="Sở Thông tin và Truyền thông tỉnh Lai Châu",
        parent_agency="UBND tỉnh Lai Châu",
        qhns_code="1052817",
        address="Tầng 5, Nhà B, Trung tâm Hành chính - Chính trị tỉnh, phường Tân Phong, "
        "thành phố Lai Châu",
        place="Lai Châu",
        preparer="Nguyễn Thị Minh Hằng",
        chief_accountant="Phạm Văn Tuấn",
        head="Lê Đức Thịnh",
        head_title="Giám đốc",
    )
    fund = FundingSource(
        **PROGRAMME,
        year=2023,
        decision_number="420/QĐ-UBND",
        decision_date=dt.date(2023, 3, 13),
        decided_by="UBND tỉnh Lai Châu",
        ceiling=2_053_000_000,
    )
    plan = Plan(
        code=PLAN_A,
        number="…/KH-UBND",
        issued_on=dt.date(2023, 4, 3),
        title="Thực hiện nhiệm vụ Thông tin đối ngoại vùng đồng bào dân tộc thiểu số và miền núi "
        "thuộc CTMTQG phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi "
        "năm 2023",
        legal_bases="\n".join(
            (
                "Quyết định số 1719/QĐ-TTg ngày 14/10/2021 của Thủ tướng Chính phủ",
                "Quyết định số 1191/QĐ-TTg ngày 05/8/2020 của Thủ tướng Chính phủ",
                "Thông tư số 55/2023/TT-BTC ngày 15/8/2023 của Bộ Tài chính",
                "Công văn số 4438/BTTTT-KHTC ngày 27/8/2022 của Bộ Thông tin và Truyền thông",
                "Quyết định số 420/QĐ-UBND ngày 13/3/2023 của UBND tỉnh Lai Châu",
            )
        ),
        org_unit=unit,
        funding_source=fund,
        norm_set=default_norm_set(session),
        # Own-vehicle travel (TT 40/2017 Đ5): 0.2 l × km × the petrol price of the day. A demo
        # figure; users enter the price published for their date.
        petrol_price=23_000,
        petrol_price_date=dt.date(2023, 10, 16),
    )
    venue = Venue(
        name="Hội trường Sở Thông tin và Truyền thông tỉnh Lai Châu",
        address="Phường Tân Phong, thành phố Lai Châu",
        commune="Phường Tân Phong",
        province="Lai Châu",
        place_type=PlaceType.CITY,
        capacity=80,
        daily_hire=3_000_000,
    )
    lecturers = [
        Lecturer(full_name="Vũ Mạnh Cường", title="Phó Cục trưởng Cục Thông tin đối ngoại",
                 tier=2, agency="Bộ Thông tin và Truyền thông", distance_km=450),
        Lecturer(full_name="Hoàng Thị Lan Anh", title="Phó Giám đốc Sở",
                 tier=3, agency="Sở Thông tin và Truyền thông tỉnh Lai Châu"),
        Lecturer(full_name="Lò Văn Pản", title="Trưởng phòng Tuyên truyền",
                 tier=4, agency="Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lai Châu", distance_km=3),
        Lecturer(full_name="Đặng Thu Hà", title="Chuyên viên Phòng Thông tin - Báo chí",
                 tier=5, agency="Sở Thông tin và Truyền thông tỉnh Lai Châu"),
    ]  # fmt: skip
    session.add_all([unit, fund, plan, venue, *lecturers])
    session.flush()

    starts = [dt.date(2023, 10, d) for d in (16, 19, 23, 26, 30)] + [
        dt.date(2023, 11, 2),
        dt.date(2023, 11, 6),
    ]
    for number, (start, district) in enumerate(zip(starts[:6], LAI_CHAU, strict=True), 1):
        activity = _class(plan, venue=venue, lecturers=lecturers, number=number, start=start)
        activity.title = (
            f"Lớp {number}: Bồi dưỡng, tập huấn kiến thức, nghiệp vụ thông tin đối ngoại cho "
            f"Trưởng bản, Người có uy tín (huyện {district.name})"
        )
        session.add(activity)
        session.flush()
        rows = []
        for i in range(40):
            female = rng.random() < 0.2
            ethnicity = rng.choice(district.ethnic_mix)
            commune = district.communes[i % len(district.communes)]
            rows.append(
                _person_row(
                    names,
                    ethnicity=ethnicity,
                    female=female,
                    birth_year=rng.randint(1958, 1992),
                    position="Trưởng bản" if rng.random() < 0.6 else "Người có uy tín",
                    village=f"{rng.choice(BAN_PREFIXES)} {rng.choice(BAN_NAMES)}",
                    commune=f"Xã {commune}",
                    district=f"Huyện {district.name}",
                    province="Lai Châu",
                    salaried=False,
                    distance_km=rng.randint(*district.distance),
                    with_phone=rng.random() < 0.85,
                )
            )
        _enroll(session, activity.id, _insert_people(session, rows))

    leaders = _class(plan, venue=venue, lecturers=lecturers, number=7, start=starts[6])
    leaders.title = (
        "Lớp 7: Bồi dưỡng, tập huấn kiến thức, nghiệp vụ thông tin đối ngoại cho lãnh đạo huyện, "
        "lãnh đạo xã biên giới, cán bộ văn hóa - thông tin"
    )
    session.add(leaders)
    session.flush()
    rows = []
    for i in range(50):
        district = LAI_CHAU[i % len(LAI_CHAU)]
        female = rng.random() < 0.35
        ethnicity = "Kinh" if rng.random() < 0.55 else rng.choice(district.ethnic_mix)
        position = rng.choice(BORDER_LEADER_POSITIONS)
        commune = rng.choice(district.communes)
        rows.append(
            _person_row(
                names,
                ethnicity=ethnicity,
                female=female,
                birth_year=rng.randint(1968, 1995),
                position=position,
                village="",
                commune=f"Xã {commune}",
                district=f"Huyện {district.name}",
                province="Lai Châu",
                salaried=True,
                distance_km=rng.randint(*district.distance),
            )
        )
    _enroll(session, leaders.id, _insert_people(session, rows))
    return plan


def _class(
    plan: Plan,
    *,
    venue: Venue,
    lecturers: list[Lecturer],
    number: int,
    start: dt.date,
) -> Activity:
    activity = Activity(
        plan=plan,
        code=f"TTDN23-L{number:02d}",
        kind=ActivityKind.TRAINING,
        start_date=start,
        end_date=start + dt.timedelta(days=1),
        venue=venue,
    )
    for slot, (day, half) in enumerate(_two_days(start)):
        activity.sessions.append(
            ClassSession(
                on_date=day,
                half=half,
                venue=venue,
                lecturer=lecturers[(number + slot) % len(lecturers)],
                topic=TOPICS[slot],
            )
        )
    return activity


TOPICS = (
    "Chủ trương của Đảng, chính sách của Nhà nước về thông tin đối ngoại",
    "Xây dựng biên giới hòa bình, hữu nghị, hợp tác và phát triển",
    "Kỹ năng tuyên truyền, đấu tranh phản bác thông tin sai trái trên không gian mạng",
    "Quảng bá hình ảnh, bản sắc văn hóa các dân tộc tỉnh Lai Châu",
)

CAMPAIGN_PEOPLE = 17_269
CAMPAIGN_SESSIONS = 113
CAMPAIGN_PLACES = 86


def load_scenario_b(session: Session, seed: int = 2024) -> Plan:
    """Scenario B: the Tuần Giáo outreach campaign at full size (seed 000).

    Each of the 113 sessions is an outreach activity with one buổi at one of 86 places in
    18 communes; 17,269 household representatives, each enrolled in exactly one session.
    """
    if _has_plan(session, PLAN_B):
        raise DemoExistsError(f"kế hoạch mẫu {PLAN_B} đã có trong cơ sở dữ liệu")
    from models.norms.store import default_norm_set

    rng = random.Random(seed)
    names = _Names(rng, "011")
    unit = OrgUnit(
        name="Phòng Dân tộc huyện Tuần Giáo",
        parent_agency="UBND huyện Tuần Giáo",
        qhns_code="1093442",
        address="Thị trấn Tuần Giáo, huyện Tuần Giáo, tỉnh Điện Biên",
        place="Tuần Giáo",
        preparer="Quàng Thị Hương",
        chief_accountant="Nguyễn Văn Bình",
        head="Lò Văn Chung",
        head_title="Trưởng phòng",
    )
    fund = FundingSource(
        **PROGRAMME,
        year=2023,
        decision_number="2128/QĐ-UBND",
        decision_date=dt.date(2022, 12, 20),
        decided_by="UBND huyện Tuần Giáo",
        ceiling=1_200_000_000,
    )
    plan = Plan(
        code=PLAN_B,
        number="…/KH-UBND",
        issued_on=dt.date(2023, 9, 25),
        title="Tổ chức chiến dịch truyền thông Chương trình MTQG phát triển kinh tế - xã hội vùng "
        "đồng bào dân tộc thiểu số và miền núi trên địa bàn huyện Tuần Giáo",
        legal_bases="Thông tư 55/2023/TT-BTC ngày 15/8/2023 của Bộ Tài chính",
        org_unit=unit,
        funding_source=fund,
        norm_set=default_norm_set(session),
    )
    session.add_all([unit, fund, plan])
    places: list[Venue] = []
    for i in range(CAMPAIGN_PLACES):
        commune = TUAN_GIAO_COMMUNES[i % len(TUAN_GIAO_COMMUNES)]
        places.append(
            Venue(
                name=f"Nhà văn hóa bản {BAN_NAMES[(i * 7) % len(BAN_NAMES)]} ({i + 1})",
                commune=f"Xã {commune}",
                province="Điện Biên",
                place_type=PlaceType.COMMUNE,
                capacity=200,
            )
        )
    session.add_all(places)
    session.flush()

    per_session = [CAMPAIGN_PEOPLE // CAMPAIGN_SESSIONS] * CAMPAIGN_SESSIONS
    for i in range(CAMPAIGN_PEOPLE - sum(per_session)):
        per_session[i] += 1
    day = dt.date(2023, 10, 2)
    for index, count in enumerate(per_session):
        venue = places[index % CAMPAIGN_PLACES]
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        half = Half.MORNING if index % 2 == 0 else Half.AFTERNOON
        activity = Activity(
            plan=plan,
            code=f"CDTT23-B{index + 1:03d}",
            kind=ActivityKind.OUTREACH,
            title=f"Buổi truyền thông số {index + 1} tại {venue.name}, {venue.commune}",
            start_date=day,
            end_date=day,
            venue=venue,
            expected_count=count,
        )
        activity.sessions.append(ClassSession(on_date=day, half=half, venue=venue))
        session.add(activity)
        session.flush()
        if half is Half.AFTERNOON:
            day += dt.timedelta(days=1)
        place = venue.name.split(" (")[0].removeprefix("Nhà văn hóa ")
        village = place[:1].upper() + place[1:]  # "bản Hua Sát" -> "Bản Hua Sát"
        rows = [
            _person_row(
                names,
                ethnicity=rng.choice(("Thái", "Thái", "Thái", "Mông", "Mông", "Kinh", "Khơ Mú")),
                female=rng.random() < 0.45,
                birth_year=rng.randint(1950, 2003),
                position="Đại diện hộ gia đình",
                village=village,
                commune=venue.commune,
                district="Huyện Tuần Giáo",
                province="Điện Biên",
                salaried=False,
                distance_km=rng.randint(0, 8),
                with_cccd=rng.random() < 0.9,
                with_phone=rng.random() < 0.6,
            )
            for _ in range(count)
        ]
        _enroll(session, activity.id, _insert_people(session, rows))
    return plan
