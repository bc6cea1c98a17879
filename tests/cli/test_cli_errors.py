"""The CLI shows a user error's sentence and nothing else; a bug (even a plain ValueError) is
one fixed line on stderr and its traceback in the log file."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli import main as cli_main
from models.errors import UserError
from models.i18n_marks import N_
from models.locations import data_dir


def _plans_failing_with(monkeypatch: pytest.MonkeyPatch, demo_url: str, exc: BaseException) -> None:
    def handler(_ctx: object, _args: object) -> int:
        raise exc

    args = cli_main.build_parser().parse_args(["--db", demo_url, "plans"])
    monkeypatch.setattr(args, "handler", handler)
    monkeypatch.setattr(cli_main.argparse.ArgumentParser, "parse_args", lambda *_a, **_k: args)


def test_a_plain_value_error_is_a_bug_not_a_message(
    capsys: pytest.CaptureFixture[str], demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _plans_failing_with(monkeypatch, demo_url, ValueError("invalid literal for int(): 'x7'"))
    assert cli_main.main(["plans"]) == 2
    out, err = capsys.readouterr()
    path = data_dir() / "taphuan-cli.log"
    assert out == ""
    assert err == f"taphuan-cli: lỗi không mong đợi — chi tiết trong tệp nhật ký {path}\n"
    log = Path(path).read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "invalid literal" in log


def test_a_user_error_is_its_sentence_on_one_line(
    capsys: pytest.CaptureFixture[str], demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = UserError(N_("lớp {code} đã khóa sổ"), code="TTDN23-L01")
    _plans_failing_with(monkeypatch, demo_url, refused)
    assert cli_main.main(["plans"]) == 1
    assert capsys.readouterr().err == "taphuan-cli: lỗi: lớp TTDN23-L01 đã khóa sổ\n"
    assert not (data_dir() / "taphuan-cli.log").exists()


def test_a_bad_amount_on_the_command_line_is_refused_by_argparse(
    capsys: pytest.CaptureFixture[str], demo_url: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        cli_main.main(["--db", demo_url, "plan", "add", "--code", "K", "--title", "x",
                       "--ceiling", "250k"])  # fmt: skip
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "--ceiling" in err and "Traceback" not in err
