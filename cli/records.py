"""plan add|edit|archive|restore|delete and activity add|edit|archive|restore|delete: the
plan and class forms of the window, in batch. Only the options given change; deleting says
what goes with it and refuses (archive instead) what has attendance, payouts or a lock."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cli.common import CliError, Context, emit_json, say
from models.budget.edit import support_choices
from models.budget.payers import category_settings, set_category_choices
from models.budget.rules import CATEGORIES, PAYERS, SUPPORTS
from models.entities.enums import ActivityKind, TravelMethod
from models.lookup import activity_id, plan_id
from models.planning.catalog import list_plans, list_venues
from models.planning.editing import activity_form, plan_form
from models.planning.removal import Impact, activity_impact, plan_impact
from models.planning.setup import (
    ActivityInput,
    PlanInput,
    create_activity,
    create_plan,
    save_unit_and_funding,
    unit_and_funding,
)
from models.planning.undo import (
    archive_activity,
    archive_plan,
    choose_supports,
    distances_by_commune,
    edit_activity,
    edit_plan,
    remove_activity,
    remove_plan,
)
from models.text.amounts import AmountError, parse_amount


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày {text!r} không đúng dạng YYYY-MM-DD") from None


def _money(text: str) -> int:
    try:
        return parse_amount(text)
    except AmountError as exc:  # "250.000,00", "250k", a minus sign
        raise argparse.ArgumentTypeError(str(exc)) from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} không phải số nguyên") from None
    if value < 0:
        raise argparse.ArgumentTypeError("không được âm")
    return value


def _support(text: str) -> tuple[str, str, bool]:
    key, _eq, value = text.partition("=")
    category, _colon, support = key.strip().partition(":")
    answer = value.strip().lower()
    if category not in CATEGORIES or support not in SUPPORTS or answer not in _YES_NO:
        raise argparse.ArgumentTypeError(
            f"«{text}»: viết NHÓM:KHOẢN=có|không, ví dụ learner_unsalaried:meal=có"
        )
    return category, support, _YES_NO[answer]


_YES_NO = {"có": True, "co": True, "yes": True, "1": True, "không": False, "khong": False,
           "no": False, "0": False}  # fmt: skip


def _payer(text: str) -> tuple[str, str]:
    category, _eq, payer = text.partition("=")
    category, payer = category.strip(), payer.strip()
    if category not in CATEGORIES or payer not in PAYERS:
        raise argparse.ArgumentTypeError(
            f"«{text}»: viết NHÓM=class|agency, ví dụ learner_salaried=class"
        )
    return category, payer


def _category_travel(text: str) -> tuple[str, str]:
    category, _eq, method = text.partition("=")
    category, method = category.strip(), method.strip()
    known = [m.value for m in TravelMethod]
    if category not in CATEGORIES or method not in (*known, "plan"):
        raise argparse.ArgumentTypeError(
            f"«{text}»: viết NHÓM=CÁCH (CÁCH: {', '.join(known)} hoặc plan: như kế hoạch)"
        )
    return category, "" if method == "plan" else method


def _distance(text: str) -> tuple[str, int]:
    commune, _eq, km = text.rpartition("=")
    try:
        return commune.strip(), int(km)
    except ValueError:
        raise argparse.ArgumentTypeError(f'«{text}»: viết XÃ=KM, ví dụ "Xã Quài Tở=35"') from None


def _json_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="in một tài liệu JSON")


def _plan_options(p: argparse.ArgumentParser, *, adding: bool) -> None:
    p.add_argument("--title", required=adding, metavar="TÊN", help="tên kế hoạch")
    p.add_argument("--number", metavar="SỐ", help="số văn bản, ví dụ 120/KH-UBND")
    p.add_argument("--ceiling", type=_money, metavar="ĐỒNG", help="kinh phí được giao")
    p.add_argument("--decision", metavar="SỐ", help="quyết định giao kinh phí số")
    p.add_argument("--unit", metavar="TÊN", help="đơn vị tổ chức")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    plan = sub.add_parser("plan", parents=[common], help="thêm, sửa, lưu trữ, xóa kế hoạch")
    verbs = plan.add_subparsers(dest="verb", required=True, metavar="VIỆC")
    p = verbs.add_parser("add", parents=[common], help="thêm kế hoạch")
    p.add_argument("--code", required=True, metavar="MÃ", help="mã kế hoạch")
    _plan_options(p, adding=True)
    p.add_argument(
        "--norm-set", metavar="MÃ",
        help="bộ định mức (mặc định: mỗi lớp theo bộ có hiệu lực vào ngày của lớp)",
    )  # fmt: skip
    _json_flag(p)
    p.set_defaults(handler=cmd_plan_add)

    p = verbs.add_parser("edit", parents=[common], help="sửa kế hoạch (chỉ các mục được ghi)")
    p.add_argument("code", metavar="MÃ", help="mã kế hoạch")
    p.add_argument("--new-code", metavar="MÃ", help="đổi mã")
    _plan_options(p, adding=False)
    p.add_argument("--travel", choices=[m.value for m in TravelMethod], help="cách tính đi lại")
    p.add_argument("--petrol-price", type=_money, metavar="ĐỒNG", help="giá xăng một lít")
    p.add_argument("--petrol-date", type=_date, metavar="YYYY-MM-DD", help="ngày của giá xăng")
    p.add_argument(
        "--organiser-level", choices=("central", "province", "district", "commune"),
        help="cấp của cơ quan tổ chức (mức ăn đại biểu: TT 40/2017 Điều 12 k4)",
    )  # fmt: skip
    p.add_argument(
        "--lodging-certified", choices=("có", "không"),
        help="đơn vị tổ chức xác nhận không bố trí được chỗ nghỉ (học viên được tiền nghỉ)",
    )  # fmt: skip
    p.add_argument(
        "--night-after", choices=("có", "không"), help="người ở xa nghỉ thêm đêm sau ngày cuối"
    )
    p.add_argument(
        "--lodging-min-km", type=_count, metavar="KM",
        help="ngưỡng khoảng cách được tiền nghỉ (0: như tiền đi lại)",
    )  # fmt: skip
    p.add_argument(
        "--minority-language", choices=("có", "không"),
        help="tài liệu tập huấn viết bằng tiếng dân tộc thiểu số (định mức +30%%)",
    )  # fmt: skip
    p.add_argument("--chapter", metavar="MÃ", help="mã chương (mục lục ngân sách)")
    p.add_argument("--sector", metavar="MÃ", help="mã loại–khoản, ví dụ 340-341")
    p.add_argument("--programme-code", metavar="MÃ", help="mã chương trình mục tiêu quốc gia")
    p.add_argument(
        "--support", action="append", type=_support, default=[], metavar="NHÓM:KHOẢN=có|không",
        help="ai được hưởng gì, ví dụ learner_unsalaried:meal=có (ghi nhiều lần được); nhóm: "
        f"{', '.join(CATEGORIES)}; khoản: {', '.join(SUPPORTS)}",
    )  # fmt: skip
    p.add_argument(
        "--payer", action="append", type=_payer, default=[], metavar="NHÓM=class|agency",
        help="ai chi trả cho nhóm người: kinh phí lớp (class) hay cơ quan cử đi (agency, "
        "công tác phí; lớp chỉ chi nước uống); ghi nhiều lần được",
    )  # fmt: skip
    p.add_argument(
        "--category-travel", action="append", type=_category_travel, default=[],
        metavar="NHÓM=CÁCH", help="cách tính tiền đi lại riêng của một nhóm người "
        "(own_vehicle, flat_per_km, actual, plan: như kế hoạch); ghi nhiều lần được",
    )  # fmt: skip
    p.add_argument(
        "--lodging-by-invoice", choices=("có", "không"),
        help="thuê phòng nghỉ theo hóa đơn (2 người/phòng; lãnh đạo 1 người) thay vì khoán",
    )  # fmt: skip
    p.add_argument(
        "--distance", action="append", type=_distance, default=[], metavar="XÃ=KM",
        help="khoảng cách một chiều của người trong xã chưa có khoảng cách, ví dụ "
        "\"Xã Quài Tở=35\" (ghi nhiều lần được)",
    )  # fmt: skip
    _json_flag(p)
    p.set_defaults(handler=cmd_plan_edit)

    _removal_verbs(verbs, common, "plan")


def _activity_options(p: argparse.ArgumentParser, *, adding: bool) -> None:
    p.add_argument("--title", required=adding, metavar="TÊN", help="tên lớp / sự kiện")
    p.add_argument("--start", type=_date, required=adding, metavar="YYYY-MM-DD", help="từ ngày")
    p.add_argument("--end", type=_date, required=adding, metavar="YYYY-MM-DD", help="đến ngày")
    p.add_argument("--kind", choices=[k.value for k in ActivityKind], help="loại")
    p.add_argument("--venue", metavar="TÊN", help="địa điểm (chưa có thì thêm mới)")
    p.add_argument("--capacity", type=_count, metavar="N", help="số chỗ của địa điểm")
    p.add_argument("--expected", type=_count, metavar="N", help="số người dự kiến")
    p.add_argument(
        "--lecturer", action="append", default=None, metavar="HỌ_TÊN",
        help="giảng viên đã có (ghi nhiều lần được; dạy lần lượt từng buổi)",
    )  # fmt: skip


def register_activity_verbs(verbs: Any, common: argparse.ArgumentParser) -> None:
    """The verbs beside `activity copy` (cli.planning owns the `activity` group)."""
    p = verbs.add_parser("add", parents=[common], help="thêm lớp / sự kiện vào kế hoạch")
    p.add_argument("--plan", required=True, metavar="MÃ", help="mã kế hoạch")
    p.add_argument("--code", required=True, metavar="MÃ", help="mã lớp")
    _activity_options(p, adding=True)
    _json_flag(p)
    p.set_defaults(handler=cmd_activity_add)

    p = verbs.add_parser("edit", parents=[common], help="sửa lớp (chỉ các mục được ghi)")
    p.add_argument("code", metavar="MÃ", help="mã lớp")
    p.add_argument("--new-code", metavar="MÃ", help="đổi mã")
    _activity_options(p, adding=False)
    _json_flag(p)
    p.set_defaults(handler=cmd_activity_edit)

    _removal_verbs(verbs, common, "activity")


# --- plans -----------------------------------------------------------------------------------


def _plan_json(session: Any, code: str) -> dict[str, Any]:
    (summary,) = list_plans(session, [code])
    document = summary.as_json()
    document["categories"] = [
        {
            "category": c.category, "payer": c.payer, "travel_method": c.effective_method,
            "own_travel_method": c.travel_method, "supports": list(c.supports),
        }
        for c in category_settings(session, summary.id)
    ]  # fmt: skip
    return document


def _funding(session: Any, pid: int, args: argparse.Namespace) -> None:
    changes = {
        k: v
        for k, v in (
            ("ceiling", args.ceiling), ("decision_number", args.decision),
            ("unit_name", args.unit),
        )
        if v is not None
    }  # fmt: skip
    if changes:
        now = unit_and_funding(session, pid)
        save_unit_and_funding(session, pid, dataclasses.replace(now, **changes))


def cmd_plan_add(ctx: Context, args: argparse.Namespace) -> int:
    from models.norms.store import list_norm_sets

    with ctx.db.write() as session:
        list_norm_sets(session)  # the shipped sets are installed on first use
        norm_set = args.norm_set  # None: each class by the set in force on its dates
        plan = create_plan(
            session,
            PlanInput(
                code=args.code, title=args.title, number=args.number or "",
                ceiling=args.ceiling or 0, decision_number=args.decision or "",
                unit_name=args.unit or "", norm_set_code=norm_set,
            ),
        )  # fmt: skip
        document = _plan_json(session, plan.code)
    _done(args, document, f"Đã thêm kế hoạch {document['code']}.")
    return 0


def cmd_plan_edit(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.write() as session:
        pid = plan_id(session, args.code)
        form = plan_form(session, pid)
        changes = {
            k: v
            for k, v in (
                ("code", args.new_code), ("title", args.title), ("number", args.number),
                ("travel_method", args.travel), ("petrol_price", args.petrol_price),
                ("petrol_price_date", args.petrol_date), ("budget_chapter", args.chapter),
                ("budget_sector", args.sector), ("programme_code", args.programme_code),
                ("organiser_level", args.organiser_level),
                ("lodging_certified", None if args.lodging_certified is None
                 else args.lodging_certified == "có"),
                ("night_after", None if args.night_after is None else args.night_after == "có"),
                ("minority_language", None if args.minority_language is None
                 else args.minority_language == "có"),
                ("lodging_by_invoice", None if args.lodging_by_invoice is None
                 else args.lodging_by_invoice == "có"),
            )
            if v is not None
        }  # fmt: skip
        if args.lodging_min_km is not None:
            changes["lodging_min_km"] = args.lodging_min_km or None
        edit_plan(session, pid, dataclasses.replace(form, **changes))
        _funding(session, pid, args)
        if args.payer or args.category_travel:
            set_category_choices(session, pid, dict(args.payer), dict(args.category_travel))
        if args.support:
            grid = {c: set(s) for c, s in support_choices(session, pid).items()}
            for category, support, paid in args.support:
                (grid.setdefault(category, set()).add if paid else
                 grid.setdefault(category, set()).discard)(support)  # fmt: skip
            choose_supports(session, pid, {c: frozenset(s) for c, s in grid.items()})
        if args.distance:
            distances_by_commune(session, dict(args.distance), plan_id=pid)
        document = _plan_json(session, changes.get("code", form.code))
    _done(args, document, f"Đã sửa kế hoạch {document['code']}.")
    return 0


# --- activities ------------------------------------------------------------------------------


def _venue_id(session: Any, name: str | None, capacity: int | None) -> int | None:
    """The venue named (created with the capacity when new); a capacity given for a known
    venue becomes its capacity."""
    if name is None:
        return None
    from models.entities.enums import PlaceType
    from models.planning.setup import VenueInput, save_venue

    wanted = " ".join(name.split())
    found = [v for v in list_venues(session) if v.name == wanted]
    if not found:
        return save_venue(session, VenueInput(name=wanted, capacity=capacity or None)).id
    venue = found[0]
    if capacity is not None and capacity != venue.capacity:
        save_venue(session, VenueInput(
            name=venue.name, commune=venue.commune, province=venue.province,
            address=venue.address, place_type=PlaceType(venue.place_type),
            capacity=capacity or None, daily_hire=venue.daily_hire,
            organiser_owned=venue.organiser_owned, central_city=venue.central_city,
        ), venue.id, expected_version=venue.version)  # fmt: skip
    return venue.id


def _lecturer_ids(session: Any, names: list[str] | None) -> tuple[int, ...] | None:
    if names is None:
        return None
    from models.planning.catalog import list_lecturers

    known = {x.full_name: x.id for x in list_lecturers(session)}
    wanted = [" ".join(n.split()) for n in names]
    missing = [n for n in wanted if n not in known]
    if missing:
        raise CliError(f"không có giảng viên «{missing[0]}»; thêm giảng viên trước")
    return tuple(known[n] for n in wanted)


def _activity_json(session: Any, code: str) -> dict[str, Any]:
    for plan in list_plans(session, include_archived=True):
        for a in plan.activities:
            if a.code == code:
                return {"plan": plan.code, **a.as_json()}
    raise CliError(f"không có lớp {code}")


def cmd_activity_add(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.write() as session:
        pid = plan_id(session, args.plan)
        activity = create_activity(
            session,
            ActivityInput(
                plan_id=pid, code=args.code, title=args.title, start=args.start, end=args.end,
                kind=ActivityKind(args.kind or ActivityKind.TRAINING.value),
                venue_id=_venue_id(session, args.venue, args.capacity),
                lecturer_ids=_lecturer_ids(session, args.lecturer) or (),
            ),
        )  # fmt: skip
        activity.expected_count = args.expected
        session.flush()
        document = _activity_json(session, activity.code)
    _done(args, document, f"Đã thêm lớp {document['code']}.")
    return 0


def cmd_activity_edit(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.write() as session:
        aid = activity_id(session, args.code)
        form = activity_form(session, aid)
        changes: dict[str, Any] = {
            k: v
            for k, v in (
                ("code", args.new_code), ("title", args.title), ("start", args.start),
                ("end", args.end), ("expected_count", args.expected),
            )
            if v is not None
        }  # fmt: skip
        if args.kind is not None:
            changes["kind"] = ActivityKind(args.kind)
        lecturers = _lecturer_ids(session, args.lecturer)
        if lecturers is not None:
            changes["lecturer_ids"] = lecturers
        if args.venue is not None or args.capacity is not None:
            venue = _venue_id(session, args.venue, args.capacity) if args.venue else None
            changes["venue_id"] = venue if args.venue else form.venue_id
            if args.venue is None:  # only the capacity of the present venue
                from models.lookup import get_activity

                current = get_activity(session, aid).venue
                if current is not None:
                    _venue_id(session, current.name, args.capacity)
        done = edit_activity(session, aid, dataclasses.replace(form, **changes))
        for warning in done.warnings:  # a clash the new dates or venue create
            say(f"cảnh báo: {warning}")
        document = _activity_json(session, changes.get("code", form.code))
    _done(args, document, f"Đã sửa lớp {document['code']}.")
    return 0


# --- archive, restore, delete: the same for a plan and a class --------------------------------


@dataclass(frozen=True)
class _Removable:
    noun: str  # "kế hoạch", "lớp"
    find: Callable[[Any, str], int]
    impact: Callable[[Any, int], Impact]
    remove: Callable[[Any, int], object]
    archive: Callable[[Any, int, bool], object]
    document: Callable[[Any, str], dict[str, Any]]


_REMOVABLE: dict[str, _Removable] = {
    "plan": _Removable("kế hoạch", plan_id, plan_impact, remove_plan, archive_plan, _plan_json),
    "activity": _Removable(
        "lớp", activity_id, activity_impact, remove_activity, archive_activity, _activity_json
    ),
}


def _removal_verbs(verbs: Any, common: argparse.ArgumentParser, target: str) -> None:
    noun = _REMOVABLE[target].noun
    for verb, text in (("archive", "lưu trữ (ẩn khỏi danh sách)"), ("restore", "khôi phục")):
        p = verbs.add_parser(verb, parents=[common], help=f"{text} {noun}")
        p.add_argument("code", metavar="MÃ", help=f"mã {noun}")
        _json_flag(p)
        p.set_defaults(handler=cmd_archive, target=target, archived=verb == "archive")
    p = verbs.add_parser("delete", parents=[common], help=f"xóa {noun} chưa có số liệu")
    p.add_argument("code", metavar="MÃ", help=f"mã {noun}")
    p.add_argument("--yes", action="store_true", help="không hỏi lại")
    _json_flag(p)
    p.set_defaults(handler=cmd_delete, target=target)


def cmd_archive(ctx: Context, args: argparse.Namespace) -> int:
    what = _REMOVABLE[args.target]
    with ctx.db.write() as session:
        what.archive(session, what.find(session, args.code), args.archived)
        document = what.document(session, args.code.strip())
    verb = "lưu trữ" if args.archived else "khôi phục"
    _done(args, document, f"Đã {verb} {what.noun} {document['code']}.")
    return 0


def cmd_delete(ctx: Context, args: argparse.Namespace) -> int:
    what = _REMOVABLE[args.target]
    with ctx.db.write() as session:
        key = what.find(session, args.code)
        impact = what.impact(session, key)
        if impact.deletable and not args.yes:
            _confirm(impact.message)
        what.remove(session, key)  # refused with the reason when it must be archived
    _done(args, {"deleted": args.code.strip(), **impact.as_json()}, impact.message)
    return 0


# --- shared ----------------------------------------------------------------------------------


def _confirm(message: str) -> None:
    import sys

    if not sys.stdin.isatty():
        raise CliError(f"{message} Thêm --yes để xóa (không hỏi được khi không có bàn phím)")
    say(message)
    answer = input("Xóa? (c/k) ").strip().lower()
    if answer not in ("c", "có", "y", "yes"):
        raise CliError("không xóa")


def _done(args: argparse.Namespace, document: dict[str, Any], message: str) -> None:
    if args.json:
        emit_json(document)
    say(message)
