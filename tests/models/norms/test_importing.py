"""A norm set updated from a file: the differences shown first, locked classes keep their money."""

from __future__ import annotations

from pathlib import Path

from models.attendance.marks import set_all_present
from models.budget.estimate import estimate_activity
from models.db import Database
from models.lookup import activity_id
from models.norms.importing import apply_norm_file, compare_norm_file
from models.settlement.compute import settle_activity
from models.settlement.locking import lock_activity

SHIPPED = Path(__file__).resolve().parents[3] / "resources" / "norms" / "tt55_2023_national.toml"


def _edited(tmp_path: Path) -> Path:
    """The shipped file with the learners' meal cap raised and re-sourced (a new circular)."""
    text = SHIPPED.read_text(encoding="utf-8")
    head, marker, rest = text.partition('code = "MEAL_LEARNER"')
    assert marker
    rest = rest.replace("cap = 200000", "cap = 230000", 1)
    rest = rest.replace(
        'source = "TT 55/2023/TT-BTC, Điều 4, khoản 1"',
        'source = "TT 99/2026/TT-BTC, Điều 4 (giả định cho kiểm thử)"',
        1,
    )
    path = tmp_path / "tt55-sua.toml"
    path.write_text(head + marker + rest, encoding="utf-8")
    return path


def test_an_imported_set_shows_its_differences_and_never_reprices_a_locked_class(
    demo_url: str, tmp_path: Path
) -> None:
    path = _edited(tmp_path)
    db = Database(demo_url)
    with db.write() as s:
        locked_class = activity_id(s, "TTDN23-L01")
        set_all_present(s, locked_class, by="x")
        lock_activity(s, locked_class, by="Kế toán")
        paid = settle_activity(s, locked_class)
    with db.read() as s:
        preview = compare_norm_file(s, path)
    assert not preview.new_set and (preview.activities, preview.locked) == (7, 1)
    meal = [c for c in preview.changes if c.code == "MEAL_LEARNER"]
    assert [(c.field, c.old, c.new) for c in meal] == [
        ("cap", "200.000", "230.000"),
        ("source", "TT 55/2023/TT-BTC, Điều 4, khoản 1",
         "TT 99/2026/TT-BTC, Điều 4 (giả định cho kiểm thử)"),
    ]  # fmt: skip
    assert "1 lớp đã khóa quyết toán giữ nguyên số tiền" in preview.summary
    with db.read() as s:  # the comparison wrote nothing
        assert compare_norm_file(s, path).changes == preview.changes
    with db.write() as s:
        apply_norm_file(s, path)
    with db.write() as s:
        assert settle_activity(s, locked_class) == paid  # the locked class keeps its money
        other = estimate_activity(s, activity_id(s, "TTDN23-L02"))
    line = next(x for x in other.lines if x.key == "meal")
    assert (line.cap, line.source) == (230_000, "TT 99/2026/TT-BTC, Điều 4 (giả định cho kiểm thử)")
    with db.read() as s:
        assert compare_norm_file(s, path).changes == ()  # nothing left to change
    db.close()


def test_classes_priced_by_date_are_counted_too(empty_url: str, tmp_path: Path) -> None:
    import datetime as dt

    from models.planning.setup import ActivityInput, PlanInput, create_activity, create_plan

    db = Database(empty_url)
    with db.write() as s:  # a plan naming no set: its October class is priced by TT 55/2023
        plan = create_plan(s, PlanInput(code="KH", title="Kế hoạch"))
        create_activity(s, ActivityInput(plan.id, "L1", "Lớp 1", dt.date(2023, 10, 16),
                                         dt.date(2023, 10, 17)))  # fmt: skip
        create_activity(s, ActivityInput(plan.id, "L0", "Lớp 0", dt.date(2023, 3, 6),
                                         dt.date(2023, 3, 7)))  # fmt: skip
    with db.read() as s:
        preview = compare_norm_file(s, _edited(tmp_path))
    assert (preview.activities, preview.locked) == (1, 0)  # March is TT 15/2022's
    db.close()
