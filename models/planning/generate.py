"""A campaign generated from a list of places and a date range: one outreach session per
place, spread evenly over the buổi (weekday mornings, then afternoons too), written as an
imported schedule is (models.planning.schedule), all or nothing.

`read_places` reads the list from a file (a heading row with "Địa điểm", and optionally "Xã",
"Thôn, bản", "Số hộ"; title rows above it and totals below tolerated); every non-blank row
under the heading becomes a place or, without a name, a rejected one, so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Final

from sqlalchemy.orm import Session

from models.entities.enums import Half
from models.planning.schedule import ScheduleResult, apply_schedule, plan_schedule_rows
from models.planning.schedule_read import (
    Col,
    RowIssue,
    ScheduleError,
    ScheduleRows,
    SessionRow,
    match_col,
    parse_count,
)
from models.roster_import.kinds import other_row_kind
from models.roster_import.read import read_file
from models.text.vntext import collapse_spaces, nfc

Place = tuple[str, str, str, int | None]  # venue name, commune, village, expected households
GENERATED: Final = "(danh sách địa điểm)"


def generate_sessions(
    session: Session,
    plan_id: int,
    places: Sequence[Place],
    first_day: dt.date,
    last_day: dt.date,
    *,
    per_day: int = 2,
    skip_weekends: bool = True,
    dry_run: bool = False,
) -> ScheduleResult:
    """One session per place, spread evenly over the buổi from first_day to last_day
    (mornings, then afternoons too when per_day is 2; weekends left out unless asked), in the
    caller's transaction. A place without a name or with a negative count is rejected."""
    if last_day < first_day:
        raise ScheduleError("ngày kết thúc phải sau hoặc trùng ngày bắt đầu")
    if per_day not in (1, 2):
        raise ScheduleError("mỗi ngày có 1 hoặc 2 buổi (sáng, chiều)")
    slots = list(_slots(first_day, last_day, per_day, skip_weekends))
    rows, rejections, rejected = [], [], []
    for number, (name, commune, village, expected) in enumerate(places, 1):
        reason = ""
        if not collapse_spaces(nfc(name)):
            reason = "thiếu tên địa điểm"
        elif expected is not None and expected < 0:
            reason = f"số hộ {expected} âm"
        if reason:
            rejected.append(number)
            rejections.append(RowIssue(GENERATED, number, "", reason))
            continue
        rows.append(
            SessionRow(
                GENERATED, number, first_day, (Half.MORNING,), collapse_spaces(nfc(name)),
                collapse_spaces(nfc(commune)), collapse_spaces(nfc(village)), expected,
            )
        )  # fmt: skip
    if len(rows) > len(slots):
        raise ScheduleError(
            f"từ {first_day:%d/%m/%Y} đến {last_day:%d/%m/%Y} chỉ có {len(slots)} buổi cho "
            f"{len(rows)} địa điểm; hãy kéo dài khoảng ngày hoặc thêm buổi mỗi ngày"
        )
    spread = [
        replace(row, day=slots[i * len(slots) // len(rows)][0],
                halves=(slots[i * len(slots) // len(rows)][1],))
        for i, row in enumerate(rows)
    ]  # fmt: skip
    read = ScheduleRows(len(places), tuple(spread), (), tuple(rejected), tuple(rejections))
    preview = plan_schedule_rows(session, plan_id, read, GENERATED)
    if dry_run:
        return ScheduleResult(preview)
    return apply_schedule(session, preview)


def _slots(
    first: dt.date, last: dt.date, per_day: int, skip_weekends: bool
) -> Iterable[tuple[dt.date, Half]]:
    day = first
    while day <= last:
        if not (skip_weekends and day.weekday() >= 5):
            yield from ((day, h) for h in (Half.MORNING, Half.AFTERNOON)[:per_day])
        day += dt.timedelta(days=1)


def read_places(path: Path | str) -> list[Place]:
    """The places of a file's first sheet with a "Địa điểm" heading, in order."""
    name = Path(path).name
    for sheet in read_file(path):
        rows = sheet.rows
        for index, row in enumerate(rows[:40]):
            cols = {match_col(str(v)): c for c, v in enumerate(row) if isinstance(v, str)}
            if Col.PLACE not in cols:
                continue
            return [place for r in rows[index + 1 :] if (place := _place(r, cols)) is not None]
    raise ScheduleError(f"{name}: không thấy dòng tiêu đề có cột «Địa điểm»")


def _place(row: Sequence[object], cols: dict[Col | None, int]) -> Place | None:
    def cell(col: Col) -> object:
        at = cols.get(col)
        return row[at] if at is not None and at < len(row) else None

    texts = [collapse_spaces(nfc(str(v))) for v in row if v not in (None, "")]
    if not texts:
        return None  # a blank row
    if other_row_kind(texts) is not None:
        return None  # a total, a signature or a section heading: not a place
    expected, _problem = parse_count(cell(Col.EXPECTED))  # type: ignore[arg-type]
    text = [collapse_spaces(nfc(str(cell(c) or ""))) for c in (Col.PLACE, Col.COMMUNE, Col.VILLAGE)]
    return text[0], text[1], text[2], expected
