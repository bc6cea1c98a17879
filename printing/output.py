"""Writing any paper of the registry: one document to a file, several merged into one PDF, or
one file per document in a folder — written here once for every paper.

`produce` reads each document in its own short read session (models/papers), hands it to the
paper's writer (reports/*), and reports progress between documents; `step.check()` between
documents lets a user stop a long job, and every file is written under a temporary name and
renamed (reports.files.atomic_output), so a stopped or failed job leaves no half file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from models.errors import UserError
from printing.registry import Format, Paper, load

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from models.db import Database

__all__ = [
    "Document",
    "Options",
    "Outcome",
    "Scope",
    "Step",
    "Written",
    "file_names",
    "pdf_pages",
    "produce",
    "write_merged",
]


class Step(Protocol):
    """Progress and cancellation: `check` raises to stop between two documents."""

    def report(self, done: int, total: int, text: str = "") -> None: ...

    def check(self) -> None: ...


class NoStep:
    def report(self, done: int, total: int, text: str = "") -> None:
        pass

    def check(self) -> None:
        pass


@dataclass(frozen=True)
class Document:
    """One activity (or the scope itself): its id and the code and title files are named by."""

    activity_id: int | None
    code: str
    title: str = ""


@dataclass(frozen=True)
class Scope:
    """What the papers are made for: one activity, a plan (its activities), or everyone."""

    plan_id: int | None
    activity_id: int | None
    code: str  # the activity's code, or the plan's; "" for everyone
    activities: tuple[Document, ...] = ()  # in print order

    @property
    def kind(self) -> str:
        if self.activity_id is not None:
            return "activity"
        return "plan" if self.plan_id is not None else "everyone"


@dataclass(frozen=True)
class Options:
    date: dt.date | None = None
    by_commune: bool = False

    def for_paper(self, paper: Paper) -> dict[str, object]:
        chosen = {"date": self.date, "by_commune": self.by_commune}
        return {k: v for k, v in chosen.items() if k in paper.options}


@dataclass(frozen=True)
class Written:
    path: Path
    pages: int | None  # PDF pages; None for a workbook


@dataclass(frozen=True)
class Outcome:
    """What one paper's job wrote, for the window and for the CLI's JSON."""

    paper: str
    format: Format
    files: tuple[Written, ...]
    documents: int
    total: int | None = None  # money papers: the sum over the documents (đồng)
    warnings: tuple[str, ...] = ()
    figures: dict[str, object] = field(default_factory=dict)

    def json(self) -> dict[str, object]:
        files: list[dict[str, object]] = []
        for w in self.files:
            files.append({"path": str(w.path)} | ({"pages": w.pages} if w.pages else {}))
        doc: dict[str, object] = {"paper": self.paper, "files": files, "sheets": self.documents}
        if self.format == "pdf":
            doc["pages"] = sum(w.pages or 0 for w in self.files)
        if self.total is not None:
            doc["total"] = self.total
        return doc | self.figures


# --- scope ---------------------------------------------------------------------------------


def scope_of(db: Database, *, activity_id: int | None = None, plan_id: int | None = None) -> Scope:
    """The scope with its activities' codes (for file names), read once."""
    from models.lookup import get_activity, get_plan, plan_activity_ids

    with db.read() as s:
        if activity_id is not None:
            a = get_activity(s, activity_id)
            doc = Document(a.id, a.code, a.title)
            return Scope(a.plan_id, a.id, a.code, (doc,))
        if plan_id is not None:
            plan = get_plan(s, plan_id)
            docs = []
            for aid in plan_activity_ids(s, plan_id):
                a = get_activity(s, aid)
                docs.append(Document(a.id, a.code, a.title))
            return Scope(plan.id, None, plan.code, tuple(docs))
    return Scope(None, None, "")


# --- names ---------------------------------------------------------------------------------


