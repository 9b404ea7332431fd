"""Moderators' actions on watched words: add, change, remove. Each over the one skeleton in
moderation/actions/base.py; each clears screening's cached list of rules."""

from django.core.cache import cache
from django.db import transaction

from accounts.models import User
from core.confusables import fold_for_matching
from moderation import permissions, selectors
from moderation.actions.base import ActionRefused, Kind, moderator_action
from moderation.models import WatchedWord

_ONLY_MODERATORS = "Only moderators can manage watched words."
_ALREADY_WATCHED = "That word (or one that reads the same) is already watched — change it instead."


def add_watched_word(*, moderator: User, phrase: str, action: str, now=None) -> WatchedWord:
    """Watch for a word or phrase. Atomic; audited; screening's cache is cleared."""
    allowed = permissions.can_manage_watched_words(moderator)
    phrase = " ".join(phrase.split())
    with moderator_action(
        moderator=moderator, action=Kind.ADD_WATCHED_WORD, now=now,
        allowed=allowed, refusal=_ONLY_MODERATORS,
    ) as act:  # fmt: skip
        folded = _folded_or_refuse(phrase)
        if WatchedWord.objects.filter(folded=folded).exists():
            raise act.refused(_ALREADY_WATCHED)
        act.target = WatchedWord.objects.create(
            phrase=phrase,
            folded=folded,
            action=action,
            created_by=moderator,
            created_at=act.now,
        )
        act.after = f"{phrase} → {action}"
        _forget_watch_rules()
    return act.target


def change_watched_word(
    *, moderator: User, word: WatchedWord, phrase: str, action: str, now=None
) -> WatchedWord:
    with moderator_action(
        moderator=moderator, action=Kind.CHANGE_WATCHED_WORD, target=word, now=now,
        allowed=permissions.can_manage_watched_words(moderator), refusal=_ONLY_MODERATORS,
    ) as act:  # fmt: skip
        act.before = f"{word.phrase} → {word.action}"
        phrase = " ".join(phrase.split())
        folded = _folded_or_refuse(phrase)
        if WatchedWord.objects.filter(folded=folded).exclude(pk=word.pk).exists():
            raise act.refused(_ALREADY_WATCHED)
        word.phrase, word.folded, word.action = phrase, folded, action
        word.save()
        act.after = f"{word.phrase} → {action}"
        _forget_watch_rules()
    return word


def remove_watched_word(*, moderator: User, word: WatchedWord, reason: str = "", now=None):
    with moderator_action(
        moderator=moderator, action=Kind.REMOVE_WATCHED_WORD, target=word, reason=reason,
        now=now, allowed=permissions.can_manage_watched_words(moderator),
        refusal=_ONLY_MODERATORS,
    ) as act:  # fmt: skip
        act.before = f"{word.phrase} → {word.action}"
        act.snapshot_target()  # before the row (and its id) is gone
        word.delete()
        _forget_watch_rules()


def _folded_or_refuse(phrase: str) -> str:
    folded = fold_for_matching(phrase).strip()
    if not folded:
        raise ActionRefused("Please include at least one letter or number.")
    return folded


def _forget_watch_rules() -> None:
    # Now, for this process's next post, and again after commit, in case another request
    # cached the old list in between.
    cache.delete(selectors.WATCH_RULES_KEY)
    transaction.on_commit(lambda: cache.delete(selectors.WATCH_RULES_KEY))
