"""taphuan-cli backup / restore."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import main
from models import backup
from models.db import Database


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_backup_to_a_file_and_to_the_backups_folder(
    capsys: pytest.CaptureFixture[str], demo_url: str, tmp_path: Path
) -> None:
    out_file = tmp_path / "sao-luu.sqlite3"
    code, out, err = run(capsys, "--db", demo_url, "backup", "--out", str(out_file))
    assert code == 0 and out.strip() == str(out_file) and "Đã sao lưu" in err
    assert backup.check_database_file(out_file)
    code, out, _err = run(capsys, "--db", demo_url, "backup")
    assert code == 0 and Path(out.strip()).parent == backup.backups_dir()


def test_restore_with_yes_replaces_and_keeps_the_old_file(
    capsys: pytest.CaptureFixture[str], demo_url: str, empty_url: str
) -> None:
    Database(empty_url).close()
    code, _out, err = run(
        capsys, "--db", demo_url, "restore", empty_url.removeprefix("sqlite:///"), "--yes"
    )
    assert code == 0 and "Tệp cũ được giữ lại" in err
    db = Database(demo_url)
    assert db.is_empty()
    db.close()
    folder = Path(demo_url.removeprefix("sqlite:///")).parent
    assert any("truoc-khoi-phuc" in p.name for p in folder.iterdir())


def test_restore_without_a_terminal_and_without_yes_refuses(demo_url: str, empty_url: str) -> None:
    Database(empty_url).close()
    before = Path(demo_url.removeprefix("sqlite:///")).read_bytes()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cli.main",
            "--db",
            demo_url,
            "restore",
            empty_url.removeprefix("sqlite:///"),
        ],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "--yes" in result.stderr
    assert Path(demo_url.removeprefix("sqlite:///")).read_bytes() == before


def test_a_bad_restore_file_is_one_line(
    capsys: pytest.CaptureFixture[str], demo_url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "x.sqlite3"
    bad.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    code, _out, err = run(capsys, "--db", demo_url, "restore", str(bad), "--yes")
    assert code == 1 and err.count("\n") == 1 and err.startswith("taphuan-cli: lỗi:")


def test_postgresql_points_to_pg_dump(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--db", "postgresql+psycopg://u@h/db", "backup")
    assert code == 1 and "pg_dump" in err and err.count("\n") == 1
