"""The importer's one domain exception."""

from __future__ import annotations

from models.errors import UserError


class RosterImportError(UserError):
    """A roster file cannot be imported; the message (Vietnamese) names the file and place."""
