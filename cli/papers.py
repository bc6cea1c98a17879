"""print and export: the papers as PDF files and the workbooks as .xlsx.

    taphuan-cli print sign-in|payout|lecturers|budget (--activity MÃ | --plan MÃ) --out ĐƯỜNG_DẪN
    taphuan-cli export settlement --plan MÃ --out TỆP.xlsx
    taphuan-cli export budget (--activity MÃ | --plan MÃ) --out TỆP.xlsx
    taphuan-cli export roster [--activity MÃ | --plan MÃ] --out TỆP.xlsx

--out is a file; for a plan's per-activity papers (sign-in, payout, lecturers) it is a folder
that receives one PDF per activity, unless it ends in .pdf: then one combined file. Every file
is written under a temporary name and renamed when complete, so a failure leaves no part file.
A JSON summary goes to stdout, messages to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.common import CliError, Context, emit_json, say
from cli.print_workers import DEFAULT_WORKERS
from models.db import Session

if TYPE_CHECKING:
    from models.papers.data import BudgetSheet, LecturerFeeSheet, PayoutSheet

__all__ = ["register"]

PRINTS = ("sign-in", "payout", "lecturers", "budget")
EXPORTS = ("settlement", "budget", "roster")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ (YYYY-MM-DD): {text}") from exc


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "print",
        parents=[common],
        help="in giấy tờ ra PDF: danh sách ký, bảng kê chi tiền, thù lao giảng viên, dự toán",
    )
    p.add_argument("paper", choices=PRINTS, help="giấy tờ cần in")
    scope = p.add_mutually_exclusive_group(required=True)
    scope.add_argument("--activity", metavar="MÃ", help="một hoạt động (lớp)")
    scope.add_argument("--plan", metavar="MÃ", help="mọi hoạt động của một kế hoạch")
    p.add_argument(
        "--out",
        required=True,
        metavar="ĐƯỜNG_DẪN",
        help="tệp .pdf; với --plan: thư mục (mỗi hoạt động một tệp) hoặc một tệp .pdf gộp",
    )
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="ngày ghi trên giấy tờ")
    p.add_argument("--by-commune", action="store_true", help="danh sách ký: mỗi xã sang trang mới")
    p.add_argument(
        "--workers",
        type=int,
        default=DEFAULT_WORKERS,
        metavar="N",
        help="số tiến trình khi in nhiều tệp (mặc định: 2, một với việc nhỏ)",
    )
    p.set_defaults(handler=cmd_print)

    p = sub.add_parser(
        "export", parents=[common], help="xuất bảng tính .xlsx: quyết toán, dự toán, danh sách"
    )
    p.add_argument("workbook", choices=EXPORTS, help="bảng tính cần xuất")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--activity", metavar="MÃ", help="một hoạt động (lớp)")
    scope.add_argument("--plan", metavar="MÃ", help="một kế hoạch")
    p.add_argument("--out", required=True, metavar="TỆP.xlsx", help="tệp .xlsx")
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="ngày ghi trên giấy tờ")
    p.set_defaults(handler=cmd_export)


# --- output paths ----------------------------------------------------------------------------


def _file_target(out: str, suffix: str) -> Path:
    path = Path(out).expanduser()
    if path.suffix.lower() != suffix:
        raise CliError(f"tệp xuất phải có đuôi {suffix}: {out}")
    if path.is_dir():
        raise CliError(f"{out} là một thư mục, cần một tên tệp {suffix}")
    if not path.parent.is_dir():
        raise CliError(f"thư mục không tồn tại: {path.parent}")
    return path


def _folder_target(out: str) -> Path:
    path = Path(out).expanduser()
    if path.exists() and not path.is_dir():
        raise CliError(f"{out} đã có và không phải thư mục")
    if not path.exists():
        if not path.parent.is_dir():
            raise CliError(f"thư mục không tồn tại: {path.parent}")
        path.mkdir()
    return path


def _write(action: Callable[[], Any]) -> Any:
    """Run a writer; file-system errors become one line (the writers leave no part file)."""
    try:
        return action()
    except OSError as exc:
        from models.errors import file_error_reason

        where = f": {exc.filename}" if exc.filename else ""
        raise CliError(f"không ghi được tệp ({file_error_reason(exc)}){where}") from exc


def _lookup(action: Callable[[], Any]) -> Any:
    """Unknown codes and the core's refusals (models.errors.UserError) become one line."""
    from models.errors import UserError

    try:
        return action()
    except UserError as exc:
        raise CliError(str(exc)) from exc


