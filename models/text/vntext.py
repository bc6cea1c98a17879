"""Vietnamese text: legacy encodings, normal form, name case, sort and search keys.

Rosters arrive as Unicode NFC or NFD, or as legacy TCVN3 (ABC) or VNI text read out of
.xls/.xlsx cells (domain brief §5). repair_text() turns any of them into clean NFC and
says what it changed; the keys below are what the database sorts and searches by.
Pure standard library: the importer, the reports and the CLI all share it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal

LegacyEncoding = Literal["tcvn3", "vni"]

# --- the alphabet --------------------------------------------------------------------

# Tone marks as combining characters, in the order the sort key ranks them after "no
# tone": huyền, sắc, hỏi, ngã, nặng.
_TONE_MARKS: Final = "\u0300\u0301\u0309\u0303\u0323"
_VOWELS: Final = "aăâeêioôơuưy"
# Vietnamese alphabetical order; f j w z (foreign names) come after y.
_ALPHABET: Final = "aăâbcdđeêghiklmnoôơpqrstuưvxyfjwz"


def _toned(vowel: str, tone: int) -> str:
    """The precomposed letter: vowel with tone 1..5 (as in _TONE_MARKS), or 0 for none."""
    return unicodedata.normalize("NFC", vowel + _TONE_MARKS[tone - 1]) if tone else vowel


def _letter_table() -> dict[str, tuple[str, int, bool]]:
    """Every Vietnamese letter (NFC) -> (toneless lower-case letter, tone 0..5, is capital)."""
    table: dict[str, tuple[str, int, bool]] = {}
    for base in _ALPHABET:
        for tone in range(6) if base in _VOWELS else (0,):
            letter = _toned(base, tone)
            table[letter] = (base, tone, False)
            table[letter.upper()] = (base, tone, True)
    return table


_LETTERS: Final = _letter_table()

# --- normal form, spaces, case -------------------------------------------------------


def nfc(text: str) -> str:
    """Unicode NFC: NFD rosters (e.g. from macOS) become precomposed letters."""
    return unicodedata.normalize("NFC", text)


def collapse_spaces(text: str) -> str:
    """Strip, and turn every whitespace run (NBSP, tabs, newlines too) into one space."""
    return " ".join(text.split())


# Letters after these start a new capitalised part: H'Lan, Nguyễn-Trần.
_PART_BREAKS: Final = "'’-"


def proper_case(text: str) -> str:
    """Each word (and each part after an apostrophe or hyphen): first letter upper, rest lower.

    Works on NFC and NFD alike (combining marks pass through); đ/Đ case like any letter.
    """
    out: list[str] = []
    at_start = True
    for char in text:
        if char.isalpha():
            out.append(char.upper() if at_start else char.lower())
            at_start = False
        else:
            out.append(char)
            if char.isspace() or char in _PART_BREAKS:
                at_start = True
    return "".join(out)


def strip_tones(text: str) -> str:
    """Remove every diacritic (tones and the marks of ă â ê ô ơ ư), đ -> d, keeping case."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return nfc(bare.replace("đ", "d").replace("Đ", "D"))


def search_key(text: str) -> str:
    """What LIKE '%…%' filtering compares: no tones, lower case, single spaces."""
    return collapse_spaces(strip_tones(nfc(text).lower()))


# --- TCVN3 (ABC, .VnTime) ------------------------------------------------------------

# One byte per precomposed lower-case letter. A row lists the bytes for huyền, hỏi, ngã,
# sắc, nặng (the order of the published table). Capitals with a tone have no code: the
# .VnTimeH font draws the lower-case codes as capitals, so they decode to lower case.
# The cells reach us as str holding the Latin-1/cp1252 reading of each byte; every code
# is >= 0xA1, where the two readings agree, so one table serves both.
_TCVN3_TONES: Final = (1, 3, 4, 2, 5)
_TCVN3_ROWS: Final = {
    "a": "µ¶·¸¹",
    "ă": "»¼½¾Æ",
    "â": "ÇÈÉÊË",
    "e": "ÌÎÏÐÑ",
    "ê": "ÒÓÔÕÖ",
    "i": "×ØÜÝÞ",
    "o": "ßáâãä",
    "ô": "åæçèé",
    "ơ": "êëìíî",
    "u": "ïñòóô",
    "ư": "õö÷øù",
    "y": "úûüýþ",
}
# Letters without a tone that ASCII lacks, capitals included (0xAD, ư, is a soft hyphen).
_TCVN3_PLAIN: Final = dict(zip("ăâêôơưđĂÂÊÔƠƯĐ", "¨©ª«¬\xad®¡¢£¤¥¦§", strict=True))


