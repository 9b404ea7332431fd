from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from config import views

# The admin's own log-in page would check only a password (no 2FA, no allauth rate limit)
# for the most powerful accounts: send everyone through the site's log-in instead.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("favicon.ico", views.favicon),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("moderation.urls")),
    path("", include("forum.urls")),
]

handler400 = "config.views.bad_request"  # 413 for a body over the size limit
handler500 = "config.views.server_error"
