"""Money in figures, the way Vietnamese accounting papers print it: 1.234.567."""

from __future__ import annotations

__all__ = ["money", "money_dong"]


def money(amount: int) -> str:
    """Group thousands with dots: 1234567 -> "1.234.567", -1234567 -> "-1.234.567".

    Only whole đồng are accepted: a float here means a rounding decision was skipped upstream.
    """
    # bool is an int subclass; True printed as "1" would hide a bug.
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError(f"money() takes a whole number of đồng (int), not {type(amount).__name__}")
    return f"{amount:,}".replace(",", ".")


def money_dong(amount: int) -> str:
    """ "1.234.567 đồng"."""
    return f"{money(amount)} đồng"
