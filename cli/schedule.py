"""import-schedule: a campaign's schedule of outreach sessions into a plan."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cli.common import CliError, Context, emit_json, say
from models.errors import UserError
from models.lookup import plan_id
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
