"""Translation. The app's strings are written in Vietnamese (the msgids) and translated to
English from resources/locale/en.po, read at start with Babel (no compiled .mo to forget).
Qt's own dialogs: PySide6 ships qtbase_en.qm but no Vietnamese, so resources/locale/qt_vi.po
(msgctxt = Qt context) is served by a QTranslator written in Python.

Strings in data (field labels, column titles) are marked with N_() or passed through
Field()/Column(), which `bash dev.sh i18n` tells Babel to extract.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from desktop.qt import QApplication, QLibraryInfo, QLocale, QTranslator

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
_catalog: dict[str, str] = {}
_plurals: dict[str, tuple[str, ...]] = {}  # singular msgid -> the plural forms
_qt_translators: list[QTranslator] = []
language = "vi"


def _(message: str) -> str:
    return _catalog.get(message, message) if _catalog else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for `n`: Vietnamese has one (the singular msgid), English two (1 / other)."""
    forms = _plurals.get(singular)
    if forms and len(forms) >= 2:
        return forms[0] if n == 1 else forms[1]
    return singular if n == 1 or language == "vi" else plural


def tr(text: str) -> str:
    """A text from the core in the interface language: a models.i18n_marks.Text (a template
    and its arguments) is translated, anything else (names, places, data) shown as it is."""
    template = getattr(text, "template", None)
    params = getattr(text, "params", None)
    if not isinstance(template, str) or not isinstance(params, dict):
        return text
    return render(template, params, str(text))


def render(template: str, params: dict[str, Any], fallback: str) -> str:
    """A core template translated and filled in: texts translated in turn, amounts grouped
    for the language (models.i18n_marks.Amount), names and numbers as they are."""
    from models.i18n_marks import Amount

    args = {
        k: money(int(v)) if isinstance(v, Amount) else tr(v) if isinstance(v, str) else v
        for k, v in params.items()
    }
    try:
        return _(template).format(**args) if args else _(template)
    except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
        return fallback


def amount_in_words(amount: int, vietnamese: str) -> str:
    """The amount in words for the screen: the core's Vietnamese text, or English words."""
    if language == "vi":
        return vietnamese
    from desktop.words_en import amount_in_words as english

    return english(amount)


def money(amount: int) -> str:
    """Whole đồng grouped for the interface language: 1.234.567 (vi), 1,234,567 (en)."""
    from babel.numbers import format_decimal

    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("money() takes whole đồng")
    return str(format_decimal(amount, locale=language))


def N_(message: str) -> str:
    return message


def _read(name: str) -> dict[tuple[str | None, str], str]:
    """(context, msgid) -> translation from resources/locale/NAME; untranslated left out."""
    from babel.messages.pofile import read_po

    path = resources.files("resources") / "locale" / name
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {
        (m.context, m.id): m.string
        for m in catalog
        if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string
    }


def load_catalog(lang: str) -> dict[str, str]:
    """msgid -> translation of the app's own strings ("vi" needs none)."""
    if lang == "vi":
        return {}
    return {msgid: text for (_ctx, msgid), text in _read(f"{lang}.po").items()}


def load_plurals(lang: str) -> dict[str, tuple[str, ...]]:
    """singular msgid -> its translated forms, for ngettext ("vi" needs none)."""
    if lang == "vi":
        return {}
    from babel.messages.pofile import read_po

    path = resources.files("resources") / "locale" / f"{lang}.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {
        m.id[0]: tuple(m.string)
        for m in catalog
        if isinstance(m.id, tuple) and isinstance(m.string, tuple) and all(m.string)
    }


class QtVietnamese(QTranslator):
    """Qt's own strings (button boxes, wizards, context menus) in Vietnamese."""

    def __init__(self, parent: QApplication) -> None:
        super().__init__(parent)
        self._table: dict[tuple[str | None, str], str] | None = None

    @property
    def table(self) -> dict[tuple[str | None, str], str]:
        """Read at the first string Qt asks for, not at start (the window frame needs none)."""
        if self._table is None:
            self._table = _read("qt_vi.po")
        return self._table

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        # None becomes a null QString, which tells Qt "not translated here": an empty string
        # would be taken as the translation and blank out every string this file lacks.
        return self.table.get((context, source_text))

    def isEmpty(self) -> bool:
        return False  # resources/locale/qt_vi.po is shipped with its strings


def install(app: QApplication, lang: str = "vi") -> None:
    """Choose the interface language before any window is built."""
    global _catalog, _plurals, language  # noqa: PLW0603 - one process-wide language, set at start
    language = lang if lang in LANGUAGES else "vi"
    _catalog = load_catalog(language)
    _plurals = load_plurals(language)
    for old in _qt_translators:
        app.removeTranslator(old)
    _qt_translators.clear()
    qlang = QLocale.Language.Vietnamese if language == "vi" else QLocale.Language.English
    QLocale.setDefault(QLocale(qlang))
    if language == "vi":
        translator: QTranslator = QtVietnamese(app)
    else:
        translator = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if not translator.load(f"qtbase_{language}", qt_dir):
            return
    app.installTranslator(translator)
    _qt_translators.append(translator)
