"""Papers at campaign size (scenario B: 113 sessions, 17,269 people). Figures only, no asserts.

1. Sign-in sheets: the 113 sheets read through models.papers and drawn by reports.signin on
   both cores, against LibreOffice headless turning the same rows (one .xlsx, a repeated
   header row, landscape) into a PDF, when LibreOffice is installed. Goal: ≤ 0.6×.
2. The plan-level payout list (113 lists, everyone present, ≈1,240 pages) beside the sign-in
   sheets in the same run, in seconds per page (read + draw, the same processes; read as the
   print centre reads a plan's lists). Goal: the payout list ≤ 1.2× the sign-in sheets' time
   per page.
3. Settlement workbook of the 17,269 payout rows against a plain openpyxl write-only dump of
   the same values. Goal: ≤ 1.5×.
4. Peak memory (resident set) of this process and of the worker processes. Goal: < 300 MB.

    python -m bench papers
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
REPEAT = 5  # timed runs per measurement; the best one counts
PAYOUT_HEADINGS = ["STT", "Họ và tên", "Chức vụ, đơn vị", "Số ngày", "Tiền ăn", "Tiền nghỉ",
                   "Tiền đi lại", "Phụ cấp lưu trú", "Tổng cộng", "Ký nhận", "Ghi chú"]  # fmt: skip


def _timed(label: str, action: Callable[[], T], repeat: int = 1) -> tuple[T, float]:
    """Run `action` `repeat` times and keep the best time: the machine may be shared, and the
    least disturbed run is the one that says what the code costs."""
    best = float("inf")
    result: T
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    note = f" (best of {repeat})" if repeat > 1 else ""
    print(f"  {label + note:<66} {best:7.2f} s", flush=True)
    return result, best


def _race(
    label_a: str, action_a: Callable[[], T], label_b: str, action_b: Callable[[], object]
) -> tuple[T, float, float]:
    """Time two actions taking turns, REPEAT times each, and keep each one's best: on a shared
    machine a burst of someone else's work then hits both sides alike."""
    best_a = best_b = float("inf")
    result: T
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = action_a()
        best_a = min(best_a, time.perf_counter() - start)
        start = time.perf_counter()
        action_b()
        best_b = min(best_b, time.perf_counter() - start)
    for label, best in ((label_a, best_a), (label_b, best_b)):
        print(f"  {label + f' (best of {REPEAT})':<66} {best:7.2f} s", flush=True)
    return result, best_a, best_b


def _peak_mb(who: int) -> float:
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _signin_xlsx(sheets: Any, path: Path) -> None:
    """The same rows as one workbook: the header row repeated on every page, A4 landscape."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Điểm danh")
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"
    ws.print_title_rows = "1:1"
    for letter, width in zip("ABCDEFGHIJK", (5, 24, 7, 7, 9, 20, 16, 16, 14, 14, 12), strict=True):
        ws.column_dimensions[letter].width = width
    ws.append(["STT", "Họ và tên", "Nam", "Nữ", "Dân tộc", "Chức vụ", "Thôn/bản", "Xã",
               "Ngày 1 sáng", "Ghi chú", "Lớp"])  # fmt: skip
    for sheet in sheets:
        for number, p in enumerate(sheet.people, start=1):
            year = p.birth_year or ""
            male, female = (year, "") if p.gender != "F" else ("", year)
            ws.append([number, p.full_name, male, female, p.ethnicity, p.position, p.village,
                       p.commune, "", "", sheet.activity_code])  # fmt: skip
    wb.save(path)


def _libreoffice_pdf(soffice: str, source: Path, folder: Path) -> None:
    profile = folder / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=600,
    )


def _warm_libreoffice(soffice: str, folder: Path) -> None:
    """First start of a new profile costs seconds; do it once outside the timing."""
    from openpyxl import Workbook

    warm = folder / "warm.xlsx"
    wb = Workbook()
    wb.active.append(["warm"])
    wb.save(warm)
    _libreoffice_pdf(soffice, warm, folder)


def _plain_dump(book: Any, path: Path) -> None:
    """The settlement's values, sheet by sheet, with no styles and no formulas."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Tổng hợp")
    for a in book.activities:
        for line in a.lines:
            ws.append([a.code, line.item, line.unit, line.estimate, line.actual, line.variance])
    for a in book.activities:
        ws = wb.create_sheet(a.code)
        ws.append(PAYOUT_HEADINGS)
        for n, p in enumerate(a.payouts, start=1):
            ws.append([n, p.full_name, p.position, p.days, p.meal, p.lodging, p.travel,
                       p.per_diem, p.total, None, p.note])  # fmt: skip
    wb.save(path)


