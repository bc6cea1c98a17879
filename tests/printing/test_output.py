"""The registry and its one writer: every entry resolves; merged files, folders and processes
give the same papers as the single-file writers; page counts match the files."""

from __future__ import annotations

import contextlib
import inspect
from pathlib import Path

import pytest
from pypdf import PdfReader

from models.papers.data import LecturerFeeSheet, PaperHeading, PayoutSheet
from printing.output import Document, file_names, pdf_pages, write_merged
from printing.parallel import write_parallel
from printing.registry import PAPERS, keys, load, paper
from reports.numbers import money
from tests.reports.helpers import PAGE_NUMBER, UNIT, flat, page_numbers, pages, text_of
from tests.reports.test_payout import HEADING, LECTURERS, _rows
from tests.reports.test_payout import _sheet as _payout
from tests.reports.test_signin import _people, _sheet


@pytest.mark.parametrize("entry", PAPERS, ids=lambda p: p.key)
def test_every_entry_resolves(entry: object) -> None:
    from printing.registry import Paper

    assert isinstance(entry, Paper)
    assert entry.formats, "a paper needs a PDF or an XLSX writer"
    refs = [entry.build, *([entry.xlsx] if entry.xlsx else [])]
    if entry.pdf:  # story and layout only for papers merged from several documents
        refs += [r for r in (entry.pdf.write, entry.pdf.story, entry.pdf.layout) if r]
        assert entry.pdf.story or not entry.per_activity
    for ref in refs:
        assert load(ref) is not None, ref
    build = inspect.signature(load(entry.build)).parameters
    assert set(entry.options) <= set(build), "options the builder does not take"
    assert entry.scopes <= {"activity", "plan", "everyone"}


def test_keys_are_unique_and_the_cli_choices() -> None:
    assert len({p.key for p in PAPERS}) == len(PAPERS)
    assert keys("pdf") == (
        "sign-in", "payout", "lecturers", "budget", "summary", "payment-request",
        "advance-request", "contract", "acceptance", "attendance-summary", "certificates",
        "badges", "desk-cards",
    )  # fmt: skip
    assert keys("xlsx") == ("budget", "settlement", "roster")
    money = ["payout", "lecturers", "budget", "settlement", "summary", "payment-request",
             "advance-request", "contract", "acceptance"]  # fmt: skip
    assert [p.key for p in PAPERS if p.money] == money


