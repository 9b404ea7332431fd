from django.urls import path

from forum import views
from forum.views import anonymity as anonymity_views
from forum.views import muting as muting_views
from forum.views import pledges as pledge_views

app_name = "forum"
urlpatterns = [
    path("", views.home, name="home"),
    path("guidelines/", views.guidelines, name="guidelines"),
    path("c/<slug:slug>/", views.category_detail, name="category_detail"),
    path("new/", views.thread_create, name="thread_create"),
    path("t/<int:pk>/", views.thread_redirect, name="thread_redirect"),
    path("t/<int:pk>/unread/", views.thread_unread, name="thread_unread"),
    path("t/<int:pk>/reply/", views.reply_create, name="reply_create"),
    path("t/<int:pk>/watch/", views.thread_watch, name="thread_watch"),
    path("t/<int:pk>/mute/", muting_views.thread_mute, name="thread_mute"),  # before the slug
    path("t/<int:pk>/<str:slug>/", views.thread_detail, name="thread_detail"),
    path("p/<int:pk>/", views.post_redirect, name="post_redirect"),
    path("p/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("p/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("p/<int:pk>/history/", views.post_history, name="post_history"),
    path("p/<int:pk>/react/", views.post_react, name="post_react"),
    path("preview/", views.preview, name="preview"),
    path("search/", views.search_page, name="search"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("u/<str:username>/posts/", views.member_posts, name="member_posts"),
    path("u/<str:username>/block/", views.member_block, name="member_block"),
    path("blocked/", views.blocked_list, name="blocked_list"),
    # The daily pledge (forum/views/pledges.py).
    path("pledge/<int:pk>/", pledge_views.pledge_take, name="pledge_take"),
    # Content warnings, muting and ignoring (forum/views/muting.py).
    path("content-warnings/", muting_views.warning_settings, name="warning_settings"),
    path("c/<slug:slug>/mute/", muting_views.category_mute, name="category_mute"),
    path("u/<str:username>/ignore/", muting_views.member_ignore, name="member_ignore"),
    # A moderator's logged look behind an anonymous post (forum/views/anonymity.py).
    path("p/<int:pk>/author/", anonymity_views.anonymous_author, name="anonymous_author"),
]
