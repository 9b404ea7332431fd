"""Moderators' pages run a fixed number of queries whatever the amount of work waiting:
each page is measured at two data sizes with the same ceiling.

Every page a moderator opens pays the same base of 8 queries:
  session, user (with the moderator check), unread-notification count (menu), and the
  menu's waiting count on a cold cache (care size, rules size, held posts, members' messages
  waiting, appeals waiting: 5).
"""

from http import HTTPStatus

import pytest
from django.urls import reverse

from forum.models import Post, Status
from moderation import actions, queues, selectors
from tests import factories

pytestmark = pytest.mark.django_db

BASE = 8
SIZES = [2, 12]


def build(size, *, moderator, reporters):
    """`size` authors, each with: a reply reported twice (every other one as a crisis) and
    once more as a member, a reply hidden by a moderator (an audit row), and a held post."""
    thread = factories.make_thread(author=factories.make_member(), title="A busy thread")
    for number in range(size):
        author = factories.make_member()
        reply = factories.make_reply(author=author, thread=thread, body=f"Reply {number}")
        actions.report_post(reporter=reporters[0], post=reply, reason="harassment")
        actions.report_post(
            reporter=reporters[1], post=reply, reason="crisis" if number % 2 else "spam"
        )
        actions.report_member(reporter=reporters[0], member=author, reason="other")
        hidden = factories.make_reply(author=author, thread=thread, body="Unkind words")
        actions.hide_post(moderator=moderator, post=hidden, reason="Unkind")
        held = factories.make_reply(author=author, thread=thread, body="Held words")
        Post.objects.filter(pk=held.pk).update(status=Status.PENDING)
        actions.record_hold(post=held, reasons=["A reason"])
    return thread


@pytest.fixture(params=SIZES, ids=[f"{size}-authors" for size in SIZES])
def busy(request, moderator, member, other_member):
    return build(request.param, moderator=moderator, reporters=[member, other_member])


def get(client, url, django_assert_max_num_queries, ceiling):
    selectors.forget_open_queue_count()  # measure the menu's count on a cold cache
    with django_assert_max_num_queries(ceiling):
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return response


def test_rules_queue_queries(busy, client_for, moderator, django_assert_max_num_queries):
    # BASE + groups (count, page) + context (open reports, report counts, posts, members,
    # neighbours, recent posts, prior actions) + which subjects moderate + both queue sizes
    # + categories for "Move to" = 9 + 2 + 7 + 1 + 2 + 1 = 22.
    response = get(
        client_for(moderator), reverse("moderation:rules_queue"), django_assert_max_num_queries, 22
    )
    assert len(response.context["page"].object_list) > 1


def test_care_queue_queries(busy, client_for, moderator, django_assert_max_num_queries):
    # As the rules queue (the care queue's groups are all posts: no members query), plus
    # the subjects' care history (check-ins, caring messages): 22 is the ceiling for both.
    response = get(
        client_for(moderator), reverse("moderation:care_queue"), django_assert_max_num_queries, 22
    )
    assert response.context["page"].object_list[0].is_crisis


def test_target_page_queries(busy, client_for, moderator, django_assert_max_num_queries):
    # BASE + one group's context (open reports, counts, post, neighbours, recent posts,
    # prior actions) + which subject moderates + categories + the subject's care history
    # = 9 + 6 + 1 + 1 + 1 = 18.
    key = queues.queue_page("rules", 1).object_list[0].key
    get(
        client_for(moderator),
        reverse("moderation:target_detail", args=[key]),
        django_assert_max_num_queries,
        18,
    )


def test_approvals_queries(busy, client_for, moderator, django_assert_max_num_queries):
    # BASE + held posts (count, page with thread, author and hold) = 11.
    response = get(
        client_for(moderator), reverse("moderation:approvals"), django_assert_max_num_queries, 11
    )
    assert len(response.context["page"].object_list) > 1


def test_audit_log_queries(busy, client_for, moderator, django_assert_max_num_queries):
    # BASE + moderators for the filter + entries (count, page with moderator and member) = 12.
    response = get(
        client_for(moderator), reverse("moderation:audit_log"), django_assert_max_num_queries, 12
    )
    assert len(response.context["page"].object_list) > 1


def test_filtered_audit_log_queries(busy, client_for, moderator, django_assert_max_num_queries):
    # As above, plus the moderator chosen in the filter = 13.
    url = reverse("moderation:audit_log") + f"?moderator={moderator.username}&action=hide_post"
    get(client_for(moderator), url, django_assert_max_num_queries, 13)


def test_dashboard_queries(busy, client_for, moderator, django_assert_max_num_queries):
    # BASE + open by reason, waits, this week's actions, both queue sizes, held count = 15,
    # + the care figures (first posts with their first reply, waiting now, care items) = 18.
    get(client_for(moderator), reverse("moderation:dashboard"), django_assert_max_num_queries, 18)


def test_watched_words_queries(busy, client_for, moderator, django_assert_max_num_queries):
    # BASE + the words (with who added them) = 10.
    for number in range(3):
        actions.add_watched_word(moderator=moderator, phrase=f"word {number}", action="hold")
    get(
        client_for(moderator),
        reverse("moderation:watched_words"),
        django_assert_max_num_queries,
        10,
    )


def test_menu_count_costs_nothing_when_warm(
    busy, client_for, member, django_assert_max_num_queries
):
    # A member's page pays nothing for moderation's menu: the notices are cached at log-in.
    client = client_for(member)
    client.get(reverse("moderation:warnings"))
    # session, user, unread notifications, warnings = 4
    with django_assert_max_num_queries(4):
        client.get(reverse("moderation:warnings"))
