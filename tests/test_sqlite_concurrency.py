"""SQLite, the embedded default, under a long import (outside test: a long import blocked verification for up to
19 s). The production options (WAL, IMMEDIATE transactions, a busy timeout) let a reader go on at once while a
writer holds its transaction, and make a second writer wait for the first instead of failing."""

import sqlite3
import threading
import time

import pytest

import ocop.settings as production

OPTIONS = production.DATABASES["default"].get("OPTIONS", {})
pytestmark = pytest.mark.skipif(production.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
                                reason="the embedded default only (DATABASE_URL names another database)")


def _connect(path):
    connection = sqlite3.connect(path, timeout=OPTIONS["timeout"], isolation_level=None, check_same_thread=False)
    connection.executescript(OPTIONS["init_command"])
    return connection


def test_the_production_options_are_wal_immediate_and_a_busy_timeout():
    assert "journal_mode=WAL" in OPTIONS["init_command"]
    assert OPTIONS["transaction_mode"] == "IMMEDIATE" and OPTIONS["timeout"] >= 5


def test_a_read_does_not_wait_for_a_long_import_and_a_second_writer_waits_instead_of_failing(tmp_path):
    path = str(tmp_path / "ocop.sqlite3")
    importer, reader, logger = _connect(path), _connect(path), _connect(path)
    importer.execute("CREATE TABLE verification (id INTEGER PRIMARY KEY, number TEXT)")
    importer.execute("INSERT INTO verification (number) VALUES ('OCOP-1')")
    importer.execute("BEGIN IMMEDIATE")  # the import's transaction, still open
    importer.executemany("INSERT INTO verification (number) VALUES (?)", [(f"R{i}",) for i in range(20_000)])

    started = time.monotonic()
    assert reader.execute("SELECT count(*) FROM verification").fetchone() == (1,)  # the committed state, at once
    assert time.monotonic() - started < 1.0

    threading.Timer(0.5, lambda: importer.execute("COMMIT")).start()
    started = time.monotonic()
    logger.execute("INSERT INTO verification (number) VALUES ('scan')")  # waits for the import, is not dropped
    assert 0.3 < time.monotonic() - started < OPTIONS["timeout"]
    assert reader.execute("SELECT count(*) FROM verification").fetchone() == (20_002,)
