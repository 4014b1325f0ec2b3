"""PostgreSQL test support: the server from DORKER_TEST_POSTGRES, a fresh schema per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

SKIP_REASON = ("DORKER_TEST_POSTGRES is not set (a PostgreSQL superuser URL, e.g. from "
               ".ci/start-postgres)")


def admin_url() -> str:
    """The server's admin URL, or skip the test with a reason."""
    url = os.environ.get("DORKER_TEST_POSTGRES")
    if not url:
        pytest.skip(SKIP_REASON)
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'dorker[postgres]')")
    return url


def connect(url: str | None = None) -> Any:
    """An autocommit psycopg connection (as the admin by default)."""
    import psycopg

    return psycopg.connect(url or admin_url(), autocommit=True)


def with_options(url: str, **options: str) -> str:
    """`url` with dorker's query options added."""
    parts = urlsplit(url)
    extra = "&".join(f"{k}={v}" for k, v in options.items())
    return urlunsplit(parts._replace(query="&".join(q for q in (parts.query, extra) if q)))


def as_user(url: str, user: str, password: str) -> str:
    """`url` logging in as another user."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{user}:{password}@{host}"))


@contextmanager
def fresh_schema(prefix: str = "t") -> Iterator[str]:
    """A store URL naming a schema that does not exist yet; dropped afterwards."""
    url = admin_url()
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    try:
        yield with_options(url, schema=schema)
    finally:
        with connect(url) as con:
            con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def make_login(role: str, name: str) -> tuple[str, str]:
    """A login user (with a password) that is a member of `role`; returns (name, password)."""
    password = uuid.uuid4().hex
    with connect() as con:
        con.execute(f"DROP ROLE IF EXISTS {name}")
        con.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{password}' IN ROLE {role}")
    return name, password
