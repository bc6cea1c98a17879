"""The print centre: papers per activity and per plan, progress, cancel, files on disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from desktop.mainwindow import MainWindow
from desktop.print_jobs import PrintRequest, run_print
from desktop.qt import Qt
from desktop.settings import settings
from desktop.tasks import Cancelled
from models.attendance.marks import set_all_present
from models.db import Database
from models.lookup import activity_id, plan_id

Factory = Callable[[str], MainWindow]


def _page(qtbot: QtBot, window_factory: Factory, url: str, folder: Path) -> MainWindow:
    window = window_factory(url)
    page = window.print_page
    qtbot.waitUntil(lambda: page.activity_box.count() == 8, timeout=20_000)
    window.nav.setCurrentRow(6)
    page.folder.setText(str(folder))
    return window


def test_sign_in_and_payout_for_one_class(
    qtbot: QtBot, window_factory: Factory, demo_url: str, tmp_path: Path
) -> None:
    db = Database(demo_url)
    with db.write() as s:
        set_all_present(s, activity_id(s, "TTDN23-L01"), by="test")
    window = _page(qtbot, window_factory, demo_url, tmp_path / "giay to")
    page = window.print_page
    page.activity_box.setCurrentIndex(1)  # TTDN23-L01
    page.check("sign-in.pdf", "payout.pdf")
    page.start_button.click()
    qtbot.waitUntil(lambda: page.files.count() == 2, timeout=60_000)
    qtbot.waitUntil(lambda: page.print_runner.pending == 0, timeout=10_000)
    names = sorted(p.name for p in (tmp_path / "giay to").iterdir())
    assert len(names) == 2 and all(n.endswith(".pdf") for n in names)
    payout = next(tmp_path.glob("giay to/bang-ke*.pdf"))
    text = "".join(page_.extract_text() for page_ in PdfReader(payout).pages)
    assert "BẢNG KÊ" in text.upper() and "Lò Thị Bun" in text
    assert "Đã tạo 2 tệp" in page.status.text()


def test_whole_plan_workbooks(
    qtbot: QtBot, window_factory: Factory, demo_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    window = _page(qtbot, window_factory, demo_url, out)
    page = window.print_page
    page.activity_box.setCurrentIndex(0)  # the whole plan
    page.check("settlement.xlsx", "budget.xlsx", "roster.xlsx")
    page.start_button.click()
    qtbot.waitUntil(lambda: page.files.count() == 3, timeout=60_000)
    qtbot.waitUntil(lambda: page.print_runner.pending == 0, timeout=10_000)
    assert sorted(p.suffix for p in out.iterdir()) == [".xlsx", ".xlsx", ".xlsx"]
    assert settings().value("paths/output") == str(out)  # remembered


def test_settlement_is_offered_only_for_a_whole_plan(
    qtbot: QtBot, window_factory: Factory, demo_url: str, tmp_path: Path
) -> None:
    window = _page(qtbot, window_factory, demo_url, tmp_path)
    page = window.print_page
    page.activity_box.setCurrentIndex(2)
    page.check("settlement.xlsx")
    assert page.chosen_papers() == ()
    page.start_button.click()
    assert "ít nhất một" in page.status.text()
    qtbot.waitUntil(lambda: page.print_runner.pending == 0, timeout=10_000)


class _CancelAfter:
    """A Step that asks to stop after `n` files, like a user pressing Hủy."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.done = 0

    def report(self, done: int, total: int, text: str = "") -> None:
        self.done = done

    def check(self) -> None:
        if self.done >= self.n:
            raise Cancelled