def _warn(warnings: Iterable[str]) -> None:
    for warning in dict.fromkeys(warnings):
        say(f"Lưu ý: {warning}")


def _scope_ids(session: Session, args: argparse.Namespace) -> tuple[int | None, int | None]:
    from models.lookup import activity_id, plan_id

    aid = _lookup(lambda: activity_id(session, args.activity)) if args.activity else None
    pid = _lookup(lambda: plan_id(session, args.plan)) if args.plan else None
    return aid, pid


def _report(paper: str, files: Sequence[Path], **extra: object) -> int:
    emit_json({"paper": paper, "files": [str(f) for f in files], **extra})
    where = files[0] if len(files) == 1 else f"{len(files)} tệp trong {files[0].parent}"
    say(f"Đã ghi {where}.")
    return 0


# --- print -----------------------------------------------------------------------------------


def cmd_print(ctx: Context, args: argparse.Namespace) -> int:
    if args.workers < 1:
        raise CliError("--workers phải từ 1 trở lên")
    combined = args.activity is not None or args.out.lower().endswith(".pdf")
    if args.paper == "budget":
        combined = True
    target = _file_target(args.out, ".pdf") if combined else _folder_target(args.out)
    handler = {
        "sign-in": _print_sign_in,
        "payout": _print_payout,
        "lecturers": _print_lecturers,
        "budget": _print_budget,
    }[args.paper]
    result: int = handler(ctx, args, target, combined)
    return result


def _print_sign_in(ctx: Context, args: argparse.Namespace, target: Path, combined: bool) -> int:
    from cli.print_workers import SMALL_JOB, render_by_id, workers_for
    from models.lookup import plan_activity_ids
    from models.papers.sign_in import sign_in_sheet, sign_in_sheets_for_plan
    from reports.signin import (
        start_method,
        unique_names,
        write_sign_in,
        write_sign_in_many,
        write_sign_in_parallel,
    )

    with ctx.db.read() as session:
        aid, pid = _scope_ids(session, args)
        if aid is not None:
            sheets = [sign_in_sheet(session, aid, by_commune=args.by_commune, date=args.date)]
        else:
            assert pid is not None
            sheets = sign_in_sheets_for_plan(
                session, pid, by_commune=args.by_commune, date=args.date
            )
    if not sheets:
        raise CliError(f"kế hoạch {args.plan} chưa có hoạt động nào")
    people = sum(len(s.people) for s in sheets)
    if combined:
        if len(sheets) == 1:
            files = [_write(lambda: write_sign_in(sheets[0], target))]
        else:
            files = [_write(lambda: write_sign_in_many(sheets, target))]
    elif (
        start_method() == "spawn"
        and pid is not None
        and len(sheets) >= SMALL_JOB
        and workers_for(len(sheets), args.workers) > 1  # one worker: this process does it
    ):
        # Spawned workers get activity ids and read their own sheet: no sheets pickled.
        with ctx.db.read() as session:
            ids = plan_activity_ids(session, pid)
        jobs = list(zip(ids, (target / n for n in unique_names(sheets)), strict=True))
        workers = workers_for(len(jobs), args.workers)
        files = _write(
            lambda: render_by_id(
                ctx.db.url, jobs, workers=workers, by_commune=args.by_commune, date=args.date
            )
        )
    else:
        workers = workers_for(len(sheets), args.workers)
        files = _write(lambda: write_sign_in_parallel(sheets, target, workers=workers))
    return _report("sign-in", files, sheets=len(sheets), people=people)


