"""Holdfast settings. Every value a deployment may change is read from the
environment here, and only here; config/environment.py explains each reader's
errors. docs/configuration.md lists the variables."""

from pathlib import Path

from django.utils.csp import CSP

from config import environment as env

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env.read_bool("DEBUG", default=False)
SECRET_KEY = env.read_secret_key(DEBUG)
ALLOWED_HOSTS = env.read_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.read_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    # The task queue's table, used when TASKS_BACKEND is "database" (production).
    "django_tasks_db",
    # Every outgoing email, queued with retries (bottom layer: knows no other app).
    "outbox",
    # Infrastructure (bottom layer: imports no project app): Markdown, rate limits, backups.
    "core",
    # Whole pages and fragments cached (bottom layer: knows no other app; docs/caching.md).
    "pagecache",
    "accounts",
    "forum",
    "moderation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    # Up here so that every answer carries it, even one refused before the view (unknown Host).
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # 400 for a NUL in the query string (PostgreSQL would refuse it: a 500).
    "config.middleware.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Visitors' pages from the cache (pagecache.visitors): a hit skips everything below.
    "pagecache.visitors.VisitorPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: private, no-store on every page for a signed-in member.
    "config.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Ends a suspended member's sessions on their next request (moderation suspends).
    "moderation.middleware.SuspendedMemberMiddleware",
    # Members' pages from the cache, per member (pagecache.members): last, so that a hit
    # has passed sessions, CSRF, authentication, messages and the suspension check.
    "pagecache.members.MemberPageCacheMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "accounts.theme.context",
                # read_only: the calm banner while the primary database is away.
                "config.read_only.context",
                # After Django's own csrf processor: a page drawn to be cached carries a
                # placeholder, filled with each request's token on the way out.
                "pagecache.csrf.context_processor",
            ],
        },
    },
]

DATABASES = {"default": env.read_database()}
# A read replica, when DATABASE_REPLICA_URL is set: config.routers sends reads there (and
# back to the primary where a stale read would be wrong; the module says when).
if (_replica := env.read_replica_database()) is not None:
    DATABASES["replica"] = _replica
    DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("pagecache.visitors.VisitorPageCacheMiddleware"),
        "config.routers.PrimaryPinMiddleware",
    )
    # Read-only from the replica while the primary is away (config.read_only): outside the
    # page cache and sessions, so that it sees (and answers for) everything below it.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("pagecache.visitors.VisitorPageCacheMiddleware"),
        "config.read_only.ReadOnlyMiddleware",
    )
