"""The tiểu mục (budget sub-item) of a settlement line, as the estimate classifies it.

A line of the estimate is found by its id: manual lines have no key, so two of them in one
class (a hall hired, papers printed) keep their own codes. Half days paid from attendance
when the estimate only had whole days ("meal_half" beside "meal") have no line of their own
in the estimate: they take their whole-day line's code, found by class and key, so no paid
amount reaches the treasury without one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from models.budget.entitlements import HALF_SUFFIX
from models.budget.estimate import EstimateLine

__all__ = ["SubItems"]


class _Line(Protocol):
    @property
    def line_id(self) -> int | None: ...
    @property
    def activity_code(self) -> str: ...
    @property
    def key(self) -> str: ...


class SubItems:
    """Each settlement line's tiểu mục, read from the estimate's lines."""

    def __init__(self, lines: Iterable[EstimateLine]) -> None:
        self._by_id: dict[int, str] = {}
        self._by_key: dict[tuple[str, str], str] = {}
        for x in lines:
            self._by_id[x.line_id] = x.classification.sub_item
            if x.key:
                self._by_key[(x.activity_code, x.key)] = x.classification.sub_item

    def of(self, line: _Line) -> str:
        if line.line_id is not None and line.line_id in self._by_id:
            return self._by_id[line.line_id]
        if not line.key:
            return ""
        code = self._by_key.get((line.activity_code, line.key))
        return code or self._by_key.get(
            (line.activity_code, line.key.removesuffix(HALF_SUFFIX)), ""
        )
