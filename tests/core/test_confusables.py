"""core.confusables: look-alike usernames collide, disguised words fold to plain ones.

Pure functions: no database, no Django settings.
"""

import random
import string

import pytest

from core.confusables import (
    fold_for_matching,
    has_visible_words,
    letters_for_digits,
    skeleton,
    strip_disguises,
    too_many_marks,
)

# Characters a reader cannot see; each must vanish from a skeleton and a folded word.
INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\ufeff",  # byte order mark / zero-width no-break space
    "\u2060",  # word joiner
    "\u00ad",  # soft hyphen
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u061c",  # Arabic letter mark
    "\u180e",  # Mongolian vowel separator
    "\u3164",  # Hangul filler, a "letter" that shows as blank
    "\ufe0f",  # variation selector
    "\U000e0041",  # tag letter A
    "\x00",  # NUL
]

ODD_TEXT = [
    "",
    "\x00" * 10,
    "\ud800",  # lone surrogate
    "abc\udfffdef",
    "\u202eevil\u202c",
    "\u0301" * 50,  # combining marks with nothing to sit on
    "a" + "\u0301\u0316" * 2000,
    "🅰🅱🆎 🇦",
    "\U0010ffff\ue000",
    "ﷺ ﷽",  # ligatures that NFKC expands a lot
]


# --- skeleton ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("existing", "newcomer"),
    [
        ("demo_member", "dem0-member"),
        ("Admin", "admin"),
        ("admin", "ADMIN"),
        ("rnike", "mike"),
        ("moderator", "m0derat0r"),
        ("alice", "a1ice"),
        ("alice", "aIice"),
        ("alice", "a|ice"),
        ("will", "wi11"),
        ("wendy", "vvendy"),
        ("paypal", "pаypal"),  # Cyrillic а
        ("sasha", "ѕаѕһа"),  # Cyrillic ѕ а һ
        ("joy", "јоу"),  # Cyrillic ј о у
        ("copper", "сорреr"),  # Cyrillic с о р е
        ("hello", "ΗΕLLΟ"),  # Greek capitals Η Ε Ο
        ("topaz", "τοpαz"),  # Greek τ ο α
        ("zoe", "ｚｏｅ"),  # fullwidth
        ("bob", "𝐛𝐨𝐛"),  # mathematical bold
        ("chloe", "chloé"),
        ("zalgo", "z̷̢a̸l̴g̵o̶"),
        ("rowan", "ro\u200bwan"),
        ("rowan", "ᴿᴼᵂᴬᴺ"),  # modifier capitals, folded by NFKC
        ("dima", "ԁima"),  # Cyrillic komi de
        ("ollie", "øllie"),
    ],
)
def test_skeleton_look_alikes_collide(existing, newcomer):
    assert skeleton(existing) == skeleton(newcomer)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("mike", "mika"),
        ("demo", "demos"),
        ("anna", "hanna"),
        ("rowan", "rowen"),
        ("member1", "member2"),
        ("sam", "pam"),
        ("clara", "dara"),  # "cl" is left alone: both are ordinary names
        ("ab_c", "abc"),  # a gap is still a character
    ],
)
def test_skeleton_different_names_stay_apart(one, other):
    assert skeleton(one) != skeleton(other)


@pytest.mark.parametrize("invisible", INVISIBLE)
def test_skeleton_removes_invisible_characters(invisible):
    assert skeleton(f"ro{invisible}wan") == skeleton("rowan")


@pytest.mark.parametrize(
    ("cyrillic_or_greek", "latin"),
    [
        ("а", "a"), ("е", "e"), ("о", "o"), ("р", "p"), ("с", "c"), ("у", "y"),
        ("х", "x"), ("і", "l"), ("ј", "j"), ("ѕ", "s"), ("һ", "h"), ("ԝ", "w"),
        ("ο", "o"), ("α", "a"), ("ν", "v"), ("ρ", "p"), ("τ", "t"), ("κ", "k"),
        ("Α", "a"), ("Β", "b"), ("Η", "h"), ("Ν", "n"), ("Ρ", "p"), ("Χ", "x"),
    ],
)  # fmt: skip
def test_skeleton_maps_cyrillic_and_greek_to_latin(cyrillic_or_greek, latin):
    assert skeleton(cyrillic_or_greek) == latin


def test_skeleton_reads_i_l_one_and_bar_as_one_letter():
    assert len({skeleton(name) for name in ["mil", "mii", "miI", "mi1", "mi|", "mIl"]}) == 1


def test_skeleton_reads_underscore_and_hyphen_as_one_gap():
    assert skeleton("demo_member") == skeleton("demo-member") == skeleton("demo–member")


def test_skeleton_is_stable_when_applied_twice():
    for name in ["rnrn", "vvv", "Dem0_Member", "ΗΕLLΟ", "ﬁrn"]:
        assert skeleton(skeleton(name)) == skeleton(name)


