"""A marker for the core's user-facing templates, so `bash dev.sh i18n` extracts them.

The core stays free of any language choice: `N_` returns its argument unchanged and the front
end translates the template when it shows it (desktop.i18n._, applied by desktop.errors).
"""

from __future__ import annotations


def N_(message: str) -> str:
    return message
