"""What the wizard's pages need of the wizard that holds them, as a protocol.

The pages read the file's sheets, the analysis and the preview from the wizard and ask it to
read, re-plan, write and save the report; they never import the wizard, so the package has no
import circle (wizard -> pages only).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from desktop.importer.preview_model import Line
from models.roster_import.outcome import Decision, ImportPreview, ImportResult, RowRef
from models.roster_import.read import RawSheet


class ImportHost(Protocol):
    activities: list[tuple[int, str]]
    activity_id: int | None
    loaded_path: Path | None
    raw_sheets: list[RawSheet]
    analysis: ImportPreview | None
    mapping: dict[str, str]
    header_row: int | None
    preview: ImportPreview | None
    lines: list[Line]
    plan_error: str
    outcome: ImportResult | None

    def next(self) -> None: ...
    def chosen_sheets(self) -> list[str]: ...
    def read(self, path: Path, done: Callable[[], None], failed: Callable[[str], None]) -> None: ...
    def replan(self, done: Callable[[], None], failed: Callable[[str], None]) -> None: ...
    def apply(
        self,
        decisions: dict[RowRef, Decision],
        done: Callable[[], None],
        failed: Callable[[str], None],
    ) -> None: ...
    def save_rejects(
        self, path: Path, done: Callable[[Path], None], failed: Callable[[str], None]
    ) -> None: ...
    def activity_label(self, activity_id: int | None) -> str: ...