def test_merged_sign_in_sheets_each_start_a_page_and_restart_numbering(tmp_path: Path) -> None:
    sheets = [
        _sheet(_people(40), code="TG-B001", title="Buổi truyền thông số 1 - Xã Quài Cang"),
        _sheet(_people(40), code="TG-B002", title="Buổi truyền thông số 2 - Xã Mường Mùn"),
        _sheet(_people(3), code="TG-B003", title="Buổi truyền thông số 3 - Xã Pú Nhung"),
    ]
    path = write_merged(paper("sign-in"), sheets, tmp_path / "all.pdf")
    texts = [flat(t) for t in pages(path)]
    numbers = page_numbers(path)
    assert pdf_pages(path) == len(texts) == len(PdfReader(path).pages)
    firsts = [i for i, text in enumerate(texts) if "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text]
    assert len(firsts) == 3
    for sheet, first in zip(sheets, firsts, strict=True):
        assert sheet.activity_title in texts[first]
    for first, end in zip(firsts, [*firsts[1:], len(texts)], strict=True):
        total = end - first
        assert not PAGE_NUMBER.search(texts[first])
        # Each paper numbers its own pages from 2 (ND30: none on its first page).
        assert numbers[first:end] == ["", *(str(n) for n in range(2, total + 1))]
    with pytest.raises(ValueError, match="không có giấy tờ"):
        write_merged(paper("sign-in"), [], tmp_path / "none.pdf")


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_parallel_writes_one_file_per_document(
    tmp_path: Path, start: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAPHUAN_WORKERS_START", start if start == "spawn" else "")
    sheets = [
        _sheet(_people(12), code="TG/2023 B-001"),
        _sheet(_people(5), code="TG/2023 B-002"),
        _sheet(_people(5), code="TG/2023 B-002"),  # same code: must not overwrite
        _sheet(_people(5), code="", title="Lớp Đồng Đăng"),
    ]
    docs = [Document(None, s.activity_code, s.activity_title) for s in sheets]
    names = file_names("diem-danh", docs, "pdf")
    assert names == [
        "diem-danh-tg-2023-b-001.pdf",
        "diem-danh-tg-2023-b-002.pdf",
        "diem-danh-tg-2023-b-002-2.pdf",
        "diem-danh-lop-dong-dang.pdf",
    ]
    paths = write_parallel(paper("sign-in"), sheets, [tmp_path / n for n in names], workers=2)
    assert [p.name for p in paths] == names
    for sheet, path in zip(sheets, paths, strict=True):
        assert f"Tổng số: {len(sheet.people)} người" in text_of(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)


def test_merged_money_papers(tmp_path: Path) -> None:
    other = PayoutSheet(UNIT, PaperHeading("Lớp 2: Huyện Sìn Hồ", "TTDN23-L02"), _rows(3))
    combined = pages(write_merged(paper("payout"), [_payout(20), other], tmp_path / "all.pdf"))
    firsts = [i for i, t in enumerate(combined) if "CỘNG HÒA" in t]
    assert len(firsts) == 2
    assert "Lớp 2: Huyện Sìn Hồ" in flat(combined[firsts[1]])
    assert f"Tổng số tiền: {money(other.total)} đồng" in flat(" ".join(combined[firsts[1] :]))
    fees = [
        LecturerFeeSheet(UNIT, HEADING, LECTURERS),
        LecturerFeeSheet(UNIT, PaperHeading("Lớp 2", "TTDN23-L02"), LECTURERS[:1]),
    ]
    merged = pages(write_merged(paper("lecturers"), fees, tmp_path / "gv.pdf"))
    assert sum("BẢNG THANH TOÁN THÙ LAO VÀ CÔNG TÁC PHÍ GIẢNG VIÊN" in t for t in merged) == 2
    # One document: the paper's own writer, same pages as writing it alone.
    one = write_merged(paper("payout"), [other], tmp_path / "one.pdf")
    alone = load(paper("payout").pdf.write)(other, tmp_path / "alone.pdf")  # type: ignore[union-attr]
    assert pages(one) == pages(alone)


def test_nobody_paid_prints_no_empty_payout_list(tmp_path: Path, demo_url: str) -> None:
    """Issue 11: a class where nobody is paid gives no empty list to sign; it says so. A plan
    leaves such classes out with the reason and prints the others."""
    from models.attendance.marks import set_all_present
    from models.db import Database
    from models.errors import UserError
    from models.lookup import activity_by_code, plan_by_code
    from printing.output import produce, scope_of
    from printing.registry import paper

    db = Database(demo_url)
    with db.read() as s:
        one = activity_by_code(s, "TTDN23-L01").id
        plan = plan_by_code(s, "KH-TTDN-2023").id
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(UserError, match="không có ai được chi tiền"):
        produce(db, paper("payout"), "pdf", scope_of(db, activity_id=one), folder=out)
    assert list(out.iterdir()) == []  # nothing written
    with db.write() as s:
        set_all_present(s, one, by="x")
    done = produce(db, paper("payout"), "pdf", scope_of(db, plan_id=plan), folder=out)
    assert [w.path.name for w in done.files] == ["bang-ke-chi-tien-ttdn23-l01.pdf"]
    assert sum("không lập bảng kê" in w for w in done.warnings) == 6  # the other classes
    db.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_plans_payout_lists_read_the_plan_at_once(
    tmp_path: Path, demo_url: str, workers: int
) -> None:
    """A paper that `holds` (models.settlement.held) reads a plan's documents in one session
    that read the plan's lines, people and marks once, not once per class; the lists are
    those printed class by class."""
    from sqlalchemy import event

    from models.attendance.marks import set_all_present
    from models.db import Database
    from models.errors import UserError
    from models.lookup import plan_activity_ids, plan_by_code
    from printing.output import produce, scope_of

    db = Database(demo_url)
    with db.write() as s:
        plan = plan_by_code(s, "KH-TTDN-2023").id
        ids = plan_activity_ids(s, plan)
        for aid in ids:
            set_all_present(s, aid, by="x")
    alone = []
    for aid in ids:
        with contextlib.suppress(UserError):  # a class nobody is paid in has no list
            done = produce(
                db, paper("payout"), "pdf", scope_of(db, activity_id=aid), folder=tmp_path
            )
            alone.append(done)
    assert len(alone) >= 5
    seen: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    out = tmp_path / "plan"
    out.mkdir()
    done = produce(
        db, paper("payout"), "pdf", scope_of(db, plan_id=plan), folder=out, workers=workers
    )
    assert sum("FROM budget_line" in q for q in seen) == 1  # 7 classes, one read
    assert sum("FROM attendance" in q and "agency_paid" not in q for q in seen) <= 1 + len(ids)
    assert done.total == sum(o.total or 0 for o in alone) > 0
    assert [text_of(w.path) for w in done.files] == [text_of(o.files[0].path) for o in alone]
    db.close()
