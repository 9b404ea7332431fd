"""Issue 15, item 7: the privacy screen holds what would let a reader find a person — phone
numbers spelled out or spaced, social handles and profile addresses, number plates — and a
member's listed ex named by first name alone; and it lets everyday writing through. A corpus
each way: every "held" line must be held, every "published" line must not be."""

import pytest

from moderation.personal_info import find_personal_info
from moderation.screening import BLOCK_EX_NAME, HOLD_PERSONAL_INFO, screen_text

HELD = [
    # Phone numbers spelled out, spaced, or mixed.
    ("call him on five five five, eight six seven, five three oh nine", "phone"),
    ("five five five one two three four", "phone"),
    ("her number is 5 5 5 1 2 3 4 5 6 7", "phone"),
    ("0 7 7 0 0 9 0 0 1 2 3", "phone"),
    ("555 eight six seven 5309", "phone"),
    ("seven seven oh oh nine oh oh one two three", "phone"),
    # Social handles beside a platform, and profile addresses.
    ("her insta is @jane.doe_88", "social"),
    ("insta: jane.doe_88", "social"),
    ("IG: janedoe", "social"),
    ("his snap is jd_smith", "social"),
    ("snapchat - jdsmith1990", "social"),
    ("twitter @jd_1990", "social"),
    ("@jane.doe_88 on tiktok", "social"),
    ("@jdsmith (instagram)", "social"),
    ("she posted it on instagram.com/jane.doe", "social"),
    ("https://www.facebook.com/john.smith.1234", "social"),
    ("tiktok.com/@janedoe", "social"),
    ("linkedin.com/in/jordan-smith-12345", "social"),
    ("x.com/jd1990", "social"),
    ("on twitter @jd_1990 again", "social"),
    ("t.me/jordansmith", "social"),
    # Number plates.
    ("his car is AB12 CDE, parked outside", "plate"),
    ("it was LK65ZXC again", "plate"),
    ("her plate is 7ABC123", "plate"),
    ("reg: W123 ABC", "plate"),
    ("the license plate was 8-XYZ-12", "plate"),
    ("number plate KP19 XYZ", "plate"),
]

PUBLISHED = [
    "I counted to one two three four five six seven and breathed",
    "day 45 of no contact, 3 slips in 2024",
    "it happened in 2019 and again in 2020",
    "thank you @rowan, that helped",
    "@sasha I hear you",
    "I deleted instagram for a month",
    "my insta is private now and I feel better",
    "his instagram is full of her now",
    "the snap is gone, I blocked him",
    "I follow a few recovery accounts on tiktok",
    "the plate of food went cold",
    "I registered for a class today",
    "my license is expiring soon",
    "I went to Dublin on the N11 road",
    "the UK has the NHS and the BBC",
    "I read about it on wikipedia.org/wiki/Grief",
    "it was 9 to 5 every day",
    "I walked 10,000 steps, 5 km",
    "a friend of @sasha told me",
    "x = 20, y = 5: I did the maths on the days",
    "signal: weak, so I went outside",
    "the threads: all of them helped",
]


@pytest.mark.parametrize(("text", "kind"), HELD)
def test_privacy_screen_holds(text, kind):
    assert kind in find_personal_info(text)
    verdict = screen_text(text, rules=[])
    assert verdict.held and HOLD_PERSONAL_INFO[kind] in verdict.hold_reasons
    assert not verdict.blocked


@pytest.mark.parametrize("text", PUBLISHED)
def test_privacy_screen_publishes_everyday_writing(text):
    assert find_personal_info(text) == []
    assert not screen_text(text, rules=[]).held


EX_NAMES = ["Jordan Smith", "Will Turner", "Alexandra"]

NAMED = [
    "Jordan texted me again",
    "I saw jordan at the shop",
    "Jordan Smith posted a photo",
    "Will called last night",
    "Alexandra's birthday is tomorrow",
    "J o r d a n keeps calling",
]

NOT_NAMED = [
    "I will be fine",
    "J texted me again",  # an initial is what we ask for
    "Smithing is my new hobby",
    "the river Jordanne",  # not the whole word
    "I saw my friend at the shop",
]


@pytest.mark.parametrize("text", NAMED)
def test_privacy_screen_catches_a_listed_ex_by_first_name(text):
    verdict = screen_text(text, rules=[], ex_names=EX_NAMES)
    assert verdict.blocked and BLOCK_EX_NAME in verdict.block_reasons


@pytest.mark.parametrize("text", NOT_NAMED)
def test_privacy_screen_lets_through_what_names_nobody_listed(text):
    assert not screen_text(text, rules=[], ex_names=EX_NAMES).blocked
