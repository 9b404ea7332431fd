"""Specification of forum.hooks: the forum screens every post through the one hook that
moderation sets in its ready(), and lets everything through when nobody has set it."""

import pytest

from forum import hooks, services
from moderation import post_screening
from tests import factories

pytestmark = pytest.mark.django_db


def test_hooks_default_screening_allows_everything():
    verdict = hooks._allow_everything(None, "call me on 555 123 4567")
    assert verdict == hooks.ALLOWED
    assert not (verdict.blocked or verdict.held or verdict.flagged or verdict.crisis_phrases)


def test_hooks_moderation_installs_its_screening_and_rules():
    from moderation import permissions

    assert hooks.screen_post is post_screening.screen_post
    assert permissions in hooks.rule_modules


def test_hooks_forum_services_screen_through_the_hook(monkeypatch, member):
    category = factories.make_category()
    asked = []

    def refuse_everything(author, text, *, editing=False):
        asked.append((author, text))
        return hooks.Verdict(
            blocked=True, block_reasons=["No."], hold_reasons=[], flag_reasons=[],
            crisis_phrases=[],
        )  # fmt: skip

    monkeypatch.setattr(hooks, "screen_post", refuse_everything)
    with pytest.raises(services.ScreeningRefused) as refused:
        services.create_thread(author=member, category=category, title="Hello there", body="Hi")
    assert refused.value.reasons == ["No."]
    assert asked == [(member, "Hello there\n\nHi")]
