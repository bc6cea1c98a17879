"""Attendance summary per buổi: counts from the marks, read back from the PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from models.attendance.marks import attendance_grid, set_all_present, set_mark
from models.entities.tables import Activity
from models.lookup import plan_id
from models.papers.attendance_summary import build_attendance_summary
from reports.attendance_summary import write_attendance_summary_pdf
from tests.reports.helpers import text_of


def test_counts_and_pdf(demo_db: Any, tmp_path: Path) -> None:
    from models.demo import scenarios as demo

    with demo_db.write() as s:
        pid = plan_id(s, demo.PLAN_A)
        aid = s.scalars(select(Activity.id).where(Activity.plan_id == pid)).first()
        set_all_present(s, aid, by="test")
        grid = attendance_grid(s, aid)
        learner = next(r for r in grid.rows if r.role == "learner")
        set_mark(s, learner.enrollment_id, grid.sessions[0].session_id, "absent", by="test")
        set_mark(s, learner.enrollment_id, grid.sessions[1].session_id, "excused", by="test")
    with demo_db.read() as s:
        data = build_attendance_summary(s, activity_id=aid)
    first, second = data.rows[0], data.rows[1]
    assert (first.present, first.absent, first.excused) == (data.learners - 1, 1, 0)
    assert (second.present, second.absent, second.excused) == (data.learners - 1, 0, 1)
    assert all(r.enrolled == data.learners for r in data.rows)
    text = text_of(write_attendance_summary_pdf(data, tmp_path / "dd.pdf"))
    assert "BẢNG TỔNG HỢP ĐIỂM DANH THEO BUỔI" in text
    assert "Ngày 1 sáng" in text and "Vắng có phép" in text and "Thủ trưởng đơn vị" in text
    assert f"Số học viên của lớp: {data.learners} người." in text
