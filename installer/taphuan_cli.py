"""The frozen taphuan-cli's entry script (PyInstaller runs a script, not an entry point)."""

import sys

from cli.main import main

if __name__ == "__main__":
    sys.exit(main())