def test_cancel_stops_between_files_and_leaves_no_half_file(demo_url: str, tmp_path: Path) -> None:
    db = Database(demo_url)
    with db.read() as s:
        pid = plan_id(s, "KH-TTDN-2023")
        from models.lookup import plan_activity_ids

        ids = tuple(plan_activity_ids(s, pid))
    request = PrintRequest(
        papers=("sign-in.pdf",), plan_id=pid, plan_code="KH-TTDN-2023", activity_ids=ids,
        whole_plan=True, folder=tmp_path / "out",
    )  # fmt: skip
    request.folder.mkdir()
    step = _CancelAfter(3)
    try:
        run_print(db, request, step)
    except Cancelled:
        pass
    else:  # pragma: no cover
        raise AssertionError("not cancelled")
    files = sorted(request.folder.iterdir())
    assert len(files) == 3 and all(f.suffix == ".pdf" for f in files)
    for f in files:
        assert len(PdfReader(f).pages) >= 1  # complete files only


def test_a_pdf_viewer_without_a_print_action_gets_the_file_opened(tmp_path: Path) -> None:
    from desktop.pages.print_page import FAILED, OPENED, PRINTED, print_file

    calls: list[tuple[str, ...]] = []

    def edge(path: str, *verb: str) -> None:  # Edge as the PDF viewer has no "print" verb
        calls.append((path, *verb))
        if verb == ("print",):
            raise OSError(1155, "No application is associated with the specified file")

    pdf = tmp_path / "bang-ke.pdf"
    assert print_file(pdf, startfile=edge) == OPENED
    assert calls == [(str(pdf), "print"), (str(pdf),)]
    assert print_file(pdf, startfile=lambda *_a: None) == PRINTED

    def broken(*_a: str) -> None:
        raise OSError(2, "missing")

    assert print_file(pdf, startfile=broken) == FAILED


def _inside(widget: object, window: MainWindow) -> bool:
    from desktop.qt import QPoint, QRect, QWidget

    assert isinstance(widget, QWidget)
    top_left = widget.mapTo(window, QPoint(0, 0))
    return widget.isVisible() and window.rect().contains(QRect(top_left, widget.size()))


def test_a_large_job_keeps_the_window_size_and_the_buttons_on_screen(
    qtbot: QtBot, window_factory: Factory, campaign_url: str, tmp_path: Path
) -> None:
    """Scenario B: 113 sign-in sheets, and for the payout lists (nobody attended yet) the
    warnings saying why none is printed."""
    import time

    from models.demo import scenarios as demo

    window = window_factory(campaign_url)
    window.resize(1024, 700)
    page = window.print_page
    qtbot.waitUntil(lambda: page.plan_box.count() == 2, timeout=30_000)
    page.plan_box.setCurrentIndex(page.plan_box.findText(demo.PLAN_B, Qt.MatchFlag.MatchStartsWith))
    window.nav.setCurrentRow(6)
    page.folder.setText(str(tmp_path / ("một thư mục có tên rất dài " * 6).strip()))
    page.activity_box.setCurrentIndex(0)  # the whole plan
    page.check("sign-in.pdf", "payout.pdf")
    qtbot.wait(50)
    size = window.size()
    started = time.monotonic()
    page.start_button.click()
    qtbot.waitUntil(lambda: page.files.count() > 0, timeout=300_000)
    print(f"113 files in {time.monotonic() - started:.1f} s")
    qtbot.wait(50)
    # Nobody has attended yet: no empty payout list is printed, the warnings say why.
    assert page.files.count() == 113
    assert page.warnings.isVisible() and page.warnings.count() > 0
    said = [page.warnings.item(i).text() for i in range(page.warnings.count())]
    assert any("không có ai được chi tiền" in w for w in said)
    assert window.size() == size
    for button in (page.open_button, page.print_button, page.print_all_button):
        assert _inside(button, window), button.text()
    assert _inside(page.warnings, window) and _inside(page.files, window)
    window.grab().save(str(Path("/tmp") / "print-centre-large-job.png"))


