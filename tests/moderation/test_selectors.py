"""Specification of moderation.selectors: the queues' order and context, the approval queue,
the audit log's filters, the dashboard, the cached notices, and fetch-and-authorize."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from forum.models import Post, Status
from moderation import actions, queues, selectors
from moderation.models import Queue
from tests import factories

pytestmark = pytest.mark.django_db


def keys(page) -> list[str]:
    return [group.key for group in page.object_list]


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("post:12", ("post", 12)),
        ("member:1", ("member", 1)),
        ("post:0", None),
        ("post:-1", None),
        ("post:²", None),
        ("post:", None),
        ("badge:1", None),
        ("", None),
        (None, None),
        ("post:99999999999999999999", None),
    ],
)
def test_parse_target_key(raw, parsed):
    assert queues.parse_target_key(raw) == parsed


def test_rules_queue_orders_by_priority_then_age(member, thread, other_member):
    now = timezone.now()
    spam = factories.make_reply(author=other_member, thread=thread, body="Buy now")
    mean = factories.make_reply(author=other_member, thread=thread, body="You are weak")
    actions.report_post(reporter=member, post=spam, reason="spam", now=now - timedelta(hours=5))
    actions.report_post(reporter=member, post=mean, reason="harassment", now=now)
    actions.report_member(reporter=member, member=other_member, reason="other", now=now)
    page = queues.queue_page(Queue.RULES, 1)
    assert keys(page) == [f"post:{mean.pk}", f"member:{other_member.pk}", f"post:{spam.pk}"]


def test_crisis_targets_wait_only_in_the_care_queue(member, post):
    third = factories.make_member()
    actions.report_post(reporter=member, post=post, reason="spam")
    actions.report_post(reporter=third, post=post, reason="crisis")
    assert keys(queues.queue_page(Queue.RULES, 1)) == []
    care = queues.queue_page(Queue.CARE, 1)
    assert keys(care) == [f"post:{post.pk}"]
    group = care.object_list[0]
    assert group.is_crisis and group.open_count == 2
    assert [r.reason for r in group.reports] == ["crisis", "spam"]  # priority first
    assert queues.queue_sizes() == {"care": 1, "rules": 0}


def test_group_context_neighbours_history_and_earlier_reports(member, moderator, thread, post):
    after = factories.make_reply(author=member, thread=thread, body="Please don't.")
    actions.report_post(reporter=member, post=post, reason="spam")
    actions.dismiss_reports(moderator=moderator, key=f"post:{post.pk}")
    actions.report_post(reporter=member, post=post, reason="manipulation")
    group = queues.target_group("post", post.pk)
    assert group.before.body == "Hello." and group.after == after
    assert (group.open_count, group.earlier_count) == (1, 1)
    assert group.subject == post.author
    assert group.recent_posts == [post]
    assert [a.action for a in group.prior_actions] == ["dismiss"]


def test_thread_group_has_its_opening_post(member, other_member, thread):
    actions.report_thread(reporter=other_member, thread=thread, reason="spam")
    group = queues.target_group("thread", thread.pk)
    assert group.opening_post.body == "Hello." and group.subject == member


def test_build_groups_skips_bad_keys_and_keeps_order(member, other_member, post, thread):
    groups = queues.build_groups(
        ["nonsense", f"member:{member.pk}", f"thread:{thread.pk}", f"post:{post.pk}"]
    )
    assert [g.kind for g in groups] == ["member", "thread", "post"]
    assert groups[0].member == member and groups[2].post == post


def test_queue_pages_hold_twenty_groups(member, thread, other_member):
    for number in range(queues.GROUPS_PER_PAGE + 1):
        reply = factories.make_reply(author=other_member, thread=thread, body=f"Reply {number}")
        actions.report_post(reporter=member, post=reply, reason="spam")
    first = queues.queue_page(Queue.RULES, 1)
    assert len(first.object_list) == queues.GROUPS_PER_PAGE and first.has_next()
    assert len(queues.queue_page(Queue.RULES, 2).object_list) == 1
    assert len(queues.queue_page(Queue.RULES, "junk").object_list) == queues.GROUPS_PER_PAGE


def test_approval_page_lists_held_posts_oldest_first(other_member, thread):
    first = factories.make_reply(author=other_member, thread=thread, body="one")
    second = factories.make_reply(author=other_member, thread=thread, body="two")
    Post.objects.filter(pk__in=[first.pk, second.pk]).update(status=Status.PENDING)
    actions.record_hold(post=first, reasons=["a reason"])
    page = selectors.approval_page(1)
    assert list(page.object_list) == [first, second]
    assert selectors.approval_count() == 2
    assert selectors.hold_reasons_for(first) == ["a reason"]
    assert selectors.hold_reasons_for(second) == []


def test_audit_log_page_filters(moderator, staff, post, thread):
    actions.hide_post(moderator=moderator, post=post)
    actions.lock_thread(moderator=staff, thread=thread)
    assert [e.action for e in selectors.audit_log_page().object_list] == [
        "lock_thread",
        "hide_post",
    ]
    assert selectors.audit_log_page(moderator=staff).object_list[0].action == "lock_thread"
    assert len(selectors.audit_log_page(action="hide_post").object_list) == 1
    by_name = selectors.audit_log_page(member_username=post.author.username)
    assert [e.action for e in by_name.object_list] == ["hide_post"]
    assert len(selectors.audit_log_page(member=thread.author).object_list) == 1


def test_dashboard_counts(member, moderator, post, thread):
    now = timezone.now()
    actions.report_post(reporter=member, post=post, reason="spam", now=now - timedelta(hours=2))
    actions.report_thread(reporter=factories.make_member(), thread=thread, reason="crisis", now=now)
    actions.hide_post(moderator=moderator, post=post, now=now)
    board = selectors.dashboard(now=now)
    assert dict(board.open_by_reason)["Self-harm or crisis"] == 1
    assert dict(board.open_by_reason)["Spam"] == 0
    assert board.queue_sizes == {"care": 1, "rules": 0}
    assert board.median_first_action == timedelta(hours=2) and board.handled_count == 1
    assert board.actions_this_week == [("Hid a post", 1)] and board.actions_this_week_total == 1


def test_member_notices_are_cached(member, moderator, django_assert_num_queries):
    selectors.forget_member_notices(member.pk)
    with django_assert_num_queries(2):
        assert selectors.member_notices(member).moderator is False
    with django_assert_num_queries(0):
        selectors.member_notices(member)
    assert selectors.member_notices(AnonymousUser()) == selectors.MemberNotices()
    selectors.forget_member_notices(moderator.pk)
    assert selectors.member_notices(moderator).moderator is True


def test_open_queue_count_is_cached(member, post, django_assert_num_queries):
    actions.report_post(reporter=member, post=post, reason="spam")
    actions.start_modmail(member=member, subject="A question", body="Hello?")
    selectors.forget_open_queue_count()
    # Care size, rules size, held posts, members' messages waiting, appeals waiting.
    with django_assert_num_queries(5):
        assert selectors.open_queue_count() == 2
    with django_assert_num_queries(0):
        assert selectors.open_queue_count() == 2


def test_the_layouts_queue_count_is_zero_unasked_for_everyone_but_moderators(
    member, post, django_assert_num_queries
):
    from django.template import Context, Template

    actions.report_post(reporter=member, post=post, reason="spam")
    selectors.forget_open_queue_count()
    source = "{% load moderation_tags %}{% open_queue_count moderator as waiting %}[{{ waiting }}]"
    with django_assert_num_queries(0):
        assert Template(source).render(Context({"moderator": False})) == "[0]"
    assert Template(source).render(Context({"moderator": True})) == "[1]"


def test_warnings_for_puts_unread_first(moderator, member):
    old = actions.warn_member(moderator=moderator, member=member, message="old")
    actions.acknowledge_warning(member=member, warning=old)
    new = actions.warn_member(moderator=moderator, member=member, message="new")
    assert selectors.warnings_for(member) == [new, old]


def test_fetch_and_authorize_gives_the_same_404(member, moderator, post):
    for fetch, arg in [
        (selectors.get_post_for_moderation, post.pk),
        (selectors.get_thread_for_moderation, post.thread_id),
        (selectors.get_member_for_moderation, member.username),
    ]:
        with pytest.raises(Http404):
            fetch(member, arg)
        assert fetch(moderator, arg) is not None
    with pytest.raises(Http404):
        selectors.get_post_for_moderation(moderator, 999999)


def test_private_things_are_found_only_by_their_owner(moderator, member, other_member):
    warning = actions.warn_member(moderator=moderator, member=member, message="x")
    name = actions.add_ex_name(member=member, name="Jordan")
    word = actions.add_watched_word(moderator=moderator, phrase="text him", action="hold")
    assert selectors.get_warning_for(member, warning.pk) == warning
    assert selectors.get_ex_name_for(member, name.pk) == name
    assert selectors.get_watched_word_for(moderator, word.pk) == word
    for fetch, pk in [
        (selectors.get_warning_for, warning.pk),
        (selectors.get_ex_name_for, name.pk),
        (selectors.get_watched_word_for, word.pk),
    ]:
        with pytest.raises(Http404):
            fetch(other_member, pk)
    assert selectors.ex_names_of(member) == ["Jordan"] and selectors.ex_names_of(None) == []
    assert [w.phrase for w in selectors.watched_words()] == ["text him"]


def test_moderator_emails(moderator, staff, member):
    assert set(selectors.moderator_emails()) == {moderator.email, staff.email}
