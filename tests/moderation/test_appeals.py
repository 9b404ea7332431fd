"""Appeals: one per moderator decision, decided by a different moderator, the outcome told
to the member and logged (moderation.actions.appeals, moderation.permissions)."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from forum.models import Post, Status
from moderation import actions, permissions
from moderation.models import Appeal, ModerationAction
from tests import factories


@pytest.fixture
def second_moderator(db):
    return factories.make_moderator(username="mod_jules")


@pytest.fixture
def hidden(member, other_member, moderator):
    """Rowan's reply, hidden by mod_morgan; the audit row of that decision."""
    thread = factories.make_thread(author=other_member, title="Week two")
    reply = factories.make_reply(author=member, thread=thread, body="He is awful.")
    actions.hide_post(moderator=moderator, post=reply, reason="Name-calling")
    decision = ModerationAction.objects.get(action="hide_post")
    return reply, decision


def _appeal(member, decision, text="I was describing what happened, not calling names."):
    return actions.appeal_decision(member=member, action=decision, text=text)


def test_appeal_decision_is_filed_once(member, hidden):
    _reply, decision = hidden
    appeal = _appeal(member, decision)
    assert appeal.is_pending and appeal.member == member
    with pytest.raises(actions.ActionRefused) as refused:
        _appeal(member, decision)
    assert "already appealed" in refused.value.message
    assert Appeal.objects.count() == 1


def test_appeal_refused_for_someone_elses_decision(other_member, hidden):
    _reply, decision = hidden
    with pytest.raises(actions.ActionRefused):
        _appeal(other_member, decision)
    assert not Appeal.objects.exists()


def test_appeal_refused_for_a_decision_that_is_not_about_a_member(member, moderator):
    actions.add_watched_word(moderator=moderator, phrase="casino", action="flag")
    word = ModerationAction.objects.get(action="add_watched_word")
    assert not permissions.can_appeal(member, word)


def test_appeal_cannot_be_decided_by_the_moderator_who_took_the_decision(member, moderator, hidden):
    _reply, decision = hidden
    appeal = _appeal(member, decision)
    assert not permissions.can_decide_appeal(moderator, appeal)
    assert "another moderator" in permissions.why_cannot_decide_appeal(moderator, appeal)
    with pytest.raises(actions.ActionRefused):
        actions.decide_appeal(moderator=moderator, appeal=appeal, overturn=True, outcome="Fine")
    appeal.refresh_from_db()
    assert appeal.is_pending
    assert not ModerationAction.objects.filter(action__endswith="_appeal").exists()


def test_appeal_cannot_be_decided_by_a_member(member, other_member, hidden):
    appeal = _appeal(member, hidden[1])
    assert not permissions.can_decide_appeal(other_member, appeal)
    assert not permissions.can_decide_appeal(member, appeal)


def test_appeal_overturned_by_a_second_moderator_undoes_tells_and_logs(
    member, second_moderator, hidden, django_capture_on_commit_callbacks
):
    reply, decision = hidden
    appeal = _appeal(member, decision)
    with django_capture_on_commit_callbacks(execute=True):
        actions.decide_appeal(
            moderator=second_moderator, appeal=appeal, overturn=True, outcome="You're right."
        )
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.OVERTURNED
    assert appeal.decided_by == second_moderator and appeal.decided_at is not None
    assert Post.objects.get(pk=reply.pk).status == Status.PUBLISHED  # shown again
    logged = ModerationAction.objects.get(action="overturn_appeal")
    assert logged.moderator == second_moderator and logged.member == member
    assert logged.reason == "You're right." and "Hid a post" in logged.before
    assert ModerationAction.objects.filter(action="unhide_post").exists()
    note = member.notifications.filter(kind="moderation").latest("pk")
    assert "overturned the decision" in note.message and "You're right." in note.message
    [email] = [m for m in mail.outbox if m.to == [member.email] and "appeal" in m.subject]
    assert "mod_jules" not in email.body and "mod_morgan" not in email.body


