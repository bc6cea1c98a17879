"""taphuan-cli: JSON on stdout, messages on stderr, one-line errors with a non-zero exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_then_plans_json(capsys: pytest.CaptureFixture[str], empty_url: str) -> None:
    code, out, err = run(capsys, "--db", empty_url, "demo")
    assert code == 0 and out == "" and "KH-TTDN-2023" in err
    code, out, err = run(capsys, "--db", empty_url, "plans", "--json")
    assert code == 0 and err == ""
    (plan,) = json.loads(out)
    assert plan["code"] == "KH-TTDN-2023"
    assert plan["ceiling"] == 2_053_000_000
    assert len(plan["activities"]) == 7
    assert sum(a["enrolled"] for a in plan["activities"]) == 290
    first = plan["activities"][0]
    assert set(first) >= {"code", "title", "kind", "start", "end", "venue", "enrolled", "sessions"}
    assert first["kind"] == "training" and first["sessions"] == 4
    assert first["start"] == "2023-10-16" and first["end"] == "2023-10-17"


def test_demo_twice_adds_nothing(capsys: pytest.CaptureFixture[str], demo_url: str) -> None:
    code, _out, err = run(capsys, "--db", demo_url, "demo")
    assert code == 0 and "Bỏ qua" in err
    _code, out, _err = run(capsys, "plans", "--json", "--db", demo_url)
    assert sum(a["enrolled"] for a in json.loads(out)[0]["activities"]) == 290


def test_plans_text_output(capsys: pytest.CaptureFixture[str], demo_url: str) -> None:
    code, out, _err = run(capsys, "--db", demo_url, "plans")
    assert code == 0
    assert "2.053.000.000 đồng" in out and "TTDN23-L07" in out


def test_unknown_plan_code_is_one_line(capsys: pytest.CaptureFixture[str], demo_url: str) -> None:
    code, out, err = run(capsys, "--db", demo_url, "plans", "--plan", "KHONG-CO", "--json")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "KHONG-CO" in err


def test_unreadable_database_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bogus = tmp_path / "ds.xlsx"
    bogus.write_bytes(b"not a database" * 200)
    code, out, err = run(capsys, "--db", f"sqlite:///{bogus}", "plans", "--json")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert bogus.read_bytes() == b"not a database" * 200  # untouched


def test_malformed_url_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--db", "khong phai url", "init")
    assert code == 1 and "không hợp lệ" in err and err.count("\n") == 1


def test_unreachable_postgresql_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://taphuan:x@127.0.0.1:9/taphuan?connect_timeout=2"
    code, out, err = run(capsys, "--db", url, "plans", "--json")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "không mở được" in err and ":x@" not in err  # the password is never printed


def test_installed_console_script(tmp_path: Path) -> None:
    """The entry point named in pyproject works as a real process."""
    exe = Path(sys.executable).with_name("taphuan-cli")
    if not exe.exists():  # pragma: no cover - running outside the project venv
        pytest.skip("taphuan-cli is not installed in this environment")
    env = {**os.environ, "TAPHUAN_DB": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    done = subprocess.run(
        [str(exe), "plans", "--json"], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_output_cut_short_by_a_pipe_is_not_an_error(demo_url: str) -> None:
    exe = Path(sys.executable).with_name("taphuan-cli")
    if not exe.exists():  # pragma: no cover - running outside the project venv
        pytest.skip("taphuan-cli is not installed in this environment")
    cli = subprocess.Popen(
        [str(exe), "--db", demo_url, "plans", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert cli.stdout is not None
    cli.stdout.close()  # the reader is gone before the first write, like `| head -0`
    _out, err = cli.communicate(timeout=60)
    assert cli.returncode == 0 and b"Traceback" not in err
