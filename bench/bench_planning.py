"""Planning at campaign size: scenario B's 17,269 people split into classes, and the plan check
over its 113 buổi, each beside a plain query over the same rows in the same run.

Goals (issue: planning): each under 1 s on the 2-core machine, and the plan check within 5×
the plain query. The split is a preview (nothing written), as the window shows it.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import delete, select

from models.db import Database
from models.demo import scenarios as demo
from models.entities.tables import Activity, ClassSession, Enrollment, Person, Venue
from models.lookup import plan_id
from models.planning.clashes import check_plan
from models.planning.setup import ActivityInput, create_activity
from models.planning.split import propose_split


def _best(runs: int, action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="taphuan-bench-") as folder:
        db = Database(f"sqlite:///{Path(folder) / 'plan.sqlite3'}")
        with db.write() as s:
            demo.load_scenario_b(s)
        pid = 0
        with db.read() as s:
            pid = plan_id(s, demo.PLAN_B)

        def check() -> object:
            with db.read() as s:
                return check_plan(s, pid)

        def plain_sessions() -> object:
            # The same rows the check reads: the plan's buổi and its enrolments.
            with db.read() as s:
                sessions = s.execute(
                    select(ClassSession.on_date, ClassSession.half, ClassSession.venue_id,
                           ClassSession.lecturer_id, Activity.code)
                    .join(Activity).where(Activity.plan_id == pid)
                ).all()  # fmt: skip
                people = s.execute(
                    select(Enrollment.person_id, Enrollment.activity_id)
                    .join(Activity).where(Activity.plan_id == pid)
                ).all()  # fmt: skip
                return sessions, people

        t_check = _best(5, check)
        t_plain = _best(5, plain_sessions)
        print(f"plan check, 113 buổi: {t_check:.3f} s; plain query {t_plain:.3f} s; "
              f"{t_check / t_plain:.1f}× (goal ≤ 5×, < 1 s)")  # fmt: skip

        # The campaign's people as a pool waiting for classes (the rosters imported first).
        with db.write() as s:
            s.execute(delete(Enrollment))
            venue = s.scalars(select(Venue).limit(1)).one()
            venue.capacity = 200
            create_activity(
                s, ActivityInput(pid, "CDTT23-L001", "Lớp 1", dt.date(2023, 11, 6),
                                 dt.date(2023, 11, 6), venue_id=venue.id),
            )  # fmt: skip

        def split() -> object:
            with db.read() as s:
                return propose_split(s, pid, classes=113, limit=160, by="commune")

        def plain_people() -> object:
            with db.read() as s:
                return s.execute(
                    select(Person.id, Person.full_name, Person.commune, Person.district).order_by(
                        Person.sort_key
                    )
                ).all()

        t_split = _best(3, split)
        t_people = _best(3, plain_people)
        proposal = split()
        placed = sum(len(c.person_ids) for c in proposal.classes)  # type: ignore[attr-defined]
        print(f"split 17,269 people into 113 classes by commune: {t_split:.3f} s "
              f"({placed} placed); plain query {t_people:.3f} s; "
              f"{t_split / t_people:.1f}× (goal < 1 s)")  # fmt: skip
        db.close()


if __name__ == "__main__":
    main()
