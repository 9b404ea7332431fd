"""Look-alike letters, reduced to one plain form so that disguised text compares equal.

Two uses across the site:

- `skeleton()` for usernames (UTS #39 style): "demo_member", "dem0-member", "Admin" and
  "rnike"/"mike" must collide, so that nobody can sign up as a look-alike of someone else.
- `fold_for_matching()` for moderation: running text reduced to plain lowercase words, so
  that watched words and crisis phrases match however they are dressed up.

Both start from `strip_disguises()`, which keeps case and punctuation (moderation needs
them to find phone numbers, e-mail addresses and links).

The look-alike table below is hand-written on purpose. The PyPI candidates do not give a
skeleton: `confusables` (last release 2021) returns every possible reading of a string,
which grows exponentially with its length, and `confusable-homoglyphs` only tells whether
a string mixes scripts. NFKC already folds fullwidth forms, mathematical alphanumerics,
circled and superscript letters, so the table only needs the Latin, Cyrillic, Greek and
Armenian letters that NFKC leaves alone. It is a subset of Unicode's confusables.txt,
chosen for letters that look alike in ordinary lowercase text.

Pure Python, no Django: moderation imports it too, and it must stay at the bottom.
"""

import unicodedata

# Letters that look like a Latin letter but are another character. Upper and lower
# case are listed separately because some only look alike in one case (Greek capital
# eta "Η" looks like H, its small form "η" like n).
_LOOK_ALIKE_PAIRS = (
    # Cyrillic
    "аa вb гr еe һh іi јj кk мm нh оo пn рp сc тt уy хx ѕs ԁd ԛq ԝw ӏl ьb "
    "АA ВB ЕE КK МM НH ОO РP СC ТT УY ХX ЅS ІI ЈJ ԚQ ԜW ӀI ҺH ЬB ԀD "
    # Greek
    "αa βb γy εe ηn ιi κk μu νv οo ρp τt υu χx ωw ϲc ϳj "
    "ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX ϹC ͿJ "
    # Armenian
    "օo սu հh ոn "
    # Latin letters with a stroke or of another shape, which no normal form takes apart,
    # and small capitals
    "ıi ȷj ɑa ɡg ɩi ǀl øo ØO đd ĐD ħh łl ŁL ƀb ɨi ŧt ƶz ǥg ʉu "
    "ᴀa ʙb ᴄc ᴅd ᴇe ꜰf ɢg ʜh ɪi ᴊj ᴋk ʟl ᴍm ɴn ᴏo ᴘp ʀr ꜱs ᴛt ᴜu ᴠv ᴡw ʏy ᴢz"
)

_LOOK_ALIKES = {ord(pair[0]): pair[1] for pair in _LOOK_ALIKE_PAIRS.split()}
# Emoji-style letters that NFKC leaves alone: regional indicators (🇦), negative
# squared (🅰) and negative circled (🅐) capitals.
for _first in (0x1F1E6, 0x1F170, 0x1F150):
    _LOOK_ALIKES.update({_first + i: chr(ord("a") + i) for i in range(26)})
# Punctuation that stands in for the ASCII form in phone numbers, links and contractions.
_LOOK_ALIKES.update(dict.fromkeys(map(ord, "‐‑‒–—―−⁃"), "-"))
_LOOK_ALIKES.update(dict.fromkeys(map(ord, "’‘ʼʻ′´"), "'"))
_LOOK_ALIKES[ord("。")] = "."

# Default-ignorable code points that are not in category Cf (which is removed as a
# whole): Hangul fillers look like blank letters, variation selectors and tags are
# invisible. They would otherwise hide inside a word or a username.
_INVISIBLE_RANGES = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xE0000, 0xE0FFF),
)
_INVISIBLE = frozenset(
    chr(code) for first, last in _INVISIBLE_RANGES for code in range(first, last + 1)
)
_KEPT_CONTROLS = frozenset("\t\n\r")
# ASCII fast path: only control characters need removing.
_ASCII_CONTROLS = {code: None for code in range(32) if chr(code) not in _KEPT_CONTROLS}
_ASCII_CONTROLS[127] = None

# Usernames: "I" and "l" are the same shape, and case never tells two members apart, so
# "i" and "l" must be one letter too. 0/1 and | are the digits and symbol that pass for
# letters; "_" and "-" read as the same gap.
_USERNAME_LOOK_ALIKES = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l", "_": "-"})
_USERNAME_LETTER_PAIRS = (("rn", "m"), ("vv", "w"))

# Running text: digits inside a word stand for letters ("k1ll", "sp4m"). "1" reads as
# "i" here, its usual meaning in such spellings; plain numbers are left alone.
_DIGITS_AS_LETTERS = str.maketrans("013457", "oieast")


