"""manage.py backup and restore, on whichever database the suite runs on (SQLite, then
PostgreSQL under scripts/pg-server).

The commands run in subprocesses with their own DATABASE_URL, as an operator would run them,
against a scratch database beside the test database: a SQLite file in tmp_path, or a second
and third database on the test PostgreSQL server. While `backup` runs, a writer thread keeps
committing transactions; each adds one row to backup_probe (numbered 1, 2, 3…) and sets a
one-row counter to the same number. After restoring into a fresh database, the probe rows
must be 1..N with nothing missing, N at least every row committed before the backup began,
and the counter equal to N: a consistent snapshot, not a torn copy.
"""

import os
import sqlite3
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
IS_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def manage(*args, database_url):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


class SQLiteScratch:
    """Scratch databases as files in a temporary folder."""

    def __init__(self, folder):
        self.folder = folder

    def create(self, name):
        return name

    def url(self, name):
        return f"sqlite:///{self.folder / name}.sqlite3"

    def connect(self, name):
        connection = sqlite3.connect(
            self.folder / f"{name}.sqlite3", isolation_level=None, timeout=20
        )
        connection.execute("PRAGMA journal_mode=WAL")
        return connection

    def drop_all(self):
        pass


class PostgresScratch:
    """Scratch databases on the test database's server, dropped afterwards."""

    def __init__(self):
        self.server = settings.DATABASES["default"]
        self.created = []

    def _connect_to(self, dbname):
        import psycopg

        return psycopg.connect(
            host=self.server["HOST"],
            port=self.server["PORT"],
            user=self.server["USER"],
            password=self.server["PASSWORD"] or None,
            dbname=dbname,
            autocommit=True,
        )

    def create(self, name):
        name = f"backup_{name}_{uuid.uuid4().hex[:8]}"
        with self._connect_to("postgres") as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return name

    def url(self, name):
        user = quote(self.server["USER"], safe="")
        password = f":{quote(self.server['PASSWORD'], safe='')}" if self.server["PASSWORD"] else ""
        return f"postgres://{user}{password}@{self.server['HOST']}:{self.server['PORT']}/{name}"

    def connect(self, name):
        return self._connect_to(name)

    def drop_all(self):
        with self._connect_to("postgres") as admin:
            for name in self.created:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def scratch(tmp_path):
    databases = SQLiteScratch(tmp_path) if IS_SQLITE else PostgresScratch()
    yield databases
    databases.drop_all()


PROBE_SQL = {
    "sqlite": (
        "INSERT INTO backup_probe (n) VALUES (?)",
        "UPDATE backup_probe_counter SET n = ?",
    ),
    "postgresql": (
        "INSERT INTO backup_probe (n) VALUES (%s)",
        "UPDATE backup_probe_counter SET n = %s",
    ),
}


def create_probe(connection):
    connection.execute("CREATE TABLE backup_probe (n integer PRIMARY KEY)")
    connection.execute("CREATE TABLE backup_probe_counter (id integer PRIMARY KEY, n integer)")
    connection.execute("INSERT INTO backup_probe_counter (id, n) VALUES (1, 0)")


def write_probe(connection, number):
    """Probe row `number` and the counter set to it (placeholders differ by driver)."""
    sqlite = isinstance(connection, sqlite3.Connection)
    insert, update = PROBE_SQL["sqlite" if sqlite else "postgresql"]
    connection.execute(insert, (number,))
    connection.execute(update, (number,))


def read_probe(connection):
    numbers = [row[0] for row in connection.execute("SELECT n FROM backup_probe ORDER BY n")]
    counter = connection.execute("SELECT n FROM backup_probe_counter").fetchone()[0]
    return numbers, counter


class Writer(threading.Thread):
    """Commits one transaction after another until stopped: probe row n, counter = n."""

    def __init__(self, connect):
        super().__init__(daemon=True)
        self.connect = connect
        self.committed = 0
        self.error = None
        self.stopping = threading.Event()
        self.progress = threading.Condition()

    def run(self):
        connection = self.connect()
        try:
            number = 0
            while not self.stopping.is_set():
                number += 1
                self.commit(connection, number)
                with self.progress:
                    self.committed = number
                    self.progress.notify_all()
                self.stopping.wait(0.001)
        except Exception as error:  # reported by the test, not lost in the thread
            self.error = error
        finally:
            connection.close()

    def commit(self, connection, number):
        if isinstance(connection, sqlite3.Connection):
            connection.execute("BEGIN IMMEDIATE")
            write_probe(connection, number)
            connection.execute("COMMIT")
        else:
            with connection.transaction():
                write_probe(connection, number)

    def wait_for(self, rows):
        with self.progress:
            assert self.progress.wait_for(lambda: self.committed >= rows or self.error, 20)
        assert self.error is None, self.error


