"""The forum's data: categories, threads, posts and what members do with them, one module
per object (the app label stays "forum": moving models into a package needs no migration).

Counters (thread and post counts, reply counts, reaction counts, a member's post count) are
denormalised and kept by forum.services in the same transaction as the change they count, so
no page ever counts rows. Markdown is rendered once, at save time, into `Post.body_html`.

Reads live on the QuerySets (`Thread.objects.visible_to(user).for_listing()`) and in
forum.selectors; who may do what lives in forum.permissions."""

from forum.models.anonymity import AnonymousAlias, alias_name
from forum.models.blocks import Block
from forum.models.categories import Category, CategoryQuerySet
from forum.models.celebrations import Celebration
from forum.models.choices import Colour, Status
from forum.models.muting import CategoryMute, ContentWarning, ThreadMute, WarningChoice
from forum.models.pledges import DailyPledge, Pledge
from forum.models.posts import POSTS_PER_PAGE, Post, PostQuerySet, PostRevision, Reaction
from forum.models.reading import Notification, ThreadEmailWindow, ThreadRead, ThreadSubscription
from forum.models.threads import THREADS_PER_PAGE, Thread, ThreadQuerySet

__all__ = [
    "AnonymousAlias",
    "alias_name",
    "Colour",
    "Status",
    "CategoryQuerySet",
    "Category",
    "THREADS_PER_PAGE",
    "ThreadQuerySet",
    "Thread",
    "POSTS_PER_PAGE",
    "PostQuerySet",
    "Post",
    "PostRevision",
    "Reaction",
    "ThreadRead",
    "ThreadSubscription",
    "Notification",
    "ThreadEmailWindow",
    "Block",
    "Celebration",
    "DailyPledge",
    "Pledge",
    "ContentWarning",
    "WarningChoice",
    "ThreadMute",
    "CategoryMute",
]
