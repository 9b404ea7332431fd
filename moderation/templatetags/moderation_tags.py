"""What the layout asks moderation on every page, from the cache (no query on a warm cache):

{% load moderation_tags %}
{% member_notices user as notices %}   {# pending warnings; whether they moderate #}
{% open_queue_count notices.moderator as waiting %}  {# 0, unasked, for everyone else #}
"""

from django import template
from django.utils import timezone

from moderation import queues, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def member_notices(context, user):
    # The 500 page renders without a request context: `user` is then the empty string.
    if not getattr(user, "is_authenticated", False):
        return selectors.MemberNotices()
    # The layout asks twice a page (tools and member menu): remembered on the request being
    # rendered, so a page pays one cache round trip, not two.
    request = context.get("request")
    notices = getattr(request, "_holdfast_member_notices", None)
    if notices is None or notices[0] != user.pk:
        notices = (user.pk, selectors.member_notices(user))
        if request is not None:
            request._holdfast_member_notices = notices
    return notices[1]


@register.simple_tag
def open_queue_count(moderator=True) -> int:
    # Always a number, 0 when not a moderator: a name the layout could not find would cost
    # each page a chain of exceptions as the template looks for it.
    return selectors.open_queue_count() if moderator else 0


@register.filter
def post_key(post) -> str:
    """The queue's name for a post ("post:12"), for moderation:act and target_detail."""
    return queues.target_key("post", post.pk)


@register.filter
def short_duration(value) -> str:
    """A timedelta in a few words: "under a minute", "42 minutes", "5 hours", "3 days"."""
    if value is None:
        return "–"
    minutes = int(value.total_seconds() // 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 120:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} hours"
    return f"{hours // 24} days"


@register.filter
def audit_key(entry) -> str:
    """The queue's name for what an audit entry is about ("" for a watched word)."""
    if entry.target_type not in ("post", "thread", "member"):
        return ""
    return queues.target_key(entry.target_type, entry.target_id)


@register.filter
def care_age(value) -> str:
    """How long ago something came in, for care items and waiting threads ("7 minutes")."""
    if value is None:
        return "–"
    return short_duration(timezone.now() - value)


@register.simple_tag
def caring_message_default() -> str:
    """The words a caring message starts from, for the moderator to make their own."""
    from moderation.care.messages import CARING_MESSAGE_DEFAULT

    return CARING_MESSAGE_DEFAULT
