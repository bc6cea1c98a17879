"""norms, budget, attendance, settlement: the money core from the command line."""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cli.common import CliError, Context, emit_json, say
from models.attendance.from_file import (
    GRID_SUFFIXES,
    grid_table,
    mark_from_file,
    mark_from_grid,
    read_grid,
    read_log,
)
from models.attendance.marks import (
    PRESENCE_LABELS,
    attendance_grid,
    set_all_present,
    set_attendance_by_cccd,
)
from models.budget.estimate import (
    STATUS_LABELS,
    ActivityEstimate,
    EstimateLine,
    estimate_activity,
    estimate_plan,
)
from models.errors import UserError
from models.lookup import activity_id, plan_id
from models.norms.store import list_norm_sets
from models.settlement.compute import settle_activity, settle_plan
from models.settlement.data import ActivitySettlement, SettlementLine
from models.text.vntext import nfc
from reports.numbers import money


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("norms", parents=[common], help="các bộ định mức chi và mục của chúng")
    p.add_argument("--json", action="store_true", help="in một tài liệu JSON")
    p.add_argument(
        "--import", dest="import_file", type=Path, metavar="TỆP.toml",
        help="so sánh một bộ định mức (thông tư mới, nghị quyết HĐND) với dữ liệu đang dùng; "
        "thêm --apply để nhập",
    )  # fmt: skip
    p.add_argument("--apply", action="store_true", help="nhập tệp (không có: chỉ xem khác biệt)")
    p.set_defaults(handler=cmd_norms)

    p = sub.add_parser("budget", parents=[common], help="dự toán của một lớp hoặc một kế hoạch")
    _target(p)
    p.add_argument("--json", action="store_true", help="in một tài liệu JSON")
    p.set_defaults(handler=cmd_budget)

    p = sub.add_parser("attendance", parents=[common], help="điểm danh một lớp")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--activity", metavar="MÃ", help="mã lớp (hoạt động)")
    target.add_argument(
        "--plan", metavar="MÃ", help="mọi lớp của kế hoạch (cùng --from; mỗi dòng có ngày giờ)"
    )
    p.add_argument("--session", type=int, metavar="N", help="chỉ buổi thứ N (1, 2, …)")
    mark = p.add_mutually_exclusive_group()
    mark.add_argument("--all-present", action="store_true", help="mọi người có mặt")
    mark.add_argument("--absent", nargs="+", metavar="CCCD", help="những người vắng")
    mark.add_argument("--present", nargs="+", metavar="CCCD", help="những người có mặt")
    mark.add_argument("--excused", nargs="+", metavar="CCCD", help="vắng có phép")
    mark.add_argument(
        "--from", dest="from_file", type=Path, metavar="TỆP",
        help="có mặt theo tệp: mỗi dòng một mã QR CCCD hoặc số CCCD, có thể kèm ngày giờ "
        "(không có --session: ngày giờ chọn buổi); hoặc bảng .xlsx của --export đã điền",
    )  # fmt: skip
    mark.add_argument(
        "--export", type=Path, metavar="TỆP.xlsx",
        help="ghi bảng điểm danh ra .xlsx để điền tay (x có mặt, v vắng, p có phép), "
        "rồi đọc lại bằng --from",
    )  # fmt: skip
    p.add_argument("--by", metavar="TÊN", help="người ghi (mặc định: tên đăng nhập)")
    p.add_argument("--json", action="store_true", help="in bảng điểm danh dạng JSON")
    p.set_defaults(handler=cmd_attendance)

    p = sub.add_parser(
        "settlement", parents=[common], help="quyết toán theo điểm danh của một lớp hoặc kế hoạch"
    )
    _target(p)
    p.add_argument("--json", action="store_true", help="in một tài liệu JSON")
    p.set_defaults(handler=cmd_settlement)


def _target(p: argparse.ArgumentParser) -> None:
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--activity", metavar="MÃ", help="mã lớp (hoạt động)")
    target.add_argument("--plan", metavar="MÃ", help="mã kế hoạch")


@contextmanager
def _domain() -> Iterator[None]:
    """A domain error becomes one line; the transaction around it has rolled back."""
    try:
        yield
    except UserError as exc:
        raise CliError(str(exc)) from exc


