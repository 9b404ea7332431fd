"""More of a person than a phone number: social media handles, profile addresses and car
number plates (issue 15, item 7). Pure functions, no Django, asked by
moderation.personal_info.personal_info_in() on text already stripped of disguises.

Forum members mention each other as "@name", so a bare "@name" is not held: a handle counts
when a platform is named beside it ("her insta is @jane.doe", "@jane.doe on TikTok", "snap:
janedoe"), or when it is written as a profile address (instagram.com/jane.doe). A plate
counts in the British shape ("AB12 CDE", written in capitals) anywhere, or in any shape of
letters and digits when the text says it is a plate or registration.

As in personal_info, no pattern can backtrack catastrophically: every repeat is bounded.
"""

import re
from collections.abc import Sequence

# Names that are also everyday words or letters ("of", "x", "signal", "threads") are left
# out here: "a friend of @sasha" is a mention, "x: 5" is maths. Their addresses still count.
_PLATFORMS = (
    r"insta(?:gram)?|ig|snap(?:chat)?|tik ?tok|twitter|facebook|fb|linkedin|telegram|"
    r"discord|whatsapp|kik|reddit|tumblr|bluesky|bsky|onlyfans|venmo|cash ?app|pinterest|"
    r"twitch|youtube"
)
_HANDLE = r"@?[a-z0-9_](?:[a-z0-9_.]{1,29})"
# "insta: jane.doe", "her IG is @jane_doe", "snapchat - janedoe", "twitter @jd_1990"
_PLATFORM_THEN_HANDLE = re.compile(
    rf"(?<![\w@])(?:{_PLATFORMS})(?: (?:handle|name|username|account|acc|user))?"
    rf"(?: ?[:-] ?| is @?| (?:@|at @))(?=[a-z0-9_@])({_HANDLE})",
    re.IGNORECASE,
)
# "@jane.doe on insta", "@jane_doe (tiktok)", "@jd_1990 on twitter"
_HANDLE_THEN_PLATFORM = re.compile(
    rf"(?<![\w@])@[a-z0-9_][a-z0-9_.]{{1,29}}[ (]{{1,2}}(?:on |at )?(?:{_PLATFORMS})(?![\w])",
    re.IGNORECASE,
)
# Words that follow "instagram is" and the like without being a handle.
_NOT_HANDLES_WORDS = (
    "a an the my his her their our your so too not just really down up private public "
    "blocked deleted gone new old full where what how all"
)
_NOT_HANDLES = frozenset(_NOT_HANDLES_WORDS.split(" "))
_PROFILE_ADDRESS = re.compile(
    r"(?<![\w.-])(?:https?://)?(?:www\.|m\.)?"
    r"(?:instagram\.com|instagr\.am|facebook\.com|fb\.com|fb\.me|tiktok\.com|twitter\.com|"
    r"x\.com|linkedin\.com/in|snapchat\.com/add|threads\.net|t\.me|reddit\.com/u(?:ser)?|"
    r"onlyfans\.com|venmo\.com|cash\.app|bsky\.app/profile|youtube\.com|twitch\.tv|"
    r"pinterest\.com|tumblr\.com)"
    r" ?/ ?@?[a-z0-9_][a-z0-9_.-]{0,39}",
    re.IGNORECASE,
)


def has_social_handle(plain: str) -> bool:
    """True when the text gives a social media account: a handle beside a platform's name,
    or a profile address."""
    if _PROFILE_ADDRESS.search(plain) or _HANDLE_THEN_PLATFORM.search(plain):
        return True
    for match in _PLATFORM_THEN_HANDLE.finditer(plain):
        handle = match.group(1)
        if handle.startswith("@") or handle.lower() not in _NOT_HANDLES:
            return True
    return False


# British plates since 2001: two letters, two digits, three letters ("AB12 CDE", "AB12CDE").
# Capitals only: "ab12 cde" in lower case is rarely a plate and often a code.
_UK_PLATE = re.compile(r"(?<![\w])[A-Z]{2}\d{2} ?[A-Z]{3}(?![\w])")
# "plate is 7ABC123", "reg: LK65 ZXC", "license plate 8-XYZ-12", "his registration is W123 ABC"
_SAID_TO_BE_A_PLATE = re.compile(
    r"(?<![\w])(?:(?:number |licen[cs]e |car |tag )?plates?|reg(?:istration)?|rego|"
    r"licen[cs]e number|tag number)(?: number)?(?: (?:is|was|reads|says|of))?(?: ?[:#]? ?)"
    r"([a-z0-9][a-z0-9 -]{3,9}[a-z0-9])",
    re.IGNORECASE,
)


def _looks_like_a_plate(candidate: str) -> bool:
    compact = re.sub(r"[ -]", "", candidate)
    letters = sum(char.isalpha() for char in compact)
    digits = sum(char.isdigit() for char in compact)
    return 4 <= len(compact) <= 8 and letters >= 1 and digits >= 1


def has_number_plate(plain: str) -> bool:
    """True when the text gives a car's number plate."""
    if _UK_PLATE.search(plain):
        return True
    for match in _SAID_TO_BE_A_PLATE.finditer(plain):
        # The run may have caught a word after the plate ("7ABC123 outside"): try it whole,
        # then without its last word.
        words = match.group(1).split(" ")
        if any(_looks_like_a_plate(" ".join(words[:end])) for end in range(len(words), 0, -1)):
            return True
    return False


# A listed ex named by their first name alone (issue 15, item 7): the member's list holds
# "Jordan Smith", a post says "Jordan".
def with_first_names(names: Sequence[str]) -> list[str]:
    """The names, and the first name of each full name: "Jordan Smith" is named by "Jordan"
    alone too (issue 15, item 7). An initial is left out
    (moderation.screening asks members to use initials)."""
    first_names = [name.split()[0] for name in names if len(name.split()) > 1]
    return [*names, *(first for first in first_names if len(first.strip(".")) > 1)]
