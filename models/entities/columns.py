"""Column types and the declarative base every table shares.

`NFCText` stores Unicode NFC with surrounding space removed, `Money` integer đồng and refuses
floats, so the rules hold whichever front end writes; constraint names are stable for Alembic.
"""

from __future__ import annotations

import enum
import unicodedata
from typing import Any

from sqlalchemy import BigInteger, Enum, Integer, MetaData, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Stable constraint names: Alembic needs them to alter SQLite tables in batch mode.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class NFCText(TypeDecorator[str]):
    """A string column that stores Unicode NFC, with surrounding white space removed."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return unicodedata.normalize("NFC", str(value)).strip()


class Money(TypeDecorator[int]):
    """Integer đồng. Refuses floats so that rounding never happens silently."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"số tiền phải là số nguyên đồng, không phải {type(value).__name__}")
        return value


def enum_column(cls: type[enum.Enum], name: str) -> Enum:
    # VARCHAR + CHECK on both SQLite and PostgreSQL; values (not names) are stored.
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Versioned:
    """A row a user edits: `version` goes up by one on every UPDATE (SQLAlchemy's
    version_id_col), so a save over someone else's change matches no row and is refused
    (models.concurrency turns that into StaleEditError)."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
