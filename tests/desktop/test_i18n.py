"""The English catalog: complete, faithful to its placeholders, and actually used by the window."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.mainwindow import MainWindow
from desktop.qt import QApplication, QDialogButtonBox

# The same keywords as `bash dev.sh i18n` (-k _ -k N_ -k ngettext:1,2 -k Field:2 -k Column:1
# -k PeopleColumn:2): None = the first argument; a tuple names the 1-based argument(s).
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "Field": (2,),
    "Column": (1,),
    "PeopleColumn": (2,),
}
ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "desktop"
# The core marks its templates with models.i18n_marks.N_ (its migrations are not extracted:
# sqlalchemy's Column there is not ours).
SOURCES = ("desktop", "models")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")

Factory = Callable[[str], MainWindow]


def _extracted() -> dict[str, list[str]]:
    """msgid -> where it is used (file:line), from the desktop and core sources."""
    found: dict[str, list[str]] = {}
    for source in SOURCES:
        for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT / source), method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            if "migrations" in Path(filename).parts:
                continue
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                found.setdefault(msgid, []).append(f"{source}/{filename}:{lineno}")
    return found


def _english() -> dict[str, str]:
    """msgid -> translation, empty ones included, straight from resources/locale/en.po; a
    plural entry by its singular, with every form (an empty form counts as missing)."""
    path = resources.files("resources") / "locale" / "en.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    out: dict[str, str] = {}
    for m in catalog:
        if isinstance(m.id, tuple) and isinstance(m.string, tuple):
            out[m.id[0]] = " | ".join(m.string) if all(m.string) else ""
        elif m.id and isinstance(m.id, str):
            out[m.id] = m.string
    return out


def _button_texts(box: QDialogButtonBox) -> list[str]:
    return sorted(b.text().replace("&", "") for b in box.buttons())


@pytest.fixture
def app() -> Iterator[QApplication]:
    """The language is process-wide: whatever a test chooses, Vietnamese is back afterwards."""
    instance = QApplication.instance()
    assert isinstance(instance, QApplication)
    try:
        yield instance
    finally:
        i18n.install(instance, "vi")


def test_every_extracted_message_has_an_english_translation() -> None:
    extracted = _extracted()
    assert "Kế hoạch" in extracted  # the extraction itself works
    english = _english()
    missing = sorted(msgid for msgid in extracted if not english.get(msgid))
    assert not missing, (
        f"{len(missing)} message(s) lack an English translation; run `bash dev.sh i18n` "
        "and translate the empty msgstr entries in resources/locale/en.po:\n"
        + "\n".join(f"  {msgid!r}  ({', '.join(extracted[msgid][:2])})" for msgid in missing)
    )


def test_translations_keep_their_placeholders() -> None:
    wrong = {
        msgid: text
        for msgid, text in _english().items()
        if text and set(PLACEHOLDER.findall(msgid)) != set(PLACEHOLDER.findall(text))
    }
    assert not wrong, "placeholders differ:\n" + "\n".join(
        f"  {msgid!r} -> {text!r}" for msgid, text in wrong.items()
    )


def test_translations_keep_one_accelerator_where_the_original_has_one() -> None:
    def accelerators(text: str) -> int:
        return text.replace("&&", "").replace("&nbsp;", "").count("&")

    wrong = [
        (msgid, text)
        for msgid, text in _english().items()
        if text and accelerators(msgid) != accelerators(text)
    ]
    assert not wrong, wrong


def test_main_window_in_english(
    qtbot: QtBot, app: QApplication, window_factory: Factory, empty_url: str
) -> None:
    i18n.install(app, "en")
    assert i18n.language == "en"
    window = window_factory(empty_url)
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=10_000)
    nav = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert nav[0] == "Plans"
    assert {"Learners", "Venues", "Lecturers", "Reports"} <= set(nav)
    assert all(text == _ascii(text) for text in nav), nav
    menus = [action.text() for action in window.menuBar().actions()]
    assert "&File" in menus and "&Help" in menus
    assert window.windowTitle().startswith("TapHuan — ")
    assert _ascii(window.windowTitle()) == window.windowTitle()

    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(box)
    assert _button_texts(box) == ["Cancel", "OK"]


def test_qt_buttons_in_vietnamese(qtbot: QtBot, app: QApplication) -> None:
    i18n.install(app, "vi")
    assert i18n.language == "vi"
    assert i18n._("Kế hoạch") == "Kế hoạch"
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(box)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    assert ok is not None and cancel is not None
    assert (ok.text(), cancel.text()) == ("Đồng ý", "Hủy")


def _ascii(text: str) -> str:
    """The text without anything outside ASCII but the em dash (no Vietnamese left over)."""
    return "".join(ch for ch in text if ch.isascii() or ch == "—")
