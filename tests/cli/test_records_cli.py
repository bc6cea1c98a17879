"""taphuan-cli plan/activity add|edit|archive|restore|delete: the forms of the window in batch."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from cli.main import main
from models.db import Database
from models.entities.tables import Activity, ClassSession, Plan, Venue


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _count(url: str, table: type) -> int:
    db = Database(url)
    try:
        with db.read() as s:
            return int(s.scalar(select(func.count()).select_from(table)) or 0)
    finally:
        db.close()


def test_a_plan_and_its_class_typed_edited_archived_and_deleted(
    capsys: pytest.CaptureFixture[str], empty_url: str
) -> None:
    db = ("--db", empty_url)
    code, out, _ = run(
        capsys, *db, "plan", "add", "--code", "KH-LC", "--title", "Tập huấn trưởng bản",
        "--ceiling", "250.000.000 đ", "--decision", "12/QĐ-UBND", "--json",
    )  # fmt: skip
    plan = json.loads(out)
    assert code == 0 and plan["ceiling"] == 250_000_000 and plan["activities"] == []
    assert plan["decision"].endswith("12/QĐ-UBND")

    code, out, _ = run(
        capsys, *db, "activity", "add", "--plan", "KH-LC", "--code", "L01", "--title", "Lớp 1",
        "--start", "2026-03-02", "--end", "2026-03-03", "--venue", "Hội trường Sở",
        "--capacity", "40", "--expected", "40", "--json",
    )  # fmt: skip
    added = json.loads(out)
    assert code == 0 and (added["sessions"], added["capacity"]) == (4, 40)

    code, out, _ = run(
        capsys, *db, "activity", "edit", "L01", "--title", "Lớp 1 (dời)", "--start",
        "2026-03-09", "--end", "2026-03-11", "--json",
    )  # fmt: skip
    edited = json.loads(out)
    assert code == 0 and (edited["title"], edited["start"], edited["sessions"]) == (
        "Lớp 1 (dời)", "2026-03-09", 6,
    )  # fmt: skip

    code, _, err = run(capsys, *db, "plan", "edit", "KH-LC", "--petrol-price", "19.850")
    assert code == 0 and "Đã sửa kế hoạch KH-LC" in err
    with Database(empty_url).read() as s:
        stored = s.scalar(select(Plan))
        assert stored is not None and stored.petrol_price == 19_850

    code, out, _ = run(capsys, *db, "activity", "archive", "L01", "--json")
    assert code == 0 and json.loads(out)["archived"] is True
    code, out, _ = run(capsys, *db, "plans", "--json")
    assert json.loads(out)[0]["activities"] == []  # hidden from the list
    run(capsys, *db, "activity", "restore", "L01")

    code, out, _ = run(capsys, *db, "activity", "delete", "L01", "--yes", "--json")
    gone = json.loads(out)
    assert code == 0 and gone["deleted"] == "L01" and gone["sessions"] == 6
    assert _count(empty_url, Activity) == 0 and _count(empty_url, ClassSession) == 0
    assert _count(empty_url, Venue) == 1  # the venue stays

    code, out, _ = run(capsys, *db, "plan", "delete", "KH-LC", "--yes", "--json")
    assert code == 0 and _count(empty_url, Plan) == 0


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (("plan", "add", "--code", "KH-A", "--title", "Trùng mã"), "mã kế hoạch KH-A đã được dùng"),
        (("plan", "add", "--code", "KH-B", "--title", "T", "--ceiling", "250k"), "250k"),
        (("plan", "add", "--code", "KH-B", "--title", "T", "--ceiling", "-5"), "không được âm"),
        (("activity", "add", "--plan", "KH-A", "--code", "L9", "--title", "T",
          "--start", "2026-03-05", "--end", "2026-03-02"), "Ngày kết thúc"),
        (("activity", "edit", "KHONG-CO", "--title", "x"), "không có hoạt động mã KHONG-CO"),
        (("activity", "delete", "L01"), "Thêm --yes"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], empty_url: str, argv: tuple[str, ...], reason: str
) -> None:
    db = ("--db", empty_url)
    run(capsys, *db, "plan", "add", "--code", "KH-A", "--title", "Kế hoạch A")
    run(
        capsys, *db, "activity", "add", "--plan", "KH-A", "--code", "L01", "--title", "Lớp 1",
        "--start", "2026-03-02", "--end", "2026-03-02",
    )  # fmt: skip
    before = (_count(empty_url, Plan), _count(empty_url, Activity))
    with pytest.raises(SystemExit) if "--ceiling" in argv else _nothing():
        code, out, err = run(capsys, *db, *argv)
        assert code != 0 and out == ""
        assert reason in err and len(err.strip().splitlines()) == 1
    if "--ceiling" in argv:
        assert reason in capsys.readouterr().err
    assert (_count(empty_url, Plan), _count(empty_url, Activity)) == before


def test_a_class_with_attendance_is_archived_not_deleted(
    capsys: pytest.CaptureFixture[str], demo_url: str
) -> None:
    from models.attendance.marks import set_mark
    from models.entities.tables import Enrollment

    with Database(demo_url).write() as s:  # the trainer marked one person at the first buổi
        enrollment = s.scalars(select(Enrollment).order_by(Enrollment.id)).first()
        assert enrollment is not None
        activity = enrollment.activity
        set_mark(s, enrollment.id, activity.sessions[0].id, "present", by="giảng viên")
        code = activity.code
    before = _count(demo_url, Activity)
    exit_code, _out, err = run(capsys, "--db", demo_url, "activity", "delete", code, "--yes")
    assert exit_code == 1 and "chỉ lưu trữ được" in err
    assert _count(demo_url, Activity) == before


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def test_plan_edit_sets_who_gets_what_and_distances_by_commune(
    capsys: pytest.CaptureFixture[str], demo_url: str
) -> None:
    from models.budget.edit import support_choices
    from models.entities.tables import Person
    from models.lookup import plan_id

    db = ("--db", demo_url)
    with Database(demo_url).write() as s:
        commune = s.scalars(select(Person.commune).order_by(Person.id)).first()
        assert commune
        for p in s.scalars(select(Person).where(Person.commune == commune)):
            p.distance_km = None
    code, _out, err = run(
        capsys, *db, "plan", "edit", "KH-TTDN-2023", "--support", "learner_salaried:meal=có",
    )  # fmt: skip
    assert code == 1 and "cơ quan cử đi" in err  # their agency pays them (issue 10)
    code, _out, err = run(
        capsys, *db, "plan", "edit", "KH-TTDN-2023", "--payer", "learner_salaried=class",
        "--support", "learner_salaried:meal=có",
        "--support", "organiser:travel=không", "--distance", f"{commune}=42",
    )  # fmt: skip
    assert code == 0, err
    with Database(demo_url).read() as s:
        grid = support_choices(s, plan_id(s, "KH-TTDN-2023"))
        assert "meal" in grid["learner_salaried"] and "travel" not in grid["organiser"]
        kms = set(s.scalars(select(Person.distance_km).where(Person.commune == commune)))
        assert kms == {42}
    with pytest.raises(SystemExit) as bad:  # argparse: the usage and one line, status 2
        main([*db, "plan", "edit", "KH-TTDN-2023", "--support", "x:y=có"])
    assert bad.value.code == 2 and "NHÓM:KHOẢN=có|không" in capsys.readouterr().err


def test_a_class_gets_its_lecturers_by_name(
    capsys: pytest.CaptureFixture[str], empty_url: str
) -> None:
    from models.planning.setup import LecturerInput, save_lecturer

    with Database(empty_url).write() as s:
        for name in ("Đặng Thu Hà", "Lê Văn Bình"):
            save_lecturer(s, LecturerInput(full_name=name))
    db = ("--db", empty_url)
    run(capsys, *db, "plan", "add", "--code", "KH-A", "--title", "Kế hoạch A")
    code, _out, err = run(
        capsys, *db, "activity", "add", "--plan", "KH-A", "--code", "L01", "--title", "Lớp 1",
        "--start", "2026-03-02", "--end", "2026-03-02", "--lecturer", "Đặng Thu Hà",
        "--lecturer", "Lê Văn Bình",
    )  # fmt: skip
    assert code == 0, err
    with Database(empty_url).read() as s:
        teachers = [x.lecturer.full_name for x in s.scalars(select(ClassSession)) if x.lecturer]
    assert teachers == ["Đặng Thu Hà", "Lê Văn Bình"]
    code, _out, err = run(capsys, *db, "activity", "edit", "L01", "--lecturer", "Không Có")
    assert code == 1 and "không có giảng viên «Không Có»" in err
