"""Campaign schedules as districts send them, written with openpyxl: title rows, a two-row
header with merged cells, a date merged over two buổi, a total row and a signature block."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from models.planning.setup import (
    LecturerInput,
    PlanInput,
    VenueInput,
    create_plan,
    save_lecturer,
    save_venue,
)
from tests.models.roster_fixtures import write_xlsx

SHEET = "Lịch truyền thông"
PLAN = "KH-CDTT"


def campaign_plan(s: Session) -> tuple[int, int, int]:
    """(plan id, the venue already known, the speaker already known)."""
    plan = create_plan(s, PlanInput(code=PLAN, title="Chiến dịch truyền thông", year=2023))
    venue = save_venue(s, VenueInput("Nhà văn hóa bản Hua Sát", commune="Xã Quài Tở"))
    lecturer = save_lecturer(s, LecturerInput("Lò Văn Pản", tier=5))
    return plan.id, venue.id, lecturer.id


def messy_schedule(path: Path) -> Path:
    """13 non-blank rows: 3 sessions, 7 skipped (2 titles, numbering, total, 3 signature), 3
    rejected (row 10 an impossible date in B, row 11 "Tối" in C, row 12 "nhiều" in G)."""
    rows: list[list[object]] = [
        ["UBND HUYỆN TUẦN GIÁO", "", "", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["LỊCH TỔ CHỨC CÁC BUỔI TRUYỀN THÔNG NĂM 2023"],
        [],
        ["STT", "Thời gian", "", "Địa điểm", "Xã", "Thôn/bản", "Số hộ dự kiến", "Báo cáo viên",
         "Ghi chú"],
        ["", "Ngày", "Buổi"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"],
        [1, dt.datetime(2023, 10, 2), "Sáng", "Nhà văn hoá bản Hua Sát", "Quài Tở", "Bản Hua Sát",
         153, "Đ/c LÒ VĂN PẢN"],
        [2, "", "Chiều", "Nhà văn hóa bản Co Nỏng", "Quài Tở", "Bản Co Nỏng", "152 hộ",
         "Nguyễn Văn Lạ"],
        [3, "03/10/2023", "Sáng", "Hội trường UBND xã Mường Thín", "Mường Thín", "", 160],
        [4, "31/02/2023", "Chiều", "Nhà văn hóa bản Phiêng", "Mường Thín", "", 150],
        [5, "04/10/2023", "Tối", "Nhà văn hóa bản Xôm", "Mường Thín", "", 140],
        [6, "05/10/2023", "Sáng", "Nhà văn hóa bản Chăn", "Mường Thín", "", "nhiều"],
        ["Tổng cộng", "", "", "", "", "", 755],
        [],
        ["", "", "", "", "", "Tuần Giáo, ngày 25 tháng 9 năm 2023"],
        ["", "NGƯỜI LẬP BIỂU", "", "", "", "TRƯỞNG PHÒNG"],
        ["", "Quàng Thị Hương", "", "", "", "Lò Văn Chung"],
    ]  # fmt: skip
    merges = {SHEET: ["A2:I2", "B4:C4", "D4:D5", "B7:B8", "A13:F13"]}
    return write_xlsx(path, {SHEET: rows}, merges)
