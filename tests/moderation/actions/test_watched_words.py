"""Specification of moderation.actions (watched_words.py): watched words: audited, screening's
cache cleared."""

import pytest
from django.core.cache import cache

from moderation import actions, selectors
from moderation.models import (
    ModerationAction,
    WatchedWord,
)
from tests.moderation.conftest import audited

pytestmark = pytest.mark.django_db


# --- Watched words ------------------------------------------------------------------------------


def test_watched_words_add_change_remove_are_audited_and_clear_the_cache(moderator):
    assert selectors.watch_rules() == ()
    word = actions.add_watched_word(moderator=moderator, phrase=" text  him ", action="hold")
    assert word.phrase == "text him" and cache.get(selectors.WATCH_RULES_KEY) is None
    assert [rule.phrase for rule in selectors.watch_rules()] == ["text him"]
    actions.change_watched_word(moderator=moderator, word=word, phrase="call him", action="block")
    assert [rule.action for rule in selectors.watch_rules()] == ["block"]
    actions.remove_watched_word(moderator=moderator, word=word)
    assert selectors.watch_rules() == () and not WatchedWord.objects.exists()
    assert audited() == ["add_watched_word", "change_watched_word", "remove_watched_word"]
    assert ModerationAction.objects.order_by("pk")[1].before == "text him → hold"


def test_watched_word_lookalike_duplicate_is_refused(moderator):
    actions.add_watched_word(moderator=moderator, phrase="text him", action="hold")
    with pytest.raises(actions.ActionRefused, match="already watched"):
        actions.add_watched_word(moderator=moderator, phrase="TEXT  HIM", action="flag")
    other = actions.add_watched_word(moderator=moderator, phrase="call him", action="hold")
    with pytest.raises(actions.ActionRefused, match="already watched"):
        actions.change_watched_word(
            moderator=moderator, word=other, phrase="Text him", action="hold"
        )


def test_watched_words_refused_for_members(member):
    with pytest.raises(actions.ActionRefused):
        actions.add_watched_word(moderator=member, phrase="x y", action="hold")
