"""Translation: the app's strings are written in Vietnamese (msgids) and translated to English
from gettext catalogs under resources/locale; Qt's own dialogs use Qt's bundled translations."""

from __future__ import annotations

import gettext
from importlib import resources

from desktop.qt import QApplication, QLibraryInfo, QLocale, QTranslator

_translation: gettext.NullTranslations = gettext.NullTranslations()
_qt_translators: list[QTranslator] = []
language = "vi"


def _(message: str) -> str:
    return _translation.gettext(message)


def install(app: QApplication, lang: str = "vi") -> None:
    """Choose the interface language ("vi" or "en") before any window is built."""
    global _translation, language  # noqa: PLW0603 - one process-wide language, set at start
    language = lang
    if lang == "vi":
        _translation = gettext.NullTranslations()
    else:
        locale_dir = resources.files("resources") / "locale"
        with resources.as_file(locale_dir) as folder:
            _translation = gettext.translation("taphuan", folder, [lang], fallback=True)
    for old in _qt_translators:
        app.removeTranslator(old)
    _qt_translators.clear()
    QLocale.setDefault(
        QLocale(QLocale.Language.Vietnamese if lang == "vi" else QLocale.Language.English)
    )
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load(f"qtbase_{lang}", qt_dir):
        app.installTranslator(translator)
        _qt_translators.append(translator)
