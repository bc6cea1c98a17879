"""check, split, rollup, activity copy (and, from cli.records, add/edit/archive/delete):
planning a programme in batch, as the window does."""

from __future__ import annotations

import argparse
from typing import Any

from cli import records
from cli.common import Context, emit_json, say
from models.lookup import activity_id, plan_id
from models.planning.clashes import check_plan
from models.planning.copying import copy_with_proposal, propose_copy
from models.planning.rollup import ROLLUPS, rollup, total
from models.planning.split import GROUPINGS, apply_split, propose_split
from reports.numbers import money


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "check", parents=[common], help="kiểm tra kế hoạch: trùng hội trường, giảng viên, người…"
    )
    p.add_argument("--plan", required=True, metavar="MÃ", help="mã kế hoạch")
    p.add_argument("--json", action="store_true", help="in một tài liệu JSON")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser(
        "split", parents=[common], help="chia người chưa xếp lớp vào các lớp (xem trước)"
    )
    p.add_argument("--plan", required=True, metavar="MÃ", help="mã kế hoạch")
    p.add_argument("--classes", required=True, type=int, metavar="N", help="số lớp")
    p.add_argument("--max", required=True, type=int, metavar="K", help="tối đa mỗi lớp")
    p.add_argument("--by", choices=GROUPINGS, default="commune", help="giữ nguyên xã hoặc huyện")
    p.add_argument("--apply", action="store_true", help="ghi (không có: chỉ xem trước)")
    p.add_argument("--json", action="store_true", help="in một tài liệu JSON")
    p.set_defaults(handler=cmd_split)

    p = sub.add_parser("rollup", parents=[common], help="tổng hợp theo xã, huyện hoặc tháng")
    p.add_argument("--plan", required=True, metavar="MÃ", help="mã kế hoạch")
    p.add_argument("--by", choices=ROLLUPS, default="commune", help="theo xã, huyện, tháng")
    p.add_argument("--json", action="store_true", help="in một tài liệu JSON")
    p.set_defaults(handler=cmd_rollup)

    activity = sub.add_parser("activity", parents=[common], help="lớp, sự kiện")
    verbs = activity.add_subparsers(dest="verb", required=True, metavar="VIỆC")
    p = verbs.add_parser(
        "copy", parents=[common], help="sao chép lớp sang ngày trống tiếp theo (không chép người)"
    )
    p.add_argument("code", metavar="MÃ", help="mã lớp mẫu")
    p.add_argument(
        "--code", dest="new_code", metavar="MÃ_MỚI", help="mã lớp mới (mặc định: kế tiếp)"
    )
    p.add_argument("--json", action="store_true", help="in một tài liệu JSON")
    p.set_defaults(handler=cmd_activity_copy)
    records.register_activity_verbs(verbs, common)


def cmd_check(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.read() as session:
        clashes = check_plan(session, plan_id(session, args.plan))
    if args.json:
        emit_json({"plan": args.plan.strip(), "clashes": [c.as_json() for c in clashes]})
    elif not clashes:
        say("Không thấy điểm nào trùng hay vượt trong kế hoạch.")
    for clash in clashes if not args.json else ():
        print(clash.message)
    return 0  # a clash is a finding, not a failure


def cmd_split(ctx: Context, args: argparse.Namespace) -> int:
    unit = ctx.db.write if args.apply else ctx.db.read  # the preview writes nothing
    with unit() as session:  # with --apply, the preview and the write are one transaction
        proposal = propose_split(
            session, plan_id(session, args.plan), classes=args.classes, limit=args.max, by=args.by
        )
        if args.apply:
            apply_split(session, proposal)
    document = proposal.as_json()
    document["applied"] = bool(args.apply)
    if args.json:
        emit_json(document)
    else:
        for c in proposal.classes:
            new = " (lớp mới)" if c.activity_id is None else ""
            print(f"{c.code}{new}: {len(c.person_ids)} người — {', '.join(c.groups)}")
        for u in proposal.unplaced:
            print(f"chưa xếp: {u.name} ({u.group}): {u.reason}")
    if args.apply:
        say(f"Đã xếp {sum(len(c.person_ids) for c in proposal.classes)} người vào lớp.")
    else:
        say("Xem trước: chưa ghi gì (thêm --apply để ghi).")
    return 0


def cmd_rollup(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.read() as session:  # the estimate is kept current at write time
        rows = rollup(session, plan_id(session, args.plan), args.by)
    if args.json:
        emit_json(
            {"plan": args.plan.strip(), "by": args.by, "rows": [r.as_json() for r in rows],
             "total": total(rows).as_json()}
        )  # fmt: skip
        return 0
    for r in [*rows, total(rows)]:
        print(
            f"{r.key:<28} {r.sessions:>4} buổi {r.expected:>7} dự kiến {r.present:>7} có mặt "
            f"{money(r.cost):>15} đ"
        )
    return 0


def cmd_activity_copy(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.write() as session:
        source = activity_id(session, args.code)
        proposal = propose_copy(session, source, args.new_code)
        copy_with_proposal(session, source, proposal)
    if args.json:
        emit_json(proposal.as_json())
    else:
        print(
            f"{proposal.code}  {proposal.title}  {proposal.start:%d/%m/%Y}–{proposal.end:%d/%m/%Y}"
        )
    return 0
