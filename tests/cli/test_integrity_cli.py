"""The CLI's integrity commands and its last line of defence: one line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli import main as cli_main
from models.locations import data_dir


def test_an_unexpected_error_is_one_generic_line_and_a_log_without_values(
    capsys: pytest.CaptureFixture[str], demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import text

    from models.db import Database

    cccd = "0120870" + "00999"  # not literally in the source the traceback quotes

    def broken(_ctx: object, _args: object) -> int:
        db = Database(demo_url)
        with db.write() as s:  # a bug: a query that fails, carrying a person's CCCD as a value
            s.execute(text("SELECT * FROM no_such_table WHERE cccd = :c"), {"c": cccd})
        return 0

    parser = cli_main.build_parser()
    args = parser.parse_args(["--db", demo_url, "plans"])
    monkeypatch.setattr(args, "handler", broken)
    monkeypatch.setattr(cli_main.argparse.ArgumentParser, "parse_args", lambda *_a, **_k: args)
    assert cli_main.main(["plans"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "lỗi không mong đợi" in err
    assert "Traceback" not in err and "012087000999" not in err
    log = Path(data_dir() / "taphuan-cli.log").read_text(encoding="utf-8")
    assert "no_such_table" in log and "012087000999" not in log


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli_main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_lock_reopen_and_history(capsys: pytest.CaptureFixture[str], empty_url: str) -> None:
    import json

    from models.db import Database
    from tests.models.integrity.conftest import small_class

    Database(empty_url).close()
    small_class(Database(empty_url))
    db = ("--db", empty_url)
    code, _out, err = _run(capsys, *db, "lock", "--plan", "KH-1")
    assert code == 1 and err.count("\n") == 1 and "còn lớp chưa khóa: L1" in err
    assert _run(capsys, *db, "lock", "--activity", "L1")[0] == 0
    assert _run(capsys, *db, "lock", "--plan", "KH-1")[0] == 0
    code, _out, err = _run(capsys, *db, "reopen", "--activity", "L1", "--reason", "sửa")
    assert code == 1 and "mở khóa kế hoạch trước" in err
    assert _run(capsys, *db, "reopen", "--plan", "KH-1", "--reason", "bổ sung")[0] == 0
    assert _run(capsys, *db, "reopen", "--activity", "L1", "--reason", "sai số người")[0] == 0
    code, out, _err = _run(capsys, *db, "history", "--activity", "L1", "--json")
    assert code == 0
    events = [e for e in json.loads(out) if e["table"] == "activity_lock_event"]
    assert [e["new"]["action"] for e in events] == ["lock", "reopen"]
    assert events[1]["new"]["reason"] == "sai số người"
    code, out, _err = _run(capsys, *db, "history", "--person", "012087000000")
    assert code == 0 and "thêm thông tin người" in out
    code, _out, err = _run(capsys, *db, "history", "--person", "999999999999")
    assert code == 1 and err.count("\n") == 1 and "không có người nào" in err
