"""A plan typed by hand, as a new user would: one class, a hall, lecturers, a pooled roster."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert
from sqlalchemy.orm import Session

from models.entities.tables import Person
from models.people.queries import name_keys
from models.planning.setup import (
    ActivityInput,
    LecturerInput,
    PlanInput,
    VenueInput,
    create_activity,
    create_plan,
    save_lecturer,
    save_venue,
)

DISTRICTS = ("Tam Đường", "Phong Thổ", "Sìn Hồ", "Mường Tè", "Than Uyên", "Tân Uyên",
             "Nậm Nhùn", "Thành phố Lai Châu")  # fmt: skip
GIVEN = ("An", "Bình", "Chiến", "Dũng", "Hoa", "Lan", "Mai", "Pản", "Sùng", "Thào")


def plan_with_one_class(s: Session, *, capacity: int = 80) -> tuple[int, int, list[int]]:
    """(plan id, first class id, lecturer ids): plan KH-A, class L01 on Mon 6–Tue 7/3/2023."""
    plan = create_plan(s, PlanInput(code="KH-A", title="Tập huấn trưởng bản", year=2023))
    venue = save_venue(s, VenueInput("Hội trường Sở", capacity=capacity))
    lecturers = [save_lecturer(s, LecturerInput(f"Giảng viên {n}", tier=3)).id for n in "ABC"]
    first = create_activity(
        s,
        ActivityInput(
            plan.id,
            "KH-A-L01",
            "Lớp 1",
            dt.date(2023, 3, 6),
            dt.date(2023, 3, 7),
            venue_id=venue.id,
            lecturer_ids=tuple(lecturers),
        ),
    )
    return plan.id, first.id, lecturers


def pool(s: Session, per_district: int = 30, districts: tuple[str, ...] = DISTRICTS) -> int:
    """People imported without a class: `per_district` in each district, three communes each."""
    rows = []
    for d, district in enumerate(districts):
        for i in range(per_district):
            name = f"Lò Văn {GIVEN[i % len(GIVEN)]} {d:02d}{i:03d}"
            sort_key, search_key = name_keys(name)
            rows.append(
                {
                    "full_name": name,
                    "sort_key": sort_key,
                    "search_key": search_key,
                    "district": f"Huyện {district}",
                    "commune": f"Xã {district} {i % 3 + 1}",
                    "position": "Trưởng bản",
                }
            )
    s.execute(insert(Person), rows)
    return len(rows)
