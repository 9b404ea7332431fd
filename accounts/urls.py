from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("u/<str:username>/", views.profile, name="profile"),
    path("u/<str:username>/badge.svg", views.streak_badge_svg, name="streak_badge"),
]
