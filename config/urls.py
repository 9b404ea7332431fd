from django.contrib import admin
from django.urls import include, path

from config import views

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
