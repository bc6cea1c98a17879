"""print and export: the papers of the registry (printing.registry) as PDF files and workbooks.

    taphuan-cli print PAPER (--activity MÃ | --plan MÃ) --out ĐƯỜNG_DẪN [--json]
    taphuan-cli export WORKBOOK [--activity MÃ | --plan MÃ] --out TỆP.xlsx [--json]

PAPER is any registry entry with a PDF writer (sign-in, payout, lecturers, budget, …), WORKBOOK
any with an XLSX writer (settlement, budget, roster, …): a new entry is a new choice here.
--out is a file; for a plan's per-activity papers it is a folder that receives one PDF per
activity, unless it ends in .pdf: then one merged file. Every file is written under a
temporary name and renamed when complete, so a failure leaves no part file. With --json, a
JSON document on stdout: the files written with their page counts and, for money papers,
the total; messages go to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from cli.common import CliError, Context, emit_json, say
from cli.print_workers import DEFAULT_WORKERS, workers_for
from printing.registry import Format, keys, paper

if TYPE_CHECKING:
    from printing.output import Outcome, Scope

__all__ = ["register"]

T = TypeVar("T")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ (YYYY-MM-DD): {text}") from exc


def _titles(fmt: Format) -> str:
    return "; ".join(f"{k}: {paper(k).title.lower()}" for k in keys(fmt))


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("print", parents=[common], help="in giấy tờ ra PDF (danh sách ký, …)")
    p.add_argument("paper", choices=keys("pdf"), help="giấy tờ cần in — " + _titles("pdf"))
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
        "--by", choices=("item", "commune"), default="item",
        help="bảng tổng hợp (summary): theo mục chi (mặc định) hoặc theo xã",
    )  # fmt: skip
    p.add_argument(
        "--workers",
        type=int,
        default=DEFAULT_WORKERS,
        metavar="N",
        help="số tiến trình khi in nhiều tệp (mặc định: 2, một với việc nhỏ)",
    )
    p.add_argument(
        "--json", action="store_true", help="in JSON: các tệp, số trang, tổng tiền (giấy tờ chi)"
    )
    p.set_defaults(handler=cmd_print)

    p = sub.add_parser("export", parents=[common], help="xuất bảng tính .xlsx (quyết toán, …)")
    p.add_argument("workbook", choices=keys("xlsx"), help="bảng tính cần xuất — " + _titles("xlsx"))
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--activity", metavar="MÃ", help="một hoạt động (lớp)")
    scope.add_argument("--plan", metavar="MÃ", help="một kế hoạch")
    p.add_argument("--out", required=True, metavar="TỆP.xlsx", help="tệp .xlsx")
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="ngày ghi trên giấy tờ")
    p.add_argument("--json", action="store_true", help="in JSON: tệp đã ghi và các số liệu")
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


def _guarded(action: Callable[[], T]) -> T:
    """The core's refusals (models.errors.UserError: unknown codes, a busy file) and
    file-system errors become one line; the writers leave no part file."""
    from models.errors import UserError, file_error_reason

    try:
        return action()
    except UserError as exc:
        raise CliError(str(exc)) from exc
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        raise CliError(f"không ghi được tệp ({file_error_reason(exc)}){where}") from exc


def _scope(ctx: Context, args: argparse.Namespace) -> Scope:
    from models.lookup import activity_id, plan_id
    from printing.output import scope_of

    def find() -> Scope:
        with ctx.db.read() as session:
            aid = activity_id(session, args.activity) if args.activity else None
            pid = plan_id(session, args.plan) if args.plan else None
        return scope_of(ctx.db, activity_id=aid, plan_id=pid)

    return _guarded(find)


def _report(args: argparse.Namespace, outcome: Outcome) -> int:
    for warning in outcome.warnings:
        say(f"Lưu ý: {warning}")
    files = outcome.files
    if not files:  # every document of the plan had nothing to print (a payout nobody is on)
        code = args.plan or args.activity
        raise CliError(f"không ghi tệp nào: {code} không có gì để in ({outcome.paper})")
    if args.json:
        emit_json(outcome.json())
    pages = sum(w.pages or 0 for w in files)
    where = files[0].path if len(files) == 1 else f"{len(files)} tệp trong {files[0].path.parent}"
    say(f"Đã ghi {where}" + (f" ({pages} trang)." if pages else "."))
    return 0


def _run(ctx: Context, args: argparse.Namespace, fmt: Format, key: str, target: Path) -> int:
    from printing.output import Options, produce, refusal

    entry = paper(key)
    scope = _scope(ctx, args)
    reason = refusal(entry, scope, fmt)
    if reason is not None:
        raise CliError(reason)
    folder = target if target.suffix.lower() != f".{fmt}" else None
    workers = workers_for(len(scope.activities), getattr(args, "workers", 1))
    outcome = _guarded(
        lambda: produce(
            ctx.db,
            entry,
            fmt,
            scope,
            folder=folder,
            file=None if folder is not None else target,
            options=Options(
                date=args.date,
                by_commune=getattr(args, "by_commune", False)
                or getattr(args, "by", "item") == "commune",
            ),
            workers=workers,
        )
    )
    return _report(args, outcome)


def cmd_print(ctx: Context, args: argparse.Namespace) -> int:
    if args.workers < 1:
        raise CliError("--workers phải từ 1 trở lên")
    entry = paper(args.paper)
    one_file = args.activity is not None or args.out.lower().endswith(".pdf")
    made = False  # a folder this run created, removed again if the run is refused
    if one_file or not entry.per_activity:
        target = _file_target(args.out, ".pdf")
    else:
        made = not Path(args.out).expanduser().exists()
        target = _folder_target(args.out)
    try:
        return _run(ctx, args, "pdf", args.paper, target)
    except CliError:
        if made and not any(target.iterdir()):  # a refused run leaves no folder behind
            target.rmdir()
        raise


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    target = _file_target(args.out, ".xlsx")
    return _run(ctx, args, "xlsx", args.workbook, target)
