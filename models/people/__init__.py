"""People: name keys and the database-sorted, paged roster queries the views use
(`queries`), adding and editing one person and enrolling people by hand (`edit`).

Rosters arriving as files are models.roster_import. May import: models.entities, models.text,
models.roster_import (its cell parsers), models.lookup, models.guard.

This __init__ imports nothing: import from the modules.
"""
