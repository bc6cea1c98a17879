"""The schema: SQLAlchemy 2.x typed declarative classes.

Money is integer đồng in BigInteger columns; text passes through NFCText. May import:
SQLAlchemy and models.text; every other part of the core imports the schema from here.

This __init__ imports nothing: import from the modules.
"""
