from django.urls import path

from accounts import views, welcome_views
from accounts.buddies import views as buddy_views
from accounts.data_rights import views as data_rights_views
from accounts.discreet import views as discreet_views
from accounts.email import views as email_views
from accounts.push import views as push_views
from accounts.shield import views as shield_views
from accounts.streaks import date_views, insights_views, today_views, urge_views
from accounts.streaks import views as streak_views

app_name = "accounts"
urlpatterns = [
    path("u/<str:username>/", views.profile, name="profile"),
    path("u/<str:username>/badge.svg", views.streak_badge_svg, name="streak_badge"),
    path(
        "u/<str:username>/milestone/<int:days>.svg",
        views.milestone_card_svg,
        name="milestone_card",
    ),
    # Data rights (accounts.data_rights.views): a copy of one's data, deleting one's account.
    path("settings/export/", data_rights_views.export_list, name="data_export"),
    path("settings/export/new/", data_rights_views.export_request, name="data_export_request"),
    path("settings/export/<uuid:pk>/", data_rights_views.export_detail, name="data_export_detail"),
    path(
        "settings/export/<uuid:pk>/download/",
        data_rights_views.export_download,
        name="data_export_download",
    ),
    path("settings/delete/", data_rights_views.delete_account, name="data_delete"),
    path("goodbye/", data_rights_views.account_deleted, name="account_deleted"),
    path("settings/profile/", views.settings_profile, name="settings_profile"),
    path("theme/", views.choose_theme, name="theme"),
    path("settings/email/", email_views.settings_email, name="settings_email"),
    path("settings/shield/", shield_views.settings_shield, name="settings_shield"),
    path("email/unsubscribe/<str:token>/", email_views.unsubscribe, name="email_unsubscribe"),
    # The member's own streak and SOS pages (accounts/streaks/views.py).
    path("streak/", streak_views.streak_dashboard, name="streak_dashboard"),
    path("streak/start/", streak_views.streak_start, name="streak_start"),
    path("streak/check-in/", streak_views.streak_check_in, name="streak_check_in"),
    path("streak/check-in/today/", today_views.check_in_today, name="check_in_today"),
    path("streak/moment/seen/", streak_views.milestone_seen, name="milestone_seen"),
    path("streak/start-date/", streak_views.streak_change_start, name="streak_change_start"),
    path("streak/happened/<slug:what>/", streak_views.streak_happened, name="streak_happened"),
    path("sos/", streak_views.sos, name="sos"),
    # The welcome after email verification (accounts/welcome_views.py).
    path("welcome/", welcome_views.welcome, name="welcome"),
    path("welcome/last-contact/", welcome_views.welcome_last_contact, name="welcome_last_contact"),
    path("sos/reasons/", streak_views.sos_reason_add, name="sos_reason_add"),
    path("sos/reasons/<int:pk>/edit/", streak_views.sos_reason_edit, name="sos_reason_edit"),
    path("sos/reasons/<int:pk>/delete/", streak_views.sos_reason_delete, name="sos_reason_delete"),
    path("sos/unsent/", streak_views.sos_unsent_save, name="sos_unsent_save"),
    path("sos/unsent/<int:pk>/delete/", streak_views.sos_unsent_delete, name="sos_unsent_delete"),
    # The member's risky dates (accounts/streaks/date_views.py).
    path("streak/dates/", date_views.risky_date_list, name="risky_dates"),
    path("streak/dates/<int:pk>/delete/", date_views.risky_date_delete, name="risky_date_delete"),
    # Issue 16: the SOS page's "I held on" and the private insights page.
    path("sos/held-on/", urge_views.urge_held, name="sos_urge_held"),
    path("streak/insights/", insights_views.streak_insights, name="streak_insights"),
    # Issue 15, item 1: the quick exit's neutral page and discreet mode.
    path("recipes/tomato-soup/", discreet_views.neutral_page, name="neutral_page"),
    path("settings/discreet/", discreet_views.settings_discreet, name="settings_discreet"),
    # Issue 16, item 6: web push on this device, quiet hours (accounts/push/views.py).
    path("settings/notifications/", push_views.settings_push, name="settings_push"),
    path("settings/notifications/on/", push_views.push_device_on, name="push_device_on"),
    path("settings/notifications/off/", push_views.push_device_off, name="push_device_off"),
    path("settings/notifications/all-off/", push_views.push_all_off, name="push_all_off"),
    # Issue 16: accountability buddies (accounts/buddies/views.py).
    path("buddy/", buddy_views.buddy, name="buddy"),
    path("buddy/find/", buddy_views.buddy_finder, name="buddy_finder"),
    path("buddy/finder/", buddy_views.buddy_finder_choice, name="buddy_finder_choice"),
    path("buddy/invite/", buddy_views.buddy_invite, name="buddy_invite"),
    path("buddy/<int:pk>/accept/", buddy_views.buddy_accept, name="buddy_accept"),
    path("buddy/<int:pk>/decline/", buddy_views.buddy_decline, name="buddy_decline"),
    path("buddy/<int:pk>/end/", buddy_views.buddy_end, name="buddy_end"),
    path("buddy/ping/", buddy_views.buddy_ping, name="buddy_ping"),
    path("buddy/ping/<int:pk>/reply/", buddy_views.buddy_reply, name="buddy_reply"),
]
