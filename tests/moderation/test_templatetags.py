"""moderation_tags: the few words and keys moderation's templates ask for."""

from datetime import timedelta
from types import SimpleNamespace

import pytest

from moderation.templatetags import moderation_tags


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (None, "–"),
        (timedelta(seconds=20), "under a minute"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(minutes=42), "42 minutes"),
        (timedelta(hours=5), "5 hours"),
        (timedelta(days=3, hours=2), "3 days"),
    ],
)
def test_short_duration_in_words(delta, words):
    assert moderation_tags.short_duration(delta) == words


def test_post_key_names_the_post():
    assert moderation_tags.post_key(SimpleNamespace(pk=12)) == "post:12"


@pytest.mark.parametrize(
    ("target_type", "key"),
    [("post", "post:3"), ("thread", "thread:3"), ("member", "member:3"), ("watched_word", "")],
)
def test_audit_key_names_what_can_be_reviewed(target_type, key):
    entry = SimpleNamespace(target_type=target_type, target_id=3)
    assert moderation_tags.audit_key(entry) == key
