"""Who may read, post, edit, react to and quote in the forum: the forum's own rules, asked by
views, services and templates alike.

A pure module: it imports only accounts (roles, settings) and reads the objects it is given
(users, categories, threads, posts) by their fields, never importing forum's models, so
forum.models may ask it without an import circle.

Each `can_*` function answers yes or no. Where a member deserves to know *why* not
(a locked thread, a silence), a `why_cannot_*` function returns the kind sentence to show,
or None; its `can_*` twin is simply "no reason not to". Templates ask through the filters
in forum/templatetags/permissions.py: `{% if user|can:"edit_post"|of:post %}`.

"Is a moderator or a guide" is answered in accounts.roles, and only there. Moderation's own
rules (queues, actions on posts and members, reports) live in moderation.permissions.
"""

import sys

from django.conf import settings

from accounts.roles import is_moderator

# Status values of forum posts and threads (forum.models.Status), repeated here as plain
# strings so that this module does not import forum.
PUBLISHED = "published"
PENDING = "pending"
HIDDEN = "hidden"

SILENCED = (
    "You can read everything, but you can't post, reply or react for now — a moderator has "
    "paused your posting. It will lift on its own; your messages explain why."
)
SUSPENDED = "Your account is suspended, so you can't post for now."
LOCKED = "This thread is locked, so it isn't taking new replies. You can still read it."
NOT_PUBLISHED = "This thread is waiting for a moderator, so it can't take replies yet."
SIGNED_OUT = "Please log in to join the conversation."
CRISIS_POST_REACTIONS = (
    "Reactions are off under this post. If you'd like to support them, a few gentle words "
    "in a reply mean more."
)


def is_member(user) -> bool:
    """Signed in and not deactivated."""
    return user is not None and user.is_authenticated and user.is_active


def owns(user, obj) -> bool:
    """The user wrote this post or started this thread."""
    return is_member(user) and obj.author_id is not None and obj.author_id == user.pk


def why_cannot_write(user) -> str | None:
    """Why this person cannot post, reply or react anywhere right now, or None."""
    if not is_member(user):
        return SIGNED_OUT
    if user.is_suspended():
        return SUSPENDED
    if user.is_silenced():
        return SILENCED
    return None


# --- Reading ---------------------------------------------------------------------------


def can_view_category(user, category) -> bool:
    return not category.members_only or is_member(user)


def can_view_thread(user, thread) -> bool:
    if not can_view_category(user, thread.category):
        return False
    if thread.status == PUBLISHED or is_moderator(user):
        return True
    return thread.status == PENDING and owns(user, thread)


def can_view_post(user, post) -> bool:
    """Whether the post is shown at all (hidden and removed posts still hold their place,
    as a placeholder, for everyone who can see the thread)."""
    if not can_view_thread(user, post.thread):
        return False
    return post.status != PENDING or is_moderator(user) or owns(user, post)


def can_see_post_body(user, post) -> bool:
    """Hidden posts read "hidden by a moderator" to everyone but moderators; removed posts
    read "removed by author" to everyone but moderators."""
    if is_moderator(user):
        return True
    if post.deleted_at is not None or post.status == HIDDEN:
        return False
    return post.status == PUBLISHED or owns(user, post)


def can_see_edit_history(user, post) -> bool:
    return owns(user, post) or is_moderator(user)


# --- Writing ---------------------------------------------------------------------------


def why_cannot_start_thread(user, category) -> str | None:
    reason = why_cannot_write(user)
    if reason:
        return reason
    if not can_view_category(user, category):
        return SIGNED_OUT
    return None


def can_start_thread(user, category) -> bool:
    return why_cannot_start_thread(user, category) is None


NO_ANONYMOUS = "This category doesn't take anonymous posts. You can post under your own name."


def why_cannot_post_anonymously(user, category) -> str | None:
    """Anonymous posts (issue #15 item 2) are for the categories that take them."""
    return None if getattr(category, "allows_anonymous", False) else NO_ANONYMOUS


def can_post_anonymously(user, category) -> bool:
    return why_cannot_post_anonymously(user, category) is None


def can_reveal_anonymous_author(user, post) -> bool:
    """Moderators may learn who wrote an anonymous post; each look is logged
    (forum.services.anonymity)."""
    return post.anonymous_alias is not None and is_moderator(user)


def why_cannot_reply(user, thread) -> str | None:
    reason = why_cannot_write(user)
    if reason:
        return reason
    if not can_view_thread(user, thread):
        return SIGNED_OUT
    if thread.status != PUBLISHED:
        return NOT_PUBLISHED
    if thread.locked and not is_moderator(user):
        return LOCKED
    return None


def can_reply(user, thread) -> bool:
    return why_cannot_reply(user, thread) is None


def can_edit_post(user, post) -> bool:
    """Moderators edit any post; authors edit their own while it is visible to them, not
    removed, and the thread is not locked."""
    if is_moderator(user):
        return post.deleted_at is None
    if not owns(user, post) or why_cannot_write(user):
        return False
    return post.deleted_at is None and post.status != HIDDEN and not post.thread.locked


