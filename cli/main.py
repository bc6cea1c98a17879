"""taphuan-cli: batch front end. JSON on stdout, messages on stderr, one-line errors, exit != 0.

Each command group lives in its own module with a `register(subparsers, common)` function; this
module only parses, opens the database and turns known errors into one line.
"""

from __future__ import annotations

import argparse
import io
import logging
import multiprocessing
import os
import sys
from collections.abc import Sequence

from cli import (
    basic,
    files,
    integrity,
    lecturers,
    money,
    papers,
    planning,
    records,
    roster,
    schedule,
)
from cli.common import CliError, Context
from models.db import DatabaseOpenError
from models.errors import UserError
from models.locations import data_dir

GROUPS = (basic, planning, records, lecturers, roster, schedule, money, papers, files, integrity)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        metavar="URL",
        help="cơ sở dữ liệu khác (sqlite:///tệp.sqlite3 hoặc postgresql+psycopg://…); "
        "mặc định: biến TAPHUAN_DB hoặc tệp SQLite trong thư mục dữ liệu người dùng",
    )
    parser = argparse.ArgumentParser(
        prog="taphuan-cli",
        description="TapHuan: tập huấn, dự toán, điểm danh, quyết toán (dòng lệnh)",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    for group in GROUPS:
        group.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # First of all: a frozen CLI's worker processes re-enter here and must stop at once.
    multiprocessing.freeze_support()
    # JSON and messages are UTF-8 whatever the console's code page (cp1258 on Windows).
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower() not in (
            "utf-8",
            "utf8",
        ):
            stream.reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = Context(db_url=getattr(args, "db", None))
    try:
        code: int = args.handler(ctx, args)
        return code
    except (CliError, DatabaseOpenError, UserError) as exc:  # the core's sentences, one line
        print(f"taphuan-cli: lỗi: {exc}", file=sys.stderr)  # str(): the Vietnamese text
        return 1
    except KeyboardInterrupt:
        print("taphuan-cli: đã dừng", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `taphuan-cli plans | head`: the reader left; not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug: one line here, the traceback (no bound values) in the log
        print(
            f"taphuan-cli: lỗi không mong đợi — chi tiết trong tệp nhật ký {_log(exc)}",
            file=sys.stderr,
        )
        return 2
    finally:
        ctx.close()


def _log(exc: BaseException) -> str:
    """Write the traceback to the log file in the data folder (never to the terminal: a value
    in it could be a person's name or CCCD; SQL parameters are hidden by models.concurrency)."""
    path = data_dir() / "taphuan-cli.log"
    logger = logging.getLogger("taphuan.cli")
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.error("lỗi không mong đợi", exc_info=exc)
    finally:
        logger.removeHandler(handler)
        handler.close()
    return str(path)


if __name__ == "__main__":
    sys.exit(main())
