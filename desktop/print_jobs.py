"""The print centre's jobs: build each paper's data from the database (models.papers) and hand
it to its renderer (reports), one activity at a time so that progress shows and Hủy works.

No Qt here: a job gets a `Step` object to report progress and to check for cancellation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from desktop.i18n import N_
from models.db import Database
from models.papers import money
from models.papers import sign_in as signin


class Step(Protocol):
    def report(self, done: int, total: int, text: str = "") -> None: ...

    def check(self) -> None: ...


@dataclass(frozen=True)
class PaperKind:
    key: str
    title: str  # Vietnamese, shown in the list (translated by the page)
    per_activity: bool  # one file per activity (else one file for the scope)
    plan_only: bool = False


PAPERS = (
    PaperKind("sign-in", N_("Danh sách ký điểm danh (PDF)"), per_activity=True),
    PaperKind("payout", N_("Bảng kê chi tiền cho người tham dự (PDF)"), per_activity=True),
    PaperKind("lecturers", N_("Bảng thanh toán thù lao giảng viên (PDF)"), per_activity=True),
    PaperKind("budget-pdf", N_("Dự toán kinh phí (PDF)"), per_activity=False),
    PaperKind("budget-xlsx", N_("Dự toán kinh phí (Excel)"), per_activity=False),
    PaperKind("settlement", N_("Quyết toán kinh phí (Excel, cả kế hoạch)"), False, plan_only=True),
    PaperKind("roster", N_("Danh sách học viên (Excel)"), per_activity=False),
)
KINDS = {p.key: p for p in PAPERS}


@dataclass(frozen=True)
class PrintRequest:
    papers: tuple[str, ...]
    plan_id: int
    plan_code: str
    activity_ids: tuple[int, ...]  # the scope: one activity, or all of the plan's
    whole_plan: bool
    folder: Path
    by_commune: bool = False
    date: dt.date | None = None


@dataclass(frozen=True)
class PrintResult:
    files: tuple[Path, ...]
    warnings: tuple[str, ...]


def _per_activity(
    db: Database,
    request: PrintRequest,
    step: Step,
    counter: list[int],
    total: int,
    build: Callable[[Any, int], Any],
    write: Callable[[Any, Path], Path],
    name: Callable[[Any], str],
    warnings: list[str],
) -> list[Path]:
    files = []
    for activity_id in request.activity_ids:
        step.check()
        with db.read() as s:
            sheet = build(s, activity_id)
        warnings.extend(getattr(sheet, "warnings", ()))
        files.append(write(sheet, request.folder / name(sheet)))
        counter[0] += 1
        step.report(counter[0], total, name(sheet))
    return files


def run_print(db: Database, request: PrintRequest, step: Step) -> PrintResult:
    """Write every requested paper into request.folder; each file atomically."""
    # The writers (reportlab, openpyxl) load with the first print, not at window start.
    from reports.budget import write_budget_pdf, write_budget_xlsx
    from reports.files import file_names
    from reports.lecturer_fees import write_lecturer_fees
    from reports.payout import payout_file_names, write_payout
    from reports.roster_xlsx import write_roster_xlsx
    from reports.settlement_book import write_settlement_book
    from reports.signin import sheet_file_name, write_sign_in

    if not request.folder.is_dir():
        raise FileNotFoundError(f"thư mục không tồn tại: {request.folder}")
    n = len(request.activity_ids)
    total = sum(n if KINDS[p].per_activity else 1 for p in request.papers)
    counter = [0]
    files: list[Path] = []
    warnings: list[str] = []
    date = request.date

    def single(name: str, write: Callable[[Any, Path], Path], data: Any) -> None:
        step.check()
        files.append(write(data, request.folder / name))
        counter[0] += 1
        step.report(counter[0], total, name)

    for key in request.papers:
        if key == "sign-in":
            files += _per_activity(
                db, request, step, counter, total,
                lambda s, a: signin.sign_in_sheet(s, a, by_commune=request.by_commune, date=date),
                write_sign_in, lambda sheet: sheet_file_name(sheet, 0), warnings,
            )  # fmt: skip
        elif key == "payout":
            files += _per_activity(
                db, request, step, counter, total,
                lambda s, a: money.payout_sheet(s, a, date=date),
                write_payout, lambda sheet: payout_file_names([sheet])[0], warnings,
            )  # fmt: skip
        elif key == "lecturers":
            files += _per_activity(
                db, request, step, counter, total,
                lambda s, a: money.lecturer_fee_sheet(s, a, date=date),
                write_lecturer_fees,
                lambda sheet: file_names(
                    "thu-lao-giang-vien",
                    [(sheet.heading.activity_code, sheet.heading.activity_title)],
                )[0],
                warnings,
            )  # fmt: skip
        elif key in ("budget-pdf", "budget-xlsx"):
            with db.read() as s:
                sheet = money.budget_sheet(
                    s,
                    activity_id=None if request.whole_plan else request.activity_ids[0],
                    plan_id=request.plan_id if request.whole_plan else None,
                    date=date,
                )
            warnings.extend(sheet.warnings)
            stem = f"du-toan-{_scope_slug(request)}"
            if key == "budget-pdf":
                single(stem + ".pdf", write_budget_pdf, sheet)
            else:
                single(stem + ".xlsx", write_budget_xlsx, sheet)
        elif key == "settlement":
            with db.read() as s:
                book = money.settlement_book(s, request.plan_id, date=date)
            warnings.extend(book.warnings)
            name = f"quyet-toan-{_slug(request.plan_code)}.xlsx"
            single(name, write_settlement_book, book)
        elif key == "roster":
            with db.read() as s:
                roster = signin.roster_export(
                    s,
                    None if request.whole_plan else request.activity_ids[0],
                    plan_id=request.plan_id if request.whole_plan else None,
                )
            name = f"danh-sach-{_scope_slug(request)}.xlsx"
            single(name, write_roster_xlsx, roster)
    return PrintResult(files=tuple(files), warnings=tuple(dict.fromkeys(warnings)))


def _slug(text: str) -> str:
    from reports.files import slug

    return slug(text)


def _scope_slug(request: PrintRequest) -> str:
    return _slug(request.plan_code if request.whole_plan else f"{request.plan_code}-lop")


def describe(files: Sequence[Path]) -> str:
    return ", ".join(f.name for f in files[:3]) + (" …" if len(files) > 3 else "")