def can_delete_post(user, post) -> bool:
    """Authors remove their own posts (softly: "removed by author"). Moderators hide posts
    instead, through the moderation app, so that the audit log says why."""
    return owns(user, post) and post.deleted_at is None and not user.is_suspended()


def why_cannot_react(user, post) -> str | None:
    reason = why_cannot_write(user)
    if reason:
        return reason
    if owns(user, post):
        return "You can't react to your own post — but it's good that you wrote it."
    if post.status != PUBLISHED or post.deleted_at is not None:
        return "This post can't take reactions."
    # A post that may come from someone in crisis is answered in words, not a counter.
    if getattr(post, "crisis_flagged", False):
        return CRISIS_POST_REACTIONS
    return None


def can_react(user, post) -> bool:
    return why_cannot_react(user, post) is None


def can_quote_post(user, post) -> bool:
    return can_reply(user, post.thread) and can_see_post_body(user, post)


def can_block(user, member) -> bool:
    """Members may block other members, but not themselves and not moderators (who must be
    able to reach everyone)."""
    return (
        is_member(user) and member is not None and member.pk != user.pk and not is_moderator(member)
    )


def why_cannot_block(user, member) -> str:
    """can_block's kind sentence (block or ignore for a while), or "" when they may."""
    if can_block(user, member):
        return ""
    if member is not None and member.pk == user.pk:
        return "You can't block or ignore yourself."
    if member is not None and is_moderator(member):
        return "Moderators can't be blocked — they need to be able to reach everyone."
    return "You can't block this member."


def can_see_hidden_reason(user, post) -> bool:
    """A hidden post's author is told why it was hidden (on the post and in a
    notification); other members only see that it was."""
    return is_moderator(user) or owns(user, post)


# --- Waiting for approval --------------------------------------------------------------

# The default of HOLDFAST_APPROVAL_POSTS (config/settings.py).
APPROVAL_POSTS = 2


def posts_await_approval(author) -> bool:
    """Whether the author's next post waits in the approval queue: it is one of their first
    HOLDFAST_APPROVAL_POSTS (2) posts. Moderators never wait, and neither do accounts
    nobody can log in as (the forum's "Holdfast team" account, which posts only from the
    server's own commands); 0 turns the queue off. No query (the moderator check is
    remembered on the user)."""
    first_posts = getattr(settings, "HOLDFAST_APPROVAL_POSTS", APPROVAL_POSTS)
    return (
        author.post_count < first_posts
        and author.has_usable_password()
        and not is_moderator(author)
    )


# --- Rules by name, for templates ----------------------------------------------------------


def rule(name: str):
    """The `can_<name>` function, from these rules or from the rules an app above the forum
    added through forum.hooks.add_rules() (moderation's: `report`, `moderate`, `hide_post`…),
    or None. The `can` template filter and the post fragments ask this."""
    module = _rule_homes.get(name) or _find_rule_home(name)
    return None if module is None else getattr(module, f"can_{name}")


# Which module holds each rule, found once per process: a member's thread page asks some two
# hundred questions, and searching the modules for each cost a tenth of the permission pass.
# Modules are only ever added, after the forum's own, so a rule once found stays where it
# was; the function is read from its module at every call (a test may replace it).
_rule_homes: dict = {}


def _find_rule_home(name: str):
    from forum import hooks  # hooks is a leaf module; imported here to keep this one pure

    for module in (sys.modules[__name__], *hooks.rule_modules):
        if hasattr(module, f"can_{name}"):
            _rule_homes[name] = module
            return module
    return None


# A page asks its permission questions once (forum.fragments, for every post it shows); the
# answers ride on the objects asked about, so the `can`/`of` filter drawing those posts reads
# them instead of asking again. Only the one who asked writes them: a template reads.
_ANSWERS = "_permission_answers"


def ask(user, name: str, obj) -> bool:
    """`can_<name>(user, obj)`, remembered on `obj` for this user."""
    return remember(user, name, obj, bool(rule(name)(user, obj)))


def ask_each(user, rules: dict, obj) -> list[bool]:
    """ask() for each name of `rules` ({name: rule(name)}, found once for a page's posts)."""
    kept = obj.__dict__.setdefault(_ANSWERS, {})
    answers = []
    for name, check in rules.items():
        kept[user.pk, name] = answer = bool(check(user, obj))
        answers.append(answer)
    return answers


def remember(user, name: str, obj, answer: bool) -> bool:
    """Keep on `obj` an answer ask() found for an equal object (another copy of a row)."""
    obj.__dict__.setdefault(_ANSWERS, {})[(user.pk, name)] = answer
    return answer


def answered(user, name: str, obj) -> bool | None:
    """What ask() found for this user, name and object, or None if it was not asked."""
    return obj.__dict__.get(_ANSWERS, {}).get((user.pk, name))


def why_cannot_pledge(user, thread) -> str | None:
    """Pledging in the daily pledge thread is a kind of reply: the same rules, the same words."""
    return why_cannot_reply(user, thread)


def can_pledge(user, thread) -> bool:
    return why_cannot_pledge(user, thread) is None