def _print_payout(ctx: Context, args: argparse.Namespace, target: Path, combined: bool) -> int:
    from models.papers.money import payout_sheet
    from reports.payout import write_payout, write_payouts, write_payouts_to_folder

    with ctx.db.read() as session:
        aid, pid = _scope_ids(session, args)
        ids = [aid] if aid is not None else _plan_activities(session, pid)
        sheets: list[PayoutSheet] = _lookup(
            lambda: [payout_sheet(session, i, date=args.date) for i in ids]
        )
    _warn(w for s in sheets for w in s.warnings)
    total = sum(s.total for s in sheets)
    if combined:
        if len(sheets) == 1:
            files = [_write(lambda: write_payout(sheets[0], target))]
        else:
            files = [_write(lambda: write_payouts(sheets, target))]
    else:
        files = _write(lambda: write_payouts_to_folder(sheets, target))
    return _report("payout", files, sheets=len(sheets), total=total)


def _print_lecturers(ctx: Context, args: argparse.Namespace, target: Path, combined: bool) -> int:
    from models.papers.money import lecturer_fee_sheet
    from reports.lecturer_fees import (
        write_lecturer_fees,
        write_lecturer_fees_many,
        write_lecturer_fees_to_folder,
    )

    with ctx.db.read() as session:
        aid, pid = _scope_ids(session, args)
        ids = [aid] if aid is not None else _plan_activities(session, pid)
        sheets: list[LecturerFeeSheet] = _lookup(
            lambda: [lecturer_fee_sheet(session, i, date=args.date) for i in ids]
        )
    total = sum(s.total for s in sheets)
    if combined:
        if len(sheets) == 1:
            files = [_write(lambda: write_lecturer_fees(sheets[0], target))]
        else:
            files = [_write(lambda: write_lecturer_fees_many(sheets, target))]
    else:
        files = _write(lambda: write_lecturer_fees_to_folder(sheets, target))
    return _report("lecturers", files, sheets=len(sheets), total=total)


def _print_budget(ctx: Context, args: argparse.Namespace, target: Path, _combined: bool) -> int:
    from reports.budget import write_budget_pdf

    sheet = _budget(ctx, args)
    files = [_write(lambda: write_budget_pdf(sheet, target))]
    return _report("budget", files, total=sheet.total, ceiling=sheet.ceiling)


def _plan_activities(session: Session, pid: int | None) -> list[int]:
    from models.lookup import plan_activity_ids

    assert pid is not None
    ids = plan_activity_ids(session, pid)
    if not ids:
        raise CliError("kế hoạch chưa có hoạt động nào")
    return ids


def _budget(ctx: Context, args: argparse.Namespace) -> BudgetSheet:
    from models.papers.money import budget_sheet

    with ctx.db.read() as session:
        aid, pid = _scope_ids(session, args)
        if aid is None and pid is None:
            raise CliError("cần --activity hoặc --plan")
        sheet: BudgetSheet = _lookup(
            lambda: budget_sheet(session, activity_id=aid, plan_id=pid, date=args.date)
        )
    _warn(sheet.warnings)
    return sheet


# --- export ----------------------------------------------------------------------------------


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    target = _file_target(args.out, ".xlsx")
    if args.workbook == "roster":
        return _export_roster(ctx, args, target)
    if args.workbook == "budget":
        from reports.budget import write_budget_xlsx

        sheet = _budget(ctx, args)
        _write(lambda: write_budget_xlsx(sheet, target))
        return _report("budget", [target], total=sheet.total, ceiling=sheet.ceiling)
    return _export_settlement(ctx, args, target)


def _export_roster(ctx: Context, args: argparse.Namespace, target: Path) -> int:
    from models.papers.sign_in import roster_export
    from reports.roster_xlsx import write_roster_xlsx

    with ctx.db.read() as session:
        aid, pid = _scope_ids(session, args)
        roster = roster_export(session, aid, plan_id=pid)
    _write(lambda: write_roster_xlsx(roster, target))
    return _report("roster", [target], people=len(roster.rows))


def _export_settlement(ctx: Context, args: argparse.Namespace, target: Path) -> int:
    from models.papers.money import settlement_book
    from reports.settlement_book import write_settlement_book

    if args.plan is None:
        raise CliError("quyết toán xuất theo kế hoạch: cần --plan")
    with ctx.db.read() as session:
        _, pid = _scope_ids(session, args)
        assert pid is not None
        book = _lookup(lambda: settlement_book(session, pid, date=args.date))
    _warn(book.warnings)
    _write(lambda: write_settlement_book(book, target))
    return _report(
        "settlement",
        [target],
        activities=len(book.activities),
        estimate=book.estimate,
        actual=book.actual,
    )
