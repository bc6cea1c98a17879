"""The roster import wizard, driven offscreen on the messy commune workbook."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.importer.pages import NO_COLUMN
from desktop.importer.preview_model import PreviewModel
from desktop.importer.wizard import ImportWizard
from desktop.qt import QComboBox, QWizard
from desktop.tasks import TaskRunner
from models.db import Database
from models.entities.tables import Activity, Enrollment, Person
from models.roster_import.headers import Field
from tests.models import roster_fixtures as fx

CODE = "TTDN23-L01"


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


def _activities(db: Database) -> list[tuple[int, str]]:
    with db.read() as s:
        return [(a.id, f"{a.code} — {a.title}") for a in s.scalars(select(Activity))]


def _wizard(qtbot: QtBot, runner: TaskRunner, db: Database, activity_id: int) -> ImportWizard:
    wizard = ImportWizard(runner, db, _activities(db), activity_id)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _idle(qtbot: QtBot, runner: TaskRunner) -> None:
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=10_000)


def _people(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count(Person.id))) or 0


def _to_preview(qtbot: QtBot, runner: TaskRunner, wizard: ImportWizard, path: Path) -> None:
    wizard.file_page.path_edit.setText(str(path))  # as if chosen in the file dialog
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.sheets_page, timeout=10_000)
    wizard.next()
    qtbot.waitUntil(wizard.mapping_page.isComplete, timeout=10_000)
    wizard.next()
    assert wizard.currentPage() is wizard.preview_page
    _idle(qtbot, runner)


def test_import_a_messy_workbook_into_a_class(
    qtbot: QtBot,
    runner: TaskRunner,
    demo_db: Database,
    tmp_path: Path,
    qtmodeltester: ModelTester,
) -> None:
    db = demo_db
    path = fx.commune_workbook(tmp_path / "ds-quai-to.xlsx")
    with db.read() as s:
        activity = s.scalars(select(Activity).where(Activity.code == CODE)).one()
        enrolled_before = s.scalar(
            select(func.count()).where(Enrollment.activity_id == activity.id)
        )
    people_before = _people(db)
    wizard = _wizard(qtbot, runner, db, activity.id)
    assert wizard.file_page.activity_id() == activity.id  # preselected by the caller

    wizard.file_page.path_edit.setText(str(path))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.sheets_page, timeout=10_000)
    sheets = wizard.sheets_page
    texts = [sheets.list.item(i).text() for i in range(sheets.list.count())]
    assert texts[0] == "Xã Quài Tở — 20 dòng có nội dung (tiêu đề ở dòng 7–8)"
    assert "không thấy dòng tiêu đề" in texts[3]
    assert sheets.chosen() == [fx.QUAI_TO, fx.CO_NONG, fx.QUAI_NUA]  # the guide is left out

    wizard.next()
    mapping = wizard.mapping_page
    qtbot.waitUntil(mapping.isComplete, timeout=10_000)
    assert mapping.sheet_combo.currentText() == fx.QUAI_TO
    assert mapping.combos[Field.FULL_NAME].currentText() == "B — Họ và tên"
    assert mapping.combos[Field.YEAR_FEMALE].currentText() == "D — Nữ"
    mapping.sheet_combo.setCurrentIndex(1)  # the TCVN3 sheet: headings decoded
    assert mapping.combos[Field.GENDER].currentText() == "D — Giới tính"
    mapping.sheet_combo.setCurrentIndex(0)

    wizard.next()
    page = wizard.preview_page
    assert wizard.currentPage() is page
    model = page.model
    qtmodeltester.check(model)
    assert page.summary.text() == (
        "<b>Nhập mới 10, trùng 1, cần xác nhận 1, từ chối 3, bỏ qua 12 dòng không phải người: "
        "10 + 1 + 1 + 3 = 15</b>"
    )
    assert model.rowCount() == 15 + 12  # every row: person rows and skipped rows

    def cells(sheet: str, row: int) -> list[str]:
        found = model.find(sheet, row)
        assert found is not None
        return [model.index(found, c).data() for c in range(model.columnCount())]

    assert cells(fx.QUAI_TO, 16) == [
        fx.QUAI_TO, "16", "Tòng Văn Xuân", "✗ Từ chối", "",
        "cột I: số CCCD «12345» có 5 chữ số, cần 12",
    ]  # fmt: skip
    assert cells(fx.QUAI_TO, 17)[3] == "= Trùng (gộp)"
    assert cells(fx.CO_NONG, 4)[2:4] == ["Hoàng Văn Thành", "✓ Nhập mới"]  # TCVN3 decoded
    assert cells(fx.QUAI_TO, 21)[3:] == ["– Bỏ qua", "", "dòng tổng cộng: «Tổng cộng: 10 người»"]
    held = cells(fx.QUAI_TO, 18)
    assert held[3:5] == ["? Cần xác nhận", "Giữ lại chờ xác nhận"]  # never merged silently

    # "Là người khác": with the combo in the decision column
    row = model.find(fx.QUAI_TO, 18)
    assert row is not None
    combo = page.view.indexWidget(model.index(row, PreviewModel.DECISION))
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("new"))
    assert cells(fx.QUAI_TO, 18)[4] == "Là người khác (nhập mới)"
    assert page.summary.text().startswith("<b>Nhập mới 11, trùng 1, cần xác nhận 0, từ chối 3")
    assert _people(db) == people_before  # nothing written yet

    with qtbot.waitSignal(wizard.imported, timeout=10_000) as imported:
        wizard.next()
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=10_000)
    assert imported.args == [11]
    done = wizard.done_page
    assert "Đã nhập 11 người mới." in done.result_label.text()
    assert done.save_button.isVisibleTo(wizard)

    with db.read() as s:
        assert _people(db) == people_before + 11
        enrolled = s.scalar(select(func.count()).where(Enrollment.activity_id == activity.id))
        assert enrolled == enrolled_before + 11  # row 17 is row 10's person: once
        uns = s.scalars(select(Person).where(Person.full_name == "Quàng Văn Ún")).all()
        assert len(uns) == 2  # the possible duplicate, imported as a different person

    report = tmp_path / "dong-loi.xlsx"
    done.save_rejects(report)
    qtbot.waitUntil(lambda: done.saved == report, timeout=10_000)
    assert "Đã lưu báo cáo" in done.status.label.text()
    book = openpyxl.load_workbook(report)
    sheet = book[fx.QUAI_TO]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    # Rejected only (nothing held any more), then the rows skipped as not people.
    assert [r[2] for r in rows if r[0] != "bỏ qua"] == [15, 16, 19]
    xuan = rows[1]
    assert xuan[:2] == ["bị từ chối", "cột I: số CCCD «12345» có 5 chữ số, cần 12"]
    assert xuan[3:5] == [6, "Tòng Văn Xuân"]  # the original cells
    assert xuan[3 + 8] == "12345"
    wizard.accept()
    _idle(qtbot, runner)


def test_cancel_writes_nothing_and_errors_are_sentences(
    qtbot: QtBot, runner: TaskRunner, demo_db: Database, tmp_path: Path
) -> None:
    db = demo_db
    people_before = _people(db)
    wizard = _wizard(qtbot, runner, db, 1)
    wizard.file_page.path_edit.setText(str(tmp_path / "khong-co.xlsx"))
    wizard.next()
    qtbot.waitUntil(lambda: "Không tìm thấy tệp" in wizard.file_page.status.label.text())
    assert wizard.currentPage() is wizard.file_page
    assert wizard.file_page.status.label.text() == "Không tìm thấy tệp khong-co.xlsx."

    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"not a workbook")
    wizard.file_page.path_edit.setText(str(broken))
    wizard.next()
    qtbot.waitUntil(
        lambda: "không đọc được tệp hong.xlsx" in wizard.file_page.status.label.text().lower()
    )
    assert "Traceback" not in wizard.file_page.status.label.text()

    path = fx.commune_workbook(tmp_path / "ds.xlsx")
    _to_preview(qtbot, runner, wizard, path)
    wizard.button(QWizard.WizardButton.CancelButton).click()
    assert not wizard.isVisible()
    _idle(qtbot, runner)
    assert _people(db) == people_before


def test_editing_the_mapping_runs_the_analysis_again(
    qtbot: QtBot, runner: TaskRunner, empty_url: str, tmp_path: Path
) -> None:
    db = Database(empty_url)
    try:
        path = fx.write_xlsx(tmp_path / "ds.xlsx", {fx.QUAI_TO: fx.QUAI_TO_ROWS})
        wizard = _wizard(qtbot, runner, db, 0)
        assert wizard.file_page.activity_id() is None  # no class: "(không ghi danh…)"
        wizard.file_page.path_edit.setText(str(path))
        wizard.next()
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.sheets_page, timeout=10_000)
        wizard.next()
        mapping = wizard.mapping_page
        qtbot.waitUntil(mapping.isComplete, timeout=10_000)
        assert wizard.preview is not None and wizard.preview.count("rejected") == 3

        combo = mapping.combos[Field.CCCD]
        combo.setCurrentIndex(combo.findData(""))  # "(không có)": CCCD not read
        assert not mapping.isComplete()  # busy until the analysis is back
        qtbot.waitUntil(mapping.isComplete, timeout=10_000)
        assert wizard.mapping == {"cccd": NO_COLUMN}
        assert mapping.combos[Field.CCCD].currentText() == "(không có)"
        # without CCCDs: row 16 (5 digits) is no longer rejected, row 17 is no duplicate
        assert wizard.preview.count("rejected") == 2

        combo = mapping.combos[Field.FULL_NAME]
        combo.setCurrentIndex(combo.findData(""))
        qtbot.waitUntil(lambda: bool(mapping.problem), timeout=10_000)
        assert mapping.status.label.text() == "Cần chọn cột «Họ và tên»."
        assert not mapping.isComplete()
        combo.setCurrentIndex(combo.findData("B"))
        qtbot.waitUntil(mapping.isComplete, timeout=10_000)

        mapping.header_spin.setValue(7)  # the header row given instead of found
        qtbot.waitUntil(mapping.isComplete, timeout=10_000)
        assert wizard.header_row == 7 and wizard.preview.sheets[0].header_rows == (7, 8)
        assert mapping.detected.text() == "Tiêu đề tìm thấy ở dòng 7–8"
        mapping.header_spin.setValue(0)
        qtbot.waitUntil(mapping.isComplete, timeout=10_000)
        assert wizard.header_row is None
        wizard.reject()
        _idle(qtbot, runner)
    finally:
        db.close()