def test_appeal_upheld_keeps_the_decision(member, second_moderator, hidden):
    reply, decision = hidden
    appeal = _appeal(member, decision)
    actions.decide_appeal(
        moderator=second_moderator, appeal=appeal, overturn=False, outcome="It names him."
    )
    assert Post.objects.get(pk=reply.pk).status == Status.HIDDEN
    assert ModerationAction.objects.filter(action="uphold_appeal").count() == 1
    note = member.notifications.filter(kind="moderation").latest("pk")
    assert "kept the decision" in note.message


def test_appeal_is_decided_once(member, second_moderator, staff, hidden):
    appeal = _appeal(member, hidden[1])
    actions.decide_appeal(moderator=second_moderator, appeal=appeal, overturn=False)
    stale = Appeal.objects.get(pk=appeal.pk)
    stale.status = Appeal.Status.PENDING  # a page loaded before the first decision
    with pytest.raises(actions.ActionRefused):
        actions.decide_appeal(moderator=staff, appeal=stale, overturn=True)
    assert ModerationAction.objects.filter(action__endswith="_appeal").count() == 1


def test_appeal_overturning_a_silence_lifts_it(member, moderator, second_moderator):
    until = timezone.now() + timedelta(days=3)
    actions.silence_member(moderator=moderator, member=member, until=until, reason="Heated")
    appeal = _appeal(member, ModerationAction.objects.get(action="silence_member"))
    actions.decide_appeal(moderator=second_moderator, appeal=appeal, overturn=True)
    member.refresh_from_db()
    assert not member.is_silenced()


# --- Pages -----------------------------------------------------------------------------


def test_appeal_list_offers_an_appeal_for_each_decision(member, client_for, hidden):
    page = client_for(member).get(reverse("moderation:appeal_list")).content.decode()
    assert reverse("moderation:appeal_new", args=[hidden[1].pk]) in page
    assert "mod_morgan" not in page  # never who took it


def test_appeal_new_page_files_the_appeal(member, client_for, hidden):
    url = reverse("moderation:appeal_new", args=[hidden[1].pk])
    response = client_for(member).post(url, {"text": "Please look again."})
    assert response.status_code == HTTPStatus.FOUND
    assert Appeal.objects.get().text == "Please look again."


def test_appeal_new_page_keeps_the_text_on_an_error(member, client_for, hidden):
    url = reverse("moderation:appeal_new", args=[hidden[1].pk])
    response = client_for(member).post(url, {"text": "   "})
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["text"]
    assert not Appeal.objects.exists()


def test_appeal_decide_page_refuses_the_deciding_moderator_kindly(
    member, moderator, client_for, hidden
):
    appeal = _appeal(member, hidden[1])
    url = reverse("moderation:appeal_decide", args=[appeal.pk])
    page = client_for(moderator).get(url).content.decode()
    assert "another moderator decides the appeal" in page
    response = client_for(moderator).post(url, {"decision": "overturn", "outcome": "Mine."})
    assert "another moderator decides the appeal" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.is_pending


def test_appeal_decide_page_second_moderator_decides(member, second_moderator, client_for, hidden):
    appeal = _appeal(member, hidden[1])
    url = reverse("moderation:appeal_decide", args=[appeal.pk])
    response = client_for(second_moderator).post(
        url, {"decision": "keep", "outcome": "It names him."}
    )
    assert response.status_code == HTTPStatus.FOUND
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.UPHELD


def test_appeal_queue_is_a_404_for_members(member, client_for):
    assert (
        client_for(member).get(reverse("moderation:appeal_queue")).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_appeal_queue_lists_pending_first(member, second_moderator, moderator, client_for, hidden):
    appeal = _appeal(member, hidden[1])
    page = client_for(second_moderator).get(reverse("moderation:appeal_queue")).content.decode()
    assert reverse("moderation:appeal_decide", args=[appeal.pk]) in page