# Explicit direction controls: embeddings, overrides and isolates (U+202A–U+202E,
# U+2066–U+2069). Right-to-left text needs none of them (browsers order Arabic and Hebrew
# letters themselves; the marks U+200E/U+200F are kept), while an override makes one-line
# text read backwards: a display name "\u202enimda" shows as "admin", and one left open
# reverses the text after it on the page.
_DIRECTION_CONTROLS = str.maketrans(dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))


def without_direction_controls(text: str) -> str:
    """`text` without bidi embeddings, overrides and isolates: for names and titles, one
    line of member text shown among the site's own words."""
    return text.translate(_DIRECTION_CONTROLS)


# Combining marks one base character may carry. Every language's letters fit in two once
# composed (NFC): Vietnamese "ệ" is one character, a Thai consonant takes a vowel and a tone
# mark; zalgo stacks dozens, which draw over the lines above and below.
MAX_MARKS_PER_CHARACTER = 2


def too_many_marks(text: str, most: int = MAX_MARKS_PER_CHARACTER) -> bool:
    """True when some character carries more than `most` combining marks (zalgo)."""
    run = 0
    for char in unicodedata.normalize("NFC", text) if not text.isascii() else "":
        run = run + 1 if unicodedata.category(char)[0] == "M" else 0
        if run > most:
            return True
    return False


def has_visible_words(text: str) -> bool:
    """True when the text shows at least one letter or digit once disguises are gone (a title
    of combining marks, invisible characters or punctuation alone shows as nothing)."""
    return any(char.isalnum() for char in strip_disguises(text))


def _is_hidden(char: str) -> bool:
    """True for characters that change nothing a reader sees: marks, invisibles, controls."""
    category = unicodedata.category(char)
    if category[0] == "M" or category in ("Cf", "Cs"):
        return True
    if category == "Cc":
        return char not in _KEPT_CONTROLS
    return char in _INVISIBLE


def _remove_hidden(text: str) -> str:
    return "".join(char for char in text if not _is_hidden(char))


def strip_disguises(text: str) -> str:
    """Text as a reader sees it, in plain Latin letters; case and punctuation are kept.

    NFKC folds fullwidth and styled letters; invisible characters (zero-width space,
    joiners, U+FEFF, U+2060, soft hyphen, bidi controls, NUL, lone surrogates) and
    combining marks (accents, zalgo) are removed; look-alike letters become Latin.
    """
    if text.isascii():
        return text.translate(_ASCII_CONTROLS)
    # Marks go before normalising: Python's canonical reordering is quadratic in a run
    # of combining marks, and zalgo text is exactly such a run.
    text = unicodedata.normalize("NFKC", _remove_hidden(text)).translate(_LOOK_ALIKES)
    # NFD takes accents off their letters ("é" -> "e" + mark) so they can be removed.
    return _remove_hidden(unicodedata.normalize("NFD", text)).translate(_LOOK_ALIKES)


def _plain_lowercase(text: str) -> str:
    # Casefolding after strip_disguises, then the table again: a capital the table does
    # not list may fold into a small letter that it does.
    return strip_disguises(text).casefold().translate(_LOOK_ALIKES)


def skeleton(text: str) -> str:
    """The form two usernames share when they look alike; equal skeletons are refused.

    Stricter than text matching: i, l, I, 1 and | are one letter, 0 is o, "rn" is m,
    "vv" is w, and "_" is "-".
    """
    text = _plain_lowercase(text).translate(_USERNAME_LOOK_ALIKES)
    for pair, letter in _USERNAME_LETTER_PAIRS:
        text = text.replace(pair, letter)
    return text


def letters_for_digits(word: str) -> str:
    """Reads digits inside a word as the letters they stand for ("k1ll" -> "kill").

    A word without letters is a number and comes back unchanged ("42", "2019").
    """
    if any(char.isalpha() for char in word):
        return word.translate(_DIGITS_AS_LETTERS)
    return word


def fold_for_matching(text: str) -> str:
    """Plain lowercase words separated by single spaces, for matching words and phrases.

    Like `skeleton()` but keeps word boundaries: every run of spaces or punctuation
    (apostrophes too, so "Jake's" still names "jake") becomes one space. It keeps "i" and
    "l" apart and does not read "rn" as "m", which in running text would turn "heil" into
    "hell" and "porn" into "pom". Numbers stay numbers; find phone numbers and the like
    in `strip_disguises(text)`, which keeps their punctuation.
    """
    folded = _plain_lowercase(text)
    words = "".join(char if char.isalnum() else " " for char in folded).split()
    return " ".join(letters_for_digits(word) for word in words)
