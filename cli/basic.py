"""init, demo, plans."""

from __future__ import annotations

import argparse
from typing import Any

from cli.common import CliError, Context, emit_json, say
from models.demo import scenarios as demo
from models.planning.catalog import list_plans
from models.text.vntext import nfc
from reports.numbers import money


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("init", parents=[common], help="tạo hoặc nâng cấp cơ sở dữ liệu")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", parents=[common], help="nạp dữ liệu mẫu (kịch bản A: Lai Châu)")
    p.add_argument(
        "--campaign",
        action="store_true",
        help="thêm kịch bản B: chiến dịch Tuần Giáo, 17.269 người, 113 buổi",
    )
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("plans", parents=[common], help="liệt kê kế hoạch và hoạt động")
    p.add_argument("--plan", action="append", metavar="MÃ", help="chỉ kế hoạch này")
    p.add_argument("--json", action="store_true", help="in một tài liệu JSON")
    p.set_defaults(handler=cmd_plans)


def cmd_init(ctx: Context, _args: argparse.Namespace) -> int:
    say(f"Cơ sở dữ liệu sẵn sàng: {ctx.db.description}")
    return 0


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    loaders = [(demo.PLAN_A, demo.load_scenario_a)]
    if args.campaign:
        loaders.append((demo.PLAN_B, demo.load_scenario_b))
    for code, loader in loaders:
        try:
            with ctx.db.write() as session:  # each scenario is one transaction
                loader(session)
            say(f"Đã nạp dữ liệu mẫu {code}.")
        except demo.DemoExistsError as exc:
            say(f"Bỏ qua: {exc}.")
    return 0


def cmd_plans(ctx: Context, args: argparse.Namespace) -> int:
    codes = [nfc(c) for c in args.plan] if args.plan else None
    with ctx.db.read() as session:
        plans = list_plans(session, codes)
    if codes:
        missing = sorted(set(codes) - {p.code for p in plans})
        if missing:
            raise CliError(f"không có kế hoạch mã {', '.join(missing)}")
    if args.json:
        emit_json([p.as_json() for p in plans])
        return 0
    if not plans:
        say("Chưa có kế hoạch nào. Nạp dữ liệu mẫu: taphuan-cli demo")
    for plan in plans:
        print(f"{plan.code}  {plan.title}")
        print(f"    {plan.decision}: {money(plan.ceiling)} đồng; {plan.enrolled} người")
        for a in plan.activities:
            print(
                f"    {a.code:<14} {a.start:%d/%m/%Y}–{a.end:%d/%m/%Y}  {a.enrolled:>4} người  "
                f"{a.sessions} buổi  {a.title}"
            )
    return 0
