"""Certificates: the attendance threshold, numbers unique and stable in the register."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from sqlalchemy import select

from models.attendance.marks import attendance_grid, set_all_present, set_mark
from models.entities.tables import Activity, Certificate, Plan
from models.lookup import plan_id
from models.papers.certificates import build_certificates
from reports.certificates import write_certificates_pdf
from tests.reports.helpers import text_of


def _classes(s: Any) -> tuple[int, list[int]]:
    from models.demo import scenarios as demo

    pid = plan_id(s, demo.PLAN_A)
    ids = s.scalars(
        select(Activity.id).where(Activity.plan_id == pid).order_by(Activity.start_date)
    ).all()
    return pid, list(ids)


def test_register_numbers_are_unique_and_stable(demo_db: Any, tmp_path: Path) -> None:
    with demo_db.write() as s:
        pid, (first, second, *_) = _classes(s)
        assert s.get(Plan, pid).certificate_min_attendance == 80
        assert build_certificates(s, plan_id=pid).entries == ()  # nobody marked yet
        set_all_present(s, first, by="test")
        grid = attendance_grid(s, first)
        # One learner misses one buổi of four: 75 % < 80 %, no certificate.
        missed = next(r for r in grid.rows if r.role == "learner")
        set_mark(s, missed.enrollment_id, grid.sessions[0].session_id, "absent", by="test")
        learners = sum(r.role == "learner" for r in grid.rows)
        one = build_certificates(s, plan_id=pid)
    assert one.new == len(one.entries) == learners - 1
    assert [e.number for e in one.entries] == list(range(1, learners))
    with demo_db.write() as s:
        again = build_certificates(s, plan_id=pid)
        set_all_present(s, second, by="test")
        more = build_certificates(s, plan_id=pid)
        numbers = s.scalars(select(Certificate.number).where(Certificate.plan_id == pid)).all()
    assert again.new == 0 and again.entries == one.entries  # a re-print: the same numbers
    assert more.entries[: len(one.entries)] == one.entries
    assert [e.number for e in more.entries] == list(range(1, len(more.entries) + 1))
    assert more.new == len(more.entries) - len(one.entries) > 0
    assert len(numbers) == len(set(numbers)) == len(more.entries)
    with demo_db.write() as s:
        only_second = build_certificates(s, activity_id=second)
    assert only_second.entries == more.entries[len(one.entries) :]

    path = write_certificates_pdf(one, tmp_path / "gcn.pdf")
    assert len(PdfReader(path).pages) == len(one.entries)
    text = text_of(path)
    assert "GIẤY CHỨNG NHẬN" in text and "Đã hoàn thành" in text
    assert one.entries[0].full_name in text and one.entries[0].number_text in text


def test_each_page_carries_its_own_learner(tmp_path: Path) -> None:
    """The pages are written lean (reports.lean_pages: one shared resource dictionary, the
    page dictionaries as bytes) over forms: each page still shows its learner's name, lines
    and number, with the classes' forms placed, in a file readers parse."""
    import datetime as dt

    from models.papers.forms import CertificateEntry, CertificateSheet
    from tests.reports.helpers import NAMES, UNIT, flat, pages

    def entry(n: int, name: str) -> CertificateEntry:
        day = dt.date(2024, 3, 1 + n % 2)  # two classes: two class forms
        return CertificateEntry(
            number=n,
            number_text=f"{n:04d}/GCN-KH-01",
            full_name=name,
            issued_on=day,
            birth_year=1970 + n,
            gender="F" if n % 2 else "M",
            position=f"Trưởng bản, Bản Nà Tăm {n}, Xã Bình Lư",
            activity_title=f"Lớp bồi dưỡng số {1 + n % 2}",
            start=day,
            end=day,
            venue="Hội trường UBND xã",
        )

    entries = [entry(n, name) for n, name in enumerate(NAMES, start=1)]
    sheet = CertificateSheet(UNIT, "Kế hoạch bồi dưỡng", "KH-01", 80, tuple(entries))
    path = write_certificates_pdf(sheet, tmp_path / "gcn.pdf")
    reader = PdfReader(path)
    texts = [flat(t) for t in pages(path)]
    assert len(reader.pages) == len(texts) == len(entries)
    for page, text, e in zip(reader.pages, texts, entries, strict=True):
        assert e.full_name in text and e.number_text in text
        assert f"Sinh năm: {e.birth_year}" in text and f"Nà Tăm {e.number}," in text
        assert e.activity_title in text and "GIẤY CHỨNG NHẬN" in text  # the forms
        assert [float(v) for v in page.mediabox] == [0, 0, 841.8898, 595.2756]
        assert {"/FormXob.plan"} < set(page["/Resources"]["/XObject"])
    others = [e.full_name for e in entries[1:]]
    assert not any(name in texts[0] for name in others)
