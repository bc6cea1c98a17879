"""Vietnamese text: legacy encodings, repair, names, sort and search keys (models/vntext.py)."""

from __future__ import annotations

import re
import sqlite3
import string
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.text.vntext import (
    SORT_KEY_MAX,
    Repaired,
    collapse_spaces,
    detect_legacy,
    name_sort_key,
    nfc,
    proper_case,
    repair_text,
    search_key,
    split_name,
    strip_tones,
    tcvn3_to_unicode,
    vni_to_unicode,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- independent reference data --------------------------------------------------------
# Written out letter by letter, in a different shape from the module's tables, so the
# round trips below check the module against a second copy of the standard tables.

ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyfjwz"
VOWELS = "aăâeêioôơuưy"
# huyền, sắc, hỏi, ngã, nặng: index + 1 is the tone rank the sort key documents.
TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"

TCVN3_LETTERS = "".join(
    """
    àảãáạ ăằẳẵắặ âầẩẫấậ đ èẻẽéẹ êềểễếệ ìỉĩíị òỏõóọ ôồổỗốộ ơờởỡớợ
    ùủũúụ ưừửữứự ỳỷỹýỵ ĂÂĐÊÔƠƯ
    """.split()
)
TCVN3_BYTES = bytes.fromhex(
    "b5 b6 b7 b8 b9  a8 bb bc bd be c6  a9 c7 c8 c9 ca cb  ae  cc ce cf d0 d1"
    " aa d2 d3 d4 d5 d6  d7 d8 dc dd de  df e1 e2 e3 e4  ab e5 e6 e7 e8 e9"
    " ac ea eb ec ed ee  ef f1 f2 f3 f4  ad f5 f6 f7 f8 f9  fa fb fc fd fe"
    " a1 a2 a7 a3 a4 a5 a6"
)
TCVN3_ENCODE = dict(zip(TCVN3_LETTERS, TCVN3_BYTES, strict=True))

VNI_ENCODE = dict(
    pair.split("=")
    for pair in """
    à=aø á=aù ả=aû ã=aõ ạ=aï  ă=aê ằ=aè ắ=aé ẳ=aú ẵ=aü ặ=aë  â=aâ ầ=aà ấ=aá ẩ=aå ẫ=aã ậ=aä
    đ=ñ  è=eø é=eù ẻ=eû ẽ=eõ ẹ=eï  ê=eâ ề=eà ế=eá ể=eå ễ=eã ệ=eä  ì=ì í=í ỉ=æ ĩ=ó ị=ò
    ò=oø ó=où ỏ=oû õ=oõ ọ=oï  ô=oâ ồ=oà ố=oá ổ=oå ỗ=oã ộ=oä  ơ=ô ờ=ôø ớ=ôù ở=ôû ỡ=ôõ ợ=ôï
    ù=uø ú=uù ủ=uû ũ=uõ ụ=uï  ư=ö ừ=öø ứ=öù ử=öû ữ=öõ ự=öï  ỳ=yø ý=yù ỷ=yû ỹ=yõ ỵ=î
    """.split()
)

# Real words and names; together they carry every tone on every vowel (checked below).
WORDS = """
ba bà bá bản bã bạn ăn bằng thắng khẳng ẵm đặng tân trần tấn phẩm lẫn vận em bè bé bẻ kẽ
mẹ lê về thế để lễ lệ in bình tính chỉ nghĩa thị hoa lò có hỏi võ học tô hồ bốn tổ đỗ một
bơ chờ mới ở vỡ lợi mua mùa cú của vũ cụ tư từ cử người thứ trưởng những dự gửi quy kỳ lý
kỷ mỹ quỵ đường nguyễn thành hoàng giàng sùng vàng thào quàng điện biên lai châu mường tè
sìn phong thổ tủa chùa nậm nhùn than uyên khuyến luyện thuở khuỷu rượu ngoặc huyện xã
""".split()

NAMES = [
    "Lò Văn Thành",
    "Nguyễn Thị Ánh",
    "Đỗ Văn An",
    "Trần An",
    "Lê Thị Ân",
    "Vàng A Dũng",
    "Giàng Thị Dung",
    "Hoàng Văn Ba",
    "Sùng A Páo",
    "Mùa Thị Dợ",
    "Quàng Văn Ướng",
    "Tòng Thị Ỏn",
    "Lường Văn Ẩn",
    "Điêu Chính Tới",
    "Phàn Ý Mẩy",
]


def tone_and_shape(char: str) -> tuple[str, int]:
    decomposed = nfd(char)
    tone = next((TONE_MARKS.index(m) + 1 for m in decomposed if m in TONE_MARKS), 0)
    shape = nfc("".join(m for m in decomposed if m not in TONE_MARKS))
    return shape, tone


def to_tcvn3(text: str, reading: str) -> str:
    """text as a TCVN3 file shows up when read as `reading`; capitals with a tone take
    the lower-case code, as in the ABC fonts."""
    data = bytearray()
    for char in text:
        if char in TCVN3_ENCODE:
            data.append(TCVN3_ENCODE[char])
        elif char.lower() in TCVN3_ENCODE:
            data.append(TCVN3_ENCODE[char.lower()])
        else:
            data += char.encode("ascii")
    return bytes(data).decode(reading)


def tcvn3_readback(text: str) -> str:
    """What decoding TCVN3 can give back: toned capitals come back in lower case."""
    return "".join(c if c in TCVN3_ENCODE or c.isascii() else c.lower() for c in text)


def to_vni(text: str) -> str:
    out = []
    for char in text:
        if char in VNI_ENCODE:
            out.append(VNI_ENCODE[char])
        elif char.lower() in VNI_ENCODE:
            out.append(VNI_ENCODE[char.lower()].upper())
        else:
            out.append(char)
    return "".join(out)


def test_reference_tables_are_complete() -> None:
    lower = {nfc(v + m) for v in VOWELS for m in ["", *TONE_MARKS]} | {"đ"}
    non_ascii = {c for c in lower if not c.isascii()}
    assert len(non_ascii) == 67
    assert non_ascii == set(VNI_ENCODE)
    assert non_ascii | set("ĂÂĐÊÔƠƯ") == set(TCVN3_ENCODE)
    assert len(set(TCVN3_BYTES)) == 74
    # the word list carries every tone on every vowel
    seen = {tone_and_shape(c) for w in WORDS for c in w}
    assert {(v, t) for v in VOWELS for t in range(6)} <= seen
    assert len(WORDS) >= 60


# --- nfc, spaces, case, tones ---------------------------------------------------------


def test_nfc_and_collapse_spaces() -> None:
    assert nfc(nfd("Nguyễn Thị Hoa")) == "Nguyễn Thị Hoa"
    assert len(nfd("Nguyễn")) > len(nfc(nfd("Nguyễn")))
    assert collapse_spaces("  Lò\u00a0 Văn\t\tThành\n ") == "Lò Văn Thành"
    assert collapse_spaces("\u2003a\r\nb\u3000") == "a b"
    assert collapse_spaces(" \t ") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LÒ VĂN THÀNH", "Lò Văn Thành"),
        ("đỗ thị hoa", "Đỗ Thị Hoa"),
        ("ĐẶNG ỨNG", "Đặng Ứng"),
        ("nguyễn  văn  ánh", "Nguyễn  Văn  Ánh"),
        ("h'lan niê", "H'Lan Niê"),
        ("", ""),
    ],
)
def test_proper_case(text: str, expected: str) -> None:
    assert proper_case(text) == expected
    assert proper_case(nfd(text)) == nfd(expected)


