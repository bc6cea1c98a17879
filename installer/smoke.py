"""Smoke-test a frozen TapHuan bundle, as a user's first minutes would, and print its figures.

    python installer/smoke.py dist/taphuan [--installer dist/TapHuan-0.1.0-setup.exe]

Runs the frozen programs (not the source): taphuan-cli init, demo --campaign, import-roster,
print sign-in --plan with 2 workers in spawn mode, export settlement, all with a data folder
and output paths whose names are Vietnamese; then the frozen window with --smoke (exit 0 after
the first painted window) beside `python -m desktop.app --smoke` in the same run. Prints the
bundle size, the installer size when given, and both start times. Exits non-zero on the first
failure, naming it. The same script runs on Linux (dev.sh dist) and on Windows (the workflow).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXE = ".exe" if os.name == "nt" else ""


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def run(argv: list[str], env: dict[str, str], what: str, timeout: float = 600) -> str:
    done = subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=timeout, check=False)  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"smoke: {what} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    print(f"  ok  {what}", flush=True)
    return done.stdout


def roster(path: Path) -> Path:
    """A small commune roster with a title row and a two-row header, as communes send."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Xã Quài Tở"
    sheet.append(["DANH SÁCH TRƯỞNG BẢN THAM DỰ TẬP HUẤN"])
    sheet.append(["STT", "Họ và tên", "Năm sinh", "Dân tộc", "Thôn, bản", "Số CCCD"])
    for i, name in enumerate(["Lò Văn Ánh", "Quàng Thị Én", "Lường Văn Đức"], 1):
        sheet.append([i, name, 1970 + i, "Thái", "Bản Hua Sát", f"01107900{i:04d}"])
    book.save(path)
    return path


def started(argv: list[str], env: dict[str, str], runs: int = 3) -> float:
    """Best wall time of `argv --smoke` from launch to the window's first paint and exit."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        run([*argv, "--smoke"], env, f"first painted window: {Path(argv[0]).name}", timeout=120)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--installer", type=Path)
    parser.add_argument("--no-gui", action="store_true", help="skip the window (no display)")
    args = parser.parse_args()
    bundle: Path = args.bundle.resolve()
    cli = str(bundle / f"taphuan-cli{EXE}")
    gui = str(bundle / f"taphuan{EXE}")
    work = Path(tempfile.mkdtemp(prefix="taphuan-smoke-"))
    data = work / "Dữ liệu tập huấn"
    out = work / "Giấy tờ in"
    data.mkdir()
    out.mkdir()
    env = {
        **os.environ,
        "TAPHUAN_DATA_DIR": str(data),
        "TAPHUAN_CONFIG_DIR": str(work / "cấu hình"),
        "TAPHUAN_WORKERS_START": "spawn",  # the Windows path, on Linux too
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
    }
    try:
        print(f"smoke: {bundle}")
        run([cli, "init"], env, "init (create and migrate the database)")
        run([cli, "demo", "--campaign"], env, "demo --campaign")
        doc = json.loads(run([cli, "import-roster", str(roster(work / "Danh sách xã.xlsx")),
                              "--json"], env, "import-roster"))  # fmt: skip
        assert doc["imported"] == 3, doc
        argv = [cli, "print", "sign-in", "--plan", "KH-CDTT-TG-2023", "--workers", "2",
                "--out", str(out / "Danh sách ký"), "--json"]  # fmt: skip
        printed = json.loads(run(argv, env, "print sign-in --plan (2 spawned workers)"))
        assert len(printed["files"]) == 113
        assert all(Path(f["path"]).is_file() for f in printed["files"])
        target = out / "Quyết toán.xlsx"
        run([cli, "export", "settlement", "--plan", "KH-TTDN-2023", "--out", str(target)], env,
            "export settlement")  # fmt: skip
        assert target.is_file()
        # The print preview draws PDF pages with QtPdf: its library must be in the bundle.
        assert any(bundle.rglob("*Qt6Pdf*")), "QtPdf missing: no print preview"
        assert not any(bundle.rglob("*Qt6Quick*")), "Qt Quick bundled: nothing here uses it"
        print("  ok  QtPdf in, Qt Quick out")
        print(f"bundle size: {mb(folder_size(bundle))}")
        if args.installer:
            print(f"installer size: {mb(args.installer.stat().st_size)}")
        if not args.no_gui:
            frozen = started([gui], env)
            source = started([sys.executable, "-m", "desktop.app"], env)
            print(f"window painted with its pages: frozen {frozen:.2f} s, python -m {source:.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
