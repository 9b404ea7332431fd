"""Online, consistent backups of the site's database, and restoring them.

`manage.py backup` and `manage.py restore` are thin wrappers around back_up() and restore().
Both read the database from Django's own settings (DATABASE_URL), so they copy exactly the
database the site uses, and both work while the site is running:

- SQLite: the SQLite backup API, copying every page in one step under one read transaction.
  With the WAL journal the site's writers carry on meanwhile, and the copy is the database
  as it was at one instant — never half of a transaction. Restoring runs the same API the
  other way, into the configured file, under SQLite's own locks.
- PostgreSQL: `pg_dump --format=custom`, which reads everything in one repeatable-read
  snapshot; `pg_restore --clean --if-exists --no-owner --single-transaction` brings it back,
  all or nothing. The password travels in PGPASSWORD, never on a command line where `ps`
  would show it to every user of the machine.

A backup holds every member's private writing, so the file is created readable by its
owner only. Lives in core, the infrastructure app below every other: a site-wide tool that
knows no member or post.
"""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from glob import glob
from pathlib import Path

from django.conf import settings
from django.db import connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
KINDS = ("sqlite", "postgresql")  # Django's vendor names
EXTENSIONS = {"sqlite": "sqlite3", "postgresql": "dump"}
KIND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is written for the operator."""


@dataclass(frozen=True)
class Backup:
    path: Path
    kind: str  # "sqlite" or "postgresql"
    database: str
    size: int


def database_kind(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in KINDS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def database_label(alias: str = "default") -> str:
    """A short name for the database, fit for a file name: `db` for db.sqlite3."""
    name = str(connections[alias].settings_dict["NAME"])
    if database_kind(alias) == "sqlite":
        name = Path(name).stem
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-.") or "database"


def default_path(alias: str = "default", *, now: datetime | None = None) -> Path:
    """backups/holdfast-<database>-<UTC timestamp>.<sqlite3|dump> under the project."""
    now = now or datetime.now(UTC)
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    extension = EXTENSIONS[database_kind(alias)]
    return (
        Path(settings.BASE_DIR)
        / "backups"
        / f"holdfast-{database_label(alias)}-{stamp}.{extension}"
    )


def back_up(*, output: Path, alias: str = "default") -> Backup:
    """Write a consistent copy of the database to `output` while the site keeps running.

    The copy is written beside `output` and renamed into place when complete, so `output`
    is never a half-written file. Raises BackupError with a readable message.
    """
    kind = database_kind(alias)
    output = Path(output)
    if kind == "sqlite" and _same_file(output, _sqlite_path(alias)):
        raise BackupError(f"{output} is the live database itself; choose another --output.")
    output.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with _private_temporary_file(output) as partial:
        if kind == "sqlite":
            _back_up_sqlite(alias, partial)
        else:
            _run_pg_tool(
                "pg_dump",
                ["--format=custom", "--no-password", f"--file={partial}"],
                alias=alias,
                failure="pg_dump could not copy the database",
            )
        os.replace(partial, output)
    return Backup(output, kind, database_label(alias), output.stat().st_size)


def restore(*, source: Path, alias: str = "default") -> Backup:
    """Replace the database's contents with the backup at `source`, all or nothing.

    The file is checked first (present, the right kind, readable), so a wrong path or a
    damaged file is refused before anything in the database changes.
    """
    kind = database_kind(alias)
    source = Path(source)
    check_backup_file(source, kind=kind, alias=alias)
    # Our own connections would hold locks against the restore (and PostgreSQL's pool keeps
    # them open); the site's other processes reconnect on their next request.
    for connection in connections.all(initialized_only=True):
        connection.close()
        if hasattr(connection, "close_pool"):
            connection.close_pool()
    if kind == "sqlite":
        _restore_sqlite(source, alias)
    else:
        name = connections[alias].settings_dict["NAME"]
        _run_pg_tool(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--no-password",
                f"--dbname={name}",
                str(source),
            ],
            alias=alias,
            failure=f"pg_restore could not restore {source}; the database was left as it was",
        )
    return Backup(source, kind, database_label(alias), source.stat().st_size)


def check_backup_file(source: Path, *, kind: str, alias: str = "default") -> None:
    if not source.is_file():
        raise BackupError(f"There is no backup at {source}.")
    with source.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    found = (
        "sqlite"
        if head.startswith(SQLITE_MAGIC)
        else "postgresql"
        if head.startswith(PG_DUMP_MAGIC)
        else None
    )
    if found is None:
        raise BackupError(
            f"{source} is not a Holdfast backup (neither a SQLite database nor a pg_dump file)."
        )
    if found != kind:
        raise BackupError(
            f"{source} is a {KIND_NAMES[found]} backup, but this site's database is "
            f"{KIND_NAMES[kind]}; restore it into a site configured for {KIND_NAMES[found]}."
        )
    if kind == "sqlite":
        problem = _sqlite_problem(source)
    else:
        listing = _run_pg_tool("pg_restore", ["--list", str(source)], alias=alias, check=False)
        problem = None if listing.returncode == 0 else listing.stderr.strip()
    if problem:
        raise BackupError(f"{source} is damaged and cannot be restored: {problem}")


# SQLite -----------------------------------------------------------------------------------


def _sqlite_path(alias: str) -> Path:
    return Path(connections[alias].settings_dict["NAME"])


def _back_up_sqlite(alias: str, partial: Path) -> None:
    # Django's own connection to the database, so in-memory and file databases alike work
    # and its PRAGMAs (WAL, busy timeout) apply. pages=-1 copies everything in one step.
    connection = connections[alias]
    connection.ensure_connection()
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target, pages=-1)
        # The copy inherits WAL mode; a backup should be one self-contained file.
        target.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not copy the database: {error}") from None
    finally:
        target.close()
    problem = _sqlite_problem(partial)
    if problem:
        raise BackupError(f"The copy did not pass SQLite's check: {problem}")


def _restore_sqlite(source: Path, alias: str) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    backup = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        # One step, under an exclusive lock on the live database: readers see the old
        # contents or the new, never a mixture.
        backup.backup(connection.connection, pages=-1)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not restore {source}: {error}") from None
    finally:
        backup.close()
        connection.close()


def _sqlite_problem(path: Path) -> str | None:
    """None when SQLite's quick_check passes; otherwise what it said."""
    try:
        database = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return str(error)
    try:
        rows = database.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as error:
        return str(error)
    finally:
        database.close()
    messages = [row[0] for row in rows]
    return None if messages == ["ok"] else "; ".join(messages[:3])