def _tcvn3_table() -> dict[int, str]:
    table = {ord(code): letter for letter, code in _TCVN3_PLAIN.items()}
    for vowel, codes in _TCVN3_ROWS.items():
        for tone, code in zip(_TCVN3_TONES, codes, strict=True):
            table[ord(code)] = _toned(vowel, tone)
    return table


_TCVN3_DECODE: Final = _tcvn3_table()
# TCVN3 codes that are not Vietnamese letters (µ ¨ ¶ soft hyphen « ë …): proper Unicode
# Vietnamese never contains them, so detection insists on seeing one.
_TCVN3_MARKERS: Final = frozenset(chr(c) for c in _TCVN3_DECODE if chr(c) not in _LETTERS)


def tcvn3_to_unicode(text: str) -> str:
    """Decode TCVN3 text (as read into a str through Latin-1 or cp1252) to NFC Unicode."""
    return text.translate(_TCVN3_DECODE)


# --- VNI (VNI-Windows, VNI-Times) ----------------------------------------------------

# An ASCII vowel followed by a modifier byte; ơ, ư, đ, the i tones and ỵ are single
# bytes. A row lists no tone, sắc, huyền, hỏi, ngã, nặng. Capitals are the same
# sequences upper-cased ("AÙ" = Á, "Ñ" = Đ).
_VNI_TONES: Final = (0, 2, 1, 3, 4, 5)
_VNI_ROWS: Final = {
    "a": "a aù aø aû aõ aï",
    "ă": "aê aé aè aú aü aë",
    "â": "aâ aá aà aå aã aä",
    "e": "e eù eø eû eõ eï",
    "ê": "eâ eá eà eå eã eä",
    "i": "i í ì æ ó ò",
    "o": "o où oø oû oõ oï",
    "ô": "oâ oá oà oå oã oä",
    "ơ": "ô ôù ôø ôû ôõ ôï",
    "u": "u uù uø uû uõ uï",
    "ư": "ö öù öø öû öõ öï",
    "y": "y yù yø yû yõ î",
}


def _vni_table() -> dict[str, str]:
    table = {"ñ": "đ", "Ñ": "Đ"}
    for vowel, row in _VNI_ROWS.items():
        for tone, seq in zip(_VNI_TONES, row.split(), strict=True):
            letter = _toned(vowel, tone)
            if seq == letter:
                continue
            table[seq] = letter
            table[seq.upper()] = letter.upper()
            if len(seq) == 2:
                # Tolerate a modifier typed in the other case; the base letter decides.
                table[seq[0].upper() + seq[1]] = letter.upper()
                table[seq[0] + seq[1].upper()] = letter
    return table


_VNI_DECODE: Final = _vni_table()
# Longest sequences first, so "oâ" wins over "o" and "ôù" over "ô".
_VNI_PATTERN: Final = re.compile(
    "|".join(re.escape(s) for s in sorted(_VNI_DECODE, key=len, reverse=True))
)
# VNI bytes that are not Vietnamese letters (ø û ï ñ ö …), upper and lower case.
_VNI_MARKERS: Final = frozenset(
    c for seq in _VNI_DECODE for c in seq if not c.isascii() and c not in _LETTERS
)


def vni_to_unicode(text: str) -> str:
    """Decode VNI text (as read into a str through Latin-1 or cp1252) to NFC Unicode."""
    return _VNI_PATTERN.sub(lambda m: _VNI_DECODE[m.group()], text)


# --- detection -----------------------------------------------------------------------


def _alternatives(words: str) -> str:
    return "|".join(sorted(words.split(), key=len, reverse=True))


# The shape of a Vietnamese syllable without its tone: initial, vowel group, final.
# Vowel groups ending in a glide take no final (mai, người), some need one (năm, tiên),
# ch/nh follow only a ê i oa uê uy, and a stop final (c ch p t) takes sắc or nặng.
# Loose otherwise: it only has to tell "Hoàng" from "Hoµng" or "Hoaøng".
_INITIALS: Final = "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x"
_OPEN_GROUPS: Final = (
    "ai ao au ay âu ây eo êu ia iu iêu oai oao oay oeo oi ôi ơi ua ui uôi uơ uây uya uyu"
    " ưa ưi ưu ươi ươu yêu"
)
_CLOSED_GROUPS: Final = "ă â iê oă oo uâ uô uyê ươ yê"
_FREE_GROUPS: Final = "a e ê i o ô ơ u ư y oa oe uê uy"
_RHYME: Final = "|".join(
    [
        f"(?:{_alternatives(_OPEN_GROUPS)})",
        f"(?:{_alternatives(_CLOSED_GROUPS + ' ' + _FREE_GROUPS)})(?:c|m|n|ng|p|t)",
        f"(?:{_alternatives(_FREE_GROUPS)})",
        f"(?:{_alternatives('a ê i oa uê uy')})(?:ch|nh)",
    ]
)
_SYLLABLE: Final = re.compile(f"(?:{_alternatives(_INITIALS)})?(?:{_RHYME})")
_STOP_FINAL: Final = re.compile("(?:c|ch|p|t)$")
_SAC, _NANG = 2, 5


