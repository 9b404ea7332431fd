from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import User


@admin.register(User)
class MemberAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Profile", {"fields": ("display_name", "bio", "time_zone")}),
        ("Moderation", {"fields": ("silenced_until", "suspended_until", "suspended_forever")}),
    )
    list_display = ("username", "email", "display_name", "date_joined", "is_staff")
