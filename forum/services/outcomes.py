"""What a forum write tells its caller: the saved post and its screening verdict, or a kind
refusal (ActionRefused, ScreeningRefused) that a view shows the member as it is."""

import re
from dataclasses import dataclass

import pagecache as page_cache
from core.confusables import without_direction_controls
from forum.hooks import Verdict
from forum.models import (
    Post,
    Status,
)


class ActionRefused(Exception):
    """The member may not do this now; `message` says why, kindly."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ScreeningRefused(Exception):
    """Screening blocked the text; `reasons` tell the member what to change."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class Outcome:
    """What happened to a post a member wrote: saved as `post`, judged by `verdict`."""

    post: Post
    verdict: Verdict | None

    @property
    def held(self) -> bool:
        return self.post.status == Status.PENDING

    @property
    def needs_crisis_care(self) -> bool:
        return bool(self.verdict and self.verdict.crisis_phrases)


# A link to a post on this site, as quote_for_reply() writes it: "[wrote](/p/12/)". The label
# holds no "[": with "[^\]]" every "[" of a bracket-heavy post scanned to the end of the text
# (19,999 "[" cost 1.4 s here).
_POST_LINK = re.compile(r"\[([^\[\]\n]*)\]\(/p/\d{1,12}/\)")


def _one_line(title: str) -> str:
    """A title as lists show it: one line, single spaces, no direction overrides (one left
    open would turn the rest of its row backwards; core.confusables says more)."""
    return " ".join(without_direction_controls(title).split())


def _screenable(text: str) -> str:
    """The text screening reads: links to our own posts (quote attributions) are not the
    outside links new members must wait to share, so they are read as their words."""
    return _POST_LINK.sub(r"\1", text)


def _refuse_if(reason: str | None) -> None:
    if reason:
        raise ActionRefused(reason)


def _changed(thread_id: int, *, lists: bool = True) -> None:
    """Visitors' cached pages of this thread — and, unless `lists` is False, the thread
    lists and search — are out of date once this transaction commits (pagecache)."""
    page_cache.bump_on_commit(f"thread:{thread_id}", *(["lists"] if lists else []))
