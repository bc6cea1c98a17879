"""Lecturers and who pays whom: `taphuan-cli lecturer list|add|edit` (with the tier the
catalogue suggests for the position) and `taphuan-cli agency-paid` (a person's own agency paid
the trip as công tác phí, so the class pays them nothing but drinks)."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from cli.common import CliError, Context, emit_json, say
from models.entities.enums import TravelMethod
from models.people.lecturer_tiers import suggest_tier
from models.planning.catalog import LecturerRow, list_lecturers
from models.planning.setup import LecturerInput, save_lecturer

_METHODS = [m.value for m in TravelMethod]


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    lecturer = sub.add_parser("lecturer", parents=[common], help="giảng viên, báo cáo viên")
    verbs = lecturer.add_subparsers(dest="verb", required=True, metavar="VIỆC")
    p = verbs.add_parser("list", parents=[common], help="liệt kê giảng viên")
    p.add_argument("--json", action="store_true", help="in một tài liệu JSON")
    p.set_defaults(handler=cmd_list)
    for verb, text in (("add", "thêm giảng viên"), ("edit", "sửa giảng viên (chỉ các mục ghi)")):
        p = verbs.add_parser(verb, parents=[common], help=text)
        p.add_argument("name", metavar="HỌ_TÊN", help="họ và tên (edit: tên đang có)")
        if verb == "edit":
            p.add_argument("--new-name", metavar="HỌ_TÊN", help="đổi họ và tên")
        p.add_argument("--title", metavar="CHỨC_DANH", help="chức danh")
        p.add_argument(
            "--tier",
            type=int,
            choices=range(1, 6),
            metavar="1-5",
            help="hạng thù lao; bỏ trống khi thêm: theo danh mục chức danh",
        )
        p.add_argument("--agency", metavar="CƠ_QUAN", help="cơ quan công tác")
        p.add_argument("--distance", type=int, metavar="KM", help="khoảng cách đến nơi giảng")
        p.add_argument("--cccd", metavar="SỐ", help="số CCCD")
        p.add_argument("--tax-code", metavar="MST", help="mã số thuế cá nhân")
        p.add_argument(
            "--tax-commitment",
            choices=("có", "không"),
            help="có bản cam kết 08/CK-TNCN (không khấu trừ thuế)",
        )
        p.add_argument(
            "--travel",
            choices=[*_METHODS, "plan"],
            help="tiền đi lại: theo km, khoán/km, vé (actual) hoặc như kế hoạch",
        )
        p.add_argument(
            "--leader",
            choices=("có", "không"),
            help="lãnh đạo có hệ số phụ cấp chức vụ từ 1,25 (mức tiền nghỉ lãnh đạo)",
        )
        p.add_argument("--json", action="store_true", help="in một tài liệu JSON")
        p.set_defaults(handler=cmd_save, adding=verb == "add")  # fmt: skip

    p = sub.add_parser(
        "agency-paid", parents=[common],
        help="đánh dấu người đã được cơ quan cử đi thanh toán công tác phí cho lớp này",
    )  # fmt: skip
    p.add_argument("--activity", required=True, metavar="MÃ", help="mã lớp")
    p.add_argument("--cccd", required=True, action="append", metavar="SỐ",
                   help="số CCCD (ghi nhiều lần được)")  # fmt: skip
    p.add_argument("--off", action="store_true", help="bỏ đánh dấu")
    p.add_argument("--json", action="store_true", help="in một tài liệu JSON")
    p.set_defaults(handler=cmd_agency_paid)


def _row_json(row: LecturerRow) -> dict[str, Any]:
    match = suggest_tier(row.title)
    return {
        "id": row.id, "name": row.full_name, "title": row.title, "tier": row.tier,
        "catalogue_tier": match.tier if match else None,
        "catalogue_position": match.position if match else None,
        "agency": row.agency, "distance_km": row.distance_km, "cccd": row.cccd,
        "tax_code": row.tax_code, "tax_commitment": row.tax_commitment,
        "travel_method": row.travel_method or None, "leader": row.leader,
    }  # fmt: skip


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.read() as session:
        rows = [_row_json(r) for r in list_lecturers(session)]
    if args.json:
        emit_json({"lecturers": rows})
    for r in rows:
        say(f"{r['name']} — {r['title']} — nhóm {r['tier']}")
    return 0


def _yes(value: str | None) -> bool | None:
    return None if value is None else value == "có"


def cmd_save(ctx: Context, args: argparse.Namespace) -> int:
    name = " ".join(args.name.split())
    with ctx.db.write() as session:
        rows = [r for r in list_lecturers(session) if r.full_name == name]
        if args.adding and rows:
            raise CliError(f"đã có giảng viên {name}; dùng lecturer edit")
        if not args.adding and not rows:
            raise CliError(f"không có giảng viên {name}")
        if len(rows) > 1:
            raise CliError(f"có {len(rows)} giảng viên tên {name}; sửa trong cửa sổ")
        now = rows[0] if rows else None
        data = LecturerInput(
            full_name=name, tier=now.tier if now else 5, title=now.title if now else "",
            agency=now.agency if now else "", distance_km=now.distance_km if now else 0,
            cccd=now.cccd if now else "", tax_code=now.tax_code if now else "",
            tax_commitment=now.tax_commitment if now else False,
            travel_method=(now.travel_method or None) if now else None,
            leader=now.leader if now else False,
            salaried=now.salaried if now else True,
        )  # fmt: skip
        changes: dict[str, Any] = {
            k: v
            for k, v in (
                ("full_name", getattr(args, "new_name", None)), ("title", args.title),
                ("tier", args.tier), ("agency", args.agency), ("distance_km", args.distance),
                ("cccd", args.cccd), ("tax_code", args.tax_code),
                ("tax_commitment", _yes(args.tax_commitment)), ("leader", _yes(args.leader)),
            )
            if v is not None
        }  # fmt: skip
        if args.travel is not None:
            changes["travel_method"] = None if args.travel == "plan" else args.travel
        data = dataclasses.replace(data, **changes)
        match = suggest_tier(data.title)
        if args.adding and args.tier is None and match is not None:
            data = dataclasses.replace(data, tier=match.tier)
            say(f"hạng {match.tier} theo chức danh «{match.position}» ({match.source})")
        elif match is not None and data.tier < match.tier:
            say(f"cảnh báo: chức danh «{match.position}» thuộc nhóm {match.tier} ({match.source})")
        saved = save_lecturer(
            session, data, now.id if now else None, expected_version=now.version if now else None
        )
        row = next(r for r in list_lecturers(session) if r.id == saved.id)
    if args.json:
        emit_json(_row_json(row))
    say(f"Đã lưu giảng viên {row.full_name} (nhóm {row.tier}).")
    return 0


def cmd_agency_paid(ctx: Context, args: argparse.Namespace) -> int:
    from models.budget.payers import set_agency_paid_by_cccd
    from models.lookup import activity_id

    with ctx.db.write() as session:
        aid = activity_id(session, args.activity)
        names = set_agency_paid_by_cccd(session, aid, args.cccd, not args.off)
    if args.json:
        emit_json({"activity": args.activity, "people": names, "agency_paid": not args.off})
    say(f"Đã {'bỏ ' if args.off else ''}đánh dấu {len(args.cccd)} người ({args.activity}).")
    return 0