def file_names(stem: str, documents: Sequence[Document], ext: str) -> list[str]:
    """One unique "<stem>-<slug>.<ext>" per document: the code's slug, else the title's,
    else the position; repeats get "-2", "-3"."""
    from reports.files import slug

    seen: set[str] = set()
    names: list[str] = []
    for index, doc in enumerate(documents):
        base = f"{stem}-{slug(doc.code) or slug(doc.title) or f'{index + 1:03d}'}"
        name, n = f"{base}.{ext}", 2
        while name in seen:
            name, n = f"{base}-{n}.{ext}", n + 1
        seen.add(name)
        names.append(name)
    return names


def scope_file_name(paper: Paper, scope: Scope, fmt: Format) -> str:
    from reports.files import slug

    return f"{paper.stem}-{slug(scope.code)}.{fmt}" if scope.code else f"{paper.stem}.{fmt}"


# --- writing -------------------------------------------------------------------------------


def write_merged(paper: Paper, documents: Sequence[Any], path: Path) -> Path:
    """Several documents of one paper in one PDF, each from a new page with its own page
    numbering; one document goes through the paper's own writer."""
    from reports.pages import build_sections

    assert paper.pdf is not None
    if not documents:
        raise UserError("không có giấy tờ nào để ghi")
    if len(documents) == 1:
        return Path(load(paper.pdf.write)(documents[0], path))
    layout = load(paper.pdf.layout)
    if callable(layout):
        layout = layout(documents)
    story = load(paper.pdf.story)
    stories = [story(d, layout) if paper.pdf.story_layout else story(d) for d in documents]
    return Path(build_sections(path, stories, layout, title=documents[0].title))


_PAGES = re.compile(rb"/Count (\d+)")


def pdf_pages(path: Path) -> int:
    """The page count of a PDF written by reportlab: its page tree root's /Count (reportlab
    writes plain, uncompressed object dictionaries, one /Pages node for the whole file)."""
    data = path.read_bytes()
    counts = []
    at = data.find(b"/Type /Pages")
    while at >= 0:
        start, end = data.rfind(b"<<", 0, at), data.find(b">>", at)
        match = _PAGES.search(data, start, end if end >= 0 else len(data))
        if match:
            counts.append(int(match.group(1)))
        at = data.find(b"/Type /Pages", at + 1)
    if not counts:
        raise ValueError(f"không đọc được số trang của {path}")
    return max(counts)


@contextmanager
def _plan_session(db: Database, paper: Paper, scope: Scope) -> Iterator[Session | None]:
    """One read session for every document of a plan, holding what the paper's builders read
    of the plan (`paper.holds`, e.g. models.settlement.held); None: each document reads in a
    session of its own."""
    if not paper.holds or scope.kind != "plan" or scope.plan_id is None or paper.writes:
        yield None
        return
    with db.read() as session, load(paper.holds)(session, scope.plan_id):
        yield session


def _build(
    db: Database,
    paper: Paper,
    scope: Scope,
    doc: Document | None,
    options: Options,
    shared: Session | None = None,
) -> Any:
    build = load(paper.build)
    kwargs = options.for_paper(paper)
    own = db.write() if paper.writes else db.read()
    with nullcontext(shared) if shared is not None else own as s:
        if doc is not None:
            return build(s, doc.activity_id, **kwargs)
        if paper.scopes == frozenset({"plan"}):
            return build(s, plan_id=scope.plan_id, **kwargs)
        plan_id = scope.plan_id if scope.kind == "plan" else None
        return build(s, activity_id=scope.activity_id, plan_id=plan_id, **kwargs)


def _build_or_skip(
    db: Database,
    paper: Paper,
    scope: Scope,
    doc: Document | None,
    options: Options,
    skipped: list[str],
    shared: Session | None = None,
) -> Any:
    """The document, or None when its builder says there is nothing to print (a payout
    list nobody is on) for one activity of a plan: that one is skipped and said in the
    warnings (a plan where every list is empty writes no file and says so for each)."""
    from models.papers.money import NobodyPaidError

    try:
        return _build(db, paper, scope, doc, options, shared)
    except NobodyPaidError as exc:
        if scope.kind == "activity":
            raise
        skipped.append(str(exc))
        return None


