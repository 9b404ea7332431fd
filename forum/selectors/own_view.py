"""What a member's thread page shows of their own: their reactions and open reports on its
posts, the members they block, how far they read, whether they watch or muted the thread,
how they want each content warning treated; and who is in the Moderators group (a member
may block anyone but a moderator). One query.

Seven small queries asked this, one after another, on every signed-in thread page: on
PostgreSQL each cost a round trip and a plan of its own (0.1–0.4 ms), on SQLite about
0.25 ms of Django's work each. They are one UNION ALL now, each branch a kind of fact in the
same six columns: (fact, a, b, word, detail, moment).
"""

from django.db.models import CharField, DateTimeField, F, IntegerField, Q, Value
from django.db.models.functions import Cast

from accounts import roles
from core.prepared import prepared
from forum import content_warnings
from forum.models import (
    Block,
    Post,
    Reaction,
    ThreadMute,
    ThreadRead,
    ThreadSubscription,
    WarningChoice,
)
from forum.models.blocks import in_force

REACTION, REPORTED, BLOCK, READ, WATCHING = "reaction", "reported", "block", "read", "watching"
MODERATOR, WARNING, MUTED = "moderator", "warning", "muted"

# Typed empties: PostgreSQL decides a UNION column's type branch by branch, and two
# untyped NULLs in a row become text, which an integer later in the column cannot match.
_NO_NUMBER = Cast(Value(None), IntegerField())
_NO_WORD = Cast(Value(None), CharField())
_NO_MOMENT = Cast(Value(None), DateTimeField())


def _facts(
    queryset, fact: str, a, *, b=_NO_NUMBER, word=_NO_WORD, detail=_NO_WORD, moment=_NO_MOMENT
):
    # No model's default ordering: a branch of a compound query may not be ordered.
    kind = Value(fact, output_field=CharField())
    return (
        queryset.order_by()
        .annotate(fact=kind, a=a, b=b, word=word, detail=detail, moment=moment)
        .values_list("fact", "a", "b", "word", "detail", "moment")
    )


def _on_places(prefix: str, thread_id, number_from, number_to) -> Q:
    """A page's places (as the posts query reads them): its numbers, and the posts still
    waiting for a moderator, which have none."""
    numbered = Q(**{f"{prefix}number__gte": number_from, f"{prefix}number__lt": number_to})
    return Q(**{f"{prefix}thread_id": thread_id}) & (
        numbered | Q(**{f"{prefix}number__isnull": True})
    )


@prepared
def _own_facts(member_id, thread_id, number_from, number_to):
    places = _on_places("", thread_id, number_from, number_to)
    # Blocks first: the first branch's columns give every row its converters (the moment
    # read as a date and time on SQLite). All of them, `until` read in Python (in_force):
    # a member blocks a few people, and "now" cannot be kept in the SQL.
    blocks = Block.objects.filter(blocker_id=member_id)
    reactions = Reaction.objects.filter(
        _on_places("post__", thread_id, number_from, number_to), member_id=member_id
    )
    # "Open" is moderation.models.Report.Status.OPEN, through the reverse relation
    # moderation's Report declares on Post (the forum sits below moderation and does not
    # import its models); after a moderator resolves a report, the member may report again.
    reported = Post.objects.filter(places, reports__reporter_id=member_id, reports__status="open")
    read = ThreadRead.objects.filter(member_id=member_id, thread_id=thread_id)
    watches = ThreadSubscription.objects.filter(
        member_id=member_id, thread_id=thread_id, watching=True
    )
    # What forum.selectors.muting.reader_choices reads, less the category mutes (a thread
    # page does not ask them).
    warnings = WarningChoice.objects.filter(member_id=member_id)
    muted = ThreadMute.objects.filter(member_id=member_id, thread_id=thread_id)
    return _facts(blocks, BLOCK, F("blocked_id"), moment=F("until")).union(
        _facts(reactions, REACTION, F("post_id"), word=F("kind")),
        _facts(reported, REPORTED, F("pk")),
        _facts(read, READ, F("pk"), b=F("last_read_post_number"), moment=F("last_read_at")),
        _facts(watches, WATCHING, F("pk")),
        _facts(roles.moderators_group_members(), MODERATOR, F("pk")),
        _facts(warnings, WARNING, F("pk"), word=F("theme"), detail=F("action")),
        _facts(muted, MUTED, F("pk")),
        all=True,
    )


def add_own_view(page, user) -> None:
    """Mark the page's posts with the member's reactions, open reports, blocks and
    treatment of content warnings, and set the page's read marker, first unread post,
    watching and muted. Rows about posts the page does not show (say someone's pending
    edit) are passed over. Which authors are moderators is remembered (accounts.roles) for
    the "Block" link."""
    by_pk = {post.pk: post for post in page.posts}
    reported, blocked, moderators, warnings = set(), set(), set(), {}
    page.read, page.watching, page.muted = None, False, False
    for fact, a, b, word, detail, moment in _own_facts.fetch(member_id=user.pk, **page.places):
        if fact == REACTION and a in by_pk:
            by_pk[a].my_reactions.add(word)
        elif fact == REPORTED:
            reported.add(a)
        elif fact == BLOCK and in_force(moment):
            blocked.add(a)
        elif fact == READ:
            page.read = ThreadRead(
                pk=a,
                member_id=user.pk,
                thread_id=page.thread.pk,
                last_read_post_number=b,
                last_read_at=moment,
            )
        elif fact == WATCHING:
            page.watching = True
        elif fact == MODERATOR:
            moderators.add(a)
        elif fact == WARNING:
            warnings[word] = detail
        elif fact == MUTED:
            page.muted = True
    content_warnings.mark_posts(page.posts, warnings)
    for post in page.posts:
        post.author_blocked = post.author_id in blocked
        post.reported_by_me = post.pk in reported
    roles.remember_moderators([p.author for p in page.posts if p.author], in_group=moderators)
    last_read = page.read.last_read_post_number if page.read else 0
    if page.read and last_read < page.thread.last_post_number:
        page.first_unread = last_read + 1