REPLICA_PIN_SECONDS = env.read_int("REPLICA_PIN_SECONDS", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.read_cache()}
# Sessions live in the database (shared by every app server); with Redis they are
# also cached there so a signed-in page does not pay a query for its session.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHES["default"]["BACKEND"].endswith("RedisCache")
    else "django.contrib.sessions.backends.db"
)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's, finding a session's member by prepared SQL (accounts.backends).
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: username + email sign-up, log in with either, verified email,
# TOTP 2FA with recovery codes. Rate limits are on by default and need the cache.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_USERNAME_VALIDATORS = "accounts.validators.USERNAME_VALIDATORS"
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Holdfast] "
ACCOUNT_CHANGE_EMAIL = True
# Failed log-ins: allauth's per-address limit across accounts is kept ("login_failed_address",
# read by accounts.adapters); its per-login lockout (five tries, then five minutes for anyone
# typing that name) is replaced by accounts.lockouts, which counts per account and slows the
# guesser instead. "login_failed" stays allauth's default: it also limits second-factor codes.
ACCOUNT_RATE_LIMITS = {"login_failed_address": "10/m/ip"}
ACCOUNT_FORMS = {
    "login": "accounts.forms.MemberLoginForm",
    "signup": "accounts.forms.MemberSignupForm",
    "change_password": "accounts.forms.MemberChangePasswordForm",
    "set_password": "accounts.forms.MemberSetPasswordForm",
    "reset_password": "accounts.forms.MemberResetPasswordForm",
    "reset_password_from_key": "accounts.forms.MemberResetPasswordKeyForm",
}
# A new member's first stop once their email is verified (and they are logged in by it):
# the short welcome (accounts.welcome_views). See also AccountAdapter.
ACCOUNT_SIGNUP_REDIRECT_URL = "accounts:welcome"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Holdfast"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email through Django 6.1's MAILERS: EMAIL_URL, or the console while developing.
MAILERS = env.read_mailers(DEBUG)
DEFAULT_FROM_EMAIL = env.read_list("DEFAULT_FROM_EMAIL", ["Holdfast <no-reply@holdfast.local>"])[0]
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Every email is queued (outbox) and sent by a task, retried with backoff (1, 2, 4 … minutes,
# at most an hour apart) while the mail server is down or answers 4xx, for this many hours
# after it was queued; then it is given up and `check --database default` warns (docs/email.md).
HOLDFAST_MAIL_RETRY_HOURS = env.read_int("HOLDFAST_MAIL_RETRY_HOURS", 48)

# Web push (docs/app-and-push.md): the VAPID private key (base64url, as `manage.py vapid_key`
# prints it) and the contact the push services may write to. Unset: the push settings say
# push is not available here, and nothing is sent.
VAPID_PRIVATE_KEY, VAPID_SUBJECT = env.read_vapid()

# Background work (emails, exports) through Django's tasks framework. "database" queues tasks
# in a table that `manage.py db_worker` works through (django-tasks-db); "immediate" runs them
# inside the request, which suits development and the test suite.
TASKS_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {
    "default": {
        "BACKEND": TASKS_BACKENDS[
            env.read_choice(
                "TASKS_BACKEND", TASKS_BACKENDS, default="immediate" if DEBUG else "database"
            )
        ]
    }
}

LANGUAGE_CODE = "en"
TIME_ZONE = env.read_time_zone()
# English only, and every catalogue in use (Django's, allauth's) is empty for English: with
# the translation machinery off, each string is its own text at no cost. Counting "3 hours
# ago" and other strings through it was 5-9 % of a cold page (docs/cold-renders.md).
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
# collectstatic fills STATIC_ROOT for production; development and tests serve from the finders.
STATIC_ROOT = None if DEBUG else BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Without collectstatic (tests, a quick gunicorn run) whitenoise serves from the finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Security. Secure by default; DEBUG (make run, on plain http) relaxes only what
# needs HTTPS. BEHIND_TLS_PROXY trusts X-Forwarded-Proto from the proxy in front.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.read_bool("BEHIND_TLS_PROXY") else None
)
SECURE_SSL_REDIRECT = not DEBUG and env.read_bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else env.read_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# X-Forwarded-For is ignored (a client could write anything there) unless this many proxies
# of ours sit in front and append to it; allauth's get_client_ip, used by every rate limit,
# then takes the address the nearest trusted proxy saw.
ALLAUTH_TRUSTED_PROXY_COUNT = env.read_int("TRUSTED_PROXY_COUNT", 0)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # data: for the 2FA QR code allauth draws; posts can carry no images at all.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

# A post is at most 20,000 characters; 1 MB leaves room for forms and refuses floods.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# No form takes a file: file parts are read and dropped, never stored, and count towards the
# same limit (config/uploads.py).
FILE_UPLOAD_HANDLERS = ["config.uploads.DropFileUploads"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.read_list("LOG_LEVEL", ["WARNING"])[0]},
}

# Where members in crisis are pointed. A deployment overrides this list for its
# country with CRISIS_RESOURCES_COUNTRY; the defaults are international.
CRISIS_RESOURCES = [
    {
        "name": "Emergency services",
        "detail": (
            "If you are in immediate danger, call your local emergency number "
            "(112 in Europe, 911 in the US and Canada, 999 in the UK, 000 in Australia)."
        ),
        "contact": "",
    },
    {
        "name": "988 Suicide & Crisis Lifeline (US)",
        "detail": "Call or text 988, any time.",
        "contact": "tel:988",
    },
    {
        "name": "Samaritans (UK & Ireland)",
        "detail": "Call 116 123 for free, any time.",
        "contact": "tel:116123",
    },
    {
        "name": "Find A Helpline",
        "detail": "Free, confidential helplines in more than 130 countries.",
        "contact": "https://findahelpline.com",
    },
]

