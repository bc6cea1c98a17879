"""Commands of this group are added as the feature lands."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """No commands yet."""