def _is_syllable(word: str) -> bool:
    """Whether word (any case) is shaped like one Vietnamese syllable."""
    bases: list[str] = []
    tones: list[int] = []
    for char in nfc(word).lower():
        info = _LETTERS.get(char)
        if info is None:
            return False
        bases.append(info[0])
        if info[1]:
            tones.append(info[1])
    plain = "".join(bases)
    if len(tones) > 1 or _SYLLABLE.fullmatch(plain) is None:
        return False
    return not _STOP_FINAL.search(plain) or tones in ([_SAC], [_NANG])


# Characters a legacy cell can hold: the Latin-1 range plus cp1252's 0x80-0x9F readings.
_CP1252_HIGH: Final = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))
_WORD_BREAKS: Final = re.compile(r"[\s\d!-/:-@\[-`{-~\u2013-\u2026]+")


def _evidence(text: str, decode: Callable[[str], str]) -> int:
    """Words that decoding makes Vietnamese, minus words it turns into garbage."""
    score = 0
    for word in _WORD_BREAKS.split(text):
        decoded = decode(word)
        if decoded == word:
            continue
        if not _is_syllable(decoded):
            score -= 1  # garbage out
        elif not _is_syllable(word) and any(c.isascii() for c in word):
            score += 1  # "V¨n" -> "Văn"; a lone "©" -> "â" proves nothing
        # Words that read as Vietnamese both ways ("Thò" = Thị in VNI) count for neither.
    return score