def test_skeleton_of_a_valid_username_is_never_longer():
    # accounts.User stores the skeleton in a CharField(max_length=90).
    rng = random.Random(7)
    alphabet = string.ascii_letters + string.digits + "_-"
    for _ in range(500):
        name = "".join(rng.choice(alphabet) for _ in range(rng.randint(3, 30)))
        assert len(skeleton(name)) <= len(name)


@pytest.mark.parametrize("text", ODD_TEXT)
def test_skeleton_never_raises_on_odd_unicode(text):
    assert isinstance(skeleton(text), str)


def test_skeleton_drops_lone_surrogates_so_the_result_can_be_stored():
    skeleton("a\ud800b").encode("utf-8")


def test_skeleton_drops_long_zalgo_marks():
    assert skeleton("a" + "\u0301\u0316" * 10_000) == skeleton("a")


# --- fold_for_matching --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Hello,   world!", "hello world"),
        ("s.p.a.m", "s p a m"),
        ("s-p-a-m", "s p a m"),
        ("s_p_a_m", "s p a m"),
        ("  --spam--  ", "spam"),
        ("Jake's car", "jake s car"),
        ("Jake’s car", "jake s car"),
        ("@jake_m", "jake m"),
        ("ѕраm", "spam"),
        ("ＳＰＡＭ", "spam"),
        ("𝓼𝓹𝓪𝓶", "spam"),
        ("sp\u200bam", "spam"),
        ("spám", "spam"),
        ("s̷̢p̸a̴m̵", "spam"),
        ("ⓢⓟⓐⓜ", "spam"),
        ("🅢🅟🅐🅜", "spam"),
        ("Straße", "strasse"),
        ("line\none\u2028two\u00a0three\u3000four", "line one two three four"),
    ],
)
def test_fold_for_matching_keeps_words_and_drops_disguises(text, folded):
    assert fold_for_matching(text) == folded


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("call 555-123-4567", "call 555 123 4567"),
        ("day 42 of 90", "day 42 of 90"),
        ("since 2019", "since 2019"),
        ("１２３", "123"),  # fullwidth digits are still digits
    ],
)
def test_fold_for_matching_keeps_numbers(text, folded):
    assert fold_for_matching(text) == folded


@pytest.mark.parametrize(
    ("text", "folded"), [("k1ll", "kill"), ("sp4m", "spam"), ("h3ll0", "hello"), ("5ex", "sex")]
)
def test_fold_for_matching_reads_digits_inside_words_as_letters(text, folded):
    assert fold_for_matching(text) == folded


def test_fold_for_matching_keeps_i_and_l_apart():
    # Unlike usernames: "heil" must not read as "hell" in a post.
    assert fold_for_matching("heil") != fold_for_matching("hell")


def test_fold_for_matching_does_not_read_rn_as_m():
    assert fold_for_matching("porn") != fold_for_matching("pom")


@pytest.mark.parametrize("invisible", INVISIBLE)
def test_fold_for_matching_removes_invisible_characters_inside_words(invisible):
    assert fold_for_matching(f"sp{invisible}am") == "spam"


@pytest.mark.parametrize("text", ODD_TEXT)
def test_fold_for_matching_never_raises_on_odd_unicode(text):
    folded = fold_for_matching(text)
    assert folded == " ".join(folded.split())


# --- letters_for_digits and strip_disguises -------------------------------------------------


@pytest.mark.parametrize(
    ("word", "read"),
    [("42", "42"), ("2019", "2019"), ("k1ll", "kill"), ("b1tch", "bitch"), ("spam", "spam")],
)
def test_letters_for_digits_changes_only_words_with_letters(word, read):
    assert letters_for_digits(word) == read


def test_strip_disguises_keeps_case_and_punctuation():
    assert strip_disguises("Call +44 (20) 7946-0958, Jane!") == "Call +44 (20) 7946-0958, Jane!"


def test_strip_disguises_undoes_fullwidth_look_alikes_and_invisibles():
    assert strip_disguises("ＣаＬＬ\u200b ５５５–１２３４") == "CaLL 555-1234"


@pytest.mark.parametrize("text", ODD_TEXT)
def test_strip_disguises_never_raises_on_odd_unicode(text):
    strip_disguises(text).encode("utf-8")


@pytest.mark.parametrize(
    "text",
    ["Holdfast", "Café crème", "Tiếng Việt ệ", "ภาษาไทย กี่", "Ho\u0302\u0323a", "שָׁלוֹם"],
)
def test_too_many_marks_allows_the_marks_languages_use(text):
    assert not too_many_marks(text)


@pytest.mark.parametrize("text", ["Z\u0336\u0334\u0335algo", "a" + "\u0301\u0316" * 70])
def test_too_many_marks_finds_stacked_marks(text):
    assert too_many_marks(text)


@pytest.mark.parametrize("text", ["\u0301" * 5, "\u200b\u2060 \u00ad", "?! ... --", ""])
def test_has_visible_words_is_false_for_text_that_shows_nothing_to_read(text):
    assert not has_visible_words(text)


@pytest.mark.parametrize("text", ["Day 1", "42", "ŝ", "日本"])
def test_has_visible_words_is_true_for_letters_or_digits(text):
    assert has_visible_words(text)
