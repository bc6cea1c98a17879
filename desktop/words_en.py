"""Amounts in English words for the window in English ("One million five thousand dong").

Printed papers stay Vietnamese (models.text.words); this is only what the screen shows.
"""

from __future__ import annotations

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    if n >= 100:
        words += [_ONES[n // 100], "hundred"]
        n %= 100
        if n:
            words.append("and")
    if n >= 20:
        words.append(_TENS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else ""))
    elif n or not words:
        words.append(_ONES[n])
    return words


def spell(n: int) -> str:
    """A whole number in British English words: 1_250_300 -> "one million two hundred and
    fifty thousand three hundred"."""
    if n < 0:
        return "minus " + spell(-n)
    if n == 0:
        return "zero"
    words: list[str] = []
    for size, name in _SCALES:
        if n >= size:
            words += [*_below_thousand(n // size), name]
            n %= size
    if n:
        if words and n < 100:
            words.append("and")
        words += _below_thousand(n)
    return " ".join(words)


def amount_in_words(amount: int) -> str:
    """Đồng in words, capitalised: 1_005_000 -> "One million five thousand dong"."""
    text = spell(amount) + " dong"
    return text[:1].upper() + text[1:]
