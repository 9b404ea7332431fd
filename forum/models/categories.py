"""Categories, the forum's top level, with their denormalised counts."""

from django.db import models

from core.links import reverse_kept
from core.loading import QuickLoad
from forum.models.choices import Colour


class CategoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.is_authenticated:
            return self
        return self.filter(members_only=False)

    def in_order(self):
        return self.order_by("position", "name")


class Category(QuickLoad, models.Model):
    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.CharField(max_length=300, blank=True)
    colour = models.CharField(max_length=10, choices=Colour.choices, default=Colour.TEAL)
    position = models.PositiveSmallIntegerField(default=0)
    # Members-only categories are hidden from visitors, search engines, search and feeds.
    members_only = models.BooleanField(default=False)
    # Members may post here as "Anonymous member" (forum.models.anonymity).
    allows_anonymous = models.BooleanField(default=False)
    thread_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_activity_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"
        indexes = [models.Index(fields=["position", "name"], name="forum_category_order")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_kept("forum:category_detail", slug=self.slug)