def refusal(paper: Paper, scope: Scope, fmt: Format) -> str | None:
    """Why `paper` cannot be made as `fmt` for `scope` (a user message), or None."""
    if fmt not in paper.formats:
        return f"{paper.title} không có dạng {fmt.upper()}"
    if scope.kind not in paper.scopes:
        if paper.scopes == frozenset({"plan"}):
            return f"{paper.title.lower()} làm theo kế hoạch: cần --plan"
        return f"{paper.title.lower()}: cần --activity hoặc --plan"
    if paper.per_activity and not scope.activities:
        return f"kế hoạch {scope.code} chưa có hoạt động nào"
    return None


def produce(  # noqa: PLR0912 - one flow: read, write per file or merged, report
    db: Database,
    paper: Paper,
    fmt: Format,
    scope: Scope,
    *,
    folder: Path | None = None,
    file: Path | None = None,
    options: Options = Options(),
    step: Step | None = None,
    workers: int = 1,
) -> Outcome:
    """Write `paper` as `fmt` for `scope`: into `file` (several documents merged into one
    PDF), or into `folder` (one file per document, named by the paper's rule)."""
    if (folder is None) == (file is None):
        raise ValueError("give exactly one of folder and file")
    reason = refusal(paper, scope, fmt)
    if reason is not None:
        raise UserError(reason)
    step = step or NoStep()
    docs: list[Document | None] = list(scope.activities) if paper.per_activity else [None]
    names = (
        file_names(paper.stem, scope.activities, fmt)
        if paper.per_activity
        else [scope_file_name(paper, scope, fmt)]
    )
    total = len(docs)
    skipped: list[str] = []  # documents with nothing to print (e.g. a payout list nobody is on)
    data: list[Any] = []
    written: list[Path] = []
    if file is not None and fmt == "xlsx" and total > 1:
        raise UserError("một bảng tính cho mỗi hoạt động: cần một thư mục")
    if folder is not None and fmt == "pdf" and paper.per_activity and workers > 1 and total > 1:
        from printing.parallel import write_parallel

        kept: list[int] = []
        with _plan_session(db, paper, scope) as shared:
            for n, doc in enumerate(docs, start=1):  # read here, drawn by processes
                step.check()
                built = _build_or_skip(db, paper, scope, doc, options, skipped, shared)
                if built is not None:
                    data.append(built)
                    kept.append(n - 1)
                step.report(n, total + 1, names[n - 1])
        ids = [
            d.activity_id
            for i, d in enumerate(scope.activities)
            if d.activity_id is not None and i in kept
        ]
        reread = (db.url, ids, options.for_paper(paper))
        paths = [folder / names[i] for i in kept]
        if data:
            written = write_parallel(paper, data, paths, workers=workers, reread=reread)
    else:
        writer = load(paper.pdf.write if fmt == "pdf" and paper.pdf else str(paper.xlsx))
        with _plan_session(db, paper, scope) as shared:
            for n, (doc, name) in enumerate(zip(docs, names, strict=True), start=1):
                step.check()
                built = _build_or_skip(db, paper, scope, doc, options, skipped, shared)
                if built is not None:
                    data.append(built)
                    if folder is not None:  # each file as soon as its document is read
                        written.append(Path(writer(data[-1], folder / name)))
                step.report(n, total, name)
        if file is not None and data:
            step.check()
            if fmt == "pdf":
                written = [write_merged(paper, data, file)]
            else:
                written = [Path(writer(data[0], file))]
    files = tuple(Written(p, pdf_pages(p) if fmt == "pdf" else None) for p in written)
    warnings = tuple(
        dict.fromkeys([*skipped, *(w for d in data for w in getattr(d, "warnings", ()))])
    )
    return Outcome(
        paper=paper.key,
        format=fmt,
        files=files,
        documents=len(data),
        total=sum(paper.total(d) for d in data) if paper.total else None,
        warnings=warnings,
        figures=paper.summary(data) if paper.summary else {},
    )
