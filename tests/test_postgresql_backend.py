"""config.postgresql on a real PostgreSQL server of the test's own (whichever database the
suite runs on): values bound as Django's own cursor binds them, repeated texts prepared, one
statement (with its own plan) per text, and what Django records of each."""

import datetime
import decimal
import uuid

import psycopg
import pytest
from django.db import connections
from django.db.backends.postgresql.base import Cursor as DjangoCursor
from django.test.utils import CaptureQueriesContext

from config import environment as env
from config.postgresql import base as backend
from tests.scale.servers import PostgresServer


@pytest.fixture(scope="module")
def server():
    server = PostgresServer.start()
    yield server
    server.destroy()


def connect(server, cursor_factory=backend.PreparedTextCursor):
    return psycopg.connect(
        server.url,
        autocommit=True,
        cursor_factory=cursor_factory,
        prepare_threshold=backend.PREPARE_THRESHOLD,
    )


@pytest.fixture
def connection(server):
    with connect(server) as connection:
        yield connection


def prepared(connection) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements ORDER BY statement")
        return [row[0] for row in cursor.fetchall() if "pg_prepared_statements" not in row[0]]


def run(connection, sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


VALUES = [
    'it\'s 100% "quoted" \\ text',
    None,
    42,
    -1.5,
    decimal.Decimal("3.10"),
    True,
    datetime.date(2026, 12, 7),
    datetime.datetime(2026, 12, 7, 23, 59, tzinfo=datetime.UTC),
    uuid.UUID("12345678-1234-5678-1234-567812345678"),
    [1, 2, 3],
    ["a", "b'c"],
]


def test_values_are_bound_as_djangos_own_cursor_binds_them(server, connection):
    sql = "SELECT " + ", ".join(["%s"] * len(VALUES))
    with connect(server, DjangoCursor) as djangos:
        expected = run(djangos, sql, VALUES)
    for _ in range(3):  # bound on the client each time, then prepared
        assert run(connection, sql, VALUES) == expected
    assert expected[0][0] == VALUES[0]


def test_a_text_is_prepared_on_its_second_use(connection):
    sql = "SELECT %s::int + 1 AS answer"
    assert run(connection, sql, [41]) == [(42,)]
    assert "SELECT 41::int + 1 AS answer" not in prepared(connection)
    assert run(connection, sql, [41]) == [(42,)]
    assert prepared(connection) == ["SELECT 41::int + 1 AS answer"]
    assert run(connection, sql, [41]) == [(42,)]  # from the prepared statement


def test_each_value_has_a_statement_and_a_plan_of_its_own(connection):
    run(connection, "CREATE TEMPORARY TABLE item (id int PRIMARY KEY, label text)")
    run(connection, "INSERT INTO item SELECT n, 'item ' || n FROM generate_series(1, 50) n")
    for _ in range(2):
        assert run(connection, "SELECT label FROM item WHERE id = %s", [7]) == [("item 7",)]
        assert run(connection, "SELECT label FROM item WHERE id = %s", [8]) == [("item 8",)]
    assert [s for s in prepared(connection) if "FROM item" in s] == [
        "SELECT label FROM item WHERE id = 7",
        "SELECT label FROM item WHERE id = 8",
    ]


@pytest.mark.parametrize(
    ("sql", "params", "expected"),
    [
        ("SELECT '100%'", None, [("100%",)]),  # no values: the text as it is
        ("SELECT '100%%', %s", ["x"], [("100%", "x")]),
        ("SELECT '100%%'", (), [("100%",)]),  # no values, but a sequence: placeholders read
    ],
)
def test_percent_signs_mean_what_they_mean_to_djangos_cursor(
    server, connection, sql, params, expected
):
    with connect(server, DjangoCursor) as djangos:
        assert run(djangos, sql, params) == expected
    for _ in range(3):
        assert run(connection, sql, params) == expected


def test_a_text_of_several_statements_runs_every_time_and_is_never_prepared(connection):
    for _ in range(3):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1; SELECT 2")
            assert cursor.fetchall() == [(1,)]
            assert cursor.nextset() and cursor.fetchall() == [(2,)]
    assert not [s for s in prepared(connection) if "SELECT 2" in s]


def test_settings_and_transactions_repeat_safely(server):
    with connect(server) as connection:
        connection.autocommit = False
        for _ in range(3):
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute("SAVEPOINT here")
                cursor.execute("SELECT current_setting('enable_seqscan')")
                assert cursor.fetchone() == ("off",)
                cursor.execute("ROLLBACK TO SAVEPOINT here")
            connection.rollback()
        assert run(connection, "SELECT %s", [1]) == [(1,)]


def test_a_column_changing_type_under_a_prepared_statement_is_survived(server, connection):
    run(connection, "CREATE TABLE grown (id int, total int)")
    run(connection, "INSERT INTO grown VALUES (1, 2)")
    for _ in range(2):
        assert run(connection, "SELECT id, total FROM grown WHERE id = %s", [1]) == [(1, 2)]
    with connect(server) as migrating:  # another server's migration
        run(migrating, "ALTER TABLE grown ALTER COLUMN total TYPE bigint")
    # Outside a transaction: the statements are forgotten and the query runs again.
    assert run(connection, "SELECT id, total FROM grown WHERE id = %s", [1]) == [(1, 2)]
    for _ in range(2):
        assert run(connection, "SELECT total FROM grown WHERE id = %s", [1]) == [(2,)]
    with connect(server) as migrating:
        run(migrating, "ALTER TABLE grown ALTER COLUMN total TYPE numeric")
    # Inside one, the error stands (the transaction is aborted); the rollback forgets them.
    connection.autocommit = False
    with pytest.raises(psycopg.errors.FeatureNotSupported):
        run(connection, "SELECT total FROM grown WHERE id = %s", [1])
    connection.rollback()
    assert run(connection, "SELECT total FROM grown WHERE id = %s", [1]) == [(2,)]
    connection.rollback()
    connection.autocommit = True
    run(connection, "DROP TABLE grown")


def test_executemany_binds_each_row_on_the_client(connection):
    run(connection, "CREATE TEMPORARY TABLE note (body text)")
    with connection.cursor() as cursor:
        cursor.executemany("INSERT INTO note VALUES (%s)", [["a'b"], ["100%"], [None]])
    assert sorted(run(connection, "SELECT body FROM note"), key=repr) == sorted(
        [("a'b",), ("100%",), (None,)], key=repr
    )
    with connection.cursor() as cursor, pytest.raises(psycopg.NotSupportedError):
        cursor.executemany("INSERT INTO note VALUES (%s) RETURNING body", [["x"]], returning=True)


@pytest.fixture
def wrapper(server, django_db_blocker):
    """Django's connection to the server, as config.environment configures it."""
    settings = env.read_database(environ={"DATABASE_URL": server.url, "DATABASE_POOL_SIZE": "0"})
    settings = connections.configure_settings({"default": settings})["default"]
    wrapper = backend.DatabaseWrapper(settings, alias="test_backend")
    with django_db_blocker.unblock():
        yield wrapper
        wrapper.close()


def test_djangos_connection_prepares_and_records_the_text_the_server_ran(wrapper):
    with CaptureQueriesContext(wrapper) as queries:
        for number in (1, 1, 1, 2):
            with wrapper.cursor() as cursor:
                cursor.execute("SELECT %s + 1, '50%%'", [number])
                assert cursor.fetchone() == (number + 1, "50%")
    assert [query["sql"] for query in queries] == [
        *["SELECT 1 + 1, '50%'"] * 3,
        "SELECT 2 + 1, '50%'",
    ]
    assert "SELECT 1 + 1, '50%'" in prepared(wrapper.connection)
    assert wrapper.connection.prepare_threshold == backend.PREPARE_THRESHOLD
    assert isinstance(wrapper.connection.cursor(), backend.PreparedTextCursor)
    assert wrapper.vendor == "postgresql"


def test_a_postgres_database_url_names_this_backend():
    settings = env.read_database(environ={"DATABASE_URL": "postgres://u@db.example/forum"})
    assert settings["ENGINE"] == "config.postgresql"
    assert settings["OPTIONS"]["prepare"] is True


def test_database_prepare_0_turns_prepared_statements_off(server, django_db_blocker):
    environ = {"DATABASE_URL": server.url, "DATABASE_POOL_SIZE": "0", "DATABASE_PREPARE": "0"}
    settings = connections.configure_settings({"default": env.read_database(environ)})
    wrapper = backend.DatabaseWrapper(settings["default"], alias="unprepared")
    with django_db_blocker.unblock():
        for _ in range(3):
            with wrapper.cursor() as cursor:
                cursor.execute("SELECT %s", [7])
                assert cursor.fetchone() == (7,)
        assert wrapper.connection.prepare_threshold is None
        assert prepared(wrapper.connection) == []
        wrapper.close()
