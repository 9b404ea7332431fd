"""The care loop's pages and figures run a fixed number of queries whatever the data size:
each is measured at two sizes with the same ceiling (tests/moderation/test_queries.py has
the care queue, the target page and the overview)."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from moderation import actions
from moderation.care import selectors as care_selectors
from tests import factories

pytestmark = pytest.mark.django_db
SIZES = [2, 12]


def build(size, *, moderator):
    """`size` first posts waiting (every third one a crisis), `size` answered ones, and
    `size` care items, half of them taken on."""
    now = timezone.now()
    helper = factories.make_member(username="helper")
    category = factories.make_category()
    for number in range(size):
        author = factories.make_member()
        body = "I just want to die some days." if number % 3 == 0 else "First time posting."
        factories.make_thread(
            author=author, category=category, title=f"Waiting {number}", body=body
        )
        answered = factories.make_thread(
            author=author, category=category, title=f"Answered {number}"
        )
        factories.make_reply(author=helper, thread=answered, now=now + timedelta(minutes=number))
        reply = factories.make_reply(author=author, thread=answered, body="Thank you.")
        actions.report_post(reporter=helper, post=reply, reason="worried")
        if number % 2:
            actions.acknowledge_care(moderator=moderator, key=f"post:{reply.pk}")


@pytest.fixture(params=SIZES, ids=[f"{size}-threads" for size in SIZES])
def busy(request, moderator):
    build(request.param, moderator=moderator)
    return request.param


def test_first_reply_queue_queries(busy, client_for, django_assert_max_num_queries):
    # A guide: session, user (with the moderator check: whether to show the moderators'
    # menu), unread-notification count (menu), then the queue (count, page with category
    # and author) = 5.
    guide = factories.make_member(username="guide_gale")
    User.objects.filter(pk=guide.pk).update(is_guide=True)
    client = client_for(guide)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("moderation:first_reply_queue"))
    assert response.status_code == HTTPStatus.OK
    threads = list(response.context["page"].object_list)
    assert len(threads) == busy and threads[0].crisis


def test_first_reply_and_acknowledgement_figures_queries(busy, django_assert_num_queries):
    # First posts of the last 30 days with their first reply, how many wait now, care items
    # of the last 30 days: 3, whatever the size.
    with django_assert_num_queries(3):
        figures = care_selectors.care_figures()
    seven, thirty = figures.first_reply
    assert thirty.first_posts == 2 * busy and thirty.answered == busy
    assert seven.share_answered == 50 and figures.unanswered_now == busy
    week_clock = figures.care_clock[0]
    assert week_clock.items == busy and week_clock.acknowledged_in_time == busy // 2
