"""Planning an import: a file (or sheets already read) into every row's fate; no writes.

Read, find the header, classify each row, repair and validate the person rows, then
deduplicate against the file and the database. The result (models.roster_import.outcome) is
what the wizard's preview shows and what `apply_import` writes.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session

from models.roster_import.dedupe import (
    ExistingPeople,
    Known,
    PossibleKey,
    database_state,
    first,
    load_existing,
    name_differs,
    possible_key,
)
from models.roster_import.errors import RosterImportError
from models.roster_import.headers import (
    LABELS,
    Field,
    apply_overrides,
    detect_header,
    parse_field,
)
from models.roster_import.outcome import (
    Fate,
    ImportOptions,
    ImportPreview,
    Match,
    RowPlan,
    RowRef,
    SheetInfo,
)
from models.roster_import.parsed import Issue, PersonData, PersonRow, SkippedRow
from models.roster_import.read import RawSheet, read_file
from models.roster_import.repair import TextRepair, sheet_hint
from models.roster_import.rows import SheetParser
from models.text.vntext import LegacyEncoding

# --- planning ------------------------------------------------------------------------------


def plan_import(
    session: Session, path: Path | str, options: ImportOptions | None = None
) -> ImportPreview:
    """Read, classify, repair, validate and deduplicate (against the database too); no writes."""
    options = options or ImportOptions()
    path = Path(path)
    return plan_sheets(session, read_file(path, options.sheets), options, source=path.name)


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while building ~10 objects per row (a quarter faster);
    nothing the importer builds is cyclic."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def plan_sheets(
    session: Session,
    sheets: Sequence[RawSheet],
    options: ImportOptions | None = None,
    *,
    source: str = "",
) -> ImportPreview:
    """plan_import on sheets already read (tests and the GUI wizard's re-runs use it)."""
    with gc_paused():
        return _plan_sheets(session, sheets, options or ImportOptions(), source)


def _plan_sheets(
    session: Session, sheets: Sequence[RawSheet], options: ImportOptions, source: str
) -> ImportPreview:
    overrides = {parse_field(name): column for name, column in options.mapping.items()}
    current_year = options.current_year or dt.date.today().year
    repair = TextRepair()
    infos: list[SheetInfo] = []
    person_rows: list[PersonRow] = []
    skipped: list[SkippedRow] = []
    sheet_warnings: list[Issue] = []
    for sheet in sheets:
        hint = sheet_hint(sheet)

        def text(raw: str, hint: LegacyEncoding | None = hint) -> str:
            return repair(raw, hint=hint).text

        header = detect_header(sheet, options.header_row, text)
        if header is None:
            if any(any(v not in (None, "") for v in row) for row in sheet.rows):
                sheet_warnings.append(
                    Issue(
                        sheet.name,
                        None,
                        "",
                        "không tìm thấy dòng tiêu đề (Họ và tên …); trang tính không được đọc",
                    )
                )
            infos.append(SheetInfo(sheet.name, (), {}, ()))
            continue
        header = apply_overrides(header, overrides, sheet.name)
        if Field.FULL_NAME not in header.columns and Field.GIVEN_NAME not in header.columns:
            raise RosterImportError(
                f"{source}: trang tính «{sheet.name}» không có cột {LABELS[Field.FULL_NAME]}"
            )
        parser = SheetParser(sheet, header, repair, hint=hint, current_year=current_year)
        result = parser.parse()
        person_rows.extend(result.persons)
        skipped.extend(result.skipped)
        infos.append(
            SheetInfo(sheet.name, header.rows, header.letters(), header.headings, result.rows_read)
        )
    if not any(info.header_rows for info in infos):
        raise RosterImportError(
            f"{source}: không tìm thấy dòng tiêu đề có cột «Họ và tên» ở trang tính nào"
        )
    existing = load_existing(session)
    plans = _dedupe(person_rows, existing)
    return ImportPreview(
        source=source,
        sheets=tuple(infos),
        rows=tuple(plans),
        skipped=tuple(skipped),
        sheet_warnings=tuple(sheet_warnings),
        database_state=database_state(session),
    )


def _by_cccd(
    ref: RowRef,
    person: PersonData,
    existing: ExistingPeople,
    file_cccd: dict[str, tuple[RowRef, str]],
    warnings: list[Issue],
) -> tuple[Fate, Match | None]:
    """The fate a CCCD decides: the same number is the same person, unless the stored
    person has another name — then it waits for the user's confirmation."""
    if not person.cccd:
        return "new", None
    known: Known | None = existing.by_cccd.get(person.cccd)
    earlier = file_cccd.get(person.cccd)
    fate: Fate = "new"
    match: Match | None = None
    if known is not None:
        fate, match = "duplicate", Match(known.full_name, person_id=known.id)
    elif earlier is not None:
        fate, match = "duplicate", Match(earlier[1], row=earlier[0])
    else:
        file_cccd[person.cccd] = (ref, person.full_name)
    if match is not None and name_differs(match.full_name, person.full_name):
        warnings.append(
            Issue(
                ref.sheet,
                ref.row,
                "",
                f"cùng số CCCD {person.cccd} nhưng tên khác: "
                f"«{person.full_name}» và «{match.full_name}»",
            )
        )
        if known is not None:
            # Someone already stored under another name: never merged on a warning; the
            # user confirms it is the same person (or holds the row).
            fate = "possible_duplicate"
    return fate, match


def _dedupe(person_rows: Sequence[PersonRow], existing: ExistingPeople) -> list[RowPlan]:
    file_cccd: dict[str, tuple[RowRef, str]] = {}
    file_key: dict[PossibleKey, tuple[RowRef, str, bool]] = {}
    plans: list[RowPlan] = []
    for pr in person_rows:
        ref = RowRef(pr.sheet, pr.row)
        person: PersonData | None = pr.person
        if person is None:
            plans.append(
                RowPlan(ref, "rejected", pr.cells, None, pr.errors, pr.warnings, None, pr.repairs)
            )
            continue
        warnings = list(pr.warnings)
        fate, match = _by_cccd(ref, person, existing, file_cccd, warnings)
        if fate == "new":
            key = possible_key(person)
            has_cccd = person.cccd is not None
            candidate = first(existing.by_key.get(key, ()), has_cccd)
            if candidate is not None:
                fate, match = (
                    "possible_duplicate",
                    Match(candidate.full_name, person_id=candidate.id),
                )
            else:
                earlier_key = file_key.get(key)
                if earlier_key is not None and not (has_cccd and earlier_key[2]):
                    fate, match = "possible_duplicate", Match(earlier_key[1], row=earlier_key[0])
                elif earlier_key is None:
                    file_key[key] = (ref, person.full_name, has_cccd)
        plans.append(
            RowPlan(ref, fate, pr.cells, person, pr.errors, tuple(warnings), match, pr.repairs)
        )
    return plans
