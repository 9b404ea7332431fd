"""The outbox in the admin: what was sent, what is waiting, what failed and why, and a
"Send again" action.

The bodies are not shown: a verification or password-reset email carries a link that logs
its reader in, and the admin is no place to read members' notifications either. The list
shows enough to act on — address, subject, status, tries, the mail server's last words.
"""

from django.contrib import admin, messages

from outbox import services
from outbox.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "to",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    )
    list_filter = ("status",)
    search_fields = ("to", "subject", "idempotency_key")
    ordering = ("-created_at",)
    date_hierarchy = "created_at"
    list_per_page = 100
    fields = (
        "to",
        "from_email",
        "subject",
        "status",
        "attempts",
        "created_at",
        "queued_at",
        "next_attempt_at",
        "last_attempt_at",
        "sent_at",
        "last_error",
        "idempotency_key",
    )
    readonly_fields = fields
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False  # emails are made by the site, never typed in here

    def has_change_permission(self, request, obj=None):
        return False  # read-only; "Send again" is the one change, through the service

    def has_resend_permission(self, request):
        # The model's change permission (superusers hold it): the admin shows no change form.
        return request.user.has_perm("outbox.change_outgoingemail")

    @admin.action(description="Send again (failed or waiting emails)", permissions=["resend"])
    def send_again(self, request, queryset):
        queued = services.resend_emails(email_ids=queryset.values_list("pk", flat=True))
        skipped = queryset.count() - queued
        self.message_user(request, f"{queued} email(s) queued to be sent again.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"{skipped} left alone: already sent, or being sent right now.",
                messages.WARNING,
            )
