"""Reads Holdfast's settings from the environment.

Each reader returns a ready-to-use settings value, or raises ImproperlyConfigured
with a one-line message that names the variable, so a typo in production fails at
start-up with a sentence instead of a traceback deep inside a request.
"""

import os
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import available_timezones

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def read_bool(name: str, default: bool = False, environ=os.environ) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}."
    )


def read_int(name: str, default: int, environ=os.environ) -> int:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None


def read_list(name: str, default: list[str], environ=os.environ) -> list[str]:
    raw = environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def read_choice(name: str, choices, default: str, environ=os.environ) -> str:
    """One of `choices` (case-insensitive); an error naming the variable and the choices."""
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    word = raw.strip().lower()
    if word not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}; got {raw!r}.")
    return word


def read_secret_key(debug: bool, environ=os.environ) -> str:
    key = environ.get("SECRET_KEY", "")
    if key:
        return key
    if debug:
        return "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
    raise ImproperlyConfigured(
        "SECRET_KEY is required when DEBUG is off; set it to a long random string."
    )


def read_time_zone(environ=os.environ) -> str:
    zone = environ.get("TIME_ZONE", "UTC")
    if zone not in available_timezones():
        raise ImproperlyConfigured(
            f"TIME_ZONE must be an IANA zone such as Europe/London; got {zone!r}."
        )
    return zone


def read_database(environ=os.environ) -> dict:
    url = environ.get("DATABASE_URL", "sqlite:///db.sqlite3")
    try:
        config = dj_database_url.parse(url)
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database URL I understand: {error}"
        ) from None
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        return sqlite_database(config["NAME"])
    if engine == "django.db.backends.postgresql":
        return postgres_database(config, environ)
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with sqlite:// or postgres://; got {url.split(':')[0]!r}."
    )


def read_replica_database(environ=os.environ) -> dict | None:
    """DATABASE_REPLICA_URL: a read replica of DATABASE_URL (config.routers sends reads there),
    or None when unset. Any URL DATABASE_URL accepts; in production, a PostgreSQL streaming
    replica. Under test it mirrors the test database."""
    url = environ.get("DATABASE_REPLICA_URL", "")
    if not url:
        return None
    try:
        config = read_database({**environ, "DATABASE_URL": url})
    except ImproperlyConfigured as error:
        message = str(error).replace("DATABASE_URL", "DATABASE_REPLICA_URL")
        raise ImproperlyConfigured(message) from None
    config["TEST"] = {"MIRROR": "default"}
    return config


def sqlite_database(name: str) -> dict:
    # WAL lets readers run beside one writer; IMMEDIATE transactions take the write
    # lock up front, so concurrent writers queue behind busy_timeout instead of
    # failing with "database is locked" when they upgrade a read lock.
    # Connections persist between requests (opening one and running the PRAGMAs below costs
    # more than a simple page's queries); each gunicorn thread keeps its own.
    return {
        "ENGINE": "config.sqlite3",  # Django's, reading dates and times faster (its docstring)
        "NAME": name,
        "CONN_MAX_AGE": 600,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=20000;PRAGMA foreign_keys=ON;"
            ),
        },
    }


def postgres_database(config: dict, environ=os.environ) -> dict:
    pool_size = read_int("DATABASE_POOL_SIZE", 8, environ)
    config["CONN_MAX_AGE"] = 0  # Django's pool owns connection reuse; it requires 0 here.
    config["CONN_HEALTH_CHECKS"] = False
    config["ENGINE"] = "config.postgresql"  # Django's, with prepared statements (its docstring)
    options = config.setdefault("OPTIONS", {})
    options["prepare"] = read_bool("DATABASE_PREPARE", True, environ)
    if pool_size > 0:
        options["pool"] = {"min_size": 1, "max_size": pool_size, "timeout": 10}
    return config


# Email: one URL, turned into a Django 6.1 MAILERS entry.
EMAIL_SCHEMES = {
    "smtp": {},
    "smtp+tls": {"use_tls": True},
    "smtps": {"use_ssl": True},
    "smtp+ssl": {"use_ssl": True},
}
SIMPLE_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def read_mailers(debug: bool, environ=os.environ) -> dict:
    url = environ.get("EMAIL_URL", "")
    if not url:
        if debug:
            return {"default": {"BACKEND": SIMPLE_BACKENDS["console"]}}
        raise ImproperlyConfigured(
            "EMAIL_URL is required when DEBUG is off, e.g. smtp+tls://user:password@mail.example.org:587."
        )
    return {"default": parse_email_url(url)}


def parse_email_url(url: str) -> dict:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in SIMPLE_BACKENDS:
        return {"BACKEND": SIMPLE_BACKENDS[scheme]}
    if scheme not in EMAIL_SCHEMES or not parts.hostname:
        raise ImproperlyConfigured(
            "EMAIL_URL must look like smtp+tls://user:password@host:587 (or console://); "
            f"got {scheme!r}."
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL has a port that is not a number.") from None
    options = {"host": parts.hostname, "port": port, **EMAIL_SCHEMES[scheme]}
    if parts.username:
        options["username"] = unquote(parts.username)
        options["password"] = unquote(parts.password or "")
    timeout = parse_qs(parts.query).get("timeout")
    options["timeout"] = int(timeout[0]) if timeout and timeout[0].isdigit() else 10
    return {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}


def read_cache(environ=os.environ) -> dict:
    url = environ.get("REDIS_URL", "")
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "holdfast"}
    if urlsplit(url).scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(
            f"REDIS_URL must start with redis://, rediss:// or unix://; got {url!r}."
        )
    # Django's Redis cache, reusing its redis-py clients (config.redis_cache says why).
    return {"BACKEND": "config.redis_cache.RedisCache", "LOCATION": url}


def read_vapid(environ=os.environ) -> tuple[str, str]:
    """VAPID_PRIVATE_KEY (base64url of the raw P-256 private key, or "" for no web push) and
    VAPID_SUBJECT (a mailto: or https: contact for the push services)."""
    import base64
    import binascii

    key = environ.get("VAPID_PRIVATE_KEY", "").strip()
    subject = environ.get("VAPID_SUBJECT", "").strip() or "mailto:admin@holdfast.local"
    if key:
        try:
            raw = base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != 32:
            raise ImproperlyConfigured(
                "VAPID_PRIVATE_KEY must be a base64url P-256 private key (32 bytes), as "
                "`manage.py vapid_key` prints it."
            )
    if not subject.startswith(("mailto:", "https:")):
        raise ImproperlyConfigured(
            f"VAPID_SUBJECT must start with mailto: or https:; got {subject!r}."
        )
    return key, subject
