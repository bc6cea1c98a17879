"""The plain data of the bảng tổng hợp quyết toán (models.papers.summary builds it,
reports.summary prints it): no SQLAlchemy, so the reports layer may import it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.papers.data import PaperHeading, UnitInfo, _money

SUMMARY_TITLE = "BẢNG TỔNG HỢP QUYẾT TOÁN KINH PHÍ"
UNKNOWN_COMMUNE = "(chưa rõ xã)"


@dataclass(frozen=True, slots=True)
class SummaryRow:
    label: str  # the budget item in words, or the commune
    sub_item: str  # tiểu mục (mục lục ngân sách); "" by commune
    estimate: int
    actual: int
    count: int  # classes the item was spent in; by commune: buổi
    people: int = 0  # by commune: people present at least once

    def __post_init__(self) -> None:
        _money(self.estimate, "estimate")
        _money(self.actual, "actual")

    @property
    def remaining(self) -> int:
        return self.estimate - self.actual


@dataclass(frozen=True, slots=True)
class SummarySheet:
    unit: UnitInfo
    heading: PaperHeading
    rows: tuple[SummaryRow, ...]
    by_commune: bool = False
    classification: str = ""  # chương, loại–khoản, programme of the plan
    ceiling: int | None = None
    date: dt.date | None = None
    title: str = SUMMARY_TITLE
    warnings: tuple[str, ...] = ()

    @property
    def estimate(self) -> int:
        return sum(r.estimate for r in self.rows)

    @property
    def actual(self) -> int:
        return sum(r.actual for r in self.rows)

    @property
    def remaining(self) -> int:
        return self.estimate - self.actual