def test_strip_tones_and_search_key() -> None:
    assert strip_tones("Đỗ Thị Ướng") == "Do Thi Uong"
    assert strip_tones("ĂÂÊÔƠƯĐ ăâêôơưđ") == "AAEOOUD aaeooud"
    assert strip_tones(nfd("Nguyễn")) == "Nguyen"
    expected = "lo van thanh"
    assert search_key("Lò Văn Thành") == expected
    assert search_key("LÒ  VĂN THÀNH") == expected
    assert search_key(nfd(" Lò\u00a0Văn Thành ")) == expected
    assert search_key("Đặng") == "dang"


@given(st.text())
def test_search_key_is_plain(text: str) -> None:
    key = search_key(text)
    assert key == key.strip()
    assert "  " not in key
    assert key == search_key(key)
    assert not any(unicodedata.combining(c) for c in key)


# --- TCVN3 ---------------------------------------------------------------------------


def test_tcvn3_examples_from_the_brief() -> None:
    assert tcvn3_to_unicode("Hoµng V¨n Thµnh") == "Hoàng Văn Thành"
    assert tcvn3_to_unicode("Tr\xadëng b¶n") == "Trưởng bản"
    assert tcvn3_to_unicode("§iÖn Bi£n") == "Điện BiÊn"  # Ê has its own code
    assert tcvn3_to_unicode("UBND x· M\xadêng TÌ") == "UBND xã Mường Tè"


