"""The frozen window's entry script (PyInstaller runs a script, not an entry point)."""

import sys

from desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
