"""The care loop's pages through the Django client (docs/care.md): the first-reply queue and
one's shift (guides and moderators only: the same 404 for everyone else), the crisis page's
country picker (a GET form, works without JavaScript), the overview's figures, the care
card's actions (caring message first, "I'm on it", sanctions that ask first, lifting early,
guide roles) and a crisis-flagged post answered gently on the thread page."""

import datetime
import html
from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts.models import User
from forum.models import Reaction
from moderation import actions
from moderation.models import CareMessage, ModerationAction, Report
from tests import factories

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def make_guide(username="guide_gale"):
    guide = factories.make_member(username=username)
    User.objects.filter(pk=guide.pk).update(is_guide=True)
    guide.refresh_from_db()
    return guide


def act(client, key, **data):
    return client.post(reverse("moderation:act", args=[key]), data)


# --- The first-reply queue and one's shift -----------------------------------------------------


def test_first_reply_queue_for_guides_and_moderators_only(client_for, member, moderator, thread):
    url = reverse("moderation:first_reply_queue")
    for person in (make_guide(), moderator):
        response = client_for(person).get(url)
        assert response.status_code == HTTPStatus.OK
        assert thread.title in text_of(response)
    assert client_for(member).get(url).status_code == HTTPStatus.NOT_FOUND
    assert client_for(None).get(url).status_code == HTTPStatus.FOUND  # to log in


def test_first_reply_queue_shows_crisis_first_with_its_age(client_for, member, other_member):
    calm = factories.make_thread(author=member, title="A calm first post")
    crisis = factories.make_thread(
        author=other_member, title="A hard night", body="I don't want to be alive anymore."
    )
    page = text_of(client_for(make_guide()).get(reverse("moderation:first_reply_queue")))
    assert page.index(crisis.title) < page.index(calm.title)
    assert "May be in crisis" in page and "waiting" in page


def test_first_reply_nav_link_for_guides(client_for, member):
    assert "First replies" in text_of(client_for(make_guide()).get(reverse("forum:home")))
    assert "First replies" not in text_of(client_for(member).get(reverse("forum:home")))


def test_first_reply_shift_saved_on_ones_own_clock(client_for, member):
    guide = make_guide()
    url = reverse("moderation:care_settings")
    assert client_for(member).get(url).status_code == HTTPStatus.NOT_FOUND
    client = client_for(guide)
    response = client.post(url, {"shift_start": "22:00", "shift_end": "06:00"})
    assert response.status_code == HTTPStatus.FOUND
    guide.refresh_from_db()
    assert (guide.shift_start, guide.shift_end) == (datetime.time(22), datetime.time(6))
    response = client.post(url, {"shift_start": "22:00", "shift_end": ""})
    assert response.status_code == HTTPStatus.OK
    assert "both the start and the end" in text_of(response)
    assert 'value="22:00"' in text_of(response)  # what they typed stays
    response = client.post(url, {"shift_start": "nine", "shift_end": "10:00"})
    assert "a time like 18:00" in text_of(response)


# --- Crisis lines by country -------------------------------------------------------------------


def test_helpline_page_lets_a_visitor_choose_any_country(client):
    url = reverse("moderation:crisis_resources")
    page = text_of(client.get(url, {"country": "NZ"}))
    assert "Crisis lines in New Zealand" in page
    assert 'href="tel:1737"' in page and 'href="sms:1737"' in page
    assert "findahelpline.com" in page and "checked 20" in page
    page = text_of(client.get(url, {"country": "GB"}))
    assert (
        'href="tel:116123"' in page
        and "sms:85258?&amp;body=SHOUT" in client.get(url, {"country": "GB"}).content.decode()
    )
    # Any code not in the file: a kind error, and the worldwide directory — never a 500.
    response = client.get(url, {"country": "XX"})
    assert response.status_code == HTTPStatus.OK
    assert "Choose a country from the list" in text_of(response)
    assert "findahelpline.com" in text_of(response)


def test_helpline_page_follows_the_members_settings(client_for, member):
    User.objects.filter(pk=member.pk).update(time_zone="Australia/Sydney")
    page = text_of(client_for(member).get(reverse("moderation:crisis_resources")))
    assert "Crisis lines in Australia" in page and "13 11 14" in page
    User.objects.filter(pk=member.pk).update(country="IE")
    page = text_of(client_for(member).get(reverse("moderation:crisis_resources")))
    assert "Crisis lines in Ireland" in page


def test_helpline_country_in_profile_settings_suggested_from_time_zone(client_for, member):
    User.objects.filter(pk=member.pk).update(time_zone="Pacific/Auckland")
    client = client_for(member)
    page = text_of(client.get(reverse("accounts:settings_profile")))
    assert '<option value="NZ" selected>' in page
    data = {
        "display_name": "",
        "bio": "",
        "time_zone": "Pacific/Auckland",
        "country": "CA",
        "profile_visibility": "everyone",
        "streak_visibility": "members",
        "streak_display": "exact",
    }
    assert client.post(reverse("accounts:settings_profile"), data).status_code == HTTPStatus.FOUND
    member.refresh_from_db()
    assert member.country == "CA"


# --- The overview's figures ----------------------------------------------------------------------


def test_first_reply_and_acknowledgement_figures_on_the_overview(client_for, moderator, member):
    factories.make_thread(author=member, title="Still waiting")
    page = text_of(client_for(moderator).get(reverse("moderation:dashboard")))
    assert "waiting for a first reply now" in page
    assert "Median wait" in page and "9 in 10 within" in page
    assert "“I'm on it” within 5 min" in page and "Median time to take on" in page


# --- The care card ----------------------------------------------------------------------------


