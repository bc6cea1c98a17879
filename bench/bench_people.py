"""The people list at campaign size: scenario A + B (17,559 people) in a fresh SQLite file.

Timed, as the window does it on its worker: the ids of everyone in Vietnamese name order plus
the first page of rows; a filter as typed without tone marks; a sort by commune. The window's
goal is "well under a second" to open and a filter that keeps up with typing.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from models.db import Database
from models.demo import scenarios as demo
from models.entities.tables import Activity
from models.people.queries import fetch_rows, filter_choices, person_ids

PAGE = 200


def _best(db: Database, runs: int = 5, **query: object) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        with db.read() as s:
            ids = person_ids(s, **query)  # type: ignore[arg-type]
            fetch_rows(s, ids[:PAGE])
        best = min(best, time.perf_counter() - start)
        count = len(ids)
    return best, count


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        start = time.perf_counter()
        with db.write() as s:
            demo.load_scenario_a(s)
            demo.load_scenario_b(s)
        print(f"demo A+B loaded:            {time.perf_counter() - start:6.2f} s")
        start = time.perf_counter()
        with db.read() as s:
            choices = filter_choices(s)
        print(
            f"filter choices:             {(time.perf_counter() - start) * 1000:6.0f} ms  "
            f"({len(choices.communes)} communes, {len(choices.villages[''])} villages)"
        )
        cases = {
            "everyone, name order": {},
            "filter 'lo van' (no tones)": {"text": "lo van"},
            "filter 'thanh'": {"text": "thanh"},
            "filter CCCD digits '0111'": {"text": "0111"},
            "sort by commune, descending": {"order": "commune", "descending": True},
            "commune 'Xã Nà Sáy'": {"commune": "Xã Nà Sáy"},
            "commune + village": {"commune": "Xã Mường Khong", "village": "Bản Phiêng Pi"},
            "commune + 'lo' typed": {"commune": "Xã Nà Sáy", "text": "lo"},
            "one class (the last)": {"class_id": -1},
        }
        with db.read() as s:
            last_class = max(s.scalars(select(Activity.id)))
        for label, query in cases.items():
            asked = {**query, "class_id": last_class} if query.get("class_id") == -1 else query
            seconds, count = _best(db, **asked)
            print(f"{label:<28} {seconds * 1000:6.0f} ms  ({count} people, first {PAGE} rows)")
        db.close()


if __name__ == "__main__":
    main()
