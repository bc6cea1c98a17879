"""Two users at once: a save over someone else's change is refused, a unique race is a
sentence, nothing is lost — on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from models.budget.edit import update_line
from models.budget.estimate import estimate_plan
from models.db import Database
from models.entities.tables import BudgetLine, Person, Plan
from models.errors import ConflictError, StaleEditError
from models.people.edit import person_input, update_person
from tests.models.integrity.conftest import small_class


def _rate(db: Database, line_id: int) -> int:
    with db.read() as s:
        line = s.get(BudgetLine, line_id)
        assert line is not None
        return line.rate


def test_two_sessions_saving_one_line_one_refusal_no_lost_update(any_db: Database) -> None:
    ids = small_class(any_db)
    first = any_db.sessions()
    mine = first.get(BudgetLine, ids["line"])
    assert mine is not None and mine.version == 1
    first.commit()  # the form shows it; no transaction held while the user types
    with any_db.write() as s:  # the other user saves first
        update_line(s, ids["line"], rate=25_000)
    mine.rate, mine.amount = 30_000, 300_000
    with pytest.raises(StaleEditError, match="đã có người sửa dòng dự toán"):
        first.commit()
    first.close()
    assert _rate(any_db, ids["line"]) == 25_000  # theirs kept, mine refused, nothing mixed


def test_a_form_saved_after_someone_elses_change_is_refused(any_db: Database) -> None:
    ids = small_class(any_db)
    with any_db.read() as s:
        shown = next(x for x in estimate_plan(s, ids["plan"]).lines if x.line_id == ids["line"])
    with any_db.write() as s:
        update_line(s, ids["line"], rate=25_000, expected_version=shown.version)
    with pytest.raises(StaleEditError, match=r"Nước uống.*tải lại"), any_db.write() as s:
        update_line(s, ids["line"], rate=30_000, expected_version=shown.version)
    assert _rate(any_db, ids["line"]) == 25_000


def test_a_person_form_over_someone_elses_change_is_refused(any_db: Database) -> None:
    small_class(any_db)
    with any_db.read() as s:
        pid = s.query(Person.id).order_by(Person.id).limit(1).scalar()
        assert pid is not None
        form = person_input(s, pid)
    with any_db.write() as s:
        update_person(s, pid, form.__class__(**{**form.__dict__, "village": "Bản Mới"}))
    with pytest.raises(StaleEditError, match="đã có người sửa người"), any_db.write() as s:
        update_person(s, pid, form, expected_version=form.version)
    with any_db.read() as s:
        assert person_input(s, pid).village == "Bản Mới"


def test_two_first_marks_of_one_cell_end_as_a_sentence(any_db: Database) -> None:
    from models.entities.enums import Presence
    from models.entities.tables import Attendance, ClassSession, Enrollment

    small_class(any_db)
    with any_db.read() as s:
        enrollment = s.query(Enrollment.id).limit(1).scalar()
        session_id = s.query(ClassSession.id).limit(1).scalar()
    first, second = any_db.sessions(), any_db.sessions()
    for s in (first, second):  # both looked: no mark yet
        assert s.query(Attendance).filter_by(enrollment_id=enrollment).first() is None
    first.add(Attendance(enrollment_id=enrollment, session_id=session_id, status=Presence.PRESENT))
    first.commit()
    second.add(Attendance(enrollment_id=enrollment, session_id=session_id, status=Presence.ABSENT))
    with pytest.raises(ConflictError, match="điểm danh của người này ở buổi này") as caught:
        second.commit()
    assert "Giàng" not in str(caught.value)
    first.close()
    second.close()


def test_venue_and_lecturer_forms_over_someone_elses_change_are_refused(
    any_db: Database,
) -> None:
    from models.planning.catalog import list_lecturers, list_venues
    from models.planning.setup import LecturerInput, VenueInput, save_lecturer, save_venue

    with any_db.write() as s:
        save_venue(s, VenueInput(name="Hội trường xã"))
        save_lecturer(s, LecturerInput(full_name="Lò Văn Giảng", tier=3))
    with any_db.read() as s:
        venue, lecturer = list_venues(s)[0], list_lecturers(s)[0]
    with any_db.write() as s:  # the other user's saves
        save_venue(s, VenueInput(name="Hội trường UBND xã"), venue.id)
        save_lecturer(s, LecturerInput(full_name="Lò Văn Giảng", tier=2), lecturer.id)
    with pytest.raises(StaleEditError, match="địa điểm"), any_db.write() as s:
        save_venue(s, VenueInput(name="Nhà văn hóa"), venue.id, expected_version=venue.version)
    with pytest.raises(StaleEditError, match="giảng viên"), any_db.write() as s:
        save_lecturer(
            s, LecturerInput(full_name="Lò Văn Giảng", tier=4), lecturer.id,
            expected_version=lecturer.version,
        )  # fmt: skip
    with any_db.read() as s:
        assert list_venues(s)[0].name == "Hội trường UBND xã"
        assert list_lecturers(s)[0].tier == 2


def test_plan_unit_funding_session_and_norm_forms_over_someone_elses_change_are_refused(
    any_db: Database,
) -> None:
    import dataclasses

    from models.budget.edit import set_plan_travel
    from models.norms.store import derive_norm_set, list_norm_sets, set_norm_cap
    from models.planning.setup import (
        save_unit_and_funding,
        session_rows,
        unit_and_funding,
        update_session,
    )

    ids = small_class(any_db)
    with any_db.write() as s:  # the unit and funding exist: the first save creates them
        save_unit_and_funding(s, ids["plan"], dataclasses.replace(
            unit_and_funding(s, ids["plan"]), unit_name="Sở VHTTDL", ceiling=1_000_000
        ))  # fmt: skip
    with any_db.read() as s:
        form = unit_and_funding(s, ids["plan"])
        (buoi, _) = session_rows(s, ids["activity"])
        plan = s.get(Plan, ids["plan"])
        assert plan is not None
        plan_version = plan.version
    mine = dataclasses.replace(form, ceiling=2_000_000)
    theirs = dataclasses.replace(form, unit_address="Lai Châu")
    with any_db.write() as s:
        save_unit_and_funding(s, ids["plan"], theirs)
    with pytest.raises(StaleEditError, match="đã có người sửa"), any_db.write() as s:
        save_unit_and_funding(s, ids["plan"], mine)
    with any_db.read() as s:
        kept = unit_and_funding(s, ids["plan"])
        assert (kept.unit_address, kept.ceiling) == ("Lai Châu", 1_000_000)

    with any_db.write() as s:
        update_session(s, buoi.session_id, lecturer_id=None, topic="Chuyển đổi số", taught=True,
                       expected_version=buoi.version)  # fmt: skip
    with pytest.raises(StaleEditError, match="đã có người sửa"), any_db.write() as s:
        update_session(s, buoi.session_id, lecturer_id=None, topic="Khác", taught=True,
                       expected_version=buoi.version)  # fmt: skip

    with any_db.write() as s:
        set_plan_travel(s, ids["plan"], petrol_price=20_000, expected_version=plan_version)
    with pytest.raises(StaleEditError, match="đã có người sửa"), any_db.write() as s:
        set_plan_travel(s, ids["plan"], petrol_price=25_000, expected_version=plan_version)

    with any_db.write() as s:
        base = list_norm_sets(s)[0]
        derived = derive_norm_set(
            s, base.code, code="LC-THU", name="Lai Châu thử", province="Lai Châu",
            legal_basis=["NQ thử"], effective_from=base.effective_from,
        )  # fmt: skip
        item = next(i for i in derived.items if i.cap is not None)
        cap = item.cap or 0
    with any_db.write() as s:
        set_norm_cap(s, derived.code, item.code, cap + 1, source="NQ thử",
                     expected_version=item.version)  # fmt: skip
    with pytest.raises(StaleEditError, match="đã có người sửa"), any_db.write() as s:
        set_norm_cap(s, derived.code, item.code, 1, source="NQ khác",
                     expected_version=item.version)  # fmt: skip