@pytest.mark.parametrize("reading", ["latin-1", "cp1252"])
def test_tcvn3_round_trip_words(reading: str) -> None:
    for word in WORDS:
        for form in (word, proper_case(word), word.upper()):
            encoded = to_tcvn3(form, reading)
            assert tcvn3_to_unicode(encoded) == tcvn3_readback(form), form


@pytest.mark.parametrize("reading", ["latin-1", "cp1252"])
def test_tcvn3_round_trip_names_repaired(reading: str) -> None:
    for name in NAMES:
        for form in (name, name.upper()):
            encoded = to_tcvn3(form, reading)
            assert detect_legacy(encoded) == "tcvn3", encoded
            repaired = repair_text(encoded, is_name=True)
            assert repaired.text == name, encoded
            assert "tcvn3" in repaired.kinds


def test_tcvn3_word_list_detected_as_a_sentence() -> None:
    encoded = to_tcvn3(" ".join(WORDS), "cp1252")
    assert detect_legacy(encoded) == "tcvn3"
    assert repair_text(encoded).text == " ".join(WORDS)


def test_tcvn3_leaves_ascii_alone() -> None:
    ascii_text = string.printable
    assert tcvn3_to_unicode(ascii_text) == ascii_text


# --- VNI ------------------------------------------------------------------------------


def test_vni_examples() -> None:
    assert vni_to_unicode("Nguyeãn Vaên Thaønh") == "Nguyễn Văn Thành"
    assert vni_to_unicode("Ñoã Thò Hoa") == "Đỗ Thị Hoa"
    assert vni_to_unicode("ñöôøng Vieät Nam") == "đường Việt Nam"
    assert vni_to_unicode("LOØ VAÊN THAØNH") == "LÒ VĂN THÀNH"
    assert vni_to_unicode("Traàn Quoác Toaûn") == "Trần Quốc Toản"
    assert vni_to_unicode("AÙnh") == vni_to_unicode("Aùnh") == "Ánh"  # either modifier case


def test_vni_round_trip_words() -> None:
    for word in WORDS:
        for form in (word, proper_case(word), word.upper()):
            assert vni_to_unicode(to_vni(form)) == form, form


# VNI codes that are not Vietnamese letters; detection needs one of them.
VNI_MARKERS = set("øûïåäëüñöæîØÛÏÅÄËÜÑÖÆÎ")


def test_vni_round_trip_names_repaired() -> None:
    detected = 0
    for name in NAMES:
        for form, kinds in ((name, {"vni"}), (name.upper(), {"vni", "case"})):
            encoded = to_vni(form)
            assert vni_to_unicode(encoded) == form
            if VNI_MARKERS.isdisjoint(encoded):
                # "Nguyeãn Thò AÙnh" is made of Vietnamese letters only: Unicode text
                # could look like that, so it is left alone (the conservative rule).
                assert detect_legacy(encoded) is None
                continue
            detected += 1
            assert detect_legacy(encoded) == "vni", encoded
            assert repair_text(encoded, is_name=True) == Repaired(name, frozenset(kinds))
    assert detected >= 20


