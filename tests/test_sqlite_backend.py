"""config.sqlite3 on a database file of the test's own (whichever database the suite runs
on): dates and times read as Django's own backend reads them, through every road a value
takes (a declared column, an annotation, a column of a UNION)."""

import datetime

import pytest
from django.db.backends.sqlite3.base import DatabaseWrapper as DjangosWrapper

from config import environment as env
from config.sqlite3.base import DatabaseWrapper

UTC = datetime.UTC
PLUS_TWO = datetime.timezone(datetime.timedelta(hours=2))

_VALUES = [
    None,
    "2026-12-07 21:09:57.123456",
    "2026-12-07 21:09:57",
    "2026-12-07T21:09:57+02:00",
    datetime.datetime(2026, 12, 7, 21, 9, 57),
    datetime.datetime(2026, 12, 7, 21, 9, 57, tzinfo=PLUS_TWO),
]


def _wrapper(cls, path):
    settings = env.sqlite_database(str(path))
    settings.update(TIME_ZONE=None, CONN_HEALTH_CHECKS=False, AUTOCOMMIT=True)
    return cls(settings, alias=f"check-{cls.__module__}")


@pytest.fixture
def wrappers(tmp_path):
    ours, django = (
        _wrapper(cls, tmp_path / "check.sqlite3") for cls in (DatabaseWrapper, DjangosWrapper)
    )
    yield ours, django
    ours.close()
    django.close()


@pytest.mark.parametrize("value", _VALUES, ids=repr)
def test_a_value_converts_as_djangos_backend_converts_it(wrappers, value):
    ours, django = wrappers
    mine = ours.ops.convert_datetimefield_value(value, None, ours)
    theirs = django.ops.convert_datetimefield_value(value, None, django)
    assert mine == theirs
    assert (mine.utcoffset() if mine else None) == (theirs.utcoffset() if theirs else None)
    if isinstance(value, str) and "+" not in value:
        assert mine.tzinfo is UTC


@pytest.mark.parametrize("use_tz", [True, False])
def test_without_use_tz_a_value_stays_naive(wrappers, settings, use_tz):
    settings.USE_TZ = use_tz
    ours, django = wrappers
    read = ours.ops.convert_datetimefield_value("2026-12-07 21:09:57", None, ours)
    assert read == django.ops.convert_datetimefield_value("2026-12-07 21:09:57", None, django)
    assert (read.tzinfo is not None) is use_tz


def test_rows_read_through_each_road_match_djangos(wrappers, django_db_blocker):
    """A declared column (the sqlite3 module has parsed it), an expression over it and a
    UNION's column (both text: SQLite passes no declared type on)."""
    sql = "SELECT at, at || '' FROM moment UNION ALL SELECT NULL, '2026-01-02 03:04:05'"
    read = []
    with django_db_blocker.unblock():
        for wrapper in wrappers:
            with wrapper.cursor() as cursor:
                cursor.execute("CREATE TABLE IF NOT EXISTS moment (at datetime)")
                cursor.execute("DELETE FROM moment")
                cursor.execute("INSERT INTO moment VALUES ('2026-12-07 21:09:57.5')")
                cursor.execute(sql)
                rows = cursor.fetchall()
            convert = wrapper.ops.convert_datetimefield_value
            read.append([[convert(value, None, wrapper) for value in row] for row in rows])
    assert read[0] == read[1]
    moment = datetime.datetime(2026, 12, 7, 21, 9, 57, 500000, tzinfo=UTC)
    assert read[0][0] == [moment, moment]
    assert read[0][1] == [None, datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)]


def test_the_environment_names_this_backend():
    assert env.sqlite_database("x.sqlite3")["ENGINE"] == "config.sqlite3"