def test_backup_while_writing_then_restore_into_a_fresh_database(scratch, tmp_path):
    source, fresh = scratch.create("source"), scratch.create("fresh")
    migrated = manage("migrate", "--noinput", database_url=scratch.url(source))
    assert migrated.returncode == 0, migrated.stderr
    with scratch.connect(source) as connection:
        create_probe(connection)
        site_tables = connection.execute("SELECT count(*) FROM django_migrations").fetchone()[0]

    writer = Writer(lambda: scratch.connect(source))
    writer.start()
    try:
        writer.wait_for(rows=50)
        committed_before_backup = writer.committed
        backup_file = tmp_path / "copy.backup"
        backed_up = manage("backup", "--output", str(backup_file), database_url=scratch.url(source))
        committed_after_backup = writer.committed
    finally:
        writer.stopping.set()
        writer.join()
    assert writer.error is None, writer.error
    assert backed_up.returncode == 0, backed_up.stderr
    assert "Backed up" in backed_up.stdout
    # The writer really was writing while the backup ran.
    assert committed_after_backup > committed_before_backup

    refused = manage("restore", str(backup_file), database_url=scratch.url(fresh))
    assert refused.returncode != 0
    assert "--yes" in refused.stderr

    restored = manage("restore", str(backup_file), "--yes", database_url=scratch.url(fresh))
    assert restored.returncode == 0, restored.stderr
    with scratch.connect(fresh) as connection:
        numbers, counter = read_probe(connection)
        restored_tables = connection.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
    assert numbers == list(range(1, len(numbers) + 1)), "rows missing from the middle"
    assert len(numbers) >= committed_before_backup, "rows committed before the backup are lost"
    assert counter == len(numbers), "the copy holds half of a transaction"
    assert len(numbers) <= writer.committed
    assert restored_tables == site_tables


def small_backup(scratch, tmp_path):
    """A backed-up scratch database holding probe rows 1..3 (no migrations: quick)."""
    name = scratch.create("small")
    with scratch.connect(name) as connection:
        create_probe(connection)
        for number in (1, 2, 3):
            write_probe(connection, number)
    backup_file = tmp_path / "small.backup"
    result = manage("backup", "--output", str(backup_file), database_url=scratch.url(name))
    assert result.returncode == 0, result.stderr
    return name, backup_file


def test_restore_of_a_damaged_file_is_refused_and_changes_nothing(scratch, tmp_path):
    name, backup_file = small_backup(scratch, tmp_path)
    damaged = tmp_path / "damaged.backup"
    data = backup_file.read_bytes()
    damaged.write_bytes(data[: len(data) // 2])

    result = manage("restore", str(damaged), "--yes", database_url=scratch.url(name))
    assert result.returncode == 1
    assert "cannot be restored" in result.stderr or "could not restore" in result.stderr
    assert "Traceback" not in result.stderr
    with scratch.connect(name) as connection:
        assert read_probe(connection)[0] == [1, 2, 3]


@pytest.mark.parametrize(
    ("contents", "message"),
    [
        (None, "There is no backup at"),
        (b"name,email\nrowan,rowan@example.org\n", "is not a Holdfast backup"),
        (
            b"PGDMP" if IS_SQLITE else b"SQLite format 3\x00",
            "backup, but this site's database is",
        ),
    ],
    ids=["missing", "not_a_backup", "other_database_kind"],
)
def test_restore_explains_a_wrong_file_without_a_traceback(scratch, tmp_path, contents, message):
    path = tmp_path / "wrong.backup"
    if contents is not None:
        path.write_bytes(contents)
    name = scratch.create("untouched")
    result = manage("restore", str(path), "--yes", database_url=scratch.url(name))
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_backup_file_is_private_to_its_owner(scratch, tmp_path):
    _, backup_file = small_backup(scratch, tmp_path)
    assert backup_file.stat().st_mode & 0o077 == 0