def test_vni_word_list_detected_as_a_sentence() -> None:
    encoded = to_vni(" ".join(WORDS))
    assert detect_legacy(encoded) == "vni"
    assert repair_text(encoded).text == " ".join(WORDS)


# --- detection ---------------------------------------------------------------------

VIETNAMESE_LETTERS = sorted(
    {nfc(v + m) for v in VOWELS for m in ["", *TONE_MARKS]}
    | set(ALPHABET)
    | {c.upper() for v in VOWELS for m in ["", *TONE_MARKS] for c in nfc(v + m)}
    | {c.upper() for c in ALPHABET}
)


@settings(max_examples=400)
@given(st.text(alphabet=[*VIETNAMESE_LETTERS, " "], max_size=40))
def test_vietnamese_unicode_is_never_legacy(text: str) -> None:
    assert detect_legacy(text) is None
    assert detect_legacy(nfd(text)) is None


@given(st.text(alphabet=string.printable))
def test_ascii_is_never_legacy(text: str) -> None:
    assert detect_legacy(text) is None


@pytest.mark.parametrize(
    "text",
    [
        *WORDS,
        *NAMES,
        " ".join(WORDS),
        "Công ty ABC®",
        "Bình ©",
        "Hà Giang ½",
        "Café ©",
        "Muñoz",
        "Peña Nieto",
        "España",
        "Müller",
        "Jörg Straße",
        "Ørsted",
        "Zoë Noël",
        "São Tomé",
        "«Hoa»",
        "Nam · Nu",
        "",
    ],
)
def test_not_legacy(text: str) -> None:
    assert detect_legacy(text) is None
    assert detect_legacy(nfd(text)) is None
    assert "tcvn3" not in repair_text(text).kinds
    assert "vni" not in repair_text(text).kinds


def test_legacy_detected_per_encoding() -> None:
    assert detect_legacy("Hoµng V¨n Thµnh") == "tcvn3"
    assert detect_legacy("Tr\xadëng b¶n") == "tcvn3"
    assert detect_legacy("Nguyeãn Vaên Thaønh") == "vni"
    assert detect_legacy("Ñoã Thò Hoa") == "vni"  # Ñ is TCVN3 ẹ too: VNI reads better
    # cp1252 punctuation (0x80-0x9F) may sit in a legacy cell
    assert detect_legacy("“Hoµng V¨n Thµnh” – tæ tr\xadëng…") == "tcvn3"


# --- repair_text ----------------------------------------------------------------------


def test_repair_reports_only_what_changed() -> None:
    assert repair_text("Lò Văn Thành") == Repaired("Lò Văn Thành", frozenset())
    assert repair_text("Lò Văn Thành", is_name=True) == Repaired("Lò Văn Thành", frozenset())
    assert repair_text(nfd("Lò Văn Thành")) == Repaired("Lò Văn Thành", frozenset({"nfd"}))
    assert repair_text(" Lò  Văn\u00a0Thành ") == Repaired("Lò Văn Thành", frozenset({"spaces"}))
    assert repair_text("") == Repaired("", frozenset())


def test_repair_name_case() -> None:
    assert repair_text("LÒ VĂN THÀNH", is_name=True) == Repaired(
        "Lò Văn Thành", frozenset({"case"})
    )
    assert repair_text("đỗ thị hoa", is_name=True) == Repaired("Đỗ Thị Hoa", frozenset({"case"}))
    assert repair_text(nfd("  VÀNG A DŨNG"), is_name=True) == Repaired(
        "Vàng A Dũng", frozenset({"nfd", "spaces", "case"})
    )
    # only names get re-cased, and mixed case is the writer's choice
    assert repair_text("LÒ VĂN THÀNH").text == "LÒ VĂN THÀNH"
    assert repair_text("Nguyễn thị Hoa", is_name=True).text == "Nguyễn thị Hoa"
    assert repair_text("McDonald", is_name=True).text == "McDonald"


