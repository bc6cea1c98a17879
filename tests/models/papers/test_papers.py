"""models.papers: the papers' plain data read from the demo database (scenario A)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from models.demo import scenarios as demo
from models.entities.tables import Enrollment, Person, Plan
from models.errors import NotFoundError
from models.lookup import activity_id, plan_activity_ids, plan_id
from models.papers.data import SIGN_IN_TITLE, SessionLabel
from models.papers.money import budget_sheet, lecturer_fee_sheet, payout_sheet, settlement_book
from models.papers.sign_in import roster_export, sign_in_sheet, sign_in_sheets_for_plan, unit_info
from models.text.vntext import name_sort_key

L01 = "TTDN23-L01"


def test_lookups(demo_db: Any) -> None:
    with demo_db.read() as s:
        assert activity_id(s, L01) == activity_id(s, f" {L01} ")
        pid = plan_id(s, demo.PLAN_A)
        assert len(plan_activity_ids(s, pid)) == 7
        with pytest.raises(NotFoundError, match="không có hoạt động"):
            activity_id(s, "NOPE")
        with pytest.raises(NotFoundError, match="không có kế hoạch"):
            plan_id(s, "NOPE")
        with pytest.raises(NotFoundError):
            sign_in_sheet(s, 99_999)
        with pytest.raises(NotFoundError):
            sign_in_sheets_for_plan(s, 99_999)
    assert unit_info(None).name == ""


def test_sign_in_sheet(demo_db: Any) -> None:
    with demo_db.read() as s:
        sheet = sign_in_sheet(s, activity_id(s, L01), date=dt.date(2023, 10, 16))
        names = list(
            s.scalars(
                select(Person.full_name)
                .join(Enrollment)
                .where(Enrollment.activity_id == activity_id(s, L01))
            )
        )
    assert sheet.title == SIGN_IN_TITLE
    assert sheet.activity_code == L01
    assert sheet.activity_title.startswith("Lớp 1: Bồi dưỡng")
    assert (sheet.start, sheet.end) == (dt.date(2023, 10, 16), dt.date(2023, 10, 17))
    assert sheet.venue.startswith("Hội trường Sở Thông tin và Truyền thông tỉnh Lai Châu")
    assert sheet.date == dt.date(2023, 10, 16)
    assert sheet.sessions == (
        SessionLabel(1, "sáng", dt.date(2023, 10, 16)),
        SessionLabel(1, "chiều", dt.date(2023, 10, 16)),
        SessionLabel(2, "sáng", dt.date(2023, 10, 17)),
        SessionLabel(2, "chiều", dt.date(2023, 10, 17)),
    )
    assert len(sheet.people) == 40
    printed = [p.full_name for p in sheet.people]
    assert sorted(printed) == sorted(names)
    # Vietnamese name order: given name first, then family and middle names.
    assert printed == sorted(printed, key=name_sort_key)
    first = sheet.people[0]
    assert first.gender in ("M", "F") and first.birth_year and first.ethnicity
    assert first.commune.startswith("Xã ")
    unit = sheet.unit
    assert unit.name == "Sở Thông tin và Truyền thông tỉnh Lai Châu"
    assert (unit.parent, unit.qhns_code, unit.place) == (
        "UBND tỉnh Lai Châu",
        "1052817",
        "Lai Châu",
    )
    assert (unit.preparer, unit.chief_accountant, unit.head, unit.head_title) == (
        "Nguyễn Thị Minh Hằng",
        "Phạm Văn Tuấn",
        "Lê Đức Thịnh",
        "Giám đốc",
    )


def test_sign_in_by_commune_and_plan(demo_db: Any) -> None:
    with demo_db.read() as s:
        pid = plan_id(s, demo.PLAN_A)
        sheets = sign_in_sheets_for_plan(s, pid, by_commune=True)
    assert [x.activity_code for x in sheets] == [f"TTDN23-L{n:02d}" for n in range(1, 8)]
    assert sum(len(x.people) for x in sheets) == 290
    for sheet in sheets:
        assert sheet.break_by_commune
        communes = [p.commune for p in sheet.people]
        assert communes == sorted(communes)
        for commune in set(communes):
            group = [p.full_name for p in sheet.people if p.commune == commune]
            assert group == sorted(group, key=name_sort_key)


def test_roster_export(demo_db: Any) -> None:
    with demo_db.read() as s:
        one = roster_export(s, activity_id(s, L01))
        plan = roster_export(s, plan_id=plan_id(s, demo.PLAN_A))
        everyone = roster_export(s)
    assert len(one.rows) == 40 and not one.with_activity
    assert one.subtitle.startswith("Lớp 1:")
    assert one.unit.qhns_code == "1052817"
    assert len(plan.rows) == len(everyone.rows) == 290
    assert everyone.with_activity and everyone.subtitle == "Tất cả học viên"
    assert {r.activity_code for r in everyone.rows} >= {L01, "TTDN23-L07"}
    names = [r.full_name for r in everyone.rows]
    assert names == sorted(names, key=name_sort_key)
    with_cccd = [r for r in everyone.rows if r.cccd]
    assert with_cccd and all(len(r.cccd) == 12 and r.cccd.startswith("012") for r in with_cccd)


# --- the money papers ------------------------------------------------------------------------


@pytest.fixture
def attended(demo_db: Any) -> Any:
    """Scenario A with a petrol price and everyone present in classes 1 and 7."""
    from models.attendance.marks import set_all_present

    with demo_db.write() as s:
        plan = s.get(Plan, plan_id(s, demo.PLAN_A))
        plan.petrol_price = 23_450
        for code in (L01, "TTDN23-L07"):
            set_all_present(s, activity_id(s, code), by="test")
    return demo_db


def test_payout_sheet_matches_the_settlement(attended: Any) -> None:
    from models.settlement.compute import settle_activity

    with attended.read() as s:
        aid = activity_id(s, L01)
        sheet = payout_sheet(s, aid)
        settled = settle_activity(s, aid)
        everyone = payout_sheet(s, aid, include_zero=True, date=dt.date(2023, 10, 20))
    assert sheet.heading.activity_code == L01
    assert sheet.date == dt.date(2023, 10, 17)  # the last day of the class
    assert everyone.date == dt.date(2023, 10, 20)
    assert sheet.unit.chief_accountant == "Phạm Văn Tuấn"
    assert "420/QĐ-UBND" in sheet.heading.funding
    assert len(sheet.rows) == 40
    assert sheet.total == settled.payout_total > 0
    assert sheet.meal == sum(p.meal for p in settled.people)
    by_name = {p.full_name: p for p in settled.people}
    for row in sheet.rows:
        person = by_name[row.full_name]
        assert row.days == Decimal(person.half_days) / 2 == 2
        assert (row.meal, row.lodging, row.travel) == (person.meal, person.lodging, person.travel)
        assert person.position in row.position and person.commune in row.position
    names = [r.full_name for r in sheet.rows]
    assert names == sorted(names, key=name_sort_key)


def test_absent_class_makes_no_empty_payout(attended: Any) -> None:
    """Nobody paid: no empty paper, the core says why (issue 11)."""
    from models.errors import UserError
    from models.papers.money import NobodyPaidError

    with attended.read() as s:
        with pytest.raises(NobodyPaidError, match="TTDN23-L02: không có ai được chi tiền") as e:
            payout_sheet(s, activity_id(s, "TTDN23-L02"))
        full = payout_sheet(s, activity_id(s, "TTDN23-L02"), include_zero=True)
    assert isinstance(e.value, UserError)
    assert len(full.rows) == 40 and full.total == 0
    assert any("chưa điểm danh" in w for w in full.warnings)


def test_lecturer_fee_sheet(attended: Any) -> None:
    with attended.read() as s:
        sheet = lecturer_fee_sheet(s, activity_id(s, L01))
    assert len(sheet.rows) == 4
    assert sorted(r.tier for r in sheet.rows) == [3, 3, 4, 5]  # the Phó Cục trưởng is tier 3
    for row in sheet.rows:
        assert row.amount == row.sessions * row.rate
    assert sheet.fees == 1_500_000 + 1_500_000 + 1_200_000 + 800_000
    vu = next(r for r in sheet.rows if r.full_name == "Vũ Mạnh Cường")
    assert "Bộ Thông tin và Truyền thông" in vu.title
    # Every cost of the lecturer on the paper: travel from Hà Nội, a night, two days' per-diem.
    assert (vu.lodging, vu.per_diem) == (350_000, 400_000) and vu.travel > 0
    assert sheet.travel_rate and sheet.petrol_price and vu.travel_km == 900
    assert vu.travel == vu.travel_km * sheet.travel_rate
    assert sheet.total == sheet.fees + vu.travel + 750_000 == sum(r.gross for r in sheet.rows)


def test_budget_sheet(attended: Any) -> None:
    from models.budget.estimate import estimate_activity, estimate_plan

    with attended.read() as s:
        aid, pid = activity_id(s, L01), plan_id(s, demo.PLAN_A)
        one = budget_sheet(s, activity_id=aid)
        plan = budget_sheet(s, plan_id=pid, date=dt.date(2023, 4, 3))
        all_lines = budget_sheet(s, activity_id=aid, include_empty=True)
        est = estimate_activity(s, aid)
        plan_est = estimate_plan(s, pid)
        with pytest.raises(ValueError, match="exactly one"):
            budget_sheet(s)
    assert one.scope == "activity" and one.ceiling is None and len(one.sections) == 1
    assert one.total == est.total
    assert len(all_lines.sections[0].rows) == len(est.lines) > len(one.sections[0].rows)
    meal = next(r for r in one.sections[0].rows if r.item == "Hỗ trợ tiền ăn học viên")
    assert (meal.quantity, meal.rate, meal.amount, meal.cap) == (80, 200_000, 16_000_000, 200_000)
    assert meal.status == "ok" and "TT 55/2023" in meal.source
    by_document = [r for r in all_lines.sections[0].rows if r.status == "actual"]
    assert by_document and all(r.cap is None for r in by_document)
    assert not any(r.item.startswith("Thuê hội trường") for r in one.sections[0].rows)
    assert plan.scope == "plan" and plan.ceiling == 2_053_000_000
    assert plan.total == plan_est.total
    assert [sec.code for sec in plan.sections] == [f"TTDN23-L{n:02d}" for n in range(1, 8)]
    assert plan.heading.activity_code == demo.PLAN_A
    assert plan.date == dt.date(2023, 4, 3)


def test_settlement_book(attended: Any) -> None:
    from models.settlement.compute import settle_plan

    with attended.read() as s:
        pid = plan_id(s, demo.PLAN_A)
        book = settlement_book(s, pid)
        settled = settle_plan(s, pid)
    assert book.plan_code == demo.PLAN_A and book.ceiling == 2_053_000_000
    assert book.actual == settled.total and book.estimate == settled.estimate_total
    assert [a.code for a in book.activities] == [f"TTDN23-L{n:02d}" for n in range(1, 8)]
    first = book.activities[0]
    assert len(first.payouts) == 40  # everyone enrolled, paid or not
    assert first.venue.startswith("Hội trường")
    linked = {line.payout_column: line for line in first.lines if line.payout_column}
    assert set(linked) == {"meal", "lodging", "travel"}
    for column, line in linked.items():
        assert line.actual == sum(getattr(p, column) for p in first.payouts)
    absent = book.activities[1]
    assert absent.actual == 0 or all(p.total == 0 for p in absent.payouts)


def test_payout_lists_of_one_plan_read_the_plan_once(attended: Any) -> None:
    """A plan's payout lists in one session: the plan's unit, funding, categories, supports
    and petrol prices are read with the first and held (models.settlement.held
    load_for_settlement), not lazily again for each activity; the lists are the same as
    each read alone."""
    import gc

    from sqlalchemy import event

    tables = ("org_unit", "funding_source", "plan_category", "plan_support", "petrol_price")
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    codes = (L01, "TTDN23-L07")
    with attended.read() as s:
        alone = [payout_sheet(s, activity_id(s, c), include_zero=True) for c in codes]
    event.listen(attended.engine, "before_cursor_execute", count)
    try:
        with attended.read() as s:
            ids = [activity_id(s, code) for code in codes]
            first = payout_sheet(s, ids[0], include_zero=True)
            gc.collect()  # as it runs while a campaign's 17,000 rows are read
            before = len(seen)
            second = payout_sheet(s, ids[1], include_zero=True)
    finally:
        event.remove(attended.engine, "before_cursor_execute", count)
    assert [first, second] == alone
    assert any(f"FROM {t}" in q for q in seen[:before] for t in tables)
    again = [q for q in seen[before:] for t in (*tables, '"plan"') if f"FROM {t}" in q]
    assert again == []
    assert len(seen) - before <= 12  # statements for one more activity's list
