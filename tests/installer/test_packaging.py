"""What the Windows packaging relies on, checked quickly on every run.

The bundle itself is built by `bash dev.sh dist` (and on Windows by the workflow); here: the
NSIS script compiles against a stand-in payload, every resource the app loads is reachable
through importlib.resources (as in a frozen app), and both entry points call freeze_support
before anything else.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import tomllib
from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAKENSIS = shutil.which("makensis")


@pytest.mark.skipif(
    MAKENSIS is None and not os.environ.get("CI"),
    reason="makensis absent (bash dev.sh test installs Debian's nsis)",
)
def test_the_installer_script_compiles_against_a_stand_in_payload(tmp_path: Path) -> None:
    assert MAKENSIS is not None, "CI must have makensis: dev.sh test installs nsis"
    payload = tmp_path / "payload"
    (payload / "_internal").mkdir(parents=True)
    for name in ("taphuan.exe", "taphuan-cli.exe", "_internal/base_library.zip"):
        (payload / name).write_bytes(b"stand-in")
    out = tmp_path / "TapHuan-0.0.1-setup.exe"
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    done = subprocess.run(
        [MAKENSIS, "-V2", f"-DVERSION={version}", f"-DPAYLOAD={payload}", f"-DOUTFILE={out}",
         str(ROOT / "installer" / "taphuan.nsi")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert out.stat().st_size > 50_000
    assert out.read_bytes()[:2] == b"MZ"  # a Windows executable


def test_the_script_installs_per_user_and_keeps_the_data() -> None:
    script = (ROOT / "installer" / "taphuan.nsi").read_text("utf-8")
    assert "RequestExecutionLevel user" in script
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\TapHuan"' in script
    assert 'WriteRegStr HKCU "${UNINST_KEY}" "UninstallString"' in script
    assert "HKLM" not in script  # nothing that needs an administrator
    assert 'MUI_LANGUAGE "Vietnamese"' in script and 'MUI_LANGUAGE "English"' in script
    uninstall = script[script.index('Section "Uninstall"') :]
    removals = [
        line for line in uninstall.splitlines() if line.strip().startswith(("RMDir", "Delete "))
    ]
    assert removals and all("$LOCALAPPDATA" not in line for line in removals)
    assert '"$(DataKept)" /SD IDOK' in uninstall  # says where the data stays, also when silent


def _first_statement(path: Path, function: str) -> str:
    tree = ast.parse(path.read_text("utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function)
    body = [
        s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
    ]
    return ast.unparse(body[0])


@pytest.mark.parametrize(
    ("path", "function"), [("desktop/app.py", "main"), ("cli/main.py", "main")]
)
def test_entry_points_call_freeze_support_first(path: str, function: str) -> None:
    assert _first_statement(ROOT / path, function) == "multiprocessing.freeze_support()"


def test_the_frozen_entry_scripts_call_the_entry_points() -> None:
    for script, target in (("taphuan_gui.py", "desktop.app"), ("taphuan_cli.py", "cli.main")):
        text = (ROOT / "installer" / script).read_text("utf-8")
        assert f"from {target} import main" in text


@pytest.mark.parametrize(
    ("package", "name"),
    [
        ("resources.fonts", "LiberationSerif-Regular.ttf"),
        ("resources.fonts", "LICENSE"),
        ("resources.norms", "tt55_2023_national.toml"),
        ("resources.locale", "en.po"),
        ("resources.locale", "qt_vi.po"),
        ("resources.icons", "taphuan-256.png"),
        ("resources.icons", "taphuan.ico"),
        ("resources.icons.lucide", "printer.svg"),
        ("resources.icons.lucide", "LICENSE"),
        ("resources.help", "guide_vi.html"),
        ("resources.help", "guide_en.html"),
        ("resources.help", "ke-hoach.png"),
        ("models", "migrations/env.py"),
        ("models", "migrations/script.py.mako"),
    ],
)
def test_every_resource_is_reachable_through_importlib_resources(package: str, name: str) -> None:
    found = resources.files(package).joinpath(name)
    assert found.is_file() and found.read_bytes()


def test_no_code_finds_files_relative_to_its_source() -> None:
    """A frozen app has no source tree: data is read with importlib.resources only."""
    offenders = []
    for package in ("models", "reports", "desktop", "cli"):
        for path in (ROOT / package).rglob("*.py"):
            text = path.read_text("utf-8")
            if "__file__" in text or "Path(__file__" in text:
                offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, offenders
