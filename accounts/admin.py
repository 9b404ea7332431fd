from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm

from accounts import selectors
from accounts.adapters import AccountAdapter
from accounts.models import User


class MemberChangeForm(UserChangeForm):
    """The admin's member form: a new username may not look like another member's (sign-up
    refuses the same through accounts.adapters). Reserved words are not checked here: staff
    name the team's own accounts."""

    def clean_username(self):
        username = self.cleaned_data["username"]
        if selectors.look_alikes_of(username, exclude_pk=self.instance.pk).exists():
            raise forms.ValidationError(
                AccountAdapter.error_messages["username_confusable"], code="username_confusable"
            )
        return username


@admin.register(User)
class MemberAdmin(UserAdmin):
    form = MemberChangeForm
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Profile", {"fields": ("display_name", "bio", "time_zone")}),
        ("Moderation", {"fields": ("silenced_until", "suspended_until", "suspended_forever")}),
    )
    list_display = ("username", "email", "display_name", "date_joined", "is_staff")