def _bench_sign_in(db: Any, workers: int, folder: Path) -> tuple[int, float]:
    """The sign-in sheets; returns their pages and read + draw seconds."""
    from pypdf import PdfReader

    from models.demo import scenarios as demo
    from models.lookup import plan_id
    from models.papers.sign_in import sign_in_sheets_for_plan
    from printing.output import Document, file_names
    from printing.parallel import write_parallel
    from printing.registry import paper

    print("Sign-in sheets")

    def read_sheets() -> Any:
        with db.read() as s:
            return sign_in_sheets_for_plan(s, plan_id(s, demo.PLAN_B))

    sheets, t_read = _timed("read 113 sheets (models.papers)", read_sheets, REPEAT)
    out = folder / "signin"
    out.mkdir()

    def draw() -> list[Path]:
        docs = [Document(None, s.activity_code, s.activity_title) for s in sheets]
        paths = [out / n for n in file_names("diem-danh", docs, "pdf")]
        return write_parallel(paper("sign-in"), sheets, paths, workers=workers)

    soffice = _soffice()
    if soffice is None:
        files, t_draw = _timed(f"draw 113 PDFs (reports.signin, {workers} processes)", draw, REPEAT)
        print("  LibreOffice not installed: skipped")
    else:
        lo = folder / "lo"
        lo.mkdir()
        source = lo / "diem-danh.xlsx"
        _signin_xlsx(sheets, source)
        _warm_libreoffice(soffice, lo)
        files, t_draw, t_lo = _race(
            f"draw 113 PDFs (reports.signin, {workers} processes)",
            draw,
            "LibreOffice headless: same rows .xlsx -> landscape PDF",
            lambda: _libreoffice_pdf(soffice, source, lo),
        )
    pages = sum(len(PdfReader(f).pages) for f in files)
    size = sum(f.stat().st_size for f in files) / 1e6
    ours = t_read + t_draw
    print(f"  {len(files)} files, {pages} pages, {size:.1f} MB; read + draw {ours:.2f} s")
    if soffice is not None:
        print(f"  ratio (read + draw) / LibreOffice: {ours / t_lo:.2f} (goal ≤ 0.60); "
              f"draw only: {t_draw / t_lo:.2f}")  # fmt: skip
    return pages, ours


def _mark_present(db: Any, pid: int) -> None:
    from models.attendance.marks import set_all_present

    def mark() -> None:
        with db.write() as s:
            for aid in sorted(a.id for a in s.get_one(_plan_class(), pid).activities):
                set_all_present(s, aid, by="bench")

    _timed("mark everyone present (setup, not a goal)", mark)


