"""Roster import of scenario B (17,269 people, one sheet per commune) vs a bare calamine read.

The workbook is built once (openpyxl, not timed) from the scenario-B generators of
models.demo, shaped like the real thing: title rows with merged cells, a two-row header with
Năm sinh over Nam | Nữ, a numbering row, totals and signature blocks. Timed: reading it with
python-calamine alone, and the full import (read, header detection, classification, repair,
validation, dedupe, bulk insert) into a fresh SQLite file, in the same run. Goal: ≤ 8×.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import python_calamine

from models.db import Database
from models.demo import population
from models.demo import scenarios as demo
from models.roster_import.apply import apply_import
from models.roster_import.plan import plan_import

HEADER = ["STT", "Họ và tên", "Năm sinh", "", "Dân tộc", "Chức vụ", "Thôn, bản", "Xã",
          "Số CCCD", "Số điện thoại", "Ghi chú"]  # fmt: skip


def scenario_b_people(seed: int = 2024) -> dict[str, list[list[object]]]:
    """Scenario B's 17,269 participants as rows, grouped by commune (sheet)."""
    rng = random.Random(seed)
    names = population.Names(rng, "011")
    per_session = [demo.CAMPAIGN_PEOPLE // demo.CAMPAIGN_SESSIONS] * demo.CAMPAIGN_SESSIONS
    for i in range(demo.CAMPAIGN_PEOPLE - sum(per_session)):
        per_session[i] += 1
    sheets: dict[str, list[list[object]]] = {f"Xã {c}": [] for c in population.TUAN_GIAO_COMMUNES}
    for index, count in enumerate(per_session):
        place = index % demo.CAMPAIGN_PLACES
        commune = f"Xã {population.TUAN_GIAO_COMMUNES[place % len(population.TUAN_GIAO_COMMUNES)]}"
        village = f"Bản {population.BAN_NAMES[(place * 7) % len(population.BAN_NAMES)]}"
        for _ in range(count):
            row = population.person_row(
                names,
                ethnicity=rng.choice(("Thái", "Thái", "Thái", "Mông", "Mông", "Kinh", "Khơ Mú")),
                female=rng.random() < 0.45,
                birth_year=rng.randint(1950, 2003),
                position="Đại diện hộ gia đình",
                village=village,
                commune=commune,
                district="Huyện Tuần Giáo",
                province="Điện Biên",
                salaried=False,
                distance_km=rng.randint(0, 8),
                with_cccd=rng.random() < 0.9,
                with_phone=rng.random() < 0.6,
            )
            female = row["gender"] == "F"
            cccd = row["cccd"]
            sheet = sheets[commune]
            sheet.append(
                [
                    len(sheet) + 1,
                    row["full_name"],
                    "" if female else row["birth_year"],
                    row["birth_year"] if female else "",
                    row["ethnicity"],
                    row["position"],
                    row["village"],
                    row["commune"],
                    int(str(cccd)) if cccd and rng.random() < 0.3 else cccd or "",  # lost zero
                    row["phone"],
                    "",
                ]
            )
    return sheets


def build_workbook(path: Path) -> int:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    total = 0
    for name, people in scenario_b_people().items():
        sheet = workbook.create_sheet(name)
        sheet.append([f"UBND {name.upper()}", "", "", "", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
        sheet.append(["", "", "", "", "", "Độc lập - Tự do - Hạnh phúc"])
        sheet.append([])
        sheet.append(["DANH SÁCH ĐẠI DIỆN HỘ GIA ĐÌNH THAM DỰ BUỔI TRUYỀN THÔNG"])
        sheet.append(HEADER)
        sheet.append(["", "", "Nam", "Nữ"])
        sheet.append([f"({i})" for i in range(1, len(HEADER) + 1)])
        for span in ("A1:D1", "F1:K1", "F2:K2", "A4:K4", "C5:D5", "A5:A6", "B5:B6"):
            sheet.merge_cells(span)
        for row in people:
            sheet.append(row)
        sheet.append([f"Tổng cộng: {len(people)} người"])
        sheet.append([])
        sheet.append(["", "", "", "", "", "", "", "Tuần Giáo, ngày 20 tháng 10 năm 2023"])
        sheet.append(["", "Người lập biểu", "", "", "", "", "", "T/M UBND XÃ"])
        total += len(people)
    workbook.save(path)
    return total


def bare_read(path: Path) -> int:
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    rows = 0
    for name in workbook.sheet_names:
        rows += len(workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
    workbook.close()
    return rows


def best(runs: int, action: Callable[[], object]) -> tuple[float, object]:
    times = []
    result: object = None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-import-") as temp:
        _run(Path(temp))


def _run(folder: Path) -> None:
    path = folder / "tuan_giao_17269.xlsx"
    start = time.perf_counter()
    people = build_workbook(path)
    print(f"workbook: {people} people in 18 sheets, {path.stat().st_size / 1e6:.1f} MB "
          f"(built in {time.perf_counter() - start:.1f} s, not timed)")  # fmt: skip

    read_s, rows = best(5, lambda: bare_read(path))
    print(f"bare python-calamine read: {read_s:.3f} s ({rows} rows)")

    figures = []
    for run in range(3):
        url = f"sqlite:///{folder / f'import{run}.sqlite3'}"
        db = Database(url)  # migrations are not part of the import
        start = time.perf_counter()
        with db.write() as session:
            preview = plan_import(session, path)
            planned = time.perf_counter()
            result = apply_import(session, preview)
        done = time.perf_counter()
        db.close()
        figures.append((done - start, planned - start, done - planned, result))
    total, plan_s, apply_s, result = min(figures, key=lambda f: f[0])
    doc = result.as_json()
    print(
        f"full import into a fresh SQLite file: {total:.3f} s "
        f"(analysis {plan_s:.3f} s, insert + commit {apply_s:.3f} s), best of 3"
    )
    print(
        f"  person_rows {doc['person_rows']}, imported {doc['imported']}, duplicates "
        f"{doc['duplicates']}, possible {doc['possible_duplicates']}, rejected "
        f"{doc['rejected']}, skipped {len(doc['skipped'])}, reconciled {doc['reconciled']}"
    )
    print(f"  repaired: {doc['repaired']}")
    print(f"ratio import / bare read: {total / read_s:.1f}× (goal ≤ 8×)")


if __name__ == "__main__":
    main()