def detect_legacy(text: str) -> LegacyEncoding | None:
    """Which legacy encoding text is in, or None for Unicode (or undecidable) text.

    Conservative rule: (1) every character must be one a byte can become through
    Latin-1/cp1252, so anything with ư ạ đ, combining marks (NFD) etc. is Unicode;
    (2) the text must contain a marker of the encoding, a code that is not a Vietnamese
    letter (TCVN3 µ ¨ ¶ soft hyphen « ë …, VNI ø û ï ñ ö …), so NFC/NFD Vietnamese
    and ASCII never qualify; (3) decoding must turn more words into Vietnamese
    syllables (words with an ASCII letter that were not syllables before) than it
    breaks. The stronger candidate wins; a tie is left alone.
    """
    if not all(ord(c) < 0x100 or c in _CP1252_HIGH for c in text):
        return None
    scores: dict[LegacyEncoding, int] = {}
    if not _TCVN3_MARKERS.isdisjoint(text):
        scores["tcvn3"] = _evidence(text, tcvn3_to_unicode)
    if not _VNI_MARKERS.isdisjoint(text):
        scores["vni"] = _evidence(text, vni_to_unicode)
    best = max(scores.values(), default=0)
    winners = [encoding for encoding, score in scores.items() if score == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


# --- repair --------------------------------------------------------------------------


@dataclass(frozen=True)
class Repaired:
    """Clean NFC text, and which of "control" "tcvn3" "vni" "nfd" "spaces" "case" were fixed."""

    text: str
    kinds: frozenset[str]


def _fix_name_case(name: str, *, tone_case_lost: bool) -> str:
    """Proper case for a name written all in capitals or all in lower case.

    After TCVN3 the case of toned vowels is unknown (they decode to lower case), so only
    the other letters vote, and in a mixed-case name a word starting with such a vowel
    gets its capital back ("¸nh" -> "ánh" -> "Ánh").
    """

    def unsure(char: str) -> bool:
        return tone_case_lost and _LETTERS.get(char, ("", 0, False))[1] > 0

    voters = [c for c in name if c.lower() != c.upper() and not unsure(c)]
    if voters and (all(c.isupper() for c in voters) or all(c.islower() for c in voters)):
        return proper_case(name)
    if not tone_case_lost:
        return name
    words = name.split(" ")
    return " ".join(w[0].upper() + w[1:] if w and unsure(w[0]) else w for w in words)


# Characters nobody types into a roster and that change how a name reads or sorts: C0
# control characters (BEL, ESC; tabs and line breaks are spaces), DEL, zero-width spaces and
# joiners, bidirectional marks and overrides (U+202E turns "Lò Văn A" around on screen), word
# joiners and the byte-order mark. The soft hyphen goes only after legacy decoding: TCVN3
# writes "ư" with that very byte.
_INVISIBLE: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def repair_text(raw: str, *, is_name: bool = False) -> Repaired:
    """Legacy encoding -> Unicode, NFC, single spaces, and proper case for shouted names.

    kinds reports only what actually changed; mixed-case names are left alone.
    """
    kinds: set[str] = set()
    text = raw
    visible = _INVISIBLE.sub("", text)
    if visible != text:
        text = visible
        kinds.add("control")
    encoding = detect_legacy(text)
    if encoding == "tcvn3":
        text = tcvn3_to_unicode(text)
    elif encoding == "vni":
        text = vni_to_unicode(text)
    if encoding is not None:
        kinds.add(encoding)
    if "\u00ad" in text:
        text = text.replace("\u00ad", "")
        kinds.add("control")
    if not unicodedata.is_normalized("NFC", text):
        text = nfc(text)
        kinds.add("nfd")
    collapsed = collapse_spaces(text)
    if collapsed != text:
        text = collapsed
        kinds.add("spaces")
    if is_name:
        cased = _fix_name_case(text, tone_case_lost=encoding == "tcvn3")
        if cased != text:
            text = cased
            kinds.add("case")
    return Repaired(text, frozenset(kinds))


# --- names ---------------------------------------------------------------------------


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given): family is the first word, given (tên) the last.

    One word is a given name alone: ("", "", word).
    """
    words = full_name.split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


# Sort key: fixed-width two-character slots, each a digit then a lower-case letter
# ("0a" < "0b" < … < "0z" < "1a" …). Digit/letter alternation means no collation can
# find a letter contraction ("ch", "aa") or a multi-digit number in it, and every
# collation orders [0-9a-z] like code points, so SQLite (binary) and PostgreSQL
# (en_US.UTF-8 or C) all sort the column like Python does.
def _slot(n: int) -> str:
    return f"{n // 26}{chr(ord('a') + n % 26)}"


_SORT_END: Final = _slot(0)  # closes the primary part: "An" before "An Bình"
_SORT_GAP: Final = _slot(1)  # between words: lower than any letter, so "An" < "Anh"
_SORT_LETTER: Final = {letter: _slot(2 + i) for i, letter in enumerate(_ALPHABET)}
_SORT_DIGIT: Final = {d: _slot(2 + len(_ALPHABET) + i) for i, d in enumerate("0123456789")}
_SORT_OTHER: Final = _slot(2 + len(_ALPHABET) + 10)
# The database column is String(512); cutting the tail keeps the order (weakly).
SORT_KEY_MAX: Final = 512


def _sort_letter(char: str) -> tuple[str, int, bool] | None:
    """(primary slot, tone, is capital) of one character; None for what sorting skips."""
    info = _LETTERS.get(char)
    if info is not None:
        return _SORT_LETTER[info[0]], info[1], info[2]
    if char in _SORT_DIGIT:
        return _SORT_DIGIT[char], 0, False
    if not char.isalnum():
        return None  # hyphens, apostrophes, dots, stray combining marks
    return _SORT_LETTER.get(strip_tones(char).lower(), _SORT_OTHER), 0, char.isupper()


def name_sort_key(full_name: str) -> str:
    """A [0-9a-z] key ordering names the Vietnamese way.

    Primary: given name, then family name, then middle names, letter by letter in the
    order a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f j w z last),
    ignoring tone and case. Ties: the tone of each word in the same order (none <
    huyền < sắc < hỏi < ngã < nặng, the first tone mark of the word), then letter by
    letter tone and case (lower before upper), so distinct spellings get distinct keys.
    """
    family, middle, given = split_name(nfc(full_name))
    words: list[list[tuple[str, int, bool]]] = []
    for position, word in enumerate([given, family, *middle.split()]):
        coded = [k for k in map(_sort_letter, word) if k is not None]
        if coded or position < 2:  # given and family keep their place even if empty
            words.append(coded)
    primary = _SORT_GAP.join("".join(slot for slot, _, _ in word) for word in words)
    word_tones = "".join(_slot(next((t for _, t, _ in w if t), 0)) for w in words)
    letters = "".join(_slot(2 * tone + upper) for word in words for _, tone, upper in word)
    return (primary + _SORT_END + word_tones + letters)[:SORT_KEY_MAX]
