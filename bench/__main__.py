"""Run every bench/bench_*.py module's main(), or those named: python -m bench import signin."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    folder = Path(__file__).parent
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(folder)]) if m.name.startswith("bench_")
    )
    wanted = [f"bench_{n.removeprefix('bench_')}" for n in argv]
    unknown = sorted(set(wanted) - set(names))
    if unknown:
        print(f"bench: không có {', '.join(unknown)}; có: {', '.join(names)}", file=sys.stderr)
        return 2
    for name in wanted or names:
        print(f"== {name}", flush=True)
        importlib.import_module(f"bench.{name}").main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
