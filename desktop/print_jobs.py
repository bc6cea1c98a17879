"""The print centre's jobs, driven by the paper registry (printing.registry): the list of
papers the page offers, and the job that writes the chosen ones (printing.output).

No Qt here: a job gets a `Step` object to report progress and to check for cancellation.
It runs on the print centre's own worker thread with its own read sessions, beside the
window's database worker (SQLite in WAL mode lets both read at once).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.i18n import N_, _
from printing.output import Step
from printing.registry import PAPERS, Format, Paper, paper

if TYPE_CHECKING:
    from models.db import Database
    from printing.output import Outcome

__all__ = ["CHOICES", "Choice", "PrintRequest", "PrintResult", "Step", "run_print"]

_FORMAT_LABEL = {"pdf": N_("PDF"), "xlsx": N_("Excel")}


@dataclass(frozen=True)
class Choice:
    """One line of the print centre's list: a paper in one format."""

    paper: Paper
    format: Format

    @property
    def key(self) -> str:
        return f"{self.paper.key}.{self.format}"

    @property
    def plan_only(self) -> bool:
        return "activity" not in self.paper.scopes

    def title(self) -> str:
        extra = _(_FORMAT_LABEL[self.format])
        if self.plan_only:
            extra += ", " + _("cả kế hoạch")
        return f"{_(self.paper.title)} ({extra})"


CHOICES: tuple[Choice, ...] = tuple(Choice(p, f) for p in PAPERS for f in p.formats)


def choice(key: str) -> Choice:
    name, _dot, fmt = key.rpartition(".")
    return Choice(paper(name), "pdf" if fmt == "pdf" else "xlsx")


@dataclass(frozen=True)
class PrintRequest:
    papers: tuple[str, ...]  # Choice keys, e.g. "sign-in.pdf"
    plan_id: int
    plan_code: str
    activity_ids: tuple[int, ...]  # the scope: one activity, or all of the plan's
    whole_plan: bool
    folder: Path
    by_commune: bool = False
    date: dt.date | None = None
    merged: bool = False  # a plan's per-activity PDF papers: one file instead of one per class


@dataclass(frozen=True)
class PrintResult:
    files: tuple[Path, ...]
    warnings: tuple[str, ...]
    pages: int = 0


class _Offset:
    """Progress of one paper as part of the whole job."""

    def __init__(self, step: Step, before: int, total: int) -> None:
        self.step, self.before, self.total = step, before, total

    def report(self, done: int, total: int, text: str = "") -> None:
        self.step.report(self.before + min(done, total), self.total, text)

    def check(self) -> None:
        self.step.check()


def run_print(db: Database, request: PrintRequest, step: Step) -> PrintResult:
    """Write every requested paper into request.folder; each file atomically."""
    from printing.output import Options, produce, scope_file_name, scope_of

    if not request.folder.is_dir():
        raise FileNotFoundError(f"thư mục không tồn tại: {request.folder}")
    if request.whole_plan:
        scope = scope_of(db, plan_id=request.plan_id)
    else:
        scope = scope_of(db, activity_id=request.activity_ids[0])
    chosen = [choice(k) for k in request.papers]
    sizes = [len(scope.activities) if c.paper.per_activity else 1 for c in chosen]
    options = Options(date=request.date, by_commune=request.by_commune)
    outcomes: list[Outcome] = []
    for n, c in enumerate(chosen):
        merge = request.merged and c.paper.per_activity and c.format == "pdf"
        file = request.folder / scope_file_name(c.paper, scope, c.format) if merge else None
        outcomes.append(
            produce(
                db,
                c.paper,
                c.format,
                scope,
                folder=None if merge else request.folder,
                file=file,
                options=options,
                step=_Offset(step, sum(sizes[:n]), sum(sizes)),
            )
        )
    files = tuple(w.path for o in outcomes for w in o.files)
    warnings = tuple(dict.fromkeys(w for o in outcomes for w in o.warnings))
    pages = sum(w.pages or 0 for o in outcomes for w in o.files)
    return PrintResult(files=files, warnings=warnings, pages=pages)
