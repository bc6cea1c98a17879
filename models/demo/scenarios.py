"""The two demo scenarios: A (the Lai Châu classes) and B (the Tuần Giáo campaign).

The figures come from the seed plans in shared/seeds: QĐ 420/QĐ-UBND 13/3/2023 allots
2.053.000.000 đ; 6 classes × 40 trưởng bản / người có uy tín plus 1 class of about 50 leaders,
2 days each, in Thành phố Lai Châu. Names, CCCD numbers and distances are invented but shaped
like the real thing (CCCD: province code + century/gender digit + year + 6 digits).
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.demo.population import (
    BAN_NAMES,
    BAN_PREFIXES,
    BORDER_LEADER_POSITIONS,
    LAI_CHAU,
    TUAN_GIAO_COMMUNES,
    Names,
    enroll,
    insert_people,
    person_row,
    two_days,
)
from models.entities.enums import ActivityKind, Half, PlaceType
from models.entities.tables import (
    Activity,
    ClassSession,
    FundingSource,
    Lecturer,
    OrgUnit,
    Plan,
    Venue,
)
from models.errors import UserError

PLAN_A = "KH-TTDN-2023"
# Both seed plans are funded from the same sub-project of the ethnic-minority programme.
PROGRAMME = {
    "programme": "Chương trình MTQG phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số "
    "và miền núi giai đoạn 2021-2030",
    "project": "Dự án 10",
    "sub_project": "Tiểu dự án 1",
}
PLAN_B = "KH-CDTT-TG-2023"


class DemoExistsError(UserError):
    """The demo plan is already in this database."""


def _has_plan(session: Session, code: str) -> bool:
    return session.scalar(select(Plan.id).where(Plan.code == code)) is not None


def load_scenario_a(session: Session, seed: int = 2023) -> Plan:
    """Scenario A: the Lai Châu foreign-information classes of 2023 (seed 001)."""
    if _has_plan(session, PLAN_A):
        raise DemoExistsError(f"kế hoạch mẫu {PLAN_A} đã có trong cơ sở dữ liệu")
    from models.norms.store import default_norm_set

    rng = random.Random(seed)
    names = Names(rng, "012")
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
        # The Sở's own hall: not hired while it seats the class (TT 40/2017/TT-BTC Điều 11).
        organiser_owned=True,
    )
    lecturers = [
        # A deputy director general of a ministry's department is tier 3, with the director
        # general (TT 36/2018/TT-BTC Điều 5 k2 as applied: docs/legal/research-2026-12.md §6).
        Lecturer(full_name="Vũ Mạnh Cường", title="Phó Cục trưởng Cục Thông tin đối ngoại",
                 tier=3, agency="Bộ Thông tin và Truyền thông", distance_km=450),
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
                person_row(
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
        enroll(session, activity.id, insert_people(session, rows))

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
            person_row(
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
    enroll(session, leaders.id, insert_people(session, rows))
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
    for slot, (day, half) in enumerate(two_days(start)):
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
    names = Names(rng, "011")
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
        organiser_level="district",  # UBND huyện Tuần Giáo organises the sessions
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
            person_row(
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
        enroll(session, activity.id, insert_people(session, rows))
    return plan