# Moderation (moderation.screening, moderation.actions). A member is "new" while their
# account is younger than HOLDFAST_NEW_ACCOUNT_DAYS or has fewer than
# HOLDFAST_NEW_ACCOUNT_POSTS posts: new members cannot post links, have lower rate limits,
# and their reports do not count towards hiding a post. A post reported by
# HOLDFAST_AUTO_HIDE_REPORTS distinct established members is hidden until a moderator
# looks. A member's first HOLDFAST_APPROVAL_POSTS posts wait in the approval queue (0: off).
HOLDFAST_NEW_ACCOUNT_DAYS = env.read_int("HOLDFAST_NEW_ACCOUNT_DAYS", 3)
HOLDFAST_NEW_ACCOUNT_POSTS = env.read_int("HOLDFAST_NEW_ACCOUNT_POSTS", 3)
HOLDFAST_AUTO_HIDE_REPORTS = env.read_int("HOLDFAST_AUTO_HIDE_REPORTS", 3)
HOLDFAST_APPROVAL_POSTS = env.read_int("HOLDFAST_APPROVAL_POSTS", 2)
# What a new member is told, before and after posting, of how long a held post usually
# waits for a moderator ("usually within 12 hours"): set it to what your team manages.
HOLDFAST_APPROVAL_WAIT_HOURS = env.read_int("HOLDFAST_APPROVAL_WAIT_HOURS", 12)

# The care loop (docs/care.md; run by `manage.py care_tick` from cron, every minute or two).
# A thread whose opening post has no reply from another member after
# HOLDFAST_FIRST_REPLY_MINUTES calls the guides and moderators on shift; after
# HOLDFAST_FIRST_REPLY_WIDER_MINUTES, every guide and moderator. A crisis item nobody has
# acknowledged after HOLDFAST_CRISIS_ESCALATE_MINUTES goes to every moderator. Emails about
# one thread reach a member at most once per HOLDFAST_NOTIFY_COALESCE_MINUTES.
HOLDFAST_FIRST_REPLY_MINUTES = env.read_int("HOLDFAST_FIRST_REPLY_MINUTES", 30)
HOLDFAST_FIRST_REPLY_WIDER_MINUTES = env.read_int("HOLDFAST_FIRST_REPLY_WIDER_MINUTES", 120)
HOLDFAST_CRISIS_ESCALATE_MINUTES = env.read_int("HOLDFAST_CRISIS_ESCALATE_MINUTES", 5)
HOLDFAST_NOTIFY_COALESCE_MINUTES = env.read_int("HOLDFAST_NOTIFY_COALESCE_MINUTES", 10)
# Where the site lives (https://holdfast.example), for links in emails sent outside a
# request (crisis alerts to moderators); empty: the emails carry the path only.
HOLDFAST_SITE_URL = (env.read_list("HOLDFAST_SITE_URL", []) or [""])[0].rstrip("/")

# How long a page rendered for visitors (not signed in) may be served from the cache
# (pagecache). Writes through forum.services forget the pages they change at once;
# this bounds everything else (relative times, streak day counts). 0 turns the cache off.
HOLDFAST_PAGE_CACHE_SECONDS = env.read_int("HOLDFAST_PAGE_CACHE_SECONDS", 60)
# The name of this deploy, the prefix of every cached page's and fragment's key (so markup
# never outlives its code): a git commit, say. Empty: a hash of our source, computed at start.
HOLDFAST_RELEASE = (env.read_list("HOLDFAST_RELEASE", []) or [""])[0]