def test_repair_tcvn3_names_lose_tone_capitals() -> None:
    # Capitals with a tone share the lower-case code; the other letters tell the case.
    assert repair_text("HOµNG V¡N THµNH", is_name=True) == Repaired(
        "Hoàng Văn Thành", frozenset({"tcvn3", "case"})
    )
    assert repair_text("NguyÔn ThÞ ¸nh", is_name=True) == Repaired(
        "Nguyễn Thị Ánh", frozenset({"tcvn3", "case"})
    )
    assert repair_text("§ç V¡N ¢N", is_name=True).text == "Đỗ Văn Ân"
    assert repair_text("NguyÔn ThÞ ¸nh").text == "Nguyễn Thị ánh"


# --- split_name -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("full_name", "parts"),
    [
        ("Lò Văn Thành", ("Lò", "Văn", "Thành")),
        ("Trần An", ("Trần", "", "An")),
        ("Nguyễn Thị Minh Khai", ("Nguyễn", "Thị Minh", "Khai")),
        ("Páo", ("", "", "Páo")),
        ("  Vàng\u00a0 A   Dũng ", ("Vàng", "A", "Dũng")),
        ("", ("", "", "")),
        ("   ", ("", "", "")),
    ],
)
def test_split_name(full_name: str, parts: tuple[str, str, str]) -> None:
    assert split_name(full_name) == parts


# --- name_sort_key --------------------------------------------------------------------

KEY_SHAPE = re.compile(r"(?:[0-9][a-z])*")


def test_sort_order_of_the_brief() -> None:
    names = [
        "Lò Văn Thành",
        "Nguyễn Thị Ánh",
        "Đỗ Văn An",
        "Trần An",
        "Lê Thị Ân",
        "Vàng A Dũng",
        "Giàng Thị Dung",
        "Hoàng Văn Ba",
    ]
    # given name first (an < ánh < ân < ba < dung = dũng < thành); then family name:
    # Đỗ before Trần (đ < t) and Giàng before Vàng, which settles dung/dũng before tones.
    assert sorted(names, key=name_sort_key) == [
        "Đỗ Văn An",
        "Trần An",
        "Nguyễn Thị Ánh",
        "Lê Thị Ân",
        "Hoàng Văn Ba",
        "Giàng Thị Dung",
        "Vàng A Dũng",
        "Lò Văn Thành",
    ]


@pytest.mark.parametrize(
    "ordered",
    [
        # tones break ties only: none, huyền, sắc, hỏi, ngã, nặng
        ["Lê Văn Ba", "Lê Văn Bà", "Lê Văn Bá", "Lê Văn Bả", "Lê Văn Bã", "Lê Văn Bạ"],
        ["Vàng A Dung", "Vàng A Dũng", "Vàng A Dụng"],
        # the letters ă â đ ê ô ơ ư are letters of their own
        ["Lê An", "Lê Ăn", "Lê Ân", "Lê Bo", "Lê Do", "Lê Đo", "Lê Eo", "Lê Êo"],
        ["Lê Tô", "Lê Tôn", "Lê Tơ", "Lê Tu", "Lê Tư", "Lê Vu", "Lê Y", "Lê Za"],
        # given name, then family, then middle names; shorter first
        ["An", "Trần An", "Trần Thị An", "Trần Văn An", "Trần Văn Bình An", "Trần Anh"],
        ["Nguyễn An", "Nguyễn Văn An", "Bùi Văn Ánh", "Ca Ánh"],
        # a tone on the given name never outranks the family name's letters
        ["Ạ Bá", "Ba Ba Bà", "Ứng Văn Ba"],
        # case last, lower first
        ["lê văn an", "Lê Văn An"],
    ],
)
def test_sort_order(ordered: list[str]) -> None:
    keys = [name_sort_key(n) for n in ordered]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


def test_sort_key_ignores_form() -> None:
    key = name_sort_key("Lò Văn Thành")
    assert name_sort_key(nfd("Lò Văn Thành")) == key
    assert name_sort_key("  Lò\u00a0Văn   Thành ") == key
    assert name_sort_key("LÒ VĂN THÀNH") != key  # case is the last tie-break


