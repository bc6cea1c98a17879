"""Entry point of the `taphuan` window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from desktop import i18n
from desktop.errors import setup_logging
from desktop.qt import QApplication, QFont


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="taphuan", description="TapHuan")
    parser.add_argument("--db", metavar="URL", help="cơ sở dữ liệu (mặc định: tệp SQLite riêng)")
    parser.add_argument("--lang", choices=("vi", "en"), help="ngôn ngữ giao diện (vi, en)")
    args, qt_args = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    setup_logging()
    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("TapHuan")
    app.setOrganizationName("TapHuan")
    font = QFont(app.font())
    font.setPointSize(max(font.pointSize(), 10))
    app.setFont(font)
    from desktop.settings import settings

    i18n.install(app, args.lang or str(settings().value("ui/language", "vi")))

    from desktop.mainwindow import MainWindow  # after the language is chosen

    window = MainWindow(args.db)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
