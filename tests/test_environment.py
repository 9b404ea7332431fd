import pytest
from django.core.exceptions import ImproperlyConfigured

from config import environment as env


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("ON", True), ("0", False), ("no", False)]
)
def test_read_bool_understands_common_words(raw, expected):
    assert env.read_bool("DEBUG", environ={"DEBUG": raw}) is expected


def test_read_bool_names_the_variable_when_malformed():
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be one of"):
        env.read_bool("DEBUG", environ={"DEBUG": "maybe"})


def test_read_secret_key_required_without_debug():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is required"):
        env.read_secret_key(debug=False, environ={})


def test_read_secret_key_has_a_development_default():
    assert len(env.read_secret_key(debug=True, environ={})) >= 50


def test_read_database_defaults_to_tuned_sqlite():
    database = env.read_database(environ={})
    assert database["ENGINE"] == "config.sqlite3"  # Django's, reading dates and times faster
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


def test_read_database_postgres_uses_the_connection_pool():
    database = env.read_database(environ={"DATABASE_URL": "postgres://u:p@db.example:5433/forum"})
    assert database["ENGINE"] == "config.postgresql"  # Django's, with prepared statements
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.example", 5433, "forum")
    assert database["OPTIONS"]["pool"]["max_size"] == 8
    assert database["CONN_MAX_AGE"] == 0


@pytest.mark.parametrize("url", ["mysql://u@h/db", "nonsense"])
def test_read_database_rejects_other_urls_by_name(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env.read_database(environ={"DATABASE_URL": url})


def test_read_cache_uses_redis_when_configured():
    cache = env.read_cache(environ={"REDIS_URL": "redis://127.0.0.1:6379/1"})
    assert cache["BACKEND"] == "config.redis_cache.RedisCache"  # Django's, clients reused
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/1"


def test_read_cache_defaults_to_local_memory():
    assert env.read_cache(environ={})["BACKEND"].endswith("LocMemCache")


def test_read_cache_rejects_a_malformed_url():
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        env.read_cache(environ={"REDIS_URL": "http://cache"})


def test_read_mailers_parses_smtp_tls_url():
    mailers = env.read_mailers(
        debug=False, environ={"EMAIL_URL": "smtp+tls://me%40x.org:p%2Fw@mail.example.org:587"}
    )
    options = mailers["default"]["OPTIONS"]
    assert mailers["default"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert options == {
        "host": "mail.example.org",
        "port": 587,
        "use_tls": True,
        "username": "me@x.org",
        "password": "p/w",
        "timeout": 10,
    }


def test_read_mailers_console_in_debug():
    backend = env.read_mailers(debug=True, environ={})["default"]["BACKEND"]
    assert backend == "django.core.mail.backends.console.EmailBackend"


def test_read_mailers_required_without_debug():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL is required"):
        env.read_mailers(debug=False, environ={})


@pytest.mark.parametrize("url", ["ftp://mail.example.org", "smtp://", "smtp://host:port"])
def test_read_mailers_rejects_malformed_urls(url):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        env.read_mailers(debug=False, environ={"EMAIL_URL": url})


def test_read_time_zone_rejects_unknown_zone():
    with pytest.raises(ImproperlyConfigured, match="TIME_ZONE"):
        env.read_time_zone(environ={"TIME_ZONE": "Mars/Olympus"})


def test_read_int_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_POOL_SIZE must be a whole number"):
        env.read_int("DATABASE_POOL_SIZE", 8, environ={"DATABASE_POOL_SIZE": "lots"})


def test_read_database_keeps_sqlite_connections_between_requests():
    assert env.read_database(environ={})["CONN_MAX_AGE"] == 600
