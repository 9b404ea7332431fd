"""Production settings: `check --deploy` is clean, and a missing secret fails with
a one-line message. Run in a subprocess so the real settings module reads a
production-like environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION_ENV = {
    "PATH": os.environ["PATH"],
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "SECRET_KEY": "x" * 20 + "a-production-like-secret-key-with-enough-entropy-9f8e7d6c5b4a",
    "ALLOWED_HOSTS": "holdfast.example.org",
    "EMAIL_URL": "smtp+tls://user:pass@mail.example.org:587",
    "DATABASE_URL": "sqlite:////tmp/holdfast-deploy-check.sqlite3",
    "HOLDFAST_SITE_URL": "https://holdfast.example.org",
    # Not connected to by `check`: the shared cache production needs (holdfast.W002).
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_check_deploy_is_clean_with_debug_off():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_fails_with_a_clear_message():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_malformed_database_url_names_the_variable():
    result = manage("check", env={**PRODUCTION_ENV, "DATABASE_URL": "mysql://x/y"})
    assert result.returncode != 0
    assert "DATABASE_URL must start with sqlite:// or postgres://" in result.stderr


def test_check_deploy_warns_when_emails_would_link_to_localhost():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "HOLDFAST_SITE_URL"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "holdfast.W001" in result.stdout + result.stderr
    assert "HOLDFAST_SITE_URL is not set" in result.stdout + result.stderr


def test_check_deploy_warns_when_the_cache_is_kept_per_process():
    # The probe: two workers and no REDIS_URL kept a streak made private visible to visitors
    # for about 60 s, each process with its own cache; nothing warned.
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "REDIS_URL"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "holdfast.W002" in result.stdout + result.stderr
    assert "Set REDIS_URL" in result.stdout + result.stderr


def test_plain_check_does_not_warn_about_the_cache():
    # Development and `make run` use the local-memory cache on purpose.
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "REDIS_URL"}
    result = manage("check", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