# --- norms ----------------------------------------------------------------------------------


def cmd_norms_import(ctx: Context, args: argparse.Namespace) -> int:
    from models.norms.importing import apply_norm_file, compare_norm_file

    unit = ctx.db.write if args.apply else ctx.db.read
    with unit() as session:  # --apply: the comparison and the import are one transaction
        preview = (apply_norm_file if args.apply else compare_norm_file)(session, args.import_file)
    document = {**preview.as_json(), "applied": bool(args.apply)}
    if args.json:
        emit_json(document)
    else:
        print(preview.summary)
        for change in preview.changes:
            print(f"    {change.text}")
        for code in preview.kept:
            print(f"    {code}: không có trong tệp, vẫn giữ")
    say("Đã nhập." if args.apply else "Xem trước: chưa ghi gì (thêm --apply để nhập).")
    return 0


def cmd_norms(ctx: Context, args: argparse.Namespace) -> int:
    if args.import_file is not None:
        return cmd_norms_import(ctx, args)
    with ctx.db.write() as session:  # installs the shipped sets on first use
        sets = list_norm_sets(session)
    if args.json:
        emit_json([s.as_json() for s in sets])
        return 0
    for s in sets:
        start = f"{s.effective_from:%d/%m/%Y}" if s.effective_from else "…"
        end = f"{s.effective_to:%d/%m/%Y}" if s.effective_to else "nay"
        where = s.province or "toàn quốc"
        print(f"{s.code}  {s.name}")
        print(f"    {where}; hiệu lực {start} – {end}")
        for i in s.items:
            cap = f"{money(i.cap)} {i.unit}" if i.cap is not None else _basis(i.basis)
            check = f"  [{i.check_label}]" if i.check_label else ""
            print(f"    {i.code:<22} {cap:<32} {i.source}{check}")
    return 0


def _basis(basis: str) -> str:
    return "theo thực tế (chứng từ)" if basis == "actual" else "theo công thức"


# --- budget ---------------------------------------------------------------------------------


def _line_json(line: EstimateLine) -> dict[str, object]:
    return {
        "activity": line.activity_code or None,
        "key": line.key or None,  # the generated line's key ("meal", "travel_ticket"…)
        "item": line.description,
        "norm_code": line.norm_code or None,
        "source": line.source,
        "quantity": line.quantity,
        "unit": line.unit,
        "rate": line.rate,
        "cap": line.cap,
        "amount": line.amount,
        "status": line.status,
        "override_reason": line.override_reason,
        "needs_verification": line.needs_verification,
        "norm_set": line.norm_set or None,
        "classification": line.classification.as_json(),
    }


