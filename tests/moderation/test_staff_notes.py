"""Staff notes: moderators' notes on members, beside their posts for moderators only."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from moderation import actions
from moderation.models import StaffNote
from tests import factories

NOTE = "Second account of a banned member? Watch gently."


@pytest.fixture
def noted(member, moderator):
    actions.add_staff_note(moderator=moderator, member=member, text=NOTE)
    thread = factories.make_thread(author=member, title="Day three")
    return thread


def test_staff_note_is_kept(member, moderator):
    note = actions.add_staff_note(moderator=moderator, member=member, text="  Kind, new.  ")
    assert note.text == "Kind, new." and note.author == moderator


def test_staff_note_refused_to_members_and_on_oneself(member, other_member, moderator):
    with pytest.raises(actions.ActionRefused):
        actions.add_staff_note(moderator=other_member, member=member, text="Hmm")
    with pytest.raises(actions.ActionRefused):
        actions.add_staff_note(moderator=moderator, member=moderator, text="Me")
    assert not StaffNote.objects.exists()


def test_staff_note_shown_beside_posts_to_moderators(noted, moderator, client_for):
    page = client_for(moderator).get(noted.get_absolute_url()).content.decode()
    assert NOTE in page
    assert reverse("moderation:staff_notes", args=["rowan"]) in page


def test_staff_note_never_in_the_page_for_members_or_visitors(
    noted, member, other_member, moderator, client_for
):
    url = noted.get_absolute_url()
    client_for(moderator).get(url)  # the moderator's render first: nothing of it is kept
    for viewer in (None, member, other_member):
        page = client_for(viewer).get(url).content.decode()
        assert NOTE not in page and "Staff notes" not in page, viewer


def test_staff_notes_page_adds_a_note(member, moderator, client_for):
    url = reverse("moderation:staff_notes", args=[member.username])
    response = client_for(moderator).post(url, {"text": "Lost their mum this year."})
    assert response.status_code == HTTPStatus.FOUND
    assert "Lost their mum this year." in client_for(moderator).get(url).content.decode()


def test_staff_notes_page_keeps_the_text_on_an_error(member, moderator, client_for):
    url = reverse("moderation:staff_notes", args=[member.username])
    response = client_for(moderator).post(url, {"text": "x" * 1001})
    assert response.status_code == HTTPStatus.OK
    assert "under 1,000 characters" in response.content.decode()
    assert not StaffNote.objects.exists()


def test_staff_notes_page_is_a_404_for_members(member, other_member, client_for):
    url = reverse("moderation:staff_notes", args=[member.username])
    assert client_for(other_member).get(url).status_code == HTTPStatus.NOT_FOUND
    assert client_for(member).get(url).status_code == HTTPStatus.NOT_FOUND
