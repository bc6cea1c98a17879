"""backup, restore: copies of the SQLite database (PostgreSQL: pg_dump/pg_restore, README)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cli.common import CliError, Context, say
from models import backup
from models.db import default_url, describe_url, sqlite_file

PG_HINT = (
    "cơ sở dữ liệu PostgreSQL được sao lưu bằng pg_dump và khôi phục bằng pg_restore "
    "(xem mục Cơ sở dữ liệu trong README)"
)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("backup", parents=[common], help="sao lưu cơ sở dữ liệu SQLite")
    p.add_argument(
        "--out",
        type=Path,
        metavar="TỆP",
        help="ghi bản sao vào tệp này (mặc định: thư mục backups trong thư mục dữ liệu)",
    )
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser(
        "restore", parents=[common], help="khôi phục cơ sở dữ liệu SQLite từ một bản sao"
    )
    p.add_argument("file", type=Path, metavar="TỆP", help="bản sao lưu (tệp .sqlite3)")
    p.add_argument("--yes", action="store_true", help="không hỏi lại")
    p.set_defaults(handler=cmd_restore)


def _sqlite_target(ctx: Context) -> Path:
    url = ctx.db_url or default_url()
    path = sqlite_file(url)
    if path is None:
        if url.startswith("postgresql"):
            raise CliError(PG_HINT)
        raise CliError(f"chỉ sao lưu được tệp SQLite, không phải {describe_url(url)}")
    return path


def cmd_backup(ctx: Context, args: argparse.Namespace) -> int:
    source = _sqlite_target(ctx)
    if not source.is_file():
        raise CliError(f"chưa có cơ sở dữ liệu: {source}")
    if args.out is not None:
        target = backup.copy_database(source, args.out)
    else:
        target = backup.rotating_backup(source, "thu-cong")
    say(f"Đã sao lưu vào {target}")
    print(target)
    return 0


def cmd_restore(ctx: Context, args: argparse.Namespace) -> int:
    target = _sqlite_target(ctx)
    backup.check_database_file(args.file)  # before asking: a bad file is refused at once
    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError("khôi phục sẽ thay cơ sở dữ liệu hiện tại: thêm --yes để xác nhận")
        answer = input(f"Thay {target} bằng {args.file}? Tệp hiện tại được giữ lại. [c/K] ")
        if answer.strip().lower() not in ("c", "có", "y", "yes"):
            say("Không khôi phục.")
            return 1
    aside = backup.restore(args.file, target)
    if aside is not None:
        say(f"Tệp cũ được giữ lại: {aside}")
    say(f"Đã khôi phục {target} từ {args.file}")
    return 0
