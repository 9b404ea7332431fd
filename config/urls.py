from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from config import app_views, views

# The admin's own log-in page would check only a password (no 2FA, no allauth rate limit)
# for the most powerful accounts: send everyone through the site's log-in instead.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    # Django tries these in order: the forum's pages, most of the requests, first
    # (tests/test_urls.py holds that no pattern catches another's URL).
    path("", include("forum.urls")),
    path("favicon.ico", views.favicon),
    # The installable app (config/app_views.py): the worker at the root, so its scope is the site.
    path("manifest.webmanifest", app_views.manifest, name="app_manifest"),
    path("sw.js", app_views.service_worker, name="app_service_worker"),
    path("offline/", app_views.offline, name="app_offline"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("moderation.urls")),
]

handler400 = "config.views.bad_request"  # 413 for a body over the size limit
handler500 = "config.views.server_error"
