"""The CLI's integrity commands and its last line of defence: one line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli import main as cli_main
from models.db import data_dir


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
