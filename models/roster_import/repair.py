"""Repairing a cell's text with a sheet's legacy-encoding hint, and finding that hint.

models.text.vntext.repair_text decides per cell and insists on a marker byte, so a TCVN3 cell
made only of codes that are also Vietnamese letters stays undetected alone; on a sheet where
most legacy cells are TCVN3 (or VNI) such cells are decoded when decoding changes them.
"""

from __future__ import annotations

from typing import Final

from models.roster_import.read import RawSheet
from models.text.vntext import (
    LegacyEncoding,
    Repaired,
    detect_legacy,
    repair_text,
    tcvn3_to_unicode,
    vni_to_unicode,
)


class TextRepair:
    """repair_text with a cache (roster columns repeat) and a sheet's legacy-encoding hint.

    vntext.detect_legacy insists on a marker byte, so a TCVN3 cell made only of codes that
    are also Vietnamese letters ("Giíi tÝnh", "Ghi chó") stays undetected; on a sheet where
    most legacy cells are TCVN3 (or VNI), such cells are decoded when decoding changes them.
    """

    def __init__(self) -> None:
        self._cache: dict[tuple[str, bool, LegacyEncoding | None], Repaired] = {}

    def __call__(
        self, raw: str, *, is_name: bool = False, hint: LegacyEncoding | None = None
    ) -> Repaired:
        key = (raw, is_name, hint)
        found = self._cache.get(key)
        if found is None:
            found = self._repair(raw, is_name, hint)
            self._cache[key] = found
        return found

    @staticmethod
    def _repair(raw: str, is_name: bool, hint: LegacyEncoding | None) -> Repaired:
        repaired = repair_text(raw, is_name=is_name)
        if hint is None or "tcvn3" in repaired.kinds or "vni" in repaired.kinds:
            return repaired
        if raw.isascii() or not all(ord(c) < 0x100 or c in _CP1252 for c in raw):
            return repaired
        decoded = tcvn3_to_unicode(raw) if hint == "tcvn3" else vni_to_unicode(raw)
        if decoded == raw:
            return repaired
        again = repair_text(decoded, is_name=is_name)
        return Repaired(again.text, again.kinds | {hint})


EMPTY_REPAIR: Final = Repaired("", frozenset())
_CP1252: Final = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))


HINT_SAMPLE_ROWS: Final = 400


def sheet_hint(sheet: RawSheet) -> LegacyEncoding | None:
    """The legacy encoding most of the sheet's non-ASCII text is in, if it clearly is."""
    seen: set[str] = set()
    counts = {"tcvn3": 0, "vni": 0, "unicode": 0}
    for row in sheet.rows[:HINT_SAMPLE_ROWS]:  # a legacy-typed sheet is typed so throughout
        for value in row:
            if not isinstance(value, str) or value.isascii() or value in seen:
                continue
            seen.add(value)
            found = detect_legacy(value)
            if found is not None:
                counts[found] += 1
            elif any(ord(c) > 0xFF and c not in _CP1252 for c in value):
                counts["unicode"] += 1
            if len(seen) >= 2000:
                break
    encodings: tuple[LegacyEncoding, LegacyEncoding] = ("tcvn3", "vni")
    for encoding, other in (encodings, encodings[::-1]):
        seen_here = counts[encoding]
        if seen_here >= 2 and seen_here > 2 * counts[other] and seen_here >= counts["unicode"]:
            return encoding
    return None
