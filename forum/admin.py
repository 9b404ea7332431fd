"""The admin, for staff: categories are configured here (name, description, colour, order,
members-only). Threads and posts are read here; changes to them go through the forum's and
the moderation app's pages, whose services keep the counters and the audit log."""

from django.contrib import admin
from django.db import transaction

from forum import search_index
from forum.models import Category, Post, Thread


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "colour", "members_only", "thread_count"]
    list_editable = ["position", "members_only"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["thread_count", "post_count", "last_activity_at"]

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "members_only" in form.changed_data:
            search_index.sync_category(obj.pk)  # who may find its posts changed


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "author", "status", "pinned", "locked", "created_at"]
    list_filter = ["status", "pinned", "locked", "category"]
    search_fields = ["title"]
    list_select_related = ["category", "author"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["pk", "thread", "author", "number", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["thread", "author"]
    raw_id_fields = ["thread", "author", "reply_to"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
