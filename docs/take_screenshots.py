"""Take the README's screenshots: scenario A loaded, the main screens at 1366×768, then the
plan and attendance screens at 1024×768 (`*-1024.png`) and two screens in English (`*-en.png`).

Run under a real X server (Xvfb) as the README says:
    Xvfb :99 -screen 0 1600x1000x24 & DISPLAY=:99 .venv/bin/python docs/take_screenshots.py
One set only: `--size 1024x768 --suffix=-1024 --only ke-hoach,diem-danh`, `--lang en`,
`--out DIR` (the language is chosen when the window starts, hence one process per set).
It drives the window the way a user would (no private shortcuts into the database besides
loading the demo and marking a few absences), waiting for the worker between steps.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.qt import QApplication, QTimer, QWidget  # noqa: E402
from models.attendance.marks import set_all_present, set_attendance_by_cccd  # noqa: E402
from models.db import Database  # noqa: E402
from models.demo import scenarios as demo  # noqa: E402
from models.entities.tables import Activity, Enrollment, Person  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def prepare(folder: Path) -> str:
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    db = Database(url)
    with db.write() as s:
        demo.load_scenario_a(s)
        first = s.scalar(select(Activity.id).where(Activity.code == "TTDN23-L01"))
        assert first is not None
        set_all_present(s, first, by="Nguyễn Thị Minh Hằng")
        absent = list(
            s.scalars(
                select(Person.cccd).join(Enrollment).where(Enrollment.activity_id == first).limit(3)
            )
        )
        set_attendance_by_cccd(s, first, absent[:2], "absent", by="Nguyễn Thị Minh Hằng",
                               session_no=3)  # fmt: skip
        set_attendance_by_cccd(s, first, absent[2:], "excused", by="Nguyễn Thị Minh Hằng",
                               session_no=4)  # fmt: skip
    db.close()
    return url


# The extra sets the default run takes after the main one, each in its own process.
EXTRA_SETS = (
    ["--size", "1024x768", "--suffix=-1024", "--only", "ke-hoach,diem-danh"],
    ["--lang", "en", "--suffix=-en", "--only", "ke-hoach,du-toan"],
)


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    parser.add_argument("--size", default="1366x768", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--suffix", default="", help="added to each file name (-1024, -en)")
    parser.add_argument("--only", default="", help="comma-separated screen names")
    parser.add_argument("--out", type=Path, default=OUT)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    given = sys.argv[1:] if argv is None else argv
    args = arguments(given)
    take(args)
    if not given:  # the default run: the extra sets as well
        for extra in EXTRA_SETS:
            subprocess.run([sys.executable, __file__, *extra, "--out", str(args.out)], check=True)


def take(args: argparse.Namespace) -> None:
    folder = Path(tempfile.mkdtemp(prefix="taphuan-shots-"))
    os.environ["TAPHUAN_CONFIG_DIR"] = str(folder / "config")
    os.environ["TAPHUAN_DATA_DIR"] = str(folder / "data")
    url = prepare(folder)
    app = QApplication(sys.argv[:1])
    from desktop import i18n, screen_fit

    i18n.install(app, args.lang)
    screen_fit.install(app)
    from desktop.i18n import _
    from desktop.mainwindow import MainWindow

    width, height = (int(n) for n in args.size.lower().split("x"))
    window = MainWindow(url)
    window.resize(width, height)
    window.show()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    def tab(title: str) -> None:
        tabs = window.activity_page.tabs
        for i in range(tabs.count()):
            if tabs.tabText(i) == _(title):  # the tab's title in the interface language
                tabs.setCurrentIndex(i)

    def bottom(index: int) -> None:
        window.plans_page.bottom.setCurrentIndex(index)

    def print_two() -> None:
        window.nav.setCurrentRow(6)
        page = window.print_page
        page.folder.setText(str(folder / "giay-to"))
        page.activity_box.setCurrentIndex(1)
        page.check("sign-in", "payout", "lecturers")
        page.start_button.click()

    steps: list[tuple[str, Callable[[], object], QWidget | None]] = [
        ("ke-hoach", lambda: window.nav.setCurrentRow(0), None),
        ("tong-quan", lambda: bottom(1), None),
        ("diem-danh", lambda: (window.nav.setCurrentRow(1), tab("Điểm danh")), None),
        ("du-toan", lambda: (window.nav.setCurrentRow(1), tab("Dự toán")), None),
        ("quyet-toan", lambda: (window.nav.setCurrentRow(1), tab("Quyết toán")), None),
        (
            "hoc-vien",
            lambda: (window.nav.setCurrentRow(2), window.people_page.filter.setText("lo van")),
            None,
        ),
        ("dinh-muc", lambda: window.nav.setCurrentRow(5), None),
        ("bao-cao", print_two, None),
    ]
    if args.only:
        wanted = args.only.split(",")
        steps = [step for step in steps if step[0] in wanted]

    def run(i: int = 0) -> None:
        if i == len(steps):
            window.close()
            app.quit()
            return
        name, action, _target = steps[i]
        action()

        def settle() -> None:
            if window.runner.pending:
                QTimer.singleShot(200, settle)
                return
            window.grab().save(str(out / f"{name}{args.suffix}.png"))
            print(f"{name}{args.suffix}.png", flush=True)
            run(i + 1)

        QTimer.singleShot(800, settle)

    QTimer.singleShot(1500, run)
    app.exec()


if __name__ == "__main__":
    main()
