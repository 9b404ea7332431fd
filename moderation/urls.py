from django.urls import path

from moderation import views

app_name = "moderation"
urlpatterns = [
    path("help/crisis/", views.crisis_resources, name="crisis_resources"),
]