def test_sort_key_in_sqlite() -> None:
    names = [*NAMES, *(n.upper() for n in NAMES), "Trần An", "Trần Thị An", "Ba"]
    with sqlite3.connect(":memory:") as db:
        db.execute("create table p (name text, k text)")
        db.executemany("insert into p values (?, ?)", [(n, name_sort_key(n)) for n in names])
        by_db = [row[0] for row in db.execute("select name from p order by k")]
    assert by_db == sorted(names, key=name_sort_key)


def reference_key(name: str) -> tuple[object, ...]:
    """The documented order, computed another way: tuples of per-letter ranks."""
    words = name.split()
    given_, family, middle = words[-1], (words[0] if len(words) > 1 else ""), words[1:-1]

    def letters(word: str) -> list[tuple[int, int, bool]]:
        out = []
        for char in word:
            shape, tone = tone_and_shape(char)
            out.append((ALPHABET.index(shape.lower()), tone, shape != shape.lower()))
        return out

    parts = [letters(w) for w in [given_, family, *middle]]
    primary = (
        tuple(r for r, _, _ in parts[0]),
        tuple(r for r, _, _ in parts[1]),
        tuple(tuple(r for r, _, _ in p) for p in parts[2:]),
    )
    word_tones = tuple(next((t for _, t, _ in p if t), 0) for p in parts)
    detail = tuple((t, u) for p in parts for _, t, u in p)
    return primary, word_tones, detail


NAME_WORD = st.text(alphabet=VIETNAMESE_LETTERS, min_size=1, max_size=5)
NAME = st.lists(NAME_WORD, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=500)
@given(NAME, NAME)
def test_sort_key_matches_reference(a: str, b: str) -> None:
    ka, kb = name_sort_key(a), name_sort_key(b)
    ra, rb = reference_key(a), reference_key(b)
    assert (ka < kb) == (ra < rb)
    assert (ka == kb) == (ra == rb)


@given(st.lists(NAME, max_size=12))
def test_sorting_by_key_matches_reference(names: list[str]) -> None:
    assert sorted(names, key=name_sort_key) == sorted(names, key=reference_key)


@given(st.text())
def test_sort_key_alphabet(text: str) -> None:
    key = name_sort_key(text)
    # only [0-9a-z], in digit-letter pairs, so every collation sorts it like bytes
    assert KEY_SHAPE.fullmatch(key)
    assert len(key) <= SORT_KEY_MAX


def test_sort_key_odd_names() -> None:
    assert KEY_SHAPE.fullmatch(name_sort_key("H'Lan Niê-Kdăm 2 Ørsted Muñoz ﬁ"))
    assert name_sort_key("Muñoz") > name_sort_key("Mun")
    assert len(name_sort_key("Nguyễn " * 200 + "An")) == SORT_KEY_MAX
    # truncation only ever merges neighbours, never reorders them
    assert name_sort_key("Trần " * 200 + "An") <= name_sort_key("Trần " * 200 + "Ba")


@pytest.mark.parametrize(
    "raw",
    [
        "Lò Văn\x07 Ánh",  # BEL
        "\x1bLò Văn Ánh",  # ESC
        "Lò\u200b Văn Ánh",  # zero-width space
        "\u202eLò Văn Ánh",  # right-to-left override
        "\ufeffLò Văn Ánh",  # byte-order mark
        "Lò Văn\u00ad Ánh\u2066",  # soft hyphen, isolate
    ],
)
def test_invisible_and_control_characters_are_stripped_and_counted(raw: str) -> None:
    repaired = repair_text(raw, is_name=True)
    assert repaired.text == "Lò Văn Ánh"
    assert "control" in repaired.kinds


def test_tabs_and_line_breaks_stay_spaces_not_control() -> None:
    repaired = repair_text("Lò\tVăn\nÁnh")
    assert repaired.text == "Lò Văn Ánh" and repaired.kinds == {"spaces"}
