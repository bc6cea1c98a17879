"""import-schedule and generate-sessions: a campaign's outreach sessions into a plan, from
its schedule or from a list of places and a date range."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from cli.common import CliError, Context, emit_json, say
from models.errors import UserError
from models.lookup import plan_id
from models.planning.generate import Place, generate_sessions, read_places
from models.planning.schedule import ScheduleResult, apply_schedule, plan_schedule


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "import-schedule",
        parents=[common],
        help="nhập lịch các buổi truyền thông (.xlsx, .xls, .ods, .csv) vào một kế hoạch",
        description="Mỗi dòng lịch (Ngày, Buổi, Địa điểm, Xã, Thôn/bản, Số hộ, Báo cáo viên) "
        "thành một buổi truyền thông; không dòng nào bị mất: mỗi dòng thành một buổi, được bỏ "
        "qua kèm loại dòng, hoặc bị từ chối kèm lý do. Ghi tất cả trong một giao dịch.",
    )
    p.add_argument("file", metavar="TỆP", type=Path, help="tệp lịch")
    p.add_argument("--plan", required=True, metavar="MÃ", help="mã kế hoạch")
    p.add_argument("--dry-run", action="store_true", help="chỉ phân tích, không ghi gì")
    p.add_argument("--json", action="store_true", help="in một tài liệu JSON")
    p.set_defaults(handler=cmd_import_schedule)

    p = sub.add_parser(
        "generate-sessions",
        parents=[common],
        help="tạo các buổi truyền thông từ danh sách địa điểm và khoảng ngày",
        description="Mỗi địa điểm một buổi, chia đều vào các buổi sáng (và chiều) của các ngày "
        "trong tuần từ --from đến --to; ghi tất cả trong một giao dịch.",
    )
    p.add_argument("--plan", required=True, metavar="MÃ", help="mã kế hoạch")
    p.add_argument("--places", type=Path, metavar="TỆP", help="tệp danh sách địa điểm")
    p.add_argument(
        "--place", action="append", default=[], metavar="ĐỊA_ĐIỂM;XÃ;THÔN;SỐ_HỘ",
        help="một địa điểm (ghi nhiều lần được), "
        "ví dụ \"Nhà văn hóa bản Na;Xã Quài Tở;Bản Na;120\"",
    )  # fmt: skip
    p.add_argument("--from", dest="first", required=True, type=_date, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="last", required=True, type=_date, metavar="YYYY-MM-DD")
    p.add_argument("--per-day", type=int, choices=(1, 2), default=2, help="số buổi mỗi ngày")
    p.add_argument("--weekends", action="store_true", help="dùng cả thứ Bảy, Chủ nhật")
    p.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
    p.add_argument("--json", action="store_true", help="in một tài liệu JSON")
    p.set_defaults(handler=cmd_generate_sessions)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày {text!r} không đúng dạng YYYY-MM-DD") from None


def _places(args: argparse.Namespace) -> list[Place]:
    places: list[Place] = list(read_places(args.places)) if args.places else []
    for text in args.place:
        name, commune, village, count = [*text.split(";"), "", "", ""][:4]
        try:
            expected = int(count) if count.strip() else None
        except ValueError:
            raise CliError(f"--place «{text}»: số hộ «{count}» không phải số nguyên") from None
        places.append((name, commune, village, expected))
    if not places:
        raise CliError("cần --places TỆP hoặc ít nhất một --place")
    return places


def cmd_generate_sessions(ctx: Context, args: argparse.Namespace) -> int:
    try:
        places = _places(args)
        unit = ctx.db.read if args.dry_run else ctx.db.write
        with unit() as session:  # one transaction: every session or none
            result = generate_sessions(
                session, plan_id(session, args.plan), places, args.first, args.last,
                per_day=args.per_day, skip_weekends=not args.weekends, dry_run=args.dry_run,
            )  # fmt: skip
    except UserError as exc:
        raise CliError(str(exc)) from exc
    document = result.as_json()
    if args.json:
        emit_json(document)
    else:
        _print_text(document, dry_run=args.dry_run)
    return 0


def cmd_import_schedule(ctx: Context, args: argparse.Namespace) -> int:
    try:
        if args.dry_run:
            with ctx.db.read() as session:
                result = ScheduleResult(
                    plan_schedule(session, plan_id(session, args.plan), args.file)
                )
        else:
            with ctx.db.write() as session:  # one transaction: the whole schedule or nothing
                preview = plan_schedule(session, plan_id(session, args.plan), args.file)
                result = apply_schedule(session, preview)
    except UserError as exc:  # unknown or locked plan, unreadable file: one line
        raise CliError(str(exc)) from exc
    for warning in result.preview.warnings:
        say(f"cảnh báo: {warning.describe()}")
    document = result.as_json()
    if args.json:
        emit_json(document)
    else:
        _print_text(document, dry_run=args.dry_run)
    return 0


def _print_text(document: dict[str, Any], *, dry_run: bool) -> None:
    print(
        f"Đọc {document['rows_read']} dòng: {document['sessions']} buổi truyền thông, "
        f"{len(document['skipped'])} dòng bỏ qua, {document['rejected']} dòng bị từ chối; "
        f"địa điểm mới: {document['venues_created']}"
    )
    for item in document["rejections"]:
        column = f", cột {item['column']}" if item["column"] else ""
        print(f"  từ chối: «{item['sheet']}» dòng {item['row']}{column}: {item['reason']}")
    if dry_run:
        print("(chạy thử: chưa ghi gì)")
