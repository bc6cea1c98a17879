"""lock, reopen, history: locks and the audit trail from the command line."""

from __future__ import annotations

import argparse
import getpass
from typing import Any

from cli.common import Context, emit_json, say
from models.audit import HistoryEntry, history_by_cccd, history_of_activity
from models.lookup import activity_id, plan_id
from models.settlement.locking import lock_activity, lock_plan, reopen_activity, reopen_plan


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "lock",
        parents=[common],
        help="khóa quyết toán một lớp, hoặc một kế hoạch (mọi lớp đã khóa)",
    )
    _target(p)
    p.add_argument("--reason", default="", metavar="LÝ_DO", help="ghi chú (không bắt buộc)")
    p.set_defaults(handler=cmd_lock)

    p = sub.add_parser("reopen", parents=[common], help="mở khóa một lớp hoặc một kế hoạch")
    _target(p)
    p.add_argument("--reason", required=True, metavar="LÝ_DO", help="lý do mở khóa (bắt buộc)")
    p.set_defaults(handler=cmd_reopen)

    p = sub.add_parser(
        "history", parents=[common], help="lịch sử thay đổi của một lớp hoặc một người"
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--activity", metavar="MÃ", help="mã lớp (hoạt động)")
    target.add_argument("--person", metavar="CCCD", help="số CCCD của người")
    p.add_argument("--json", action="store_true", help="in một tài liệu JSON")
    p.set_defaults(handler=cmd_history)


def _target(p: argparse.ArgumentParser) -> None:
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--activity", metavar="MÃ", help="mã lớp (hoạt động)")
    target.add_argument("--plan", metavar="MÃ", help="mã kế hoạch")


def _who() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "taphuan-cli"


def cmd_lock(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.write() as s:
        if args.activity:
            lock_activity(s, activity_id(s, args.activity), by=_who(), reason=args.reason)
        else:
            lock_plan(s, plan_id(s, args.plan), by=_who(), reason=args.reason)
    say(f"đã khóa {args.activity or args.plan}")
    return 0


def cmd_reopen(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.write() as s:
        if args.activity:
            reopen_activity(s, activity_id(s, args.activity), by=_who(), reason=args.reason)
        else:
            reopen_plan(s, plan_id(s, args.plan), by=_who(), reason=args.reason)
    say(f"đã mở khóa {args.activity or args.plan}")
    return 0


def cmd_history(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.read() as s:
        entries: list[HistoryEntry] = (
            history_of_activity(s, activity_id(s, args.activity))
            if args.activity
            else history_by_cccd(s, args.person)
        )
    if args.json:
        emit_json([e.as_json() for e in entries])
        return 0
    for e in entries:
        print(f"{e.at:%d/%m/%Y %H:%M:%S}  {e.by}  {e.what} #{e.row_id or ''}  {e.summary}")
    if not entries:
        say("chưa có thay đổi nào được ghi")
    return 0