# PostgreSQL -------------------------------------------------------------------------------


def find_pg_tool(name: str) -> str:
    """pg_dump/pg_restore: $PG_BINDIR (set by scripts/pg-server), PATH, then Debian's
    /usr/lib/postgresql/<version>/bin, newest first (pg_dump must not be older than the
    server)."""
    bindir = os.environ.get("PG_BINDIR")
    if bindir and (Path(bindir) / name).is_file():
        return str(Path(bindir) / name)
    on_path = shutil.which(name)
    if on_path:
        return on_path
    installed = glob(f"/usr/lib/postgresql/*/bin/{name}")
    if installed:
        return max(installed, key=lambda path: _version_key(Path(path).parts[-3]))
    raise BackupError(
        f"{name} was not found. Install the PostgreSQL client tools "
        "(Debian: apt install postgresql-client) or set PG_BINDIR to their folder."
    )


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


def pg_environment(settings_dict: dict, environ=os.environ) -> dict:
    """libpq's environment variables for Django's connection settings."""
    env = dict(environ)
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    options = settings_dict.get("OPTIONS", {})
    for option, variable in [
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ]:
        values[variable] = options.get(option)
    env.update({key: str(value) for key, value in values.items() if value not in (None, "")})
    return env


def _run_pg_tool(name, arguments, *, alias, failure=None, check=True):
    command = [find_pg_tool(name), *arguments]
    env = pg_environment(connections[alias].settings_dict)
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if check and result.returncode != 0:
        raise BackupError(
            f"{failure}: {result.stderr.strip() or f'exit status {result.returncode}'}"
        )
    return result


# Files ------------------------------------------------------------------------------------


@contextmanager
def _private_temporary_file(output: Path):
    """A new, empty file beside `output`, readable by its owner only; removed on failure."""
    descriptor, name = tempfile.mkstemp(
        dir=output.parent, prefix=f".{output.name}.", suffix=".partial"
    )
    os.close(descriptor)  # mkstemp creates the file with mode 0600
    partial = Path(name)
    try:
        yield partial
    finally:
        partial.unlink(missing_ok=True)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.exists() and other.exists() and one.samefile(other)
    except OSError:
        return False
