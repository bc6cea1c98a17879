"""The roster import wizard: file → sheets → header and columns → every row's fate → import.

All reading, analysing and writing runs on the worker (models.roster_import); the
pages show a busy bar meanwhile and never wait. Nothing is written before the user presses
"Nhập vào cơ sở dữ liệu" on the preview page, and then in one transaction. Possible
duplicates are never merged silently: each keeps "Giữ lại chờ xác nhận" until the user
decides otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from desktop.capacity_prompt import ask_capacity_reason
from desktop.errors import is_user_error, message_for, user_text
from desktop.i18n import _
from desktop.importer.pages import FilePage, MappingPage, SheetsPage
from desktop.importer.preview_model import Line, preview_lines
from desktop.importer.review import DonePage, PreviewPage
from desktop.qt import (
    QInputDialog,
    QWidget,
    QWizard,
    Signal,
)
from desktop.tasks import TaskRunner
from models.capacity import CapacityError
from models.db import Database
from models.roster_import.apply import apply_import
from models.roster_import.errors import RosterImportError
from models.roster_import.outcome import (
    Decision,
    ImportOptions,
    ImportPreview,
    ImportResult,
    RowRef,
)
from models.roster_import.plan import plan_sheets
from models.roster_import.read import RawSheet, read_file


def sentence(text: str) -> str:
    """A service message ("không tìm thấy tệp x.xlsx") as a sentence for a label."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def error_text(exc: BaseException) -> str:
    """Known errors (RosterImportError and the other user errors) say what went wrong;
    anything else is logged and described without a traceback."""
    if is_user_error(exc):
        return sentence(user_text(exc))
    return message_for(exc)


# --- the wizard ----------------------------------------------------------------------------


class ImportWizard(QWizard):
    """imported(n) is emitted after a successful import that wrote anything: n new people
    (0 when the rows only enrolled people already known)."""

    imported = Signal(int)

    def __init__(
        self,
        runner: TaskRunner,
        db: Database,
        activities: Sequence[tuple[int, str]] = (),
        activity_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.db = db
        self.activities = list(activities)
        self.activity_id = activity_id
        self.loaded_path: Path | None = None
        self.raw_sheets: list[RawSheet] = []
        self.analysis: ImportPreview | None = None
        self.sheet_names: list[str] = []
        self.mapping: dict[str, str] = {}
        self.header_row: int | None = None
        self.preview: ImportPreview | None = None
        self.lines: list[Line] = []
        self.plan_error = ""
        self.outcome: ImportResult | None = None
        self.writing = False
        self.reason_box: QInputDialog | None = None  # "why beyond the capacity?"
        self._closed = False

        self.setWindowTitle(_("Nhập danh sách học viên"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.file_page = FilePage(self)
        self.sheets_page = SheetsPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.done_page = DonePage(self)
        for page in (
            self.file_page,
            self.sheets_page,
            self.mapping_page,
            self.preview_page,
            self.done_page,
        ):
            self.addPage(page)
        self.resize(1040, 700)

    # --- work on the worker --------------------------------------------------------------
    def _run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[str], None],
    ) -> None:

        def landed(result: Any) -> None:
            if not self._closed:
                done(result)

        def broke(exc: BaseException) -> None:
            if not self._closed:
                failed(error_text(exc))

        self.runner.latest(id(self), work, landed, broke)

    def read(self, path: Path, done: Callable[[], None], failed: Callable[[str], None]) -> None:
        """Read the file and analyse every sheet (what the sheets page shows)."""
        db = self.db

        def work() -> tuple[list[RawSheet], ImportPreview | None]:
            sheets = read_file(path)  # an unreadable file stops here, on the file page
            try:
                with db.read() as s:
                    return sheets, plan_sheets(s, sheets, source=path.name)
            except RosterImportError:
                return sheets, None  # no header found etc.: the columns page can fix it

        def landed(result: tuple[list[RawSheet], ImportPreview | None]) -> None:
            self.raw_sheets, self.analysis = result
            self.loaded_path = path
            self.mapping.clear()
            self.header_row = None
            self.preview = None
            done()

        self._run(work, landed, failed)

    def replan(self, done: Callable[[], None], failed: Callable[[str], None]) -> None:
        """Analyse the chosen sheets with the chosen header row and columns."""
        db = self.db
        names = self.sheets_page.chosen()
        self.sheet_names = names
        sheets = [s for s in self.raw_sheets if s.name in names]
        options = ImportOptions(
            sheets=tuple(names), mapping=dict(self.mapping), header_row=self.header_row
        )
        source = self.loaded_path.name if self.loaded_path else ""

        def work() -> tuple[ImportPreview, list[Line]]:
            with db.read() as s:
                preview = plan_sheets(s, sheets, options, source=source)
            return preview, preview_lines(preview)

        def landed(result: tuple[ImportPreview, list[Line]]) -> None:
            self.preview, self.lines = result
            self.plan_error = ""
            done()

        def broke(message: str) -> None:
            self.plan_error = message
            failed(message)

        self.plan_error = ""
        self._run(work, landed, broke)

    def apply(
        self,
        decisions: dict[RowRef, Decision],
        done: Callable[[], None],
        failed: Callable[[str], None],
        over_capacity_reason: str | None = None,
    ) -> None:
        """Write the preview in one transaction with the user's decisions. Beyond the class's
        capacity the user is asked why, and the import runs again with the reason."""
        db, preview = self.db, self.preview
        assert preview is not None
        activity_id = self.file_page.activity_id()

        def work() -> ImportResult | CapacityError:
            try:
                with db.write() as s:
                    return apply_import(
                        s, preview, decisions, activity_id=activity_id,
                        over_capacity_reason=over_capacity_reason,
                    )  # fmt: skip
            except CapacityError as exc:  # nothing written: ask, then again
                return exc

        def landed(result: ImportResult | CapacityError) -> None:
            self.writing = False
            if isinstance(result, CapacityError):
                self.button(QWizard.WizardButton.CancelButton).setEnabled(True)
                self.reason_box = ask_capacity_reason(
                    self, str(result), lambda why: self.apply(decisions, done, failed, why)
                )
                self.reason_box.rejected.connect(lambda: failed(str(result)))
                return
            self.outcome = result
            self.button(QWizard.WizardButton.CancelButton).setEnabled(True)
            if result.created_ids or result.enrolled:
                self.imported.emit(len(result.created_ids))
            done()

        def broke(message: str) -> None:
            self.writing = False
            self.button(QWizard.WizardButton.CancelButton).setEnabled(True)
            failed(message)

        self.writing = True
        self.button(QWizard.WizardButton.CancelButton).setEnabled(False)
        self._run(work, landed, broke)

    def save_rejects(
        self, path: Path, done: Callable[[Path], None], failed: Callable[[str], None]
    ) -> None:
        result = self.outcome
        assert result is not None
        report = result.rejects_report()

        def work() -> Path:
            from reports.rejects import write_rejects

            return write_rejects(report, path)

        self._run(work, done, failed)

    def chosen_sheets(self) -> list[str]:
        return self.sheets_page.chosen()

    def activity_label(self, activity_id: int | None) -> str:
        return next((label for aid, label in self.activities if aid == activity_id), "")

    # --- closing ---------------------------------------------------------------------------
    def reject(self) -> None:
        """Cancel: nothing is written (an import already running finishes first)."""
        if self.writing:
            return
        self._closed = True
        super().reject()

    def accept(self) -> None:
        self._closed = True
        super().accept()