def _bench_payout(db: Any, workers: int, folder: Path, sign_in: tuple[int, float]) -> None:
    """The plan's payout lists (everyone present, so every list is full), read through
    models.papers and drawn by the same processes as the sign-in sheets."""
    from models.demo import scenarios as demo
    from models.lookup import plan_activity_ids, plan_id
    from models.papers.money import payout_sheet
    from models.settlement.held import holding_plan
    from printing.output import Document, file_names, pdf_pages
    from printing.parallel import write_parallel
    from printing.registry import paper

    print("Payout lists (bảng kê chi tiền) beside the sign-in sheets")

    def read_sheets() -> Any:
        # As the print centre reads a plan's lists: one session holding the plan's rows.
        with db.read() as s:
            pid = plan_id(s, demo.PLAN_B)
            ids = plan_activity_ids(s, pid)
            with holding_plan(s, pid):
                # Outreach pays the residents nothing but drinks by default: all are listed.
                return [payout_sheet(s, aid, include_zero=True) for aid in ids]

    # Best of REPEAT, as the sign-in sheets' read: both sides measured the same way.
    sheets, t_read = _timed(
        "read 113 payout lists (models.papers, settlement)", read_sheets, REPEAT
    )
    out = folder / "payout"
    out.mkdir()
    docs = [Document(None, s.heading.activity_code, s.heading.activity_title) for s in sheets]
    paths = [out / n for n in file_names("bang-ke", docs, "pdf")]
    files, t_draw = _timed(
        f"draw 113 PDFs (reports.payout, {workers} processes)",
        lambda: write_parallel(paper("payout"), sheets, paths, workers=workers),
        REPEAT,
    )
    pages = sum(pdf_pages(f) for f in files)
    sign_pages, sign_seconds = sign_in
    per_sign = sign_seconds / sign_pages
    per_pay = (t_read + t_draw) / pages
    print(f"  payout: {pages} pages, {per_pay * 1000:.2f} ms/page (read {t_read:.2f} s + "
          f"draw {t_draw:.2f} s)")  # fmt: skip
    print(f"  sign-in: {sign_pages} pages, {per_sign * 1000:.2f} ms/page")
    print(f"  ratio payout / sign-in per page: {per_pay / per_sign:.2f} (goal ≤ 1.20); "
          f"draw only: {t_draw / pages / per_sign:.2f}")  # fmt: skip


def _bench_settlement(db: Any, pid: int, folder: Path) -> None:
    from models.papers.money import settlement_book
    from reports.settlement_book import write_settlement_book

    print("Settlement workbook")

    def read_book() -> Any:
        with db.read() as s:
            return settlement_book(s, pid, refresh=True)

    book, _ = _timed("settle the plan (settlement via models.papers)", read_book)
    rows = sum(len(a.payouts) for a in book.activities)
    _, t_book, t_plain = _race(
        "settlement workbook (styles, formulas, page setup)",
        lambda: write_settlement_book(book, folder / "quyet-toan.xlsx"),
        f"plain openpyxl write-only dump of the {rows:,} rows",
        lambda: _plain_dump(book, folder / "plain.xlsx"),
    )
    print(f"  ratio workbook / plain dump: {t_book / t_plain:.2f} (goal ≤ 1.50)")


def main() -> None:
    from models.db import Database
    from models.demo import scenarios as demo

    workers = min(2, os.cpu_count() or 1)
    print(f"Scenario B: {demo.CAMPAIGN_SESSIONS} sessions, {demo.CAMPAIGN_PEOPLE:,} people; "
          f"{os.cpu_count()} cores, {workers} workers")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-papers-") as tmp:
        folder = Path(tmp)
        db = Database(f"sqlite:///{folder / 'b.sqlite3'}")

        def load() -> int:
            with db.write() as s:
                return demo.load_scenario_b(s).id

        pid, _ = _timed("load scenario B into SQLite (setup, not a goal)", load)
        sign_in = _bench_sign_in(db, workers, folder)
        _mark_present(db, pid)
        _bench_payout(db, workers, folder, sign_in)
        _bench_settlement(db, pid, folder)
        db.close()

    print("Memory")
    print(f"  peak resident set, this process:     {_peak_mb(resource.RUSAGE_SELF):6.0f} MB")
    print(f"  peak resident set, worker processes: {_peak_mb(resource.RUSAGE_CHILDREN):6.0f} MB"
          " (largest single child; LibreOffice included when it ran)")  # fmt: skip


def _plan_class() -> Any:
    from models.entities.tables import Plan

    return Plan


if __name__ == "__main__":
    main()