def test_caring_message_is_the_first_action_and_sanctions_sit_apart(
    client_for, member, moderator, post
):
    actions.report_post(reporter=member, post=post, reason="crisis")
    page = text_of(client_for(moderator).get(reverse("moderation:care_queue")))
    assert page.index("Send a caring message") < page.index("Warn (the reason is the message)")
    assert "I'm on it" in page and "Nobody has taken this on yet" in page
    assert '<details class="sanctions mt-2">' in page  # closed under a care item


def test_acknowledge_from_the_care_card_shows_who_to_the_others(
    client_for, member, moderator, post
):
    actions.report_post(reporter=member, post=post, reason="crisis")
    response = act(client_for(moderator), f"post:{post.pk}", action="acknowledge")
    assert response.status_code == HTTPStatus.FOUND
    other = factories.make_moderator(username="mod_other")
    page = text_of(client_for(other).get(reverse("moderation:care_queue")))
    assert "mod_morgan is on it" in page and "I'm on it</button>" not in page
    assert Report.objects.get().acknowledged_by == moderator


def test_caring_message_sent_from_the_card(client_for, member, moderator, post):
    actions.report_post(reporter=member, post=post, reason="worried")
    response = act(
        client_for(moderator), f"post:{post.pk}", action="care", reason="Thinking of you."
    )
    assert response.status_code == HTTPStatus.FOUND
    caring = CareMessage.objects.get(kind="caring")
    assert caring.message == "Thinking of you." and caring.member == post.author
    assert not ModerationAction.objects.filter(action="warn_member").exists()
    # Kept in the care history the next moderator sees (a check-in came first).
    page = text_of(
        client_for(moderator).get(reverse("moderation:target_detail", args=[f"post:{post.pk}"]))
    )
    history = page.split("Care history", 1)[1]
    assert history.index("Caring message from a moderator") < history.index("Check-in")


def test_caring_message_card_silence_asks_to_confirm_first(client_for, moderator, post):
    client = client_for(moderator)
    key = f"post:{post.pk}"
    response = act(client, key, action="silence", silence_days="7", reason="Cool off")
    assert response.status_code == HTTPStatus.OK
    assert "Silence sasha?" in text_of(response) and "Yes, silence sasha" in text_of(response)
    post.author.refresh_from_db()
    assert not post.author.is_silenced()
    response = act(client, key, action="suspend", suspend_for="forever")
    assert "for good" in text_of(response)
    assert not ModerationAction.objects.exists()
    act(client, key, action="suspend", suspend_for="forever", confirmed="on")
    post.author.refresh_from_db()
    assert post.author.suspended_forever


def test_caring_message_card_lifts_a_suspension_early(client_for, moderator, member):
    actions.suspend_member(moderator=moderator, member=member, forever=True)
    client = client_for(moderator)
    key = f"member:{member.pk}"
    assert "Lift the suspension now" in text_of(
        client.get(reverse("moderation:target_detail", args=[key]))
    )
    act(client, key, action="lift_suspension")
    member.refresh_from_db()
    assert not member.is_suspended()
    assert ModerationAction.objects.filter(action="lift_suspension").count() == 1


def test_guide_role_from_the_member_card(client_for, moderator, member, other_member):
    key = f"member:{member.pk}"
    act(client_for(moderator), key, action="make_guide")
    member.refresh_from_db()
    assert member.is_guide
    # A member (or a guide) cannot act at all: the same 404 as a missing page.
    response = act(client_for(other_member), key, action="end_guide")
    assert response.status_code == HTTPStatus.NOT_FOUND
    response = act(client_for(member), f"member:{other_member.pk}", action="make_guide")
    assert response.status_code == HTTPStatus.NOT_FOUND


# --- Crisis posts, gently ----------------------------------------------------------------------


def test_worried_note_under_a_crisis_post_and_no_reactions_or_block(
    client_for, thread, other_member, member
):
    crisis = factories.make_reply(
        author=other_member, thread=thread, body="I don't see the point of going on any more."
    )
    calm = factories.make_reply(author=other_member, thread=thread, body="Day two, holding on.")
    crisis.refresh_from_db()
    assert crisis.crisis_flagged and not calm.crisis_flagged
    page = text_of(client_for(member).get(thread.get_absolute_url()))
    start, end = page.index(f'id="post-{crisis.pk}"'), page.index(f'id="post-{calm.pk}"')
    crisis_html, calm_html = page[start:end], page[end:]
    assert "be gentle" in crisis_html and "tell us you're worried" in crisis_html
    assert f"/report/post/{crisis.pk}/?reason=worried" in crisis_html
    assert "This helped" not in crisis_html and "Block" not in crisis_html
    assert "This helped" in calm_html and "Block" in calm_html
    # The reaction itself is refused, not only hidden.
    url = reverse("forum:post_react", args=[crisis.pk])
    client_for(member).post(url, {"kind": "helped"})
    assert not Reaction.objects.exists()


def test_worried_reason_preselected_from_the_gentle_note(client_for, member, post):
    page = text_of(
        client_for(member).get(
            reverse("moderation:report_post", args=[post.pk]) + "?reason=worried"
        )
    )
    assert 'value="worried" id="id_reason_' in page
    assert "I'm worried about them" in page
    checked = page.split('value="worried"')[1].split(">")[0]
    assert "checked" in checked


def test_guide_role_badge_beside_posts(client_for, member, thread):
    guide = make_guide()
    factories.make_reply(author=guide, thread=thread, body="Welcome, I've been there.")
    page = text_of(client_for(member).get(thread.get_absolute_url()))
    assert page.count("guide-badge") == 1
