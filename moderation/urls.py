from django.urls import path

from moderation import member_views, views
from moderation.models import Queue
from moderation.modmail import queue_views as modmail_queue_views
from moderation.modmail import views as modmail_views

app_name = "moderation"
urlpatterns = [
    path("help/crisis/", views.crisis_resources, name="crisis_resources"),
    # Members: reporting, their warnings, their private list of names.
    path("report/post/<int:pk>/", views.report_post, name="report_post"),
    path("report/thread/<int:pk>/", views.report_thread, name="report_thread"),
    path("report/member/<str:username>/", views.report_member, name="report_member"),
    path("warnings/", member_views.warnings, name="warnings"),
    path(
        "warnings/<int:pk>/acknowledge/",
        member_views.warning_acknowledge,
        name="warning_acknowledge",
    ),
    path("settings/names/", member_views.ex_names, name="ex_names"),
    path("settings/names/<int:pk>/remove/", member_views.ex_name_remove, name="ex_name_remove"),
    # Guides and moderators: the first-reply queue and their shift (docs/care.md).
    path("care/first-replies/", views.first_reply_queue, name="first_reply_queue"),
    path("settings/care/", views.care_settings, name="care_settings"),
    # Moderators.
    path("moderation/", views.dashboard, name="dashboard"),
    path("moderation/care/", views.queue, {"queue": Queue.CARE}, name="care_queue"),
    path("moderation/rules/", views.queue, {"queue": Queue.RULES}, name="rules_queue"),
    path("moderation/approvals/", views.approvals, name="approvals"),
    path("moderation/target/<str:key>/", views.target_detail, name="target_detail"),
    path("moderation/target/<str:key>/act/", views.act, name="act"),
    path("moderation/post/<int:pk>/edit/", views.post_redact, name="post_redact"),
    path("moderation/log/", views.audit_log, name="audit_log"),
    path("moderation/watched-words/", views.watched_words, name="watched_words"),
    path("moderation/watched-words/<int:pk>/", views.watched_word_edit, name="watched_word_edit"),
    path(
        "moderation/watched-words/<int:pk>/remove/",
        views.watched_word_remove,
        name="watched_word_remove",
    ),
    # A line to the moderators (docs/modmail.md): members, then moderators.
    path("moderators/messages/", modmail_views.modmail_list, name="modmail_list"),
    path("moderators/messages/new/", modmail_views.modmail_new, name="modmail_new"),
    path("moderators/messages/<int:pk>/", modmail_views.modmail_detail, name="modmail_detail"),
    path("moderators/appeals/", modmail_views.appeal_list, name="appeal_list"),
    path("moderators/appeals/decision/<int:pk>/", modmail_views.appeal_new, name="appeal_new"),
    path("moderation/modmail/", modmail_queue_views.modmail_queue, name="modmail_queue"),
    path("moderation/appeals/", modmail_queue_views.appeal_queue, name="appeal_queue"),
    path("moderation/appeals/<int:pk>/", modmail_queue_views.appeal_decide, name="appeal_decide"),
    path(
        "moderation/member/<str:username>/notes/",
        modmail_queue_views.staff_notes,
        name="staff_notes",
    ),
]
