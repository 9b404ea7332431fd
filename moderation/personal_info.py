"""Personal details and links in a member's text: phone numbers, e-mail addresses, street
addresses, web addresses. Pure functions, no Django: moderation.screening asks them on the
text it has already stripped of disguises (core.confusables.strip_disguises), once.

Every regular expression here is written so that it cannot backtrack catastrophically:
no nested quantifiers over the same characters, and a lookbehind wherever a match may
only start at the beginning of a run, so the engine does not retry from inside the run.
"""

import re

from core.confusables import strip_disguises
from moderation import identifiers


def _word_set(words: str) -> frozenset[str]:
    # Word lists below read better as one line of text than as a list of quoted strings.
    return frozenset(words.split())


# --- Personal information --------------------------------------------------------------

# A run of digits with the separators phone numbers use. It may only start where a run
# starts, so a long run is scanned once; whether it is a phone number is decided below.
_PHONE_CANDIDATE = re.compile(r"(?<![\w+(.-])\+?\(?\d[\d \t().-]*\d")
_DATE = re.compile(
    r"(?<!\d)(?:"
    r"(?:19|20)\d\d[-.](?:0?[1-9]|1[0-2])[-.](?:0?[1-9]|[12]\d|3[01])"
    r"|(?:0?[1-9]|[12]\d|3[01])[-.](?:0?[1-9]|1[0-2])[-.](?:19|20)\d\d"
    r"|(?:0?[1-9]|1[0-2])[-.](?:0?[1-9]|[12]\d|3[01])[-.](?:19|20)\d\d"
    r")(?!\d)"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_THOUSANDS = re.compile(r"\d{1,3}(?:[ .]\d{3})+|\d+\.\d+")
_LOCAL_NUMBER = re.compile(r"\(?\d{3}\)?[ .-]\d{4}|\d{4}[ .-]\d{4}")
_MOST_PIECES = 5


def _is_phone_number(candidate: str) -> bool:
    digits = sum(char.isdigit() for char in candidate)
    groups = re.findall(r"\d+", candidate)
    if not 7 <= digits <= 15 or _DATE.search(candidate):
        return False
    if len(groups) > 1 and all(_YEAR.fullmatch(group) for group in groups):
        return False  # "2019 2020", "1990-2000"
    if candidate.startswith("+"):
        return digits >= 8
    if _THOUSANDS.fullmatch(candidate):
        return False  # "1.000.000", "3.14159"
    return digits >= 10 or bool(_LOCAL_NUMBER.fullmatch(candidate))


def _has_phone_number(text: str) -> bool:
    for match in _PHONE_CANDIDATE.finditer(text):
        candidate = match.group()
        if _is_phone_number(candidate):
            return True
        # Two numbers side by side ("555 123 4567 555 987 6543") read as one long run.
        pieces = candidate.split()
        for start in range(len(pieces)):
            for end in range(start + 1, min(start + _MOST_PIECES, len(pieces)) + 1):
                if (start, end) != (0, len(pieces)) and _is_phone_number(
                    " ".join(pieces[start:end])
                ):
                    return True
    return False


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_OPEN, _CLOSE = r"[\[({<]", r"[\])}>]"
_EMAIL_PROVIDERS = "gmail|googlemail|yahoo|hotmail|outlook|live|icloud|protonmail|proton|aol|gmx"
# "jane [at] example [dot] com", "jane at gmail dot com", "jane(at)gmail.com". A bare
# " at " only counts before a provider or an obfuscated dot, so "look at example.com"
# stays a link and "meet me at the park" stays a sentence.
_OBFUSCATED_AT = re.compile(
    rf" ?{_OPEN} ?at ?{_CLOSE} ?"
    rf"| at (?=[\w-]+ ?(?:{_OPEN} ?(?:dot|\.) ?{_CLOSE}| dot ) ?\w)"
    rf"| at (?=(?:{_EMAIL_PROVIDERS})\b)",
    re.IGNORECASE,
)
_OBFUSCATED_DOT = re.compile(
    rf" ?{_OPEN} ?(?:dot|\.) ?{_CLOSE} ?| dot (?=(?:com|net|org|co|uk|io|me|edu|gov)\b)",
    re.IGNORECASE,
)


def _has_email_address(text: str) -> bool:
    text = _OBFUSCATED_DOT.sub(".", _OBFUSCATED_AT.sub("@", " ".join(text.split())))
    for match in _EMAIL.finditer(text):
        top_level = match.group().rsplit(".", 1)[1]
        if len(top_level) >= 2 and top_level.isalpha():
            return True
    return False


_STREET_TYPES_AFTER = (
    "street|st|road|rd|avenue|ave|boulevard|blvd|lane|ln|drive|terrace|crescent|highway|hwy|"
    "parkway|pkwy|way|close|court|ct|place|pl|square|sq|row|walk|grove|gardens|mews|circle|"
    "trail|alley|plaza"
)
# Street types that are also everyday words ("2 years so close"): they only count when
# the street's name and type are capitalised ("42 Wallaby Way").
_EVERYDAY_STREET_TYPES = _word_set(
    "way close court ct place pl square sq row walk grove gardens circle trail plaza"
)
_STREET_TYPES_BEFORE = (
    "rue|avenue|boulevard|bd|calle|avenida|via|viale|piazza|strada|rua|chemin|allee|place|plaza"
)
_EVERYDAY_STREET_TYPES_BEFORE = _word_set("via place plaza")
_NAME_PARTICLES = _word_set("de du des la le del della di do da dos das")
# Words that follow a number in ordinary sentences ("5 minutes down the road").
_NOT_STREET_NAMES = _word_set(
    "a an the my your his her our their its this that these those on in at to of for from "
    "by with down up across along off over into onto and or but more other same different "
    "whole only long one very less few last next first day days week weeks month months "
    "year years hour hours minute minutes min mins second seconds time times mile miles km "
    "kms kilometres kilometers metres meters block blocks door doors house houses street "
    "streets road roads kids people friends things steps exits stops lanes"
)
_ADDRESS_TYPE_AFTER = re.compile(
    rf"(?<!\w)\d{{1,5}}[a-z]?,? +((?:[^\W\d_][\w'.-]* +){{1,3}})({_STREET_TYPES_AFTER})\b",
    re.IGNORECASE,
)
_ADDRESS_TYPE_BEFORE = re.compile(
    rf"(?<!\w)\d{{1,5}}[a-z]?,? +({_STREET_TYPES_BEFORE}) +([^\W\d_][\w'-]*)",
    re.IGNORECASE,
)


def _is_street_after(name: str, street_type: str) -> bool:
    words = name.split()
    if any(word.lower().strip(".'") in _NOT_STREET_NAMES for word in words):
        return False
    if street_type.lower() in _EVERYDAY_STREET_TYPES:
        return all(word[0].isupper() for word in [*words, street_type])
    return True


def _is_street_before(street_type: str, next_word: str) -> bool:
    if street_type.lower() in _EVERYDAY_STREET_TYPES_BEFORE:
        return next_word[0].isupper() or next_word.lower() in _NAME_PARTICLES
    return next_word.lower() not in _NOT_STREET_NAMES


def _has_street_address(text: str) -> bool:
    return any(
        _is_street_after(match[1], match[2]) for match in _ADDRESS_TYPE_AFTER.finditer(text)
    ) or any(_is_street_before(match[1], match[2]) for match in _ADDRESS_TYPE_BEFORE.finditer(text))


# Numbers written another way. "555_867_5309", "555/867/5309": any of these between two digits
# reads as a dash (dates stay dates: "12/05/2023" becomes "12-05-2023", which _DATE knows).
_ODD_DIGIT_SEPARATOR = re.compile(r"(?<=\d)[ \t]*[_/\\|*~=#;][ \t]*(?=\d)")
_UNIT_WORDS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_NUMBER_WORD = rf"(?:{'|'.join([*_UNIT_WORDS, *_TENS_WORDS, 'hundred', 'and'])})"
# A run of number words ("five five five", "forty-two", "twelve hundred and six"), possibly
# mixed with digit groups ("555 eight six seven 5309"), whole words only.
_NUMBER_WORD_RUN = re.compile(
    rf"(?<![\w-])(?:{_NUMBER_WORD}|\d+)(?:[ \t,.-]+(?:{_NUMBER_WORD}|\d+))*(?![\w-])",
    re.IGNORECASE,
)


def _spoken_number(words: list[str]) -> list[str]:
    """Number words as the digits they say: each word is a number of its own ("five five" is
    5 5, as phone numbers are read out), except a ten before a unit ("forty two": 42) and a
    hundred ("twelve hundred and six": 1206)."""
    numbers: list[str] = []
    pending: int | None = None  # a value that a following word may still add to
    for word in words:
        lower = word.lower()
        if lower == "and":
            continue
        if lower == "hundred" and pending is not None:
            pending *= 100
            continue
        value = _UNIT_WORDS.get(lower, _TENS_WORDS.get(lower))
        if value is None:  # "hundred" with nothing before, or a digit group
            if pending is not None:
                numbers.append(str(pending))
                pending = None
            if lower != "hundred":
                numbers.append(word)
            continue
        if pending is not None and pending % 10 == 0 and pending >= 20 and value < 10:
            pending += value  # "forty" "two"
        elif pending is not None and pending >= 100 and pending % 100 == 0 and value < 100:
            pending += value  # "twelve hundred" "six"
        else:
            if pending is not None:
                numbers.append(str(pending))
            pending = value
    if pending is not None:
        numbers.append(str(pending))
    return numbers


def _digits_for_words(match: re.Match) -> str:
    words = re.split(r"[ \t,.-]+", match.group())
    spoken = [word for word in words if not word.isdigit()]
    # "oh" and "and" are only numbers beside other number words ("five oh nine", not "oh no").
    if not any(word.lower() not in ("oh", "and") for word in spoken):
        return match.group()
    numbers = _spoken_number(words)
    if len(numbers) >= 7 and all(len(number) == 1 for number in numbers):
        # Digits read out one by one carry no grouping: group them as a local number is
        # written ("five five five one two three four": 555 1234), unless they only count
        # ("one two three four five six seven").
        counting = all(int(b) - int(a) == 1 for a, b in zip(numbers, numbers[1:], strict=False))
        if not counting:
            return "".join(numbers[:3]) + " " + "".join(numbers[3:])
    return " ".join(numbers)


def _numbers_as_digits(text: str) -> str:
    """The text with numbers spelled out or oddly separated written as digits, so that
    "five five five, eight six seven…" and "twelve Elm Street" read like the numbers and
    addresses they are. Runs of number words become digit groups; other text is unchanged."""
    text = _ODD_DIGIT_SEPARATOR.sub("-", text)
    if not any(word in text.lower() for word in ("zero", "oh", "one", "two", "thr", "fo", "fi",
                                                 "six", "sev", "eig", "nin", "ten", "twe",
                                                 "thi", "hundred")):  # fmt: skip
        return text
    return _NUMBER_WORD_RUN.sub(_digits_for_words, text)


def find_personal_info(text: str) -> list[str]:
    """Which kinds of personal information the text seems to share: "phone", "email",
    "address", "social" (a handle or profile address), "plate" (a car's number plate)."""
    return personal_info_in(strip_disguises(text))


def personal_info_in(plain: str) -> list[str]:
    """find_personal_info() on text already stripped of disguises (strip_disguises()).

    Read from the text as shown, with its punctuation, so that digits keep their grouping;
    phone numbers and street addresses are looked for again with numbers in words, mixed
    forms and odd separators read as digits ("five five five 867_5309", "twelve Elm St").
    """
    numbers = _numbers_as_digits(plain)
    reread = numbers != plain  # most text has nothing to rewrite: read it once
    found = {
        "phone": _has_phone_number(plain) or (reread and _has_phone_number(numbers)),
        "email": _has_email_address(plain),
        "address": _has_street_address(plain) or (reread and _has_street_address(numbers)),
        "social": identifiers.has_social_handle(plain),
        "plate": identifiers.has_number_plate(plain),
    }
    return [kind for kind, present in found.items() if present]


# --- Links -------------------------------------------------------------------------------

# Top-level domains worth catching bare ("example.com"). Ones that are English words
# ("in", "is", "it", "to", "so", "live") are left out: "did it.So" is a typo, not a link.
_BARE_DOMAIN_ENDINGS = (
    "com|net|org|io|co|uk|us|ca|au|nz|ie|de|fr|es|nl|eu|ru|info|biz|app|dev|ly|gg|tv|xyz|"
    "me|site|online|store|shop|blog|link|page|ai|gov|edu|cc|fm|tk|ws|club"
)
_LINK = re.compile(
    r"\b(?:https?|ftp)://"
    r"|\bwww\d?\."
    r"|\]\("  # Markdown: [words](address)
    r"|\bhref\s?="
    rf"|(?<![\w.@-])(?:[a-z0-9-]+\.)+(?:{_BARE_DOMAIN_ENDINGS})(?![\w@-])"
    rf"|\w ?{_OPEN} ?(?:\.|dot) ?{_CLOSE} ?\w",  # example[.]com
    re.IGNORECASE,
)


def contains_link(text: str) -> bool:
    """True when the text holds a web address in any common form, Markdown links included."""
    return link_in(strip_disguises(text))


def link_in(plain: str) -> bool:
    """contains_link() on text already stripped of disguises (strip_disguises())."""
    return bool(_LINK.search(plain))
