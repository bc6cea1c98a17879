"""Every paper TapHuan prints or exports, described once.

The print centre's list and `taphuan-cli print|export`'s choices are read from `PAPERS`;
printing.output writes any entry. Adding a paper is one `Paper(...)` entry below.

Fields of an entry:

* `key` — the CLI name (`taphuan-cli print KEY` for a PDF, `taphuan-cli export KEY` for a
  workbook) and the print centre's id; lowercase, words joined by "-".
* `title` — the Vietnamese title shown in the print centre (translated by the window).
* `scopes` — what it can be made for: "activity" (one class or event), "plan" (every activity
  of a plan), "everyone" (no scope: every person; the roster only).
* `per_activity` — True: one document per activity of the scope (a plan gives a folder of
  files, or one merged PDF); False: one document for the whole scope.
* `build` — "module:function" of the data builder in models/papers. Called in a read session
  as `build(session, activity_id, **options)` when `per_activity`, else as
  `build(session, activity_id=…, plan_id=…, **options)` (only `plan_id=` when `scopes` is
  {"plan"}). It returns the frozen data the writers take.
* `options` — the builder's keyword options this paper accepts, among "date" (the date on the
  paper) and "by_commune" (sign-in: each commune from a new page).
* `pdf` — a `PdfWriter` (reports/*): `write(data, path) -> Path` for one document, and for
  merging several into one file `story(data[, layout])` with the page `layout`.
* `xlsx` — "module:function" writing the workbook: `write(data, path) -> Path`.
* `stem` — the file-name rule: "<stem>-<slug of the activity's code>.<ext>" per activity
  (repeats get "-2", "-3"), "<stem>-<slug of the plan's or activity's code>.<ext>" for a
  scope, "<stem>.<ext>" for everyone.
* `total` — money papers only: the amount the paper totals (đồng), reported by the CLI's JSON
  and summed over a plan's documents.
* `summary` — extra figures for the CLI's JSON, from the documents written (e.g. people).
* `writes` — the builder writes (the certificates enter new numbers in their register): it
  runs in a writing session.
* `holds` — "module:function" of a context manager `(session, plan_id)`: a plan's
  documents are then read in one session that first reads at once what the builder reads
  of the plan (models.settlement.held: a campaign's 113 payout lists in 6 statements).

Names are resolved at first use (`load`), so importing the registry loads neither
reportlab, openpyxl nor SQLAlchemy: the window starts without them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

Format = Literal["pdf", "xlsx"]
ScopeKind = Literal["activity", "plan", "everyone"]

__all__ = ["PAPERS", "Format", "Paper", "PdfWriter", "ScopeKind", "keys", "load", "paper"]


def N_(message: str) -> str:
    """Marks a title for the translation catalogue (`bash dev.sh i18n` reads printing/ too);
    the window translates it when it shows it."""
    return message


@dataclass(frozen=True)
class PdfWriter:
    write: str  # "module:function": (data, path) -> Path, one document in one file
    # For merging several documents into one file (per-activity papers): "" for a paper
    # drawn on its own canvas, one document per scope (certificates, badges).
    story: str = ""  # "module:function": data -> flowables (or (data, layout), story_layout)
    layout: str = ""  # "module:NAME": a PageLayout, or a function of the documents giving one
    story_layout: bool = False  # the story takes the page layout as its second argument


@dataclass(frozen=True)
class Paper:
    key: str
    title: str
    scopes: frozenset[ScopeKind]
    per_activity: bool
    build: str
    stem: str
    pdf: PdfWriter | None = None
    xlsx: str | None = None
    options: frozenset[str] = frozenset({"date"})
    total: Callable[[Any], int] | None = None
    summary: Callable[[Sequence[Any]], dict[str, object]] | None = None
    writes: bool = False
    holds: str = ""

    @property
    def formats(self) -> tuple[Format, ...]:
        pdf: tuple[Format, ...] = ("pdf",) if self.pdf is not None else ()
        return pdf + (("xlsx",) if self.xlsx is not None else ())

    @property
    def money(self) -> bool:
        return self.total is not None


def _people(sheets: Sequence[Any]) -> dict[str, object]:
    return {"people": sum(len(s.people) for s in sheets)}


def _ceiling(sheets: Sequence[Any]) -> dict[str, object]:
    return {"ceiling": sheets[0].ceiling}


def _settlement(books: Sequence[Any]) -> dict[str, object]:
    book = books[0]
    return {"activities": len(book.activities), "estimate": book.estimate, "actual": book.actual}


def _roster(rosters: Sequence[Any]) -> dict[str, object]:
    return {"people": len(rosters[0].rows)}


_CLASS = frozenset[ScopeKind]({"activity", "plan"})
_SETTLING = "models.settlement.held:holding_plan"  # papers built from settlements

PAPERS: Final[tuple[Paper, ...]] = (
    Paper(
        key="sign-in",
        title=N_("Danh sách ký điểm danh"),
        scopes=_CLASS,
        per_activity=True,
        build="models.papers.sign_in:sign_in_sheet",
        options=frozenset({"date", "by_commune"}),
        pdf=PdfWriter(
            "reports.signin:write_sign_in",
            "reports.signin:sign_in_story",
            "reports.signin:sheet_layout",
            story_layout=True,
        ),
        stem="diem-danh",
        summary=_people,
    ),
    Paper(
        key="payout",
        title=N_("Bảng kê chi tiền cho người tham dự"),
        scopes=_CLASS,
        per_activity=True,
        build="models.papers.money:payout_sheet",
        pdf=PdfWriter(
            "reports.payout:write_payout",
            "reports.payout:payout_story",
            "reports.pages:LANDSCAPE_TABLE",
        ),
        stem="bang-ke-chi-tien",
        holds=_SETTLING,
        total=lambda sheet: int(sheet.total),
    ),
    Paper(
        key="lecturers",
        title=N_("Bảng thanh toán thù lao và công tác phí giảng viên"),
        scopes=_CLASS,
        per_activity=True,
        build="models.papers.money:lecturer_fee_sheet",
        pdf=PdfWriter(
            "reports.lecturer_fees:write_lecturer_fees",
            "reports.lecturer_fees:lecturer_fee_story",
            "reports.pages:LANDSCAPE_TABLE",
        ),
        stem="thu-lao-giang-vien",
        holds=_SETTLING,
        total=lambda sheet: int(sheet.total),
    ),
    Paper(
        key="budget",
        title=N_("Dự toán kinh phí"),
        scopes=_CLASS,
        per_activity=False,
        build="models.papers.money:budget_sheet",
        pdf=PdfWriter(
            "reports.budget:write_budget_pdf",
            "reports.budget:budget_story",
            "reports.pages:LANDSCAPE_TABLE",
        ),
        xlsx="reports.budget:write_budget_xlsx",
        stem="du-toan",
        total=lambda sheet: int(sheet.total),
        summary=_ceiling,
    ),
    Paper(
        key="settlement",
        title=N_("Quyết toán kinh phí"),
        scopes=frozenset({"plan"}),
        per_activity=False,
        build="models.papers.money:settlement_book",
        xlsx="reports.settlement_book:write_settlement_book",
        stem="quyet-toan",
        total=lambda book: int(book.actual),
        summary=_settlement,
    ),
    Paper(
        key="summary",
        title=N_("Bảng tổng hợp quyết toán"),
        scopes=_CLASS,
        per_activity=False,
        build="models.papers.summary:settlement_summary",
        options=frozenset({"date", "by_commune"}),
        pdf=PdfWriter(
            "reports.summary:write_summary_pdf",
            "reports.summary:summary_story",
            "reports.pages:LANDSCAPE_TABLE",
        ),
        stem="tong-hop-quyet-toan",
        total=lambda sheet: int(sheet.actual),
    ),
    Paper(
        key="payment-request",
        title=N_("Giấy đề nghị thanh toán"),
        scopes=_CLASS,
        per_activity=False,
        build="models.papers.requests:payment_request",
        pdf=PdfWriter(
            "reports.payment_request:write_payment_request_pdf",
            "reports.payment_request:payment_request_story",
            "reports.pages:PORTRAIT",
        ),
        stem="de-nghi-thanh-toan",
        total=lambda data: int(data.due),
    ),
    Paper(
        key="advance-request",
        title=N_("Giấy đề nghị tạm ứng"),
        scopes=_CLASS,
        per_activity=False,
        build="models.papers.requests:advance_request",
        pdf=PdfWriter(
            "reports.payment_request:write_payment_request_pdf",
            "reports.payment_request:payment_request_story",
            "reports.pages:PORTRAIT",
        ),
        stem="de-nghi-tam-ung",
        total=lambda data: int(data.due),
    ),
    Paper(
        key="contract",
        title=N_("Hợp đồng giảng dạy"),
        scopes=_CLASS,
        per_activity=True,
        build="models.papers.contracts:contracts",
        pdf=PdfWriter(
            "reports.contracts:write_contracts_pdf",
            "reports.contracts:contracts_story",
            "reports.pages:PORTRAIT",
        ),
        stem="hop-dong",
        holds=_SETTLING,
        total=lambda data: int(data.total),
    ),
    Paper(
        key="acceptance",
        title=N_("Biên bản nghiệm thu, thanh lý hợp đồng"),
        scopes=_CLASS,
        per_activity=True,
        build="models.papers.contracts:acceptances",
        pdf=PdfWriter(
            "reports.contracts:write_contracts_pdf",
            "reports.contracts:contracts_story",
            "reports.pages:PORTRAIT",
        ),
        stem="nghiem-thu",
        holds=_SETTLING,
        total=lambda data: int(data.total),
    ),
    Paper(
        key="attendance-summary",
        title=N_("Tổng hợp điểm danh theo buổi"),
        scopes=_CLASS,
        per_activity=True,
        build="models.papers.attendance_summary:attendance_summary",
        pdf=PdfWriter(
            "reports.attendance_summary:write_attendance_summary_pdf",
            "reports.attendance_summary:attendance_summary_story",
            "reports.pages:PORTRAIT",
        ),
        stem="tong-hop-diem-danh",
    ),
    Paper(
        key="certificates",
        title=N_("Giấy chứng nhận hoàn thành"),
        scopes=_CLASS,
        per_activity=False,
        build="models.papers.certificates:certificates",
        pdf=PdfWriter("reports.certificates:write_certificates_pdf"),
        stem="giay-chung-nhan",
        writes=True,
        summary=lambda sheets: {"certificates": sum(len(s.entries) for s in sheets)},
    ),
    Paper(
        key="badges",
        title=N_("Thẻ đeo có mã QR"),
        scopes=_CLASS,
        per_activity=False,
        build="models.papers.badges:badges",
        options=frozenset(),
        pdf=PdfWriter("reports.badges:write_badges_pdf"),
        stem="the-deo",
        summary=lambda sheets: {"cards": sum(len(s.badges) for s in sheets)},
    ),
    Paper(
        key="desk-cards",
        title=N_("Biển tên để bàn có mã QR"),
        scopes=_CLASS,
        per_activity=False,
        build="models.papers.badges:desk_cards",
        options=frozenset(),
        pdf=PdfWriter("reports.badges:write_badges_pdf"),
        stem="bien-ten",
        summary=lambda sheets: {"cards": sum(len(s.badges) for s in sheets)},
    ),
    Paper(
        key="roster",
        title=N_("Danh sách học viên"),
        scopes=frozenset({"activity", "plan", "everyone"}),
        per_activity=False,
        build="models.papers.sign_in:roster_export",
        options=frozenset(),
        xlsx="reports.roster_xlsx:write_roster_xlsx",
        stem="danh-sach",
        summary=_roster,
    ),
)


def paper(key: str) -> Paper:
    """The entry named `key` (KeyError for an unknown one)."""
    for entry in PAPERS:
        if entry.key == key:
            return entry
    raise KeyError(key)


def keys(fmt: Format) -> tuple[str, ...]:
    """The papers that can be written as `fmt`, in registry order."""
    return tuple(p.key for p in PAPERS if fmt in p.formats)


def load(ref: str) -> Any:
    """ "package.module:name" -> the object (imported on first use)."""
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)
