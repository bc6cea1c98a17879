"""Remembered things (window geometry, last database, last folder) in an INI file.

The file lives in the user's config folder; TAPHUAN_CONFIG_DIR moves it (tests use a temp dir).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from desktop.qt import QSettings


def settings() -> QSettings:
    override = os.environ.get("TAPHUAN_CONFIG_DIR")
    folder = Path(override) if override else Path(platformdirs.user_config_dir("TapHuan", False))
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / "taphuan.ini"), QSettings.Format.IniFormat)
