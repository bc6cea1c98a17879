"""The audit trail's cost: scenario B's import and marking a 153-person session present, each
with the trail on and off (models.audit.auditing), in the same run. Goal: ≤ 1.3×.

Each run works on a fresh SQLite file whose setup is not timed; best of 3 per figure.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from bench.bench_import import build_workbook
from models.attendance.marks import set_all_present
from models.audit import auditing
from models.db import Database
from models.entities.enums import Half
from models.entities.tables import Activity, ClassSession, Enrollment, Person, Plan
from models.roster_import.apply import apply_import
from models.roster_import.plan import plan_import

CLASS_SIZE = 153


def _import(folder: Path, workbook: Path, run: str, audit: bool) -> float:
    db = Database(f"sqlite:///{folder / f'import-{run}.sqlite3'}")
    with auditing(audit):
        start = time.perf_counter()
        with db.write() as session:
            apply_import(session, plan_import(session, workbook))
        elapsed = time.perf_counter() - start
    db.close()
    return elapsed


def _class(folder: Path, run: str) -> tuple[Database, int]:
    db = Database(f"sqlite:///{folder / f'marks-{run}.sqlite3'}")
    with auditing(False), db.write() as s:
        plan = Plan(code="KH-BENCH", title="Đo")
        day = dt.date(2026, 10, 16)
        activity = Activity(plan=plan, code="L-BENCH", title="Lớp đo", start_date=day, end_date=day)
        s.add_all([plan, activity])
        s.flush()
        s.add(ClassSession(activity_id=activity.id, on_date=day, half=Half.MORNING))
        people = [
            Person(full_name=f"Lò Văn {n}", cccd=f"0121660{n:05d}") for n in range(CLASS_SIZE)
        ]
        s.add_all(people)
        s.flush()
        s.add_all(Enrollment(person_id=p.id, activity_id=activity.id) for p in people)
        return db, activity.id


def _marks(folder: Path, run: str, audit: bool) -> float:
    db, activity_id = _class(folder, run)
    with auditing(audit):
        start = time.perf_counter()
        with db.write() as s:
            changed = set_all_present(s, activity_id, by="đo", session_no=1)
        elapsed = time.perf_counter() - start
    assert changed == CLASS_SIZE
    db.close()
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as temp:
        folder = Path(temp)
        workbook = folder / "scenario_b.xlsx"
        build_workbook(workbook)
        for label, work in (
            ("scenario B import (17,269 people)", lambda r, a: _import(folder, workbook, r, a)),
            (f"mark a {CLASS_SIZE}-person session present", lambda r, a: _marks(folder, r, a)),
        ):
            off = min(work(f"off{i}", False) for i in range(3))
            on = min(work(f"on{i}", True) for i in range(3))
            print(
                f"{label}: audit off {off * 1000:.0f} ms, on {on * 1000:.0f} ms, "
                f"ratio {on / off:.2f}× (goal ≤ 1.3×)"
            )


if __name__ == "__main__":
    main()
