"""import-roster: commune spreadsheets into people (and learners of an activity)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cli.common import CliError, Context, emit_json, say
from models.errors import UserError
from models.guard import writable_activity
from models.lookup import activity_id as lookup_activity_id
from models.roster_import.apply import apply_import, resolve_decisions
from models.roster_import.headers import Field
from models.roster_import.outcome import DECISIONS, Decision, ImportOptions, ImportResult
from models.roster_import.plan import plan_import
from models.text.vntext import nfc


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "import-roster",
        parents=[common],
        help="nhập danh sách học viên từ tệp .xlsx, .xls, .ods hoặc .csv",
        description="Nhập danh sách: tìm dòng tiêu đề, sửa mã TCVN3/VNI, kiểm tra CCCD, lọc "
        "trùng; không dòng nào bị mất: mỗi dòng được nhập, gộp vì trùng, chờ xác nhận hoặc bị "
        "từ chối kèm lý do.",
    )
    p.add_argument("file", metavar="TỆP", type=Path, help="tệp danh sách")
    p.add_argument("--activity", metavar="MÃ", help="ghi danh những người này làm học viên")
    p.add_argument(
        "--sheet", action="append", default=[], metavar="TÊN", help="chỉ đọc trang tính này"
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="TRƯỜNG=CỘT",
        help="chỉ định cột cho một trường: cột là chữ cái (C) hoặc tiêu đề; trường: "
        + ", ".join(f.value for f in Field),
    )
    p.add_argument("--header-row", type=int, metavar="N", help="dòng tiêu đề (không tự tìm)")
    p.add_argument(
        "--possible-duplicates",
        choices=DECISIONS,
        default="hold",
        help="dòng có thể trùng (cùng tên, năm sinh, xã): hold = giữ lại chờ xác nhận "
        "(mặc định), merge = coi là cùng người, new = nhập thành người mới",
    )
    p.add_argument("--rejects", type=Path, metavar="RA.xlsx", help="ghi báo cáo dòng bị từ chối")
    p.add_argument("--dry-run", action="store_true", help="chỉ phân tích, không ghi gì")
    p.add_argument("--json", action="store_true", help="in một tài liệu JSON")
    p.set_defaults(handler=cmd_import_roster)


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise CliError(f"--map cần dạng TRƯỜNG=CỘT, không phải «{pair}»")
        mapping[nfc(name.strip())] = nfc(column.strip())
    return mapping


def cmd_import_roster(ctx: Context, args: argparse.Namespace) -> int:
    if args.rejects is not None:
        folder = args.rejects.expanduser().resolve().parent
        if not folder.is_dir():
            raise CliError(f"thư mục không tồn tại: {folder}")
    if args.header_row is not None and args.header_row < 1:
        raise CliError("--header-row phải từ 1 trở lên")
    options = ImportOptions(
        sheets=tuple(nfc(s) for s in args.sheet),
        mapping=_mapping(args.map),
        header_row=args.header_row,
    )
    decision: Decision = args.possible_duplicates
    try:
        if args.dry_run:
            with ctx.db.read() as session:
                result = _run(session, args, options, decision, write=False)
        else:
            with ctx.db.write() as session:  # one transaction: the whole file or nothing
                result = _run(session, args, options, decision, write=True)
    except UserError as exc:  # unknown or locked class, unreadable file: one line
        raise CliError(str(exc)) from exc
    document = result.as_json()
    document["dry_run"] = bool(args.dry_run)
    if args.json:
        emit_json(document)
    else:
        _print_text(document)
    return 0


def _run(
    session: Any,
    args: argparse.Namespace,
    options: ImportOptions,
    decision: Decision,
    *,
    write: bool,
) -> ImportResult:
    activity_id: int | None = None
    if args.activity:
        # The core's guard: an unknown or locked class is refused before the file is read.
        activity_id = lookup_activity_id(session, args.activity)
        writable_activity(session, activity_id)
    preview = plan_import(session, args.file, options)
    if write:
        result = apply_import(session, preview, default=decision, activity_id=activity_id)
    else:
        result = ImportResult(preview, resolve_decisions(preview, default=decision), (), 0, None)
    if args.rejects is not None:
        from reports.rejects import write_rejects

        try:
            write_rejects(result.rejects_report(), args.rejects)
        except OSError as exc:
            from models.errors import file_error_reason

            raise CliError(f"không ghi được {args.rejects}: {file_error_reason(exc)}") from exc
        say(f"Đã ghi báo cáo: {args.rejects}")
    return result


def _print_text(document: dict[str, Any]) -> None:
    print(document["summary"])
    if document["repaired"]:
        fixed = ", ".join(f"{k} {v}" for k, v in document["repaired"].items())
        print(f"Đã sửa: {fixed}")
    if document.get("enrolled"):
        print(f"Ghi danh: {document['enrolled']} học viên")
    for item in document["rejections"]:
        column = f", cột {item['column']}" if item["column"] else ""
        print(f"  từ chối: «{item['sheet']}» dòng {item['row']}{column}: {item['reason']}")
    for item in document["possible_duplicate_rows"]:
        if item["decision"] == "hold":
            print(f"  cần xác nhận: «{item['sheet']}» dòng {item['row']}: {item['full_name']}")
    if document["dry_run"]:
        print("(chạy thử: chưa ghi gì)")
