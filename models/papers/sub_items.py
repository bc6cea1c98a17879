"""The tiểu mục (budget sub-item) of a settlement line, as the estimate classifies it.

A settlement line is found by its class and key. Half days paid from attendance when the
estimate only had whole days ("meal_half" beside "meal") have no line of their own in the
estimate: they take their whole-day line's code, so no paid amount reaches the treasury
without one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from models.budget.entitlements import HALF_SUFFIX
from models.budget.estimate import EstimateLine

__all__ = ["SubItems", "sub_items"]


class _Keyed(Protocol):
    @property
    def activity_code(self) -> str: ...
    @property
    def key(self) -> str: ...


class SubItems:
    """(class code, line key) → tiểu mục, read from the estimate's lines."""

    def __init__(self, lines: Iterable[EstimateLine]) -> None:
        self._codes = {(x.activity_code, x.key): x.classification.sub_item for x in lines}

    def of(self, line: _Keyed) -> str:
        code = self._codes.get((line.activity_code, line.key))
        if code:
            return code
        return self._codes.get((line.activity_code, line.key.removesuffix(HALF_SUFFIX)), "")


def sub_items(lines: Iterable[EstimateLine]) -> SubItems:
    return SubItems(lines)