def test_the_people_filter_answers_while_a_print_job_runs(
    qtbot: QtBot, window_factory: Factory, demo_url: str, tmp_path: Path, monkeypatch: object
) -> None:
    """The print job holds its worker (blocked on an event); the people filter, on the
    database worker, still answers."""
    import threading

    import desktop.pages.print_page as print_page_module

    release, entered = threading.Event(), threading.Event()

    def blocked(db: Database, request: PrintRequest, step: object) -> object:
        entered.set()
        assert release.wait(30), "never released"
        return run_print(db, request, step)  # type: ignore[arg-type]

    monkeypatch.setattr(print_page_module, "run_print", blocked)  # type: ignore[attr-defined]
    window = _page(qtbot, window_factory, demo_url, tmp_path / "out")
    page = window.print_page
    page.activity_box.setCurrentIndex(1)
    page.check("sign-in.pdf")
    page.start_button.click()
    qtbot.waitUntil(entered.is_set, timeout=10_000)
    assert window.db is not None
    with window.db.engine.connect() as conn:  # WAL: readers beside a reader or a writer
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    try:
        window.nav.setCurrentRow(2)
        people = window.people_page
        qtbot.waitUntil(lambda: people.model.rowCount() == 290, timeout=10_000)
        people.filter.setText("lo thi bun")  # without tones
        qtbot.waitUntil(lambda: 0 < people.model.rowCount() < 290, timeout=10_000)
        assert page.job is not None and page.print_runner.pending == 1  # still printing
    finally:
        release.set()
    qtbot.waitUntil(lambda: page.files.count() == 1, timeout=60_000)
    qtbot.waitUntil(lambda: page.print_runner.pending == 0, timeout=10_000)


def test_a_plan_merged_into_one_pdf_per_paper(
    qtbot: QtBot, window_factory: Factory, demo_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    window = _page(qtbot, window_factory, demo_url, out)
    page = window.print_page
    page.activity_box.setCurrentIndex(1)
    assert not page.merged.isEnabled()  # one class: nothing to merge
    page.activity_box.setCurrentIndex(0)
    assert page.merged.isEnabled()
    page.merged.setChecked(True)
    page.check("sign-in.pdf", "lecturers.pdf")
    page.start_button.click()
    qtbot.waitUntil(lambda: page.files.count() == 2, timeout=60_000)
    qtbot.waitUntil(lambda: page.print_runner.pending == 0, timeout=10_000)
    assert sorted(p.name for p in out.iterdir()) == [
        "diem-danh-kh-ttdn-2023.pdf",
        "thu-lao-giang-vien-kh-ttdn-2023.pdf",
    ]
    texts = [p.extract_text() for p in PdfReader(out / "diem-danh-kh-ttdn-2023.pdf").pages]
    assert sum("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in t for t in texts) == 7
    fees = len(PdfReader(out / "thu-lao-giang-vien-kh-ttdn-2023.pdf").pages)
    assert f"({len(texts) + fees} trang PDF)" in page.status.text()


def test_print_all_without_qtpdf_hands_the_pdfs_to_the_system(
    qtbot: QtBot, window_factory: Factory, demo_url: str, tmp_path: Path, monkeypatch: object
) -> None:
    import desktop.pages.print_page as print_page_module
    from desktop import print_preview

    sent: list[str] = []
    monkeypatch.setattr(print_preview, "available", lambda: False)  # type: ignore[attr-defined]
    monkeypatch.setattr(  # type: ignore[attr-defined]
        print_page_module, "print_file", lambda path: sent.append(path.name) or "printed"
    )
    db = Database(demo_url)
    with db.write() as s:  # a payout list needs someone paid (issue 11: no empty list)
        set_all_present(s, activity_id(s, "TTDN23-L01"), by="test")
    db.close()
    window = _page(qtbot, window_factory, demo_url, tmp_path / "out")
    page = window.print_page
    page.activity_box.setCurrentIndex(1)
    page.check("sign-in.pdf", "payout.pdf", "roster.xlsx")
    page.start_button.click()
    qtbot.waitUntil(lambda: page.files.count() == 3, timeout=60_000)
    qtbot.waitUntil(lambda: page.print_runner.pending == 0, timeout=10_000)
    page.print_all_button.click()
    assert sorted(sent) == sorted(p.name for p in page.all_files() if p.suffix == ".pdf")
    assert len(sent) == 2 and "Đã gửi 2 tệp" in page.status.text()