def cmd_budget(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.read() as session, _domain():  # the lines are kept current at write time
        if args.activity:
            estimate = estimate_activity(
                session, activity_id(session, args.activity), refresh=False
            )
            activities: tuple[ActivityEstimate, ...] = (estimate,)
            plan_lines: tuple[EstimateLine, ...] = ()
            document: dict[str, object] = {"activity": estimate.code}
            warnings = estimate.warnings
            total = estimate.total
        else:
            plan = estimate_plan(session, plan_id(session, args.plan), refresh=False)
            activities, plan_lines = plan.activities, plan.plan_lines
            document = {"plan": plan.code, "norm_set": plan.norm_set_code}
            warnings, total = plan.warnings, plan.total
    lines = [line for a in activities for line in a.lines] + list(plan_lines)
    document["lines"] = [_line_json(line) for line in lines]
    document["total"] = total
    if args.plan:
        document["ceiling"] = plan.ceiling
        document["remaining"] = plan.remaining
    document["errors"] = sum(1 for line in lines if line.status == "above_cap")
    document["warnings"] = list(warnings)
    if args.json:
        emit_json(document)
        return 0
    for a in activities:
        _print_estimate(a)
    if plan_lines:
        print("Các khoản chung của kế hoạch")
        for line in plan_lines:
            _print_line(line)
    if args.plan:
        print(f"Tổng dự toán: {money(total)} đồng")
        print(
            f"Kinh phí được giao: {money(plan.ceiling)} đồng; còn lại: {money(plan.remaining)} đồng"
        )
    for w in warnings:
        say(f"Chú ý: {w}")
    return 0


def _print_estimate(a: ActivityEstimate) -> None:
    print(f"{a.code}  {a.title}")
    for line in a.lines:
        _print_line(line)
    print(f"    {'Cộng':<44} {money(a.total):>15}")


def _print_line(line: EstimateLine) -> None:
    mark = "" if line.status in ("within_cap", "no_cap") else f"  [{STATUS_LABELS[line.status]}]"
    check = "  [cần kiểm tra]" if line.needs_verification else ""
    print(
        f"    {line.description[:44]:<44} {money(line.amount):>15}  = {money(line.quantity)} "
        f"{line.unit} × {money(line.rate)}  ({line.norm_code or '—'}; {line.source or '—'})"
        f"{mark}{check}"
    )


# --- attendance -----------------------------------------------------------------------------


def cmd_attendance_from_file(ctx: Context, args: argparse.Namespace, by: str) -> int:
    if args.plan and args.session is not None:
        raise CliError("--session chỉ đi cùng --activity")
    if args.from_file.suffix.lower() in GRID_SUFFIXES:  # the --export grid, filled in
        if args.plan or args.session is not None:
            raise CliError("bảng điểm danh .xlsx đi cùng --activity, không cần --session")
        with _domain():
            rows = read_grid(args.from_file)
        with ctx.db.write() as session, _domain():  # one transaction: all the file or nothing
            result = mark_from_grid(session, activity_id(session, args.activity), rows, by=by)
    else:
        with _domain():
            lines = read_log(args.from_file)
        with ctx.db.write() as session, _domain():
            result = mark_from_file(
                session,
                lines,
                by=by,
                activity_id=activity_id(session, args.activity) if args.activity else None,
                session_no=args.session,
                plan_id=plan_id(session, args.plan) if args.plan else None,
            )
    say(
        f"{args.from_file}: {result.lines_read} dòng — đã ghi {result.marked}, "
        f"đã có mặt {result.already}, không có trong danh sách {result.not_enrolled}, "
        f"không đọc được {result.unreadable}."
    )
    problems = sorted((*result.not_enrolled_lines, *result.unreadable_lines), key=lambda p: p.line)
    for problem in problems[:20]:  # all of them are in --json
        say(f"    dòng {problem.line}: {problem.reason}")
    if len(problems) > 20:
        say(f"    … và {len(problems) - 20} dòng khác")
    if args.json:
        emit_json(result.as_json())
    return 0


def cmd_attendance_export(ctx: Context, args: argparse.Namespace) -> int:
    from reports.attendance_xlsx import write_attendance_xlsx

    with ctx.db.read() as session, _domain():
        grid = attendance_grid(session, activity_id(session, args.activity))
    columns, rows = grid_table(grid)
    with _domain():
        write_attendance_xlsx(f"Điểm danh lớp {grid.code}", columns, rows, args.export)
    say(f"Đã ghi {args.export}: {len(rows)} người, {len(grid.sessions)} buổi.")
    if args.json:
        emit_json({"activity": grid.code, "file": str(args.export), "people": len(rows)})
    return 0


def cmd_attendance(ctx: Context, args: argparse.Namespace) -> int:
    by = nfc(args.by) if args.by else getpass.getuser()
    if args.from_file is not None:
        return cmd_attendance_from_file(ctx, args, by)
    if args.plan:
        raise CliError("--plan chỉ đi cùng --from TỆP")
    if args.export is not None:
        return cmd_attendance_export(ctx, args)
    marks = (
        ("absent", args.absent),
        ("present", args.present),
        ("excused", args.excused),
    )
    with ctx.db.write() as session, _domain():
        aid = activity_id(session, args.activity)
        if args.all_present:
            changed = set_all_present(session, aid, by=by, session_no=args.session)
        else:
            changed = 0
            for status, cccds in marks:
                if cccds:
                    changed += set_attendance_by_cccd(
                        session, aid, cccds, status, by=by, session_no=args.session
                    )
        grid = attendance_grid(session, aid)
    wrote = args.all_present or any(c for _, c in marks)
    if wrote:
        say(f"Đã ghi {changed} lượt điểm danh cho {grid.code}.")
    if args.json:
        emit_json(
            {
                "activity": grid.code,
                "locked": grid.locked,
                "sessions": [
                    {
                        "number": s.number,
                        "date": s.on_date.isoformat(),
                        "half": s.half,
                        "label": s.label,
                        "present": grid.count(s.number, "present"),
                        "absent": grid.count(s.number, "absent"),
                        "excused": grid.count(s.number, "excused"),
                    }
                    for s in grid.sessions
                ],
                "people": [
                    {"cccd": r.cccd, "name": r.full_name, "marks": list(r.marks)} for r in grid.rows
                ],
                "unmarked": grid.unmarked,
            }
        )
    elif not wrote:
        for s in grid.sessions:
            counts = ", ".join(
                f"{label} {grid.count(s.number, status)}"
                for status, label in PRESENCE_LABELS.items()
            )
            print(f"Buổi {s.number} ({s.label}, {s.on_date:%d/%m/%Y}): {counts}")
        if grid.unmarked:
            print(f"Chưa điểm danh: {grid.unmarked} lượt")
    return 0


# --- settlement -----------------------------------------------------------------------------


def _settlement_line_json(line: SettlementLine) -> dict[str, object]:
    return line.as_json()


def cmd_settlement(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.write() as session, _domain():
        if args.activity:
            one = settle_activity(session, activity_id(session, args.activity))
            activities: tuple[ActivitySettlement, ...] = (one,)
            plan_lines: tuple[SettlementLine, ...] = ()
            document: dict[str, object] = {"activity": one.code, "locked": one.locked}
            total, words, warnings = one.total, one.total_in_words, one.warnings
            estimate_total = one.estimate_total
        else:
            plan = settle_plan(session, plan_id(session, args.plan))
            activities, plan_lines = plan.activities, plan.plan_lines
            document = {"plan": plan.code}
            total, words, warnings = plan.total, plan.total_in_words, plan.warnings
            estimate_total = plan.estimate_total
    people = [{"activity": a.code, **p.as_json()} for a in activities for p in a.people]
    lecturers = [{"activity": a.code, **lp.as_json()} for a in activities for lp in a.lecturers]
    lines = [line for a in activities for line in a.lines] + list(plan_lines)
    document.update(
        people=people,
        lecturers=lecturers,
        lines=[_settlement_line_json(line) for line in lines],
        estimate_total=estimate_total,
        total=total,
        total_in_words=words,
    )
    if args.plan:
        document["ceiling"] = plan.ceiling
        document["remaining"] = plan.remaining
    document["warnings"] = list(warnings)
    if args.json:
        emit_json(document)
        return 0
    for a in activities:
        print(f"{a.code}  {a.title}{'  [đã khóa]' if a.locked else ''}")
        print(
            f"    {'Họ và tên':<28} {'Số ngày':>7} {'Tiền ăn':>12} {'Tiền nghỉ':>12} "
            f"{'Tiền đi lại':>12} {'Tổng cộng':>12}"
        )
        for p in a.people:
            print(
                f"    {p.full_name[:28]:<28} {p.days:>7} {money(p.meal):>12} "
                f"{money(p.lodging):>12} {money(p.travel):>12} {money(p.total):>12}"
            )
        for lp in a.lecturers:
            print(
                f"    GV {lp.full_name} (nhóm {lp.tier}): {lp.sessions} buổi × {money(lp.rate)}"
                f" = {money(lp.fee)}; tổng {money(lp.total)}"
            )
        _print_settlement_lines(a.lines)
        print(f"    Cộng: {money(a.total)} đồng (dự toán {money(a.estimate_total)})")
    if plan_lines:
        print("Các khoản chung của kế hoạch")
        _print_settlement_lines(plan_lines)
    print(f"Tổng quyết toán: {money(total)} đồng")
    print(f"Số tiền bằng chữ: {words}")
    if args.plan:
        print(
            f"Kinh phí được giao: {money(plan.ceiling)} đồng; còn lại: {money(plan.remaining)} đồng"
        )
    for w in warnings:
        say(f"Chú ý: {w}")
    return 0


def _print_settlement_lines(lines: tuple[SettlementLine, ...]) -> None:
    for line in lines:
        print(
            f"    {line.description[:44]:<44} dự toán {money(line.estimate_amount):>13}  "
            f"thực chi {money(line.actual_amount):>13}  chênh lệch {money(line.variance):>13}"
        )
