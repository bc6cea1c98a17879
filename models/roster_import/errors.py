"""The importer's one domain exception."""

from __future__ import annotations


class RosterImportError(ValueError):
    """A roster file cannot be imported; the message (Vietnamese) names the file and place."""
