"""The floor: the cheapest page Django can serve, for the benchmark to measure against.

A view that returns "ok", behind the middleware `django-admin startproject` writes (Django's
defaults, none of ours), served by the same gunicorn command as the site. Its requests per
second are what the machine, gunicorn and Django cost by themselves; a page's ratio to it
counts everything we add: our middleware, queries, templates.
"""

import os

from django.http import HttpResponse
from django.urls import path

SECRET_KEY = os.environ.get("SECRET_KEY", "bench-floor-only-not-a-secret-0123456789abcdef")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.floor_settings"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", ok)]
