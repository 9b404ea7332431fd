"""Which names a member may take: words kept for the team, and look-alikes of names already
taken. Sign-up asks through accounts.adapters (usernames); /settings/profile/ through
accounts.forms (display names). Pure Python on core.confusables, apart from the one query
in accounts.adapters.

Three forms of a name, from strict to loose:

- `skeleton()` (unique in the database): the same letters once look-alike letters are
  folded — "dem0-member" is "demo_member".
- `look_alike_key()`: also without separators, case and decorating digits — "DemoMember",
  "demo__member", "demo_member1" and "2demo-member" are all "demomember". Not unique (names
  taken before it existed may share one), but no new name may take an existing one's.
- the words of a name, for the reserved words below.
"""

import re

from core.confusables import skeleton

# Words that make a name look like the site speaking, refused as a word of their own in any
# name ("Holdfast team", "Ad-min", "mod_team") but not inside another ("Stafford",
# "Modesty"). Kept for the team, so that a member in a hard moment is never misled.
_OFFICIAL = (
    "admin admins administrator administrators moderator moderators mod mods holdfast staff support"
)
# Words a username may not be made of alone or together ("team", "help_desk", "the_team",
# "system-root"): the site's voice, machine accounts and the name deleted members take.
_RESERVED = (
    f"{_OFFICIAL} team teams official officials system sys root superuser help helpdesk desk "
    "info contact security abuse postmaster webmaster hostmaster noreply reply no "
    "everyone here all anonymous anon formermember deleted null none undefined "
    "owner operator service bot robot crew the our site forum account accounts"
)
OFFICIAL_WORDS = frozenset(skeleton(word) for word in _OFFICIAL.split())
_RESERVED_ONLY = re.compile(
    "(?:"
    + "|".join(sorted((re.escape(skeleton(w)) for w in set(_RESERVED.split())), key=len)[::-1])
    + ")+s?"
)

_SEPARATORS = re.compile(r"[\W_]+")
_LONGEST = 30  # User.username's max_length (tests/security/test_bad_input.py holds them equal)


def could_name_a_member(username: str) -> bool:
    """Whether `username` (from a URL) could be anyone's name: a NUL byte never is, and
    PostgreSQL refuses one in a query (a 500); nor is anything longer than the column. Every
    member-by-name look-up asks this first, so both are the same 404 as an unknown member."""
    return "\x00" not in username and len(username) <= _LONGEST


_EDGE_DIGITS = re.compile(r"^\d+|\d+$")
_DIGITS = re.compile(r"\d")


def sounds_official(shape: str) -> bool:
    """Whether a name's skeleton holds an official word as a word of its own."""
    words = [word for word in re.split(r"[^a-z0-9]+", shape) if word]
    return any(word in OFFICIAL_WORDS for word in words) or "".join(words) in OFFICIAL_WORDS


def is_reserved_username(username: str) -> bool:
    """Official words anywhere as words ("demo_moderator_", "holdfast_team"), or a name made
    only of reserved words ("team", "theadmins", "HelpDesk", "system-root", "mod_team")."""
    if sounds_official(skeleton(username)):
        return True
    return bool(_RESERVED_ONLY.fullmatch(look_alike_key(username)))


def look_alike_key(username: str) -> str:
    """The loosest form of a name: no separators, no digits at either end, no digits at all
    after look-alike folding (0 and 1 have become o and l), case folded."""
    joined = _SEPARATORS.sub("", username)
    key = _DIGITS.sub("", skeleton(_EDGE_DIGITS.sub("", joined)))
    # A name of digits only ("2024") has no letters to compare: its skeleton stands for it.
    return key or skeleton(username)
