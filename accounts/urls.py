from django.urls import path

from accounts import email_views, views

app_name = "accounts"
urlpatterns = [
    path("u/<str:username>/", views.profile, name="profile"),
    path("u/<str:username>/badge.svg", views.streak_badge_svg, name="streak_badge"),
    path("settings/profile/", views.settings_profile, name="settings_profile"),
    path("settings/email/", email_views.settings_email, name="settings_email"),
    path("email/unsubscribe/<str:token>/", email_views.unsubscribe, name="email_unsubscribe"),
]
