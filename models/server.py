"""The department's PostgreSQL server: its address, its password and a connection test.

The address (without the password) is what the window remembers; the password lives in the
operating system's credential store through `keyring`, never in a settings file. Qt-free, so
the window calls it without importing SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from models.db import DatabaseOpenError, make_engine

KEYRING_SERVICE = "TapHuan"
DRIVER = "postgresql+psycopg"


@dataclass(frozen=True)
class Server:
    """Where the shared database lives; `host` may be a socket folder (starts with /)."""

    host: str
    port: int
    database: str
    user: str

    def url(self, password: str | None = None) -> str:
        """The SQLAlchemy URL; without `password` it is safe to remember and to show."""
        if self.host.startswith("/"):
            parsed = URL.create(
                DRIVER,
                username=self.user,
                password=password or None,
                database=self.database,
                query={"host": self.host, "port": str(self.port)},
            )
        else:
            parsed = URL.create(
                DRIVER,
                username=self.user,
                password=password or None,
                host=self.host,
                port=self.port,
                database=self.database,
            )
        return parsed.render_as_string(hide_password=False)

    @property
    def key(self) -> str:
        """The name the password is stored under in the credential store."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def describe(self) -> str:
        return f"{self.host}:{self.port}/{self.database}"


def parse_server(url: str) -> Server | None:
    """The server a PostgreSQL URL names (None for SQLite or a bad URL)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "postgresql":
        return None
    host = parsed.host or str(parsed.query.get("host", "") or "localhost")
    port = parsed.port or int(str(parsed.query.get("port", "5432") or "5432"))
    return Server(host, port, parsed.database or "", parsed.username or "")


def without_password(url: str) -> str:
    """The URL to remember: any password removed."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    return parsed._replace(password=None).render_as_string(hide_password=False)


def save_password(server: Server, password: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, server.key, password)
    except KeyringError as exc:
        raise DatabaseOpenError(f"không lưu được mật khẩu vào kho mật khẩu của máy: {exc}") from exc


def load_password(server: Server) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        password: str | None = keyring.get_password(KEYRING_SERVICE, server.key)
    except KeyringError:
        return None
    return password


def with_stored_password(url: str) -> str:
    """A remembered password-free server URL, with the password from the credential store."""
    server = parse_server(url)
    if server is None or make_url(url).password:
        return url
    password = load_password(server)
    return server.url(password) if password else url


def check_server(server: Server, password: str) -> str:
    """Connect once and say what answered; DatabaseOpenError with one line otherwise."""
    engine = make_engine(server.url(password))
    try:
        with engine.connect() as conn:
            version = str(conn.execute(text("SHOW server_version")).scalar())
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseOpenError(
            f"không kết nối được máy chủ {server.describe()} (người dùng {server.user}): {reason}"
        ) from exc
    finally:
        engine.dispose()
    return f"PostgreSQL {version}"
