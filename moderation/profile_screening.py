"""The screen for what a member writes on their profile and the name they sign up with
(issue 15, item 7): pure, text in, sentences out, over the same detectors as a post.

A post that may share personal details is held for a moderator; a profile has no queue, so
here the same findings refuse the text with a sentence the member can act on — never a
silent publish. Watched words the site blocks or holds refuse it too; those it only flags
are let through (a profile cannot be reported the way a post is).
"""

from collections.abc import Iterable, Sequence

from moderation.identifiers import with_first_names
from moderation.personal_info import personal_info_in
from moderation.screening import (
    BLOCK_EX_NAME,
    BLOCK_WATCHED_WORD,
    WatchRule,
    find_named_people,
    fold,
    match_watched_words,
)

PERSONAL_INFO = (
    "This seems to share {what}. Profiles are public, so they can't hold contact details "
    "or anything that could identify someone — please take it out."
)
WHAT = {
    "phone": "a phone number",
    "email": "an email address",
    "address": "a street address",
    "social": "a social media account",
    "plate": "a car's number plate",
}


def screen_profile_text(
    text: str, *, rules: Iterable[WatchRule], ex_names: Sequence[str] = ()
) -> list[str]:
    """Why `text` cannot go on a public profile as it is (empty: it can)."""
    if not text:
        return []
    folded = fold(text)  # once, for every detector
    problems = []
    if find_named_people(folded, with_first_names(ex_names)):
        problems.append(BLOCK_EX_NAME)
    problems += [
        BLOCK_WATCHED_WORD.format(phrase=match.phrase)
        for match in match_watched_words(folded, rules)
        if match.action in ("block", "hold")
    ]
    problems += [PERSONAL_INFO.format(what=WHAT[kind]) for kind in personal_info_in(folded.plain)]
    return problems
